import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migration001Initial } from '../../src/core/storage/sqlite/migrations/001-initial.ts'
import { migration002Search } from '../../src/core/storage/sqlite/migrations/002-search.ts'
import { migrate } from '../../src/core/storage/sqlite/migrations/index.ts'
import { SearchRuns } from '../../src/core/storage/sqlite/search/runs.ts'
import { scoredSql } from '../../src/core/storage/sqlite/search/window.ts'
import { StatementCache } from '../../src/core/storage/sqlite/statements.ts'
import { addRecording, addTrack } from './fixtures.ts'

function memory() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  return db
}

const matches = (db: Database.Database, expression: string) =>
  (
    db
      .prepare('SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? ORDER BY rowid')
      .all(expression) as Array<{ rowid: number }>
  ).map((r) => r.rowid)

/** Index pages holding these bytes: what a forensic look at the file would find. */
const indexBlocksWith = (db: Database.Database, word: string) =>
  (
    db
      .prepare('SELECT count(*) AS n FROM segments_fts_data WHERE instr(block, ?) > 0')
      .get(Buffer.from(word)) as { n: number }
  ).n

describe('002 search', () => {
  it('indexes the segments a library already holds', () => {
    const db = memory()
    migrate(db, [migration001Initial])
    addRecording(db, { id: 'r1' })
    addTrack(db, 'r1', 'es', [{ start: 0, text: 'La construcción del sindicato' }])
    migrate(db, [migration001Initial, migration002Search])
    expect(matches(db, 'construccion')).toEqual([1])
    expect(db.pragma('user_version', { simple: true })).toBe(2)
  })

  it('keeps the index in step with inserts, edits, deletes and cascades', () => {
    const db = memory()
    migrate(db)
    addRecording(db, { id: 'r1' })
    const { segmentIds } = addTrack(db, 'r1', 'en', [
      { start: 0, text: 'we organized the union' },
      { start: 5, text: 'then the strike began' },
    ])
    expect(matches(db, 'union')).toEqual([segmentIds[0]])
    db.prepare('UPDATE segments SET text = ? WHERE id = ?').run(
      'we organized the local',
      segmentIds[0],
    )
    expect(matches(db, 'union')).toEqual([])
    expect(matches(db, 'local')).toEqual([segmentIds[0]])
    // A review that leaves the text alone does not touch the index.
    db.prepare("UPDATE segments SET review = 'verified' WHERE id = ?").run(segmentIds[1])
    expect(matches(db, 'strike')).toEqual([segmentIds[1]])
    db.prepare('DELETE FROM segments WHERE id = ?').run(segmentIds[1])
    expect(matches(db, 'strike')).toEqual([])
    db.prepare("DELETE FROM recordings WHERE id = 'r1'").run()
    expect(matches(db, 'local')).toEqual([])
    db.exec("INSERT INTO segments_fts (segments_fts, rank) VALUES ('integrity-check', 1)")
  })

  it('removes deleted words from the index pages themselves (secure-delete)', () => {
    const db = memory()
    migrate(db)
    addRecording(db, { id: 'r1' })
    const { segmentIds } = addTrack(db, 'r1', 'en', [
      { start: 0, text: 'my name is Quetzalli Ramírez' },
      { start: 5, text: 'we worked nights' },
    ])
    expect(indexBlocksWith(db, 'quetzalli')).toBeGreaterThan(0)
    db.prepare('UPDATE segments SET text = ? WHERE id = ?').run(
      'my name is [redacted]',
      segmentIds[0],
    )
    expect(indexBlocksWith(db, 'quetzalli')).toBe(0)
    expect(indexBlocksWith(db, 'ramirez')).toBe(0)
    expect(matches(db, 'nights')).toEqual([segmentIds[1]])
  })

  it('lets FTS5 walk the matches newest first, so the window stops it early (decision 0021)', () => {
    const db = memory()
    migrate(db)
    // The function the scoped statement calls exists once a search has run on the connection.
    new SearchRuns(new StatementCache(db)).withRuns(null, () => 0)
    const runs = { lo: Float64Array.of(1), hi: Float64Array.of(5), allow: true }
    for (const scope of [{ runs: null }, { runs }]) {
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${scoredSql(scope)}`).all({
          expression: 'x',
          from: 0,
          to: 10,
          cap: 3,
        }) as Array<{ detail: string }>
      )
        .map((r) => r.detail)
        .join('\n')
      expect(plan).toMatch(/SCAN f VIRTUAL TABLE/)
      expect(plan).not.toMatch(/TEMP B-TREE/)
      expect(plan).not.toMatch(/segments\b(?!_fts)/)
    }
  })

  it('keeps saved search names unique regardless of case', () => {
    const db = memory()
    migrate(db)
    const insert = db.prepare(
      "INSERT INTO saved_searches (id, name, query, created_at, updated_at) VALUES (?, ?, 'q', 'now', 'now')",
    )
    insert.run('a', 'Huelga 1992')
    expect(() => insert.run('b', 'HUELGA 1992')).toThrow(/UNIQUE/)
  })
})

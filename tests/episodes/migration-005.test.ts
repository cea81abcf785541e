import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, migrations } from '../../src/core/storage/sqlite/migrations/index.ts'

describe('005 episode cuts', () => {
  it('applies on top of 004, keeps times only, checks them, and goes with its episode or recording', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, 4))
    migrate(db, migrations.slice(0, 5))
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    const at = new Date().toISOString()
    for (const id of ['r1', 'r2'])
      db.prepare(
        `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, created_at, updated_at)
         VALUES (?, 't', '/x.wav', ?, 1, 60, 'wav', 0, 'a', 'p', ?, ?)`,
      ).run(id, id, at, at)
    for (const id of ['e1', 'e2'])
      db.prepare(
        "INSERT INTO episodes (id, title, created_at, updated_at) VALUES (?, 'E', ?, ?)",
      ).run(id, at, at)
    const insert = db.prepare(
      'INSERT INTO episode_cuts (episode_id, recording_id, start, end, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    insert.run('e1', 'r1', 1, 2, 'edit', at)
    insert.run('e1', 'r2', 1, 2, 'filler', at)
    insert.run('e2', 'r1', 3, 4, 'edit', at)
    expect(() => insert.run('e1', 'r1', 2, 2, 'edit', at)).toThrow(/CHECK/)
    expect(() => insert.run('e1', 'r1', -1, 2, 'edit', at)).toThrow(/CHECK/)
    expect(() => insert.run('e1', 'r1', 1, 2, 'delete', at)).toThrow(/CHECK/)
    // No column could hold the words that were cut.
    const columns = (
      db.prepare('PRAGMA table_info(episode_cuts)').all() as Array<{ name: string }>
    ).map((c) => c.name)
    expect(columns).toEqual([
      'id',
      'episode_id',
      'recording_id',
      'start',
      'end',
      'kind',
      'created_at',
    ])
    // Reading an episode's cuts uses the index.
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT recording_id, start, end, kind FROM episode_cuts WHERE episode_id = 'e1' ORDER BY recording_id, start",
      )
      .all() as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING INDEX episode_cuts_episode')
    db.prepare("DELETE FROM episodes WHERE id = 'e1'").run()
    expect(db.prepare('SELECT count(*) FROM episode_cuts').pluck().get()).toBe(1)
    db.prepare("DELETE FROM recordings WHERE id = 'r1'").run()
    expect(db.prepare('SELECT count(*) FROM episode_cuts').pluck().get()).toBe(0)
  })
})

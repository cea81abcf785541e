// Bounded ranking (decision 0021) on real SQLite: small sets are ranked whole, large ones in the
// window of the newest matches, filters are applied inside the window, and the result says which.
import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rankWindow, type SearchOptions, type SearchTuning } from '../../src/core/search/service.ts'
import type { Voces } from '../../src/core/voces.ts'
import type { SearchFilters, SearchHit } from '../../src/shared/contract/index.ts'
import { databaseOf } from '../helpers.ts'
import {
  addRecording,
  addSpeaker,
  addTrack,
  openLibrary,
  sqliteSearch,
  type FixtureSegment,
} from './fixtures.ts'

let voces: Voces
let cleanup: () => Promise<void>
let db: Database

beforeEach(() => {
  ;({ voces, cleanup } = openLibrary())
  db = databaseOf(voces)
})
afterEach(() => cleanup())

/** The library's engine with another window or budget (the port always uses the defaults). */
const tuned = (tuning: SearchTuning) => ({
  search: (options: SearchOptions) => sqliteSearch(voces).search(options, tuning),
})
const prefixExpander = () => sqliteSearch(voces).prefixExpander()

/** A recording with one track of `count` segments, every third of which says `word` twice. */
function recording(
  id: string,
  language: 'en' | 'es',
  count: number,
  word: string,
  options: { tags?: string[]; speaker?: string; date?: string; consent?: 'withdrawn' } = {},
): number[] {
  addRecording(db, {
    id,
    tags: options.tags,
    interviewDate: options.date ?? null,
    consent: options.consent,
  })
  const speaker = options.speaker ? addSpeaker(db, id, 'SPEAKER_00', options.speaker) : null
  const segments: FixtureSegment[] = Array.from({ length: count }, (_, i) => ({
    start: i * 6,
    // Different lengths, so bm25 tells the segments apart.
    text: `${word} ${'and then '.repeat(i % 7)}${i % 3 === 0 ? word : 'filler'} ${id} said`,
    speaker,
  }))
  return db.transaction(() => addTrack(db, id, language, segments).segmentIds)()
}

const ids = (hits: SearchHit[]) => hits.map((h) => h.segmentId)
const scores = (hits: SearchHit[]) => hits.map((h) => h.score)
const sorted = (values: number[]) => [...values].sort((a, b) => a - b)

/** Every match ranked by FTS5 itself, best first: what a search with no bound returns. */
function fullRanking(expression: string): Array<{ id: number; score: number }> {
  return db
    .prepare(
      'SELECT rowid AS id, rank AS score FROM segments_fts WHERE segments_fts MATCH ? ORDER BY rank',
    )
    .all(expression) as Array<{ id: number; score: number }>
}
const matching = (expression: string) => sorted(fullRanking(expression).map((r) => r.id))
/** FTS5's own scores for these segments, best first. */
const scoresOf = (expected: number[]) =>
  fullRanking('"picket"')
    .filter((r) => expected.includes(r.id))
    .map((r) => r.score)

describe('bounded ranking', () => {
  it('ranks every match, best first, when there are no more than the window', () => {
    const all = recording('small', 'en', 40, 'picket')
    const result = tuned({ window: 50 }).search({ query: 'picket', limit: 100 })
    expect(result).toMatchObject({ ranking: 'all', total: 40, hasMore: false })
    expect(sorted(ids(result.hits))).toEqual(all)
    expect(scores(result.hits)).toEqual(fullRanking('"picket"').map((r) => r.score))
  })

  it('ranks only the newest matches of a large set, and says so', () => {
    const older = recording('older', 'en', 60, 'picket')
    const newer = recording('newer', 'en', 60, 'picket')
    const service = tuned({ window: 50 })
    const result = service.search({ query: 'picket', limit: 20 })
    expect(result).toMatchObject({ ranking: 'newest', total: 50, hasMore: true })
    const window = newer.slice(-50)
    expect(ids(result.hits).every((id) => window.includes(id))).toBe(true)
    expect(ids(result.hits).some((id) => older.includes(id))).toBe(false)
    expect(scores(result.hits)).toEqual(sorted(scores(result.hits)))
    // The window's own best come first: the scores FTS5 gives those 50 rows, in order.
    const windowScores = fullRanking('"picket"')
      .filter((r) => window.includes(r.id))
      .map((r) => r.score)
    expect(scores(result.hits)).toEqual(windowScores.slice(0, 20))
    // Paging reaches the end of the window and stops there.
    const last = service.search({ query: 'picket', limit: 20, offset: 40 })
    expect(scores(last.hits)).toEqual(windowScores.slice(40, 50))
    expect(ids(last.hits).every((id) => window.includes(id))).toBe(true)
    expect(last.hasMore).toBe(false)
  })

  it('widens the window to hold a limit larger than it', () => {
    recording('a', 'en', 60, 'picket')
    recording('b', 'en', 60, 'picket')
    const result = tuned({ window: 50 }).search({ query: 'picket', limit: 100 })
    expect(result).toMatchObject({ ranking: 'newest', total: 100, hasMore: false })
    expect(result.hits).toHaveLength(100)
  })

  it('uses the window at the default size too', () => {
    recording('many', 'en', rankWindow + 30, 'huelga')
    const result = sqliteSearch(voces).search({ query: 'huelga', limit: 10 })
    expect(result).toMatchObject({ ranking: 'newest', total: rankWindow, hasMore: true })
    expect(
      sqliteSearch(voces).search({ query: 'huelga', filters: { language: 'es' } }),
    ).toMatchObject({
      ranking: 'all',
      total: 0,
      hits: [],
    })
  })
})

describe('withdrawn recordings among the newest matches', () => {
  const withdrawn = { consent: 'withdrawn' as const }
  it('leaves them out and fills the window with older matches instead', () => {
    const old = recording('old', 'en', 60, 'picket')
    const gone = recording('gone', 'en', 20, 'picket', withdrawn)
    const fresh = recording('fresh', 'en', 30, 'picket')
    const result = tuned({ window: 50 }).search({ query: 'picket', limit: 50 })
    expect(result).toMatchObject({ ranking: 'newest', total: 50 })
    const expected = [...old.slice(-20), ...fresh]
    expect(sorted(ids(result.hits))).toEqual(expected)
    expect(ids(result.hits).some((id) => gone.includes(id))).toBe(false)
    expect(scores(result.hits)).toEqual(scoresOf(expected))
  })

  it('finds the same when they are scattered through the newest in many stretches', () => {
    // Newest first: one kept segment, then fifteen withdrawn, six times over, then older ones.
    const kept = recording('base', 'en', 20, 'picket')
    for (let k = 1; k <= 6; k++) {
      recording(`gone${k}`, 'en', 15, 'picket', withdrawn)
      kept.push(...recording(`kept${k}`, 'en', 1, 'picket'))
    }
    const result = tuned({ window: 10 }).search({ query: 'picket', limit: 10 })
    expect(result).toMatchObject({ ranking: 'newest', total: 10 })
    const expected = sorted(kept).slice(-10)
    expect(sorted(ids(result.hits))).toEqual(expected)
    expect(scores(result.hits)).toEqual(scoresOf(expected))
    const all = tuned({ window: 100 }).search({ query: 'picket', limit: 100 })
    expect(all).toMatchObject({ ranking: 'all', total: 26 })
  })
})

describe('filters inside the window', () => {
  it('fills the window with the newest matches that pass, however old they are', () => {
    const spanish = recording('es-old', 'es', 40, 'picket', { tags: ['huelga'], speaker: 'Rosa' })
    recording('en-new', 'en', 80, 'picket', { speaker: 'James' })
    const service = tuned({ window: 30 })
    const cases: SearchFilters[] = [{ language: 'es' }, { tags: ['huelga'] }, { speaker: 'rosa' }]
    for (const filters of cases) {
      const result = service.search({ query: 'picket', filters, limit: 30 })
      expect(result).toMatchObject({ ranking: 'newest', total: 30 })
      expect(sorted(ids(result.hits))).toEqual(spanish.slice(-30))
      expect(scores(result.hits)).toEqual(sorted(scores(result.hits)))
    }
    const few = service.search({ query: 'picket', filters: { recordingId: 'es-old' }, limit: 30 })
    expect(few.ranking).toBe('newest')
    const exact = tuned({ window: 50 }).search({
      query: 'picket',
      filters: { language: 'es' },
      limit: 200,
    })
    expect(exact).toMatchObject({ ranking: 'all', total: 40 })
    expect(sorted(ids(exact.hits))).toEqual(spanish)
  })

  it('says when only the newest part of the archive was searched', () => {
    // Tagged, untagged, tagged: the tagged tracks' span holds the untagged one's matches.
    const first = recording('first', 'en', 9, 'picket', { tags: ['huelga'] })
    recording('middle', 'en', 60, 'picket')
    const last = recording('last', 'en', 6, 'picket', { tags: ['huelga'] })
    // Tagged tracks must be a minority, or the search tests the untagged ones instead.
    for (const id of ['x', 'y', 'z']) recording(id, 'en', 1, 'nothing')
    const filters = { tags: ['huelga'] }
    const tight = tuned({ window: 10, budget: 20 })
    const partial = tight.search({ query: 'picket', filters, limit: 10 })
    expect(partial).toMatchObject({ ranking: 'partial', total: 6, examined: 20 })
    expect(sorted(ids(partial.hits))).toEqual(last)
    const wide = tuned({ window: 20, budget: 200 })
    const all = wide.search({ query: 'picket', filters, limit: 20 })
    expect(all).toMatchObject({ ranking: 'all', total: 15 })
    expect(sorted(ids(all.hits))).toEqual([...first, ...last])
  })

  it('looks further back when the newest matches mostly fail the filters', () => {
    const older = recording('older', 'en', 10, 'picket', { tags: ['huelga'] })
    recording('untagged', 'en', 100, 'picket')
    const newer = recording('newer', 'en', 1, 'picket', { tags: ['huelga'] })
    const tagged = [...older, ...newer]
    for (const id of ['x', 'y', 'z']) recording(id, 'en', 1, 'nothing')
    const filters = { tags: ['huelga'] }
    // The first read (4 per match the window wants: 24) holds one that passes; the second the
    // rest, after the untagged recording's 100.
    const deep = tuned({ window: 5, budget: 1000 })
    const found = deep.search({ query: 'picket', filters, limit: 5 })
    expect(found).toMatchObject({ ranking: 'newest', total: 5, examined: 106 })
    expect(sorted(ids(found.hits))).toEqual(tagged.slice(-5))
    expect(scores(found.hits)).toEqual(scoresOf(tagged.slice(-5)))
    // A budget spent in the second read: only the newer recording's match is among the newest 50.
    const shallow = tuned({ window: 5, budget: 50 })
    expect(shallow.search({ query: 'picket', filters, limit: 5 })).toMatchObject({
      ranking: 'partial',
      total: 1,
      examined: 50,
    })
  })

  it('sees edits at once: new segments, deleted ones, a changed speaker', () => {
    recording('old', 'es', 20, 'picket', { tags: ['huelga'] })
    recording('other', 'en', 20, 'picket')
    const service = tuned({ window: 100 })
    const filters = { tags: ['huelga'] }
    expect(service.search({ query: 'picket', filters }).total).toBe(20)
    const track = db.prepare("SELECT id FROM tracks WHERE recording_id = 'old'").pluck().get()
    const added = Number(
      db
        .prepare(
          "INSERT INTO segments (track_id, start, end, language, text) VALUES (?, 500, 505, 'es', 'picket again')",
        )
        .run(track).lastInsertRowid,
    )
    const after = service.search({ query: 'picket', filters, limit: 100 })
    expect(after.total).toBe(21)
    expect(ids(after.hits)).toContain(added)
    db.prepare('DELETE FROM segments WHERE id = ?').run(added)
    expect(service.search({ query: 'picket', filters }).total).toBe(20)

    const rosa = addSpeaker(db, 'other', 'SPEAKER_09', 'Rosa')
    expect(service.search({ query: 'picket', filters: { speaker: 'rosa' } }).total).toBe(0)
    const moved = db
      .prepare(
        "SELECT min(s.id) FROM segments s JOIN tracks t ON t.id = s.track_id WHERE t.recording_id = 'other'",
      )
      .pluck()
      .get()
    db.prepare('UPDATE segments SET speaker_id = ? WHERE id = ?').run(rosa, moved)
    expect(ids(service.search({ query: 'picket', filters: { speaker: 'rosa' } }).hits)).toEqual([
      moved,
    ])
  })
})

describe('prefixes', () => {
  it('expands a prefix into the words it stands for and finds what FTS5 finds', () => {
    addRecording(db, { id: 'r' })
    addTrack(db, 'r', 'es', [
      { start: 0, text: 'Organizamos la huelga.' },
      { start: 5, text: 'La organización del sindicato.' },
      { start: 10, text: 'We were organizing at night.' },
      { start: 15, text: 'An organ and a piano.' },
    ])
    // The words as the index holds them: folded, as `organiz*` is folded to look them up.
    expect(prefixExpander()('ORGANÍZ')).toEqual(['organizacion', 'organizamos', 'organizing'])
    const result = sqliteSearch(voces).search({ query: 'organiz* -piano' })
    expect(result.expression).toBe('("organiz"*) NOT "piano"')
    expect(sorted(ids(result.hits))).toEqual(matching('"organiz"*'))
    expect(result.hits.map((h) => h.snippet.slice(...(h.highlights[0] ?? [0, 0])))).toEqual(
      expect.arrayContaining(['Organizamos', 'organización', 'organizing']),
    )
    // A word added later is found at once: the index changed, so the words are looked up again.
    addTrack(db, 'r', 'en', [{ start: 20, text: 'The organizers came.' }])
    expect(sqliteSearch(voces).search({ query: 'organiz*' }).hits).toHaveLength(4)
  })

  it('leaves a prefix of very many words to FTS5, with the same hits', () => {
    addRecording(db, { id: 'r' })
    const words = Array.from({ length: 150 }, (_, i) => `zumba${i.toString(36)}`)
    addTrack(
      db,
      'r',
      'en',
      words.map((w, i) => ({ start: i, text: `a ${w} b` })),
    )
    const result = tuned({ window: 500 }).search({ query: 'zumba*', limit: 500 })
    expect(prefixExpander()('zumba')).toBeNull()
    expect(result).toMatchObject({ ranking: 'all', total: 150 })
    expect(sorted(ids(result.hits))).toEqual(matching('"zumba"*'))
    expect(sqliteSearch(voces).search({ query: 'zumbax9*' }).total).toBe(0)
  })
})

import type { SearchResult } from '../../../../shared/contract/index.ts'
import type { StatementCache } from '../statements.ts'
import { inRuns, inScopeFunction } from './runs.ts'
import type { SegmentRuns } from './runs.ts'
import type { SearchScope } from './scope.ts'

/**
 * Which matches a search ranks, and their bm25 scores (decision 0021).
 *
 * bm25 costs 1 to 2.5 µs for every row it ranks, so ranking all 227,000 segments that say
 * "the" in 1,000 hours took half a second. A search therefore walks the matches newest first
 * (FTS5 keeps each word's rows in id order, and ids grow as transcripts are added), scores each
 * one that passes the filters, and stops after `window + 1`: when there are no more than `window`
 * they are all the matches ('all'); otherwise the `window` added most recently are ranked and
 * the rest are not ('newest'). The person is told which. One pass does both the counting and the
 * scoring, and sorting a few thousand numbers in JavaScript is free beside it.
 *
 * With filters, the newest matches' ids are read without scores and tested in JavaScript against
 * the runs of the allowed segments (runs.ts), and only the `window` that pass are then scored, in
 * a second statement. To bound the tests too, at most `budget` matches of the words are looked
 * at, newest first; when the filters keep fewer than `window` of those and older matches exist,
 * only the newest part of the archive was searched ('partial').
 *
 * Without filters, every search still leaves out the few recordings whose consent was withdrawn.
 * Those are tested in JavaScript on the rows FTS5 returns rather than by a function SQLite calls
 * per row: most of that 0.3 µs is the call itself, a millisecond for a common word. The newest
 * `window + 1` are read, the left-out dropped, and only as many more read as were dropped.
 */
export interface RankedWindow {
  ranking: SearchResult['ranking']
  /** Matches that pass the filters and were ranked. Exact for 'all' and 'partial'. */
  total: number
  /**
   * How many matches of the words, before the filters, the search looked at. In 'partial', the
   * newest this many were searched and older ones were not.
   */
  examined: number
  /** [segment id, bm25 score] of every ranked match, best (lowest) score first. */
  ranked: Array<[number, number]>
  /**
   * How many matches FTS5 returned to be ranked or dropped here (those left out because their
   * recording's consent was withdrawn included); null when SQLite tested the filters itself.
   */
  read: number | null
}

/** Larger than any segment id; bound as an integer through CAST (see below). */
const lastRowid = Number.MAX_SAFE_INTEGER

// CAST: better-sqlite3 binds JS numbers as REAL, and FTS5 only narrows its row lists to a rowid
// range given as integers (measured: a REAL bound walks every match, as if there were none).
export const rowidRange = 'f.rowid BETWEEN CAST(@from AS INTEGER) AND CAST(@to AS INTEGER)'

/** Matches of the words alone, newest first, up to @cap: ids only, no score (no bm25 count). */
const newestIdsSql = `SELECT f.rowid FROM segments_fts f
  WHERE f.segments_fts MATCH @expression AND ${rowidRange}
  ORDER BY f.rowid DESC LIMIT @cap`

/** The bm25 scores of the matches with these ids, FTS5 walking the range they span. */
const scoresOfSql = `SELECT f.rowid, bm25(segments_fts) FROM segments_fts f
  WHERE f.segments_fts MATCH @expression AND ${rowidRange}
    AND +f.rowid IN (SELECT value FROM json_each(@ids))`

/**
 * Newest first, the matches that pass the filters with their bm25 scores, up to @cap. The
 * filters are the scope's runs (runs.ts), tested on the id before bm25 is computed. Unbounded:
 * no rowid range, which FTS5 would otherwise seek each word's rows to (10 µs of a rare word's
 * 60).
 */
export function scoredSql(scope: Pick<SearchScope, 'runs'>, bounded = true): string {
  const filter = scope.runs ? `AND ${inScopeFunction}(f.rowid)` : ''
  const range = bounded ? `AND ${rowidRange}` : ''
  return `SELECT f.rowid, bm25(segments_fts) FROM segments_fts f
    WHERE f.segments_fts MATCH @expression ${range} ${filter}
    ORDER BY f.rowid DESC LIMIT @cap`
}

/** Whether a search covers every segment id: no span to narrow FTS5 to. */
const unbounded = (from: number, to: number) => from === 0 && to === lastRowid

type Scored = [number, number]

/** Reads of matches older than the last before falling back to the per-row test in SQL. */
const maxTopUps = 4

/**
 * Up to `cap` matches newest first, with their scores, leaving out those inside `excluded`:
 * read without the test, dropped in JavaScript. The first read asks for enough more than `cap`
 * to make up for the share of segments excluded; if that falls short, it is topped up by as many
 * as are missing. Each read counts every row of every word again for bm25 (2.7 ms for the nine
 * words of `organiz*` at 1,000 hours), so a top-up costs far more than a few extra rows.
 */
function newestOutside(
  sql: StatementCache,
  expression: string,
  excluded: SegmentRuns,
  span: { from: number; to: number; share: number },
  cap: number,
): { kept: Scored[]; read: number | null } {
  const first = sql.get(scoredSql({ runs: null }, !unbounded(span.from, span.to))).raw()
  const older = sql.get(scoredSql({ runs: null })).raw()
  const kept: Scored[] = []
  let read = 0
  let upTo = span.to
  let want = cap + Math.ceil(cap * span.share * 1.5) + 8
  for (let reads = 0; reads <= maxTopUps; reads++) {
    const statement = reads === 0 ? first : older
    const rows = statement.all({ expression, from: span.from, to: upTo, cap: want }) as Scored[]
    read += rows.length
    for (const row of rows) if (inRuns(excluded, row[0])) kept.push(row)
    if (kept.length >= cap || rows.length < want) {
      if (kept.length > cap) kept.length = cap
      return { kept, read }
    }
    upTo = (rows.at(-1) as Scored)[0] - 1
    want = cap - kept.length
  }
  // Long stretches of left-out recordings among the newest: let SQLite test every row.
  const all = sql
    .get(scoredSql({ runs: excluded }))
    .raw()
    .all({ expression, from: span.from, to: span.to, cap }) as Scored[]
  return { kept: all, read: null }
}

/**
 * With filters that allow some runs of segments: the newest `cap` matches inside them, looking
 * at no more than `budget` matches of the words. Ids are read without scores and tested in
 * JavaScript (0.05 µs a match, where a test SQLite calls per row cost 0.3), in two reads: most
 * filters fill the window from the first. Only the ids that pass are then scored. `examined`:
 * matches looked at; `beyond`: older matches exist that were not.
 */
function newestInside(
  sql: StatementCache,
  expression: string,
  allowed: SegmentRuns,
  span: { from: number; to: number },
  cap: number,
  budget: number,
): { ids: number[]; examined: number; beyond: boolean } {
  const read = sql.get(newestIdsSql).pluck()
  const ids: number[] = []
  let examined = 0
  let to = span.to
  let want = Math.max(1, Math.min(budget, firstReadPerWindowMatch * cap))
  for (;;) {
    // One more than wanted tells whether older matches exist.
    const rows = read.all({ expression, from: span.from, to, cap: want + 1 }) as number[]
    const looked = Math.min(rows.length, want)
    for (let i = 0; i < looked; i++) {
      const id = rows[i] as number
      if (inRuns(allowed, id) && ids.push(id) >= cap) {
        return { ids, examined: examined + i + 1, beyond: false }
      }
    }
    examined += looked
    if (rows.length <= want) return { ids, examined, beyond: false }
    if (examined >= budget) return { ids, examined, beyond: true }
    to = (rows[want - 1] as number) - 1
    want = budget - examined
  }
}

/** Matches read first per match the window wants: filters keeping one in four fill it at once. */
const firstReadPerWindowMatch = 4

/** The bm25 scores of these matches, given newest first. */
function scoresOf(sql: StatementCache, expression: string, ids: number[]): Scored[] {
  if (ids.length === 0) return []
  const span = { from: ids.at(-1), to: ids[0] }
  return sql
    .get(scoresOfSql)
    .raw()
    .all({ expression, ...span, ids: JSON.stringify(ids) }) as Scored[]
}

/** Ranks the window of `expression` in `scope`: at most `window` matches scored, best first. */
export function rankMatches(
  sql: StatementCache,
  expression: string,
  scope: SearchScope,
  window: number,
  budget: number,
): RankedWindow {
  const from = scope.segmentSpan?.min ?? 0
  const to = scope.segmentSpan?.max ?? lastRowid
  const cap = window + 1
  let ranked: Scored[]
  let more: boolean
  let read: number | null = null
  let examined: number | null = null
  let beyondBudget = false
  if (scope.runs?.allow) {
    const inside = newestInside(sql, expression, scope.runs, { from, to }, cap, budget)
    examined = inside.examined
    beyondBudget = inside.beyond
    more = inside.ids.length > window
    // The (window + 1)th newest only showed that there are more: it is not scored.
    ranked = scoresOf(sql, expression, inside.ids.slice(0, window))
  } else {
    if (scope.runs) {
      ;({ kept: ranked, read } = newestOutside(
        sql,
        expression,
        scope.runs,
        { from, to, share: scope.excludedShare },
        cap,
      ))
    } else {
      // No runs: every match in the span passes (no filters, or one recording's).
      ranked = sql
        .get(scoredSql(scope, !unbounded(from, to)))
        .raw()
        .all({ expression, from, to, cap }) as Scored[]
      read = ranked.length
    }
    more = ranked.length > window
    // Newest first: the (window + 1)th only showed that there are more; it is not ranked.
    if (more) ranked.length = window
  }
  ranked.sort((a, b) => a[1] - b[1] || b[0] - a[0])
  return {
    ranking: more ? 'newest' : beyondBudget ? 'partial' : 'all',
    total: ranked.length,
    examined: examined ?? ranked.length + (more ? 1 : 0),
    ranked,
    read,
  }
}

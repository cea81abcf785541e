import type { Database } from 'better-sqlite3'
import type { SearchResult } from '../../shared/contract/index.ts'
import { inRuns, inScopeFunction } from './runs.ts'
import type { SegmentRuns } from './runs.ts'
import type { SearchScope } from './scope.ts'
import { cached } from './statements.ts'

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
 * A match that fails the filters costs about 0.3 µs, tested on its id against the runs of the
 * allowed segments (runs.ts). To bound that too, at most `budget` matches of the words are
 * looked at, newest first; when the filters keep fewer than `window` of those and older matches
 * exist, only the newest part of the archive was searched ('partial').
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
}

/** Larger than any segment id; bound as an integer through CAST (see below). */
const lastRowid = Number.MAX_SAFE_INTEGER

/**
 * Filters that leave out more than a few tracks, or choose a speaker: a budget bounds how many
 * matches of the words are looked at to find the window.
 */
function isFiltered(scope: SearchScope): boolean {
  return scope.trackIds !== null || scope.speakerIds !== null
}

// CAST: better-sqlite3 binds JS numbers as REAL, and FTS5 only narrows its row lists to a rowid
// range given as integers (measured: a REAL bound walks every match, as if there were none).
export const rowidRange = 'f.rowid BETWEEN CAST(@from AS INTEGER) AND CAST(@to AS INTEGER)'

/** Matches of the words alone, newest first, up to @cap: how many, and the oldest id seen. */
const countWordsSql = `SELECT count(*) AS n, min(id) AS oldest FROM (
  SELECT f.rowid AS id FROM segments_fts f WHERE f.segments_fts MATCH @expression AND ${rowidRange}
  ORDER BY f.rowid DESC LIMIT @cap)`

/**
 * Newest first, the matches that pass the filters with their bm25 scores, up to @cap. The
 * filters are the scope's runs (runs.ts), tested on the id before bm25 is computed.
 */
export function scoredSql(scope: Pick<SearchScope, 'runs'>): string {
  const filter = scope.runs ? `AND ${inScopeFunction}(f.rowid)` : ''
  return `SELECT f.rowid, bm25(segments_fts) FROM segments_fts f
    WHERE f.segments_fts MATCH @expression AND ${rowidRange} ${filter}
    ORDER BY f.rowid DESC LIMIT @cap`
}

type Scored = [number, number]

/** Reads of matches older than the last before falling back to the per-row test in SQL. */
const maxTopUps = 4

/**
 * Up to `cap` matches newest first, with their scores, leaving out those inside `excluded`:
 * read without the test, dropped in JavaScript, topped up by as many as were dropped.
 */
function newestOutside(
  db: Database,
  expression: string,
  excluded: SegmentRuns,
  from: number,
  to: number,
  cap: number,
): Scored[] {
  const read = cached(db, scoredSql({ runs: null })).raw()
  const kept: Scored[] = []
  let upTo = to
  let want = cap
  for (let reads = 0; reads <= maxTopUps; reads++) {
    const rows = read.all({ expression, from, to: upTo, cap: want }) as Scored[]
    for (const row of rows) if (inRuns(excluded, row[0])) kept.push(row)
    if (kept.length >= cap || rows.length < want) return kept
    upTo = (rows.at(-1) as Scored)[0] - 1
    want = cap - kept.length
  }
  // Long stretches of left-out recordings among the newest: let SQLite test every row.
  return cached(db, scoredSql({ runs: excluded }))
    .raw()
    .all({ expression, from, to, cap }) as Scored[]
}

/** Ranks the window of `expression` in `scope`: at most `window` matches scored, best first. */
export function rankMatches(
  db: Database,
  expression: string,
  scope: SearchScope,
  window: number,
  budget: number,
): RankedWindow {
  const first = scope.segmentSpan?.min ?? 0
  const to = scope.segmentSpan?.max ?? lastRowid
  let from = first
  let beyondBudget = false
  let examined: number | null = null
  if (isFiltered(scope)) {
    // First bound how far back to look, by the words alone (0.04 µs a row for one word).
    const words = cached(db, countWordsSql).get({ expression, from, to, cap: budget + 1 }) as {
      n: number
      oldest: number | null
    }
    beyondBudget = words.n > budget && words.oldest !== null
    if (beyondBudget) from = (words.oldest as number) + 1
    examined = Math.min(words.n, budget)
  }
  const cap = window + 1
  const ranked =
    scope.runs && !scope.runs.allow && !isFiltered(scope)
      ? newestOutside(db, expression, scope.runs, from, to, cap)
      : (cached(db, scoredSql(scope)).raw().all({ expression, from, to, cap }) as Scored[])
  const more = ranked.length > window
  // The (window + 1)th newest only showed that there are more: it is not ranked.
  if (more) ranked.length = window
  ranked.sort((a, b) => a[1] - b[1] || b[0] - a[0])
  return {
    ranking: more ? 'newest' : beyondBudget ? 'partial' : 'all',
    total: ranked.length,
    examined: examined ?? ranked.length + (more ? 1 : 0),
    ranked,
  }
}

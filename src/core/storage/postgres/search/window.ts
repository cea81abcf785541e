import type { Queryable } from '../db.ts'
import { scopeConditions, type PgScope } from './scope.ts'

/**
 * Which matches a search ranks, and their scores: the bounded window of decision 0021 on
 * PostgreSQL (decision 0142). The newest `window + 1` matches that pass the filters are scored
 * with `ts_rank_cd` and sorted (page.ts); when there are more than `window`, the oldest is dropped
 * and the result says 'newest'. Both forms below return exactly those rows; they differ in plan:
 *
 * - walk: `ORDER BY id DESC LIMIT n` lets PostgreSQL walk the primary key backwards, testing
 *   each segment's tsvector, and stop after n matches: about 0.4 µs a segment walked, so cheap
 *   when the words are common ("the": 2,001 matches in about 5,700 segments).
 * - bitmap: `ORDER BY id + 0` hides the order from the key, so the GIN index finds every match
 *   and the heap rows are fetched (about 2 µs each, random reads) and the newest kept.
 *
 * The planner prices the walk too low for words of middling frequency ("work", 10,000 matches:
 * it walked 120,000 segments in 47 ms where the bitmap took 20), so the form is picked here from
 * the planner's own estimates of the matches: walking costs about 0.4 µs × n × segments /
 * filtered matches, the bitmap 2 µs a row fetched and 1 µs a match the GIN scan gathers.
 */
export type WindowForm = 'walk' | 'bitmap'

/**
 * The form, and for the bitmap form the oldest era (`id / eraSize`, migration 003) where the
 * window is looked for first (decision 0173): null, the whole table at once.
 */
export interface WindowPlan {
  form: WindowForm
  near: number | null
}

/** Segment ids per era: the divisor in migration 003's index expression, written the same here. */
export const eraSize = 16384

/**
 * µs a segment walked by the key / a match fetched through the GIN bitmap (measured, 0142) / a
 * match the GIN scan gathers (decision 0173: a prefix's many words cost more to gather than
 * their rows: `trabaj*` walks in 17 ms of CPU, its near eras' bitmap took 37).
 */
const walkCost = 0.4
const fetchCost = 2
const entryCost = 1.5
/** Below this many segments (about 17 hours) no estimate is asked for: "the" costs 8 ms at most. */
const smallLibrary = 10_000
/**
 * The newest eras searched first hold this many times the window's matches by the estimate
 * (decision 0173): room for the estimate's error and for words said more in older recordings.
 */
const nearMargin = 1.5
/** A near part wider than this share of the ids saves too little to be worth a second part. */
const nearShare = 0.6

interface PlanNode {
  'Node Type': string
  'Plan Rows': number
  'Index Name'?: string
  Plans?: PlanNode[]
}

function indexRows(node: PlanNode): number | null {
  if (node['Index Name'] === 'segments_search_era') return node['Plan Rows']
  for (const child of node.Plans ?? []) {
    const rows = indexRows(child)
    if (rows !== null) return rows
  }
  return null
}

/**
 * The planner's estimates for this search: matches that pass the filters (`scope`; null: the
 * words alone) and, when it would use the GIN index, matches of the words alone.
 */
export interface Estimates {
  filtered: number
  words: number | null
}

export async function estimates(
  q: Queryable,
  tsquery: string,
  scope: PgScope | null,
): Promise<Estimates> {
  const params: unknown[] = [tsquery]
  const sql = `EXPLAIN (FORMAT JSON) SELECT 1 FROM segments s
    WHERE s.search @@ to_tsquery('voces_search', $1)${scope ? scopeConditions(scope, params) : ''}`
  const [plan] = await q.rows<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(sql, params)
  const root = plan?.['QUERY PLAN'][0]?.Plan
  return { filtered: root?.['Plan Rows'] ?? 0, words: root ? indexRows(root) : null }
}

/**
 * Walk or bitmap, from the planner's estimates of the matches (decision 0142), and for the bitmap
 * the near part (decision 0173): when the newest eras hold the window's matches by the estimate,
 * the GIN index finds only the matches in them and only those rows are fetched; the older eras
 * are searched only when the near part comes up short. `known`: estimates already asked for
 * (decision 0195: for a search that no filter narrows, the words' estimate is asked for while the
 * scope is read; leaving out the withdrawn recordings' few tracks hardly moves it).
 */
export async function pickForm(
  q: Queryable,
  tsquery: string,
  scope: PgScope,
  window: number,
  known?: Estimates,
): Promise<WindowPlan> {
  // A small library: either form takes a few milliseconds; the bitmap reads only the matches.
  if (scope.segments < smallLibrary) return { form: 'bitmap', near: null }
  const { filtered, words } = known ?? (await estimates(q, tsquery, scope))
  const segments = scope.segments
  const matches = Math.max(1, filtered)
  // The newest eras that should hold the window's matches `nearMargin` times over.
  const span = scope.ids.max - scope.ids.min + 1
  const nearIds = (nearMargin * (window + 1) * span) / matches
  const near = nearIds < nearShare * span ? Math.floor((scope.ids.max - nearIds) / eraSize) : null
  // No index node: the planner would read the whole table (many matches, or a small table);
  // the words match at least as many segments as pass the filters.
  const entries = words ?? filtered
  const fetched = near === null ? entries : Math.min(matches, nearMargin * (window + 1))
  const walk = (walkCost * (window + 1) * segments) / matches
  const bitmap = fetchCost * fetched + entryCost * entries
  return walk < bitmap ? { form: 'walk', near: null } : { form: 'bitmap', near }
}

/**
 * The window's statement: the newest `$2` matches of the tsquery `$1` that pass the scope, with
 * their scores, in the form given. Appends the scope's arrays to `params` (which hold $1 and $2).
 * The score is computed above the LIMIT: in the bitmap form every match is fetched and sorted, and
 * `ts_rank_cd` on all of them, not only the window's, took half of a common word's statement
 * (114 against 60 ms for "work" on the loaded machine).
 *
 * With a near era (decision 0173) the bitmap form is two parts: the matches in that era and the
 * newer ones, named as a list (the planner puts `= ANY` into the GIN scan, not a range), then,
 * limited to what the first left of `$2` (a LIMIT of 0 runs nothing), those in older eras;
 * together the same newest `$2` as one part.
 */
export function windowSql(scope: PgScope, params: unknown[], plan: WindowPlan): string {
  const match = `s.search @@ to_tsquery('voces_search', $1)${scopeConditions(scope, params)}`
  const score = `SELECT w.id, -ts_rank_cd(w.search, query, 1)::float8 AS score`
  const query = `to_tsquery('voces_search', $1) query`
  if (plan.form === 'walk' || plan.near === null) {
    return `${score}
    FROM (SELECT s.id, s.search FROM segments s WHERE ${match}
      ORDER BY s.id${plan.form === 'bitmap' ? ' + 0' : ''} DESC LIMIT $2) w, ${query}`
  }
  const oldestNear = plan.near
  // Two eras past the newest id the scope saw: segments written since are in the near part too.
  const newest = Math.max(oldestNear, Math.floor(scope.ids.max / eraSize)) + 2
  params.push(Array.from({ length: newest - oldestNear + 1 }, (_, i) => oldestNear + i))
  const eras = `$${params.length}::bigint[]`
  params.push(plan.near)
  const oldest = `$${params.length}::bigint`
  const era = `(s.id / ${eraSize})`
  return `${score}
    FROM (WITH near AS MATERIALIZED (SELECT s.id, s.search FROM segments s
        WHERE ${match} AND ${era} = ANY(${eras}) ORDER BY s.id + 0 DESC LIMIT $2)
      SELECT id, search FROM near
      UNION ALL (SELECT s.id, s.search FROM segments s WHERE ${match} AND ${era} < ${oldest}
        ORDER BY s.id + 0 DESC LIMIT $2 - (SELECT count(*) FROM near))) w, ${query}`
}

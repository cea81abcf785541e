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
 * filtered matches, the bitmap 2 µs × the words' matches.
 */
export type WindowForm = 'walk' | 'bitmap'

/** µs a segment walked by the key / a match fetched through the GIN bitmap (measured, 0142). */
const walkCost = 0.4
const fetchCost = 2
/** Below this many segments (about 17 hours) no estimate is asked for: "the" costs 8 ms at most. */
const smallLibrary = 10_000

interface PlanNode {
  'Node Type': string
  'Plan Rows': number
  'Index Name'?: string
  Plans?: PlanNode[]
}

function indexRows(node: PlanNode): number | null {
  if (node['Index Name'] === 'segments_search') return node['Plan Rows']
  for (const child of node.Plans ?? []) {
    const rows = indexRows(child)
    if (rows !== null) return rows
  }
  return null
}

/**
 * The planner's estimates for this search: matches that pass the filters and, when it would
 * use the GIN index, matches of the words alone; and the segments in the table (scope.ts).
 */
async function estimates(
  q: Queryable,
  tsquery: string,
  scope: PgScope,
): Promise<{ filtered: number; words: number | null; segments: number }> {
  const params: unknown[] = [tsquery]
  const sql = `EXPLAIN (FORMAT JSON) SELECT 1 FROM segments s
    WHERE s.search @@ to_tsquery('voces_search', $1)${scopeConditions(scope, params)}`
  const [plan] = await q.rows<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(sql, params)
  const root = plan?.['QUERY PLAN'][0]?.Plan
  return {
    filtered: root?.['Plan Rows'] ?? 0,
    words: root ? indexRows(root) : null,
    segments: scope.segments,
  }
}

export async function pickForm(
  q: Queryable,
  tsquery: string,
  scope: PgScope,
  window: number,
): Promise<WindowForm> {
  // A small library: either form takes a few milliseconds; the bitmap reads only the matches.
  if (scope.segments < smallLibrary) return 'bitmap'
  const { filtered, words, segments } = await estimates(q, tsquery, scope)
  // No index node: the planner would read the whole table (many matches, or a small table);
  // the words match at least as many segments as pass the filters.
  const walk = (walkCost * (window + 1) * segments) / Math.max(1, filtered)
  return walk < fetchCost * (words ?? filtered) ? 'walk' : 'bitmap'
}

/**
 * The window's statement: the newest `$2` matches of the tsquery `$1` that pass the scope, with
 * their scores, in the form given. Appends the scope's arrays to `params` (which hold $1 and $2).
 */
export function windowSql(scope: PgScope, params: unknown[], form: WindowForm): string {
  return `SELECT s.id, -ts_rank_cd(s.search, query, 1)::float8 AS score
    FROM segments s, to_tsquery('voces_search', $1) query
    WHERE s.search @@ query${scopeConditions(scope, params)}
    ORDER BY s.id${form === 'bitmap' ? ' + 0' : ''} DESC LIMIT $2`
}

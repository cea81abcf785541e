import type { SearchFilters, SearchResult } from '../../../../shared/contract/index.ts'
import { parseQuery } from '../../../search/query.ts'
import {
  groupHits,
  noMatches,
  rankWindow,
  type SearchOptions,
  type SearchTuning,
} from '../../../search/service.ts'

import type { SearchIndex } from '../../ports.ts'
import type { Queryable } from '../db.ts'
import { resolveScope } from './scope.ts'
import { rankedPage } from './page.ts'
import { toTsQueries } from './tsquery.ts'
import { estimates, pickForm, type WindowPlan } from './window.ts'

/** For tests and benchmarks: a window plan rather than the one the estimates pick. */
export interface PgSearchTuning extends SearchTuning {
  plan?: WindowPlan
}

/**
 * The PostgreSQL `SearchIndex` (decision 0142): the same parser as SQLite's written as a tsquery
 * (tsquery.ts) over the `search` tsvector that migration 002 generates from each segment's text,
 * filters resolved to ids first (scope.ts), the plan's form picked from the planner's estimates
 * (window.ts), and one statement that ranks the newest matches and reads snippets, tracks,
 * speakers and recordings for the shown page only (page.ts): three round trips, the first two
 * sent together when no filter narrows the search (decision 0195). It remembers
 * nothing between searches: another process writes the same database, and PostgreSQL has no cheap
 * stamp of "nothing changed" like SQLite's data_version.
 */
export class PostgresSearch implements SearchIndex {
  private readonly q: Queryable

  constructor(q: Queryable) {
    this.q = q
  }

  async search(options: SearchOptions, tuning: PgSearchTuning = {}): Promise<SearchResult> {
    const parsed = parseQuery(options.query, { completeLast: options.asYouType === true })
    const queries = toTsQueries(parsed)
    if (parsed.expression === null || queries === null) return noMatches(null, null)
    const limit = options.limit ?? 100
    const offset = options.offset ?? 0
    const filters = options.filters ?? {}
    // With no filter that narrows the search, the planner's estimate for the words is asked for
    // while the filters are resolved: one round trip's wait less (decision 0195).
    const early = tuning.plan === undefined && !narrows(filters)
    const [scope, known] = await Promise.all([
      resolveScope(this.q, filters),
      early ? estimates(this.q, queries.query, null) : undefined,
    ])
    if (scope.empty) return noMatches(parsed.expression, parsed.completing)
    // A limit larger than the window widens it (an export ranks all it writes); pages of one
    // size share one window, so paging never reorders what came before (decision 0021).
    const window = Math.max(tuning.window ?? rankWindow, limit)
    // The words' estimate stands for the scope's while the scope leaves out fewer than half of
    // the tracks (withdrawn recordings); an archive with most recordings withdrawn asks again.
    const stands = scope.tracks === null || !scope.tracks.allow
    const plan =
      tuning.plan ??
      (await pickForm(this.q, queries.query, scope, window, stands ? known : undefined))
    const page = await rankedPage(this.q, queries, scope, { window, offset, limit, plan })
    return {
      expression: parsed.expression,
      hits: page.hits,
      groups: page.hits.length === 0 ? [] : groupHits(page.hits, page.recordings),
      hasMore: page.total > offset + limit,
      ranking: page.ranking,
      total: page.total,
      examined: page.examined,
      completing: parsed.completing,
    }
  }
}

/**
 * Whether a filter narrows the search to part of the archive; leaving out withdrawn recordings,
 * as every search does unless told, does not count (a few percent of the tracks).
 */
function narrows(filters: SearchFilters): boolean {
  return (
    filters.consent !== undefined ||
    filters.language !== undefined ||
    filters.from !== undefined ||
    filters.to !== undefined ||
    filters.recordingId !== undefined ||
    (filters.tags?.length ?? 0) > 0 ||
    Boolean(filters.speaker)
  )
}

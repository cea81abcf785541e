import type { SearchResult } from '../../../../shared/contract/index.ts'
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
import { pickForm, type WindowForm } from './window.ts'

/** For tests and benchmarks: a window form rather than the one the estimates pick. */
export interface PgSearchTuning extends SearchTuning {
  form?: WindowForm
}

/**
 * The PostgreSQL `SearchIndex` (decision 0142): the same parser as SQLite's written as a tsquery
 * (tsquery.ts) over the `search` tsvector that migration 002 generates from each segment's text,
 * filters resolved to ids first (scope.ts), the plan's form picked from the planner's estimates
 * (window.ts), and one statement that ranks the newest matches and reads snippets, tracks,
 * speakers and recordings for the shown page only (page.ts): three round trips. It remembers
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
    const scope = await resolveScope(this.q, options.filters ?? {})
    if (scope.empty) return noMatches(parsed.expression, parsed.completing)
    // A limit larger than the window widens it (an export ranks all it writes); pages of one
    // size share one window, so paging never reorders what came before (decision 0021).
    const window = Math.max(tuning.window ?? rankWindow, limit)
    const form = tuning.form ?? (await pickForm(this.q, queries.query, scope, window))
    const page = await rankedPage(this.q, queries, scope, { window, offset, limit, form })
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

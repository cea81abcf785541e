import type { SearchRecording, SearchResult } from '../../../../shared/contract/index.ts'
import { parseQuery } from '../../../search/query.ts'
import {
  groupHits,
  hitRecordings,
  noMatches,
  rankWindow,
  type SearchOptions,
  type SearchTuning,
} from '../../../search/service.ts'
import type { SearchIndex } from '../../ports.ts'
import type { Queryable } from '../db.ts'
import { resolveScope } from './scope.ts'
import { pageHits } from './snippets.ts'
import { toTsQueries } from './tsquery.ts'
import { rankMatches } from './window.ts'

/**
 * The PostgreSQL `SearchIndex` (decision 0142): the same parser as SQLite's written as a tsquery
 * (tsquery.ts) over the `search` tsvector that migration 002 generates from each segment's text,
 * filters resolved to ids first (scope.ts), the newest matches ranked (window.ts), and snippets,
 * tracks, speakers and recordings read for the shown page only (snippets.ts). It remembers
 * nothing between searches: another process writes the same database, and PostgreSQL has no cheap
 * stamp of "nothing changed" like SQLite's data_version.
 */
export class PostgresSearch implements SearchIndex {
  private readonly q: Queryable

  constructor(q: Queryable) {
    this.q = q
  }

  async search(options: SearchOptions, tuning: SearchTuning = {}): Promise<SearchResult> {
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
    const ranked = await rankMatches(this.q, queries.query, scope, window)
    const page = ranked.ranked.slice(offset, offset + limit)
    const hits = await pageHits(this.q, queries.positive, page)
    return {
      expression: parsed.expression,
      hits,
      groups: hits.length === 0 ? [] : groupHits(hits, await this.recordings(hitRecordings(hits))),
      hasMore: ranked.ranked.length > offset + limit,
      ranking: ranked.ranking,
      total: ranked.total,
      examined: ranked.examined,
      completing: parsed.completing,
    }
  }

  /** The recordings above the hits, with their tags in order. */
  private async recordings(ids: string[]): Promise<Map<string, SearchRecording>> {
    const rows = await this.q.rows<RecordingRow>(recordingsSql, [ids])
    return new Map(rows.map((row) => [row.id, toRecording(row)]))
  }
}

interface RecordingRow {
  id: string
  title: string
  /** A `date`, which db.ts gives as its 'YYYY-MM-DD' text. */
  interview_date: string | null
  /** jsonb, parsed. */
  interviewees: string[]
  place: string
  consent_status: SearchRecording['consentStatus']
  duration: number
  tags: string[]
}

const recordingsSql = `
  SELECT r.id, r.title, r.interview_date, r.interviewees, r.place, r.consent_status, r.duration,
    array(SELECT g.tag FROM recording_tags g WHERE g.recording_id = r.id ORDER BY g.tag COLLATE "C") AS tags
  FROM recordings r WHERE r.id = ANY($1::text[])`

function toRecording(row: RecordingRow): SearchRecording {
  return {
    id: row.id,
    title: row.title,
    interviewDate: row.interview_date,
    interviewees: row.interviewees,
    place: row.place,
    consentStatus: row.consent_status,
    tags: row.tags,
    duration: row.duration,
  }
}

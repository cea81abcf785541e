import type { Database } from 'better-sqlite3'
import type { SearchFilters, SearchHit, SearchResult } from '../../shared/contract/index.ts'
import { prefixExpander } from './prefix.ts'
import { parseQuery, writeExpression } from './query.ts'
import { withRuns } from './runs.ts'
import { searchRecordings } from './recordings.ts'
import { libraryStamp, scopeFor } from './scope.ts'
import { cached } from './statements.ts'
import { rankMatches, rowidRange } from './window.ts'

/** FTS5 snippet() marks matches with these; control characters no transcript holds. */
const open = '\u0002'
const close = '\u0003'
/** Words of context in a snippet: about a subtitle line either side (FTS5 allows up to 64). */
const snippetTokens = 24

/**
 * At most this many matches are ranked by bm25 (decision 0021): 2,000 rank in about 3 to 5 ms
 * on the development machine, and it is ten pages of the 200 hits the search page shows.
 */
export const rankWindow = 2000
/**
 * With filters, at most this many matches of the words are looked at to find `rankWindow` that
 * pass them: about 10 ms of tests at 0.3 µs each. Filters that keep 1 match in 15 or more always
 * fill the window within it.
 */
export const filterBudget = 30_000

interface HitRow {
  id: number
  score: number
  snippet: string
  start: number
  end: number
  text: string
  track_id: number
  kind: SearchHit['trackKind']
  language: SearchHit['language']
  recording_id: string
  speaker_name: string | null
  speaker_label: string | null
}

/** Splits FTS5's marked snippet into plain text and the ranges that matched. */
export function unmark(marked: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = ''
  const highlights: Array<[number, number]> = []
  let from = -1
  for (const ch of marked) {
    if (ch === open) from = snippet.length
    else if (ch === close) {
      if (from >= 0 && snippet.length > from) highlights.push([from, snippet.length])
      from = -1
    } else snippet += ch
  }
  return { snippet, highlights }
}

export interface SearchOptions {
  query: string
  /** The word being typed is a prefix too (query.ts, `completeLast`). */
  asYouType?: boolean
  filters?: SearchFilters
  limit?: number
  offset?: number
}

export interface SearchTuning {
  /** Matches ranked at most; a larger limit widens it (an export of 10,000 rows ranks 10,000). */
  window?: number
  /** Matches of the words looked at, at most, per `window` that must pass the filters. */
  budget?: number
}

const nothing = (expression: string | null, completing: string | null): SearchResult => ({
  expression,
  hits: [],
  groups: [],
  hasMore: false,
  ranking: 'all',
  total: 0,
  examined: 0,
  completing,
})

/**
 * Search over every track of the library: the parsed query against the FTS5 index, filters
 * resolved to ids first (scope.ts), a bounded set of matches ranked by bm25 (window.ts), and
 * snippets and joins only for the rows returned.
 */
export class SearchService {
  private readonly db: Database
  private readonly window: number
  private readonly budget: number

  constructor(db: Database, tuning: SearchTuning = {}) {
    this.db = db
    this.window = tuning.window ?? rankWindow
    this.budget = tuning.budget ?? filterBudget
  }

  search(options: SearchOptions): SearchResult {
    const parsed = parseQuery(options.query, { completeLast: options.asYouType === true })
    const limit = options.limit ?? 100
    const offset = options.offset ?? 0
    if (parsed.expression === null) return nothing(null, null)
    const stamp = libraryStamp(this.db)
    const scope = scopeFor(this.db, options.filters ?? {}, stamp)
    if (scope.empty) return nothing(parsed.expression, parsed.completing)
    const expression =
      writeExpression(parsed.required, parsed.excluded, prefixExpander(this.db)) ??
      parsed.expression
    // A limit larger than the window widens it, so an export of 10,000 rows ranks 10,000. Pages
    // of one size (offset) share one window, so paging never reorders what came before.
    const window = Math.max(this.window, limit)
    const budget = Math.ceil((this.budget * window) / this.window)
    return withRuns(this.db, scope.runs, () => {
      const ranked = rankMatches(this.db, expression, scope, window, budget)
      const page = ranked.ranked.slice(offset, offset + limit)
      const hits = this.details(expression, page).map(toHit)
      return {
        expression: parsed.expression,
        hits,
        groups: this.group(hits, stamp),
        hasMore: ranked.ranked.length > offset + limit,
        ranking: ranked.ranking,
        total: ranked.total,
        examined: ranked.examined,
        completing: parsed.completing,
      }
    })
  }

  /** Snippets, times, track and speaker for the page's hits, in the order they were ranked. */
  private details(expression: string, page: Array<[number, number]>): HitRow[] {
    if (page.length === 0) return []
    const ids = page.map(([id]) => id)
    // A loop, not Math.min(...ids): an export's page can hold 100,000 ids.
    let from = Infinity
    let to = -Infinity
    for (const id of ids) {
      from = Math.min(from, id)
      to = Math.max(to, id)
    }
    const rows = cached(this.db, detailsSql).all({
      expression,
      ids: JSON.stringify(ids),
      from,
      to,
    }) as Array<Omit<HitRow, 'score'>>
    const byId = new Map(rows.map((row) => [row.id, row]))
    return page.flatMap(([id, score]) => {
      const row = byId.get(id)
      return row ? [{ ...row, score }] : []
    })
  }

  private group(hits: SearchHit[], stamp: string): SearchResult['groups'] {
    const byRecording = new Map<string, SearchHit[]>()
    for (const hit of hits) {
      const list = byRecording.get(hit.recordingId)
      if (list) list.push(hit)
      else byRecording.set(hit.recordingId, [hit])
    }
    if (byRecording.size === 0) return []
    const recordings = searchRecordings(this.db, [...byRecording.keys()], stamp)
    return [...byRecording].flatMap(([id, list]) => {
      const recording = recordings.get(id)
      // Within a recording, hits read in the order they were said.
      const inTime = [...list].sort((a, b) => a.start - b.start || a.track - b.track)
      return recording ? [{ recording, hits: inTime }] : []
    })
  }
}

const columns = `snippet(segments_fts, 0, char(2), char(3), '…', ${snippetTokens}) AS snippet,
      s.start, s.end, s.text, s.track_id, t.kind, t.language, t.recording_id,
      sp.name AS speaker_name, sp.label AS speaker_label`
const joins = `JOIN segments s ON s.id = f.rowid
    JOIN tracks t ON t.id = s.track_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id`
// FTS5 walks the page's range rather than looking each id up: a look-up sets up every word of
// the expression again, which for a prefix of 60 words cost 41 ms a page against 17.
const detailsSql = `
  SELECT f.rowid AS id, ${columns}
  FROM segments_fts f ${joins}
  WHERE f.segments_fts MATCH @expression AND ${rowidRange}
    AND +f.rowid IN (SELECT value FROM json_each(@ids))`

function toHit(row: HitRow): SearchHit {
  const speaker = row.speaker_name || row.speaker_label || null
  return {
    segmentId: row.id,
    recordingId: row.recording_id,
    track: row.track_id,
    trackKind: row.kind,
    language: row.language,
    start: row.start,
    end: row.end,
    speaker,
    text: row.text,
    ...unmark(row.snippet),
    score: row.score,
  }
}

const services = new WeakMap<Database, SearchService>()

/** One service per open library, so its prepared statements are reused between calls. */
export function searchService(db: Database): SearchService {
  let service = services.get(db)
  if (!service) {
    service = new SearchService(db)
    services.set(db, service)
  }
  return service
}

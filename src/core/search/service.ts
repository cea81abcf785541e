import type { Database } from 'better-sqlite3'
import type { SearchFilters, SearchHit, SearchResult } from '../../shared/contract/index.ts'
import { prefixExpander } from './prefix.ts'
import { parseQuery, writeExpression } from './query.ts'
import { withRuns } from './runs.ts'
import { searchRecordings, searchSpeakers, searchTracks } from './recordings.ts'
import type { SearchTrack } from './recordings.ts'
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
 * pass them: their ids read and tested in JavaScript, about 0.15 µs each (4.7 ms for 30,000).
 * Filters that keep 1 match in 15 or more always fill the window within it.
 */
export const filterBudget = 30_000

interface DetailRow {
  id: number
  snippet: string
  start: number
  end: number
  text: string
  track_id: number
  speaker_id: number | null
}

/**
 * Splits FTS5's marked snippet into plain text and the ranges that matched (UTF-16 offsets). A
 * slice per mark, not a string built a character at a time: that took 1 µs a snippet, a tenth of
 * a rare word's whole search.
 */
export function unmark(marked: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = ''
  const highlights: Array<[number, number]> = []
  let from = -1
  let at = 0
  for (;;) {
    const opens = marked.indexOf(open, at)
    const closes = marked.indexOf(close, at)
    const next = opens < 0 ? closes : closes < 0 ? opens : Math.min(opens, closes)
    if (next < 0) return { snippet: snippet + marked.slice(at), highlights }
    snippet += marked.slice(at, next)
    if (next === opens) from = snippet.length
    else {
      if (from >= 0 && snippet.length > from) highlights.push([from, snippet.length])
      from = -1
    }
    at = next + 1
  }
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
      // When the page is every match the ranking read (a rare word), the range it spans holds
      // no others worth leaving out by id: at most a few of withdrawn recordings, dropped below.
      const whole =
        offset === 0 &&
        page.length === ranked.ranked.length &&
        ranked.read !== null &&
        ranked.read <= page.length + wholePageSlack
      const hits = this.details(expression, page, whole, stamp)
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
  private details(
    expression: string,
    page: Array<[number, number]>,
    whole: boolean,
    stamp: string,
  ): SearchHit[] {
    if (page.length === 0) return []
    // A loop, not Math.min(...ids): an export's page can hold 100,000 ids.
    let from = Infinity
    let to = -Infinity
    for (const [id] of page) {
      from = Math.min(from, id)
      to = Math.max(to, id)
    }
    const rows = (
      whole
        ? cached(this.db, spanSql).all({ expression, from, to })
        : cached(this.db, detailsSql).all({
            expression,
            from,
            to,
            ids: JSON.stringify(page.map(([id]) => id)),
          })
    ) as DetailRow[]
    const byId = new Map(rows.map((row) => [row.id, row]))
    const tracks = searchTracks(this.db, new Set(rows.map((row) => row.track_id)), stamp)
    const speakerIds = new Set<number>()
    for (const row of rows) if (row.speaker_id !== null) speakerIds.add(row.speaker_id)
    const speakers = searchSpeakers(this.db, speakerIds, stamp)
    return page.flatMap(([id, score]) => {
      const row = byId.get(id)
      const track = row && tracks.get(row.track_id)
      if (!row || !track) return []
      const speaker = row.speaker_id === null ? null : (speakers.get(row.speaker_id) ?? null)
      return [toHit(row, track, speaker, score)]
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

/** Matches a whole page may read beyond its own hits (see `whole` in search). */
const wholePageSlack = 100

// The track and speaker of a hit come from what is remembered (recordings.ts), not a join.
const columns = `snippet(segments_fts, 0, char(2), char(3), '…', ${snippetTokens}) AS snippet,
      s.start, s.end, s.text, s.track_id, s.speaker_id`
// FTS5 walks the page's range rather than looking each id up: a look-up sets up every word of
// the expression again, which for a prefix of 60 words cost 41 ms a page against 17.
const spanSql = `
  SELECT f.rowid AS id, ${columns}
  FROM segments_fts f JOIN segments s ON s.id = f.rowid
  WHERE f.segments_fts MATCH @expression AND ${rowidRange}`
const detailsSql = `${spanSql}
    AND +f.rowid IN (SELECT value FROM json_each(@ids))`

function toHit(
  row: DetailRow,
  track: SearchTrack,
  speaker: string | null,
  score: number,
): SearchHit {
  return {
    segmentId: row.id,
    recordingId: track.recordingId,
    track: row.track_id,
    trackKind: track.kind,
    language: track.language,
    start: row.start,
    end: row.end,
    speaker,
    text: row.text,
    ...unmark(row.snippet),
    score,
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

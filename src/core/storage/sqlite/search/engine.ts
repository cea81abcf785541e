import type { SearchHit, SearchResult } from '../../../../shared/contract/index.ts'
import { parseQuery, writeExpression } from '../../../search/query.ts'
import {
  filterBudget,
  groupHits,
  hitRecordings,
  noMatches,
  rankWindow,
  unmark,
  type SearchOptions,
  type SearchTuning,
} from '../../../search/service.ts'
import type { StatementCache } from '../statements.ts'
import { PrefixWords } from './prefix.ts'
import { SearchRuns } from './runs.ts'
import { libraryStamp, SearchScopes } from './scope.ts'
import { ShownRows, type SearchTrack } from './remembered.ts'
import { rankMatches, rowidRange } from './window.ts'

/** Words of context in a snippet: about a subtitle line either side (FTS5 allows up to 64). */
const snippetTokens = 24

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
 * The SQLite `SearchIndex` (decisions 0021 and 0120): the parsed query against the FTS5 index
 * that migration 002's triggers keep in step with `segments`, filters resolved to ids first
 * (scope.ts), a bounded set of matches ranked by bm25 (window.ts), and snippets and joins only for
 * the rows returned. Synchronous, on the storage's statement cache; SqliteStorage runs it behind
 * the async port. What it remembers between searches (scopes, runs, prefix words, the rows a page
 * shows) is this library's and lives here, on the storage, emptied when the library changes.
 */
export class SqliteSearch {
  private readonly sql: StatementCache
  private readonly runs: SearchRuns
  private readonly scopes: SearchScopes
  private readonly prefixes: PrefixWords
  private readonly shown: ShownRows

  constructor(sql: StatementCache) {
    this.sql = sql
    this.runs = new SearchRuns(sql)
    this.scopes = new SearchScopes(sql, this.runs)
    this.prefixes = new PrefixWords(sql)
    this.shown = new ShownRows(sql)
  }

  /** An expander of prefixes to the index's words (prefix.ts), remembered until it changes. */
  prefixExpander(): ReturnType<PrefixWords['expander']> {
    return this.prefixes.expander()
  }

  /** `tuning` is for tests and benchmarks that measure other windows; the port uses the defaults. */
  search(options: SearchOptions, tuning: SearchTuning = {}): SearchResult {
    const rankAtMost = tuning.window ?? rankWindow
    const lookAtMost = tuning.budget ?? filterBudget
    const parsed = parseQuery(options.query, { completeLast: options.asYouType === true })
    const limit = options.limit ?? 100
    const offset = options.offset ?? 0
    if (parsed.expression === null) return noMatches(null, null)
    const stamp = libraryStamp(this.sql)
    const scope = this.scopes.scopeFor(options.filters ?? {}, stamp)
    if (scope.empty) return noMatches(parsed.expression, parsed.completing)
    const expression =
      writeExpression(parsed.required, parsed.excluded, this.prefixes.expander()) ??
      parsed.expression
    // A limit larger than the window widens it, so an export of 10,000 rows ranks 10,000. Pages
    // of one size (offset) share one window, so paging never reorders what came before.
    const window = Math.max(rankAtMost, limit)
    const budget = Math.ceil((lookAtMost * window) / rankAtMost)
    return this.runs.withRuns(scope.runs, () => {
      const ranked = rankMatches(this.sql, expression, scope, window, budget)
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
        groups:
          hits.length === 0
            ? []
            : groupHits(hits, this.shown.recordings(hitRecordings(hits), stamp)),
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
        ? this.sql.get(spanSql).all({ expression, from, to })
        : this.sql.get(detailsSql).all({
            expression,
            from,
            to,
            ids: JSON.stringify(page.map(([id]) => id)),
          })
    ) as DetailRow[]
    const byId = new Map(rows.map((row) => [row.id, row]))
    const tracks = this.shown.tracks(new Set(rows.map((row) => row.track_id)), stamp)
    const speakerIds = new Set<number>()
    for (const row of rows) if (row.speaker_id !== null) speakerIds.add(row.speaker_id)
    const speakers = this.shown.speakers(speakerIds, stamp)
    return page.flatMap(([id, score]) => {
      const row = byId.get(id)
      const track = row && tracks.get(row.track_id)
      if (!row || !track) return []
      const speaker = row.speaker_id === null ? null : (speakers.get(row.speaker_id) ?? null)
      return [toHit(row, track, speaker, score)]
    })
  }
}

/** Matches a whole page may read beyond its own hits (see `whole` in search). */
const wholePageSlack = 100

// The track and speaker of a hit come from what is remembered (remembered.ts), not a join. The
// marks are src/core/search/service.ts's snippetOpen and snippetClose (char 2 and 3).
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

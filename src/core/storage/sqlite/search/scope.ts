import type { SearchFilters } from '../../../../shared/contract/index.ts'
import { speakerFilter } from '../../../search/service.ts'
import type { StatementCache } from '../statements.ts'
import type { SearchRuns, SegmentRuns } from './runs.ts'

/**
 * The filters, resolved before the full-text query runs into the few ids they allow: tracks
 * (from the recording's metadata, consent and the track's language) and speakers. A library
 * holds thousands of tracks, not millions, so this costs about a millisecond; the tracks and the
 * speakers' segments then become runs of segment ids (runs.ts), which a match's id is tested
 * against without a look-up.
 */
export interface SearchScope {
  /**
   * The segments allowed (the tracks', narrowed to the speakers' segments) or, when most are,
   * the few excluded. null: all, or a single run, which `segmentSpan` already is.
   */
  runs: SegmentRuns | null
  /** The span of the allowed segment ids: FTS5 narrows its row lists to it by itself. */
  segmentSpan: { min: number; max: number } | null
  /**
   * When the runs are excluded: about what share of all segments they hold (0 to 1), so that a
   * search reads enough matches at once to fill its window after dropping theirs (window.ts).
   */
  excludedShare: number
  /** Nothing can match: skip the query. */
  empty: boolean
}

interface TrackRow {
  id: number
  allowed: 0 | 1
}

const none: SearchScope = {
  runs: null,
  segmentSpan: null,
  excludedShare: 0,
  empty: true,
}

interface ScopeCache {
  stamp: string
  scopes: Map<string, SearchScope>
}

/**
 * Distinct filter sets remembered per library; a person uses a handful. A speaker's runs can
 * hold tens of thousands of ids (0.6 MB for one speaker name in 1,000 hours).
 */
const cacheSize = 16

/**
 * A value that changes whenever the library does: any write on this connection moves
 * total_changes(); a write by another process (the CLI beside the app) moves data_version.
 * What a search remembers between keystrokes (scopes, recordings) is kept until it changes.
 */
export function libraryStamp(sql: StatementCache): string {
  const row = sql
    .get('SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version')
    .get() as { changes: number; version: number }
  return `${row.changes}:${row.version}`
}

/** One library's filters resolved to scopes, remembered until it changes (held by SqliteSearch). */
export class SearchScopes {
  private readonly sql: StatementCache
  private readonly runs: SearchRuns
  private cache: ScopeCache | null = null

  constructor(sql: StatementCache, runs: SearchRuns) {
    this.sql = sql
    this.runs = runs
  }

  /**
   * The scope for these filters, remembered until the library changes (`stamp`, libraryStamp):
   * a search as you type resolves the same filters on every keystroke (1 ms for 1,000
   * recordings, measured).
   */
  scopeFor(filters: SearchFilters, stamp: string): SearchScope {
    if (!this.cache || this.cache.stamp !== stamp) this.cache = { stamp, scopes: new Map() }
    const key = JSON.stringify(filters)
    let scope = this.cache.scopes.get(key)
    if (!scope) {
      if (this.cache.scopes.size >= cacheSize) this.cache.scopes.clear()
      scope = this.resolve(filters)
      this.cache.scopes.set(key, scope)
    }
    return scope
  }

  resolve(filters: SearchFilters): SearchScope {
    const where: string[] = []
    const params: Record<string, unknown> = {}
    const consent = filters.consent ?? ['given', 'restricted', 'unknown', 'withdrawn']
    const allowed = filters.includeWithdrawn ? consent : consent.filter((c) => c !== 'withdrawn')
    if (allowed.length < 4) {
      where.push('r.consent_status IN (SELECT value FROM json_each(@consent))')
      params.consent = JSON.stringify(allowed)
    }
    if (filters.language) {
      where.push('t.language = @language')
      params.language = filters.language
    }
    if (filters.from) {
      where.push('r.interview_date >= @from')
      params.from = filters.from
    }
    if (filters.to) {
      where.push('r.interview_date <= @to')
      params.to = filters.to
    }
    if (filters.recordingId) {
      where.push('r.id = @recordingId')
      params.recordingId = filters.recordingId
    }
    const tags = [...new Set(filters.tags ?? [])]
    if (tags.length > 0) {
      where.push(`(SELECT count(*) FROM recording_tags g WHERE g.recording_id = r.id
      AND g.tag IN (SELECT value FROM json_each(@tags))) = @tagCount`)
      params.tags = JSON.stringify(tags)
      params.tagCount = tags.length
    }

    let speakerIds: number[] | null = null
    if (filters.speaker) {
      const matches = speakerFilter(filters.speaker)
      const speakers = this.sql.get('SELECT id, name, label FROM speakers').all() as Array<{
        id: number
        name: string
        label: string
      }>
      speakerIds = speakers.filter((s) => matches(s.name, s.label)).map((s) => s.id)
      if (speakerIds.length === 0) return none
    }

    const tracks = this.resolveTracks(where, params)
    if (tracks === 'none') return none
    let runs = tracks
    if (speakerIds) runs = this.runs.speakerRuns(speakerIds, runs)
    if (runs?.allow && runs.lo.length === 0) return none
    const segmentSpan = runs?.allow
      ? { min: runs.lo[0] as number, max: runs.hi[runs.lo.length - 1] as number }
      : null
    // One run is the span itself, which FTS5 applies on its own: no test per match is needed.
    if (runs?.allow && runs.lo.length === 1) runs = null
    return {
      runs,
      segmentSpan,
      excludedShare: runs && !runs.allow ? this.shareOf(runs) : 0,
      empty: false,
    }
  }

  /** The share of all segments (ids are dense enough to stand for them) inside these runs. */
  private shareOf(runs: SegmentRuns): number {
    const last = this.sql.get('SELECT coalesce(max(id), 0) FROM segments').pluck().get() as number
    let inside = 0
    for (let i = 0; i < runs.lo.length; i++)
      inside += (runs.hi[i] as number) - (runs.lo[i] as number) + 1
    return last > 0 ? Math.min(1, inside / last) : 0
  }

  /**
   * The segments of the tracks the filters allow, as runs of their ids, or, when most tracks are
   * allowed, of the few they do not (a short list tests faster); null: all.
   */
  private resolveTracks(
    where: string[],
    params: Record<string, unknown>,
  ): SegmentRuns | 'none' | null {
    if (where.length === 0) return null
    const sql = `SELECT t.id, ${where.join(' AND ')} AS allowed
    FROM tracks t JOIN recordings r ON r.id = t.recording_id`
    const rows = this.sql.get(sql).all(params) as TrackRow[]
    const isAllowed = (t: TrackRow) => t.allowed === 1
    const trackIds = rows.filter(isAllowed).map((t) => t.id)
    if (trackIds.length === 0) return 'none'
    if (trackIds.length > rows.length / 2) {
      // The usual case (nothing filtered but withdrawn recordings): test against the few left out.
      const excluded = rows.filter((t) => !isAllowed(t)).map((t) => t.id)
      return excluded.length === 0 ? null : this.runs.segmentRuns(excluded, false)
    }
    return this.runs.segmentRuns(trackIds, true)
  }
}

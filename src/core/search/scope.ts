import type { Database } from 'better-sqlite3'
import type { SearchFilters } from '../../shared/contract/index.ts'
import { fold } from './query.ts'
import { cached } from './statements.ts'

/**
 * The filters, resolved before the full-text query runs into the few ids they allow: tracks
 * (from the recording's metadata, consent and the track's language) and speakers. A library
 * holds thousands of tracks, not millions, so this costs well under a millisecond and leaves
 * the full-text query one cheap membership test per row it looks at.
 */
export interface SearchScope {
  /** null: every track. */
  trackIds: number[] | null
  /** null: any speaker (or none). */
  speakerIds: number[] | null
  /** The span of segment ids of the allowed tracks, when they are few enough to be worth it. */
  segmentSpan: { min: number; max: number } | null
  /** Nothing can match: skip the query. */
  empty: boolean
}

/** Up to this many tracks, the span of their segment ids is passed to FTS5 as a rowid range. */
const spanTrackLimit = 16

interface TrackRow {
  id: number
  recording_id: string
}

export function resolveScope(db: Database, filters: SearchFilters): SearchScope {
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
  let speakerRecordings: Set<string> | null = null
  if (filters.speaker) {
    const wanted = fold(filters.speaker)
    const speakers = cached(
      db,
      'SELECT id, recording_id, name, label FROM speakers',
    ).all() as Array<{
      id: number
      recording_id: string
      name: string
      label: string
    }>
    const matching = speakers.filter(
      (s) => fold(s.name).includes(wanted) || fold(s.label) === wanted,
    )
    speakerIds = matching.map((s) => s.id)
    speakerRecordings = new Set(matching.map((s) => s.recording_id))
    if (speakerIds.length === 0) return { trackIds: [], speakerIds, segmentSpan: null, empty: true }
  }

  if (where.length === 0 && !speakerRecordings) {
    return { trackIds: null, speakerIds, segmentSpan: null, empty: false }
  }
  const sql = `SELECT t.id, t.recording_id FROM tracks t JOIN recordings r ON r.id = t.recording_id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`
  let tracks = cached(db, sql).all(params) as TrackRow[]
  if (speakerRecordings) {
    const only = speakerRecordings
    tracks = tracks.filter((t) => only.has(t.recording_id))
  }
  const trackIds = tracks.map((t) => t.id)
  if (trackIds.length === 0) return { trackIds, speakerIds, segmentSpan: null, empty: true }
  // Nothing left out: no membership test at all (the usual case: no filter, nothing withdrawn).
  const total = (cached(db, 'SELECT count(*) AS n FROM tracks').get() as { n: number }).n
  if (trackIds.length === total && !speakerIds) {
    return { trackIds: null, speakerIds, segmentSpan: null, empty: false }
  }
  let segmentSpan: SearchScope['segmentSpan'] = null
  if (trackIds.length <= spanTrackLimit) {
    const span = cached(
      db,
      `SELECT min(id) AS min, max(id) AS max FROM segments
         WHERE track_id IN (SELECT value FROM json_each(?))`,
    ).get(JSON.stringify(trackIds)) as { min: number | null; max: number | null }
    if (span.min === null || span.max === null) {
      return { trackIds, speakerIds, segmentSpan: null, empty: true }
    }
    segmentSpan = { min: span.min, max: span.max }
  }
  return { trackIds, speakerIds, segmentSpan, empty: false }
}

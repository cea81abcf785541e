import type { SearchFilters } from '../../../../shared/contract/index.ts'
import { speakerFilter } from '../../../search/service.ts'
import type { Queryable } from '../db.ts'

/**
 * The filters, resolved before the text query into the few ids they allow: tracks (from the
 * recording's metadata, consent and the track's language) and speakers, as SQLite does
 * (decision 0021). A library holds thousands of tracks, not millions, so this is a short read;
 * the ranking statement then tests a segment's `track_id` and `speaker_id` against arrays, which
 * the planner estimates from the column statistics when it chooses a plan (window.ts). One
 * statement, with the table's size the plan's choice needs too.
 */
export interface PgScope {
  /** Tracks allowed (`allow`) or, when most are, the few left out; null: every track. */
  tracks: { ids: number[]; allow: boolean } | null
  /** Speakers allowed; null: any speaker, or none. */
  speakers: number[] | null
  /** About how many segments the library holds (the planner's count, pg_class.reltuples). */
  segments: number
  /** Nothing can match: skip the query. */
  empty: boolean
}

const none: PgScope = { tracks: null, speakers: null, segments: 0, empty: true }

const everyConsent = ['given', 'restricted', 'unknown', 'withdrawn'] as const

export async function resolveScope(q: Queryable, filters: SearchFilters): Promise<PgScope> {
  const where: string[] = []
  const params: unknown[] = []
  const param = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const consent = filters.consent ?? [...everyConsent]
  const allowed = filters.includeWithdrawn ? consent : consent.filter((c) => c !== 'withdrawn')
  if (allowed.length === 0) return none
  if (new Set(allowed).size < everyConsent.length) {
    where.push(`r.consent_status = ANY(${param(allowed)}::text[])`)
  }
  if (filters.language) where.push(`t.language = ${param(filters.language)}`)
  if (filters.from) where.push(`r.interview_date >= ${param(filters.from)}`)
  if (filters.to) where.push(`r.interview_date <= ${param(filters.to)}`)
  if (filters.recordingId) where.push(`r.id = ${param(filters.recordingId)}`)
  const tags = [...new Set(filters.tags ?? [])]
  if (tags.length > 0) {
    where.push(`(SELECT count(*) FROM recording_tags g WHERE g.recording_id = r.id
      AND g.tag = ANY(${param(tags)}::text[])) = ${param(tags.length)}`)
  }

  let speakers: number[] | null = null
  if (filters.speaker) {
    const matches = speakerFilter(filters.speaker)
    const rows = await q.rows<{ id: number; name: string; label: string }>(
      'SELECT id, name, label FROM speakers',
    )
    speakers = rows.filter((s) => matches(s.name, s.label)).map((s) => s.id)
    if (speakers.length === 0) return none
  }

  const row = await q.row<TracksRow>(
    `SELECT count(*) FILTER (WHERE allowed) AS allowed, count(*) AS tracks,
       coalesce(array_agg(id) FILTER (WHERE allowed), '{}') AS yes,
       coalesce(array_agg(id) FILTER (WHERE NOT allowed), '{}') AS no,
       (SELECT greatest(reltuples, 0)::float8 FROM pg_class
         WHERE oid = 'segments'::regclass) AS segments
     FROM (SELECT t.id, coalesce(${where.length > 0 ? where.join(' AND ') : 'true'}, false) AS allowed
       FROM tracks t JOIN recordings r ON r.id = t.recording_id) x`,
    params,
  )
  if (!row || row.allowed === 0) return none
  const segments = row.segments
  // The usual case (nothing filtered but withdrawn recordings): name the few left out.
  if (row.allowed === row.tracks) return { tracks: null, speakers, segments, empty: false }
  if (row.allowed > row.tracks / 2) {
    return { tracks: { ids: row.no, allow: false }, speakers, segments, empty: false }
  }
  return { tracks: { ids: row.yes, allow: true }, speakers, segments, empty: false }
}

interface TracksRow {
  allowed: number
  tracks: number
  yes: number[]
  no: number[]
  segments: number
}

/**
 * The scope as conditions on `s` (segments) for a statement whose parameters so far are
 * `params`: appends its arrays and returns the SQL to AND with the text match.
 */
export function scopeConditions(scope: PgScope, params: unknown[]): string {
  const conditions: string[] = []
  if (scope.tracks) {
    params.push(scope.tracks.ids)
    conditions.push(
      scope.tracks.allow
        ? `s.track_id = ANY($${params.length}::bigint[])`
        : `s.track_id <> ALL($${params.length}::bigint[])`,
    )
  }
  if (scope.speakers) {
    params.push(scope.speakers)
    conditions.push(`s.speaker_id = ANY($${params.length}::bigint[])`)
  }
  return conditions.map((c) => ` AND ${c}`).join('')
}

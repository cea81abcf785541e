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
  /** Speakers allowed; null: no speaker filter. */
  speakers: number[] | null
  /** About how many segments the library holds (the planner's count, pg_class.reltuples). */
  segments: number
  /** The lowest and highest segment ids (0 when there are none): the span a bounded window cuts. */
  ids: { min: number; max: number }
  /** Nothing can match: skip the query. */
  empty: boolean
}

const none: PgScope = {
  tracks: null,
  speakers: null,
  segments: 0,
  ids: { min: 0, max: 0 },
  empty: true,
}

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
    // The recordings with every tag, grouped once (decision 0195): a count per track took 16 ms
    // for 1,000 tracks, this 1 ms.
    where.push(`r.id IN (SELECT g.recording_id FROM recording_tags g
      WHERE g.tag = ANY(${param(tags)}::text[]) GROUP BY g.recording_id
      HAVING count(*) = ${param(tags.length)})`)
  }

  // The speakers and the tracks are read at once, on two connections: one round trip's wait, not
  // two (decision 0195).
  const [speakers, row] = await Promise.all([
    filters.speaker ? speakersNamed(q, filters.speaker) : null,
    q.row<TracksRow>(
      `SELECT count(*) FILTER (WHERE allowed) AS allowed, count(*) AS tracks,
       coalesce(array_agg(id) FILTER (WHERE allowed), '{}') AS yes,
       coalesce(array_agg(id) FILTER (WHERE NOT allowed), '{}') AS no,
       (SELECT greatest(reltuples, 0)::float8 FROM pg_class
         WHERE oid = 'segments'::regclass) AS segments,
       coalesce((SELECT min(id) FROM segments), 0) AS min_id,
       coalesce((SELECT max(id) FROM segments), 0) AS max_id
     FROM (SELECT t.id, coalesce(${where.length > 0 ? where.join(' AND ') : 'true'}, false) AS allowed
       FROM tracks t JOIN recordings r ON r.id = t.recording_id) x`,
      params,
    ),
  ])
  if (speakers?.length === 0) return none
  if (!row || row.allowed === 0) return none
  const sized = { speakers, segments: row.segments, ids: { min: row.min_id, max: row.max_id } }
  // The usual case (nothing filtered but withdrawn recordings): name the few left out.
  if (row.allowed === row.tracks) return { tracks: null, ...sized, empty: false }
  if (row.allowed > row.tracks / 2) {
    return { tracks: { ids: row.no, allow: false }, ...sized, empty: false }
  }
  return { tracks: { ids: row.yes, allow: true }, ...sized, empty: false }
}

/** The ids of the speakers the filter names (service.ts's speakerFilter, as SQLite's). */
async function speakersNamed(q: Queryable, filter: string): Promise<number[]> {
  const matches = speakerFilter(filter)
  const rows = await q.rows<{ id: number; name: string; label: string }>(
    'SELECT id, name, label FROM speakers',
  )
  return rows.filter((s) => matches(s.name, s.label)).map((s) => s.id)
}

interface TracksRow {
  allowed: number
  tracks: number
  yes: number[]
  no: number[]
  segments: number
  min_id: number
  max_id: number
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

import type { Database } from 'better-sqlite3'
import type { SearchRecording } from '../../shared/contract/index.ts'
import { cached } from './statements.ts'

/**
 * What the results list shows above a recording's hits, remembered between searches until the
 * library changes (`stamp`, scope.ts libraryStamp). A search as you type shows the same
 * recordings keystroke after keystroke; looking 40 of them up with their tags took 0.15 ms a
 * call at 1,000 hours, a quarter of a rare word's whole search. A few thousand recordings at a
 * few hundred bytes each is all it can hold.
 */
interface RecordingRow {
  id: string
  title: string
  interview_date: string | null
  interviewees: string
  place: string
  consent_status: SearchRecording['consentStatus']
  duration: number
  tags: string
}

interface RecordingsCache {
  stamp: string
  byId: Map<string, SearchRecording>
}
const caches = new WeakMap<Database, RecordingsCache>()

const recordingsSql = `
  SELECT r.id, r.title, r.interview_date, r.interviewees, r.place, r.consent_status, r.duration,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM recording_tags g WHERE g.recording_id = r.id ORDER BY tag)) AS tags
  FROM recordings r WHERE r.id IN (SELECT value FROM json_each(?))`

/** The recordings with these ids that exist, by id. */
export function searchRecordings(
  db: Database,
  ids: readonly string[],
  stamp: string,
): Map<string, SearchRecording> {
  let cache = caches.get(db)
  if (!cache || cache.stamp !== stamp) {
    cache = { stamp, byId: new Map() }
    caches.set(db, cache)
  }
  const byId = cache.byId
  const missing = ids.filter((id) => !byId.has(id))
  if (missing.length > 0) {
    const rows = cached(db, recordingsSql).all(JSON.stringify(missing)) as RecordingRow[]
    for (const row of rows) byId.set(row.id, toRecording(row))
  }
  return byId
}

function toRecording(row: RecordingRow): SearchRecording {
  return {
    id: row.id,
    title: row.title,
    interviewDate: row.interview_date,
    interviewees: JSON.parse(row.interviewees) as string[],
    place: row.place,
    consentStatus: row.consent_status,
    tags: JSON.parse(row.tags) as string[],
    duration: row.duration,
  }
}

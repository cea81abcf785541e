import type { SearchHit, SearchRecording } from '../../../../shared/contract/index.ts'
import { shownSpeaker } from '../../../../shared/speakers.ts'
import { searchRecordingFromRow, type SearchRecordingRow } from '../../rows.ts'
import type { StatementCache } from '../statements.ts'

/**
 * What a page of results shows beside its snippets, remembered between searches until the
 * library changes (`stamp`, scope.ts libraryStamp): the recordings above the hits, and each hit's
 * track and speaker. A search as you type shows the same ones keystroke after keystroke; looking
 * 40 recordings up with their tags took 0.15 ms a call at 1,000 hours, and joining each hit to
 * its track and speaker 0.03 ms, of a rare word's 0.4 ms search. A library holds thousands of
 * these at a few hundred bytes each; only those a search showed are read.
 */
export interface SearchTrack {
  kind: SearchHit['trackKind']
  language: SearchHit['language']
  recordingId: string
}

interface Remembered {
  stamp: string
  recordings: Map<string, SearchRecording>
  tracks: Map<number, SearchTrack>
  /** The name it is shown under (shownSpeaker); null when it has neither name nor label. */
  speakers: Map<number, string | null>
}

const recordingsSql = `
  SELECT r.id, r.title, r.interview_date, r.interviewees, r.place, r.consent_status, r.duration,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM recording_tags g WHERE g.recording_id = r.id ORDER BY tag)) AS tags
  FROM recordings r WHERE r.id IN (SELECT value FROM json_each(?))`

interface TrackRow {
  id: number
  kind: SearchHit['trackKind']
  language: SearchHit['language']
  recording_id: string
}

const tracksSql = `SELECT id, kind, language, recording_id FROM tracks
    WHERE id IN (SELECT value FROM json_each(?))`
const speakersSql = `SELECT id, label, name FROM speakers WHERE id IN (SELECT value FROM json_each(?))`

/** One library's remembered rows (held by SqliteSearch), emptied when the library changes. */
export class ShownRows {
  private readonly sql: StatementCache
  private cache: Remembered | null = null

  constructor(sql: StatementCache) {
    this.sql = sql
  }

  private remembered(stamp: string): Remembered {
    if (!this.cache || this.cache.stamp !== stamp) {
      this.cache = { stamp, recordings: new Map(), tracks: new Map(), speakers: new Map() }
    }
    return this.cache
  }

  /** Reads the ids `byId` does not hold yet, in one statement, and returns it. */
  private fill<K, R, V>(
    byId: Map<K, V>,
    ids: Iterable<K>,
    sql: string,
    entry: (row: R) => [K, V],
  ): Map<K, V> {
    const missing = new Set<K>()
    for (const id of ids) if (!byId.has(id)) missing.add(id)
    if (missing.size > 0) {
      const rows = this.sql.get(sql).all(JSON.stringify([...missing])) as R[]
      for (const row of rows) byId.set(...entry(row))
    }
    return byId
  }

  /** The recordings with these ids that exist, by id. */
  recordings(ids: Iterable<string>, stamp: string): ReadonlyMap<string, SearchRecording> {
    const byId = this.remembered(stamp).recordings
    return this.fill(byId, ids, recordingsSql, (row: SearchRecordingRow) => [
      row.id,
      searchRecordingFromRow(row),
    ])
  }

  /** The tracks with these ids that exist, by id. */
  tracks(ids: Iterable<number>, stamp: string): ReadonlyMap<number, SearchTrack> {
    return this.fill(this.remembered(stamp).tracks, ids, tracksSql, (row: TrackRow) => [
      row.id,
      { kind: row.kind, language: row.language, recordingId: row.recording_id },
    ])
  }

  /** What a hit says of its speaker (shownSpeaker), for the speakers with these ids, by id. */
  speakers(ids: Iterable<number>, stamp: string): ReadonlyMap<number, string | null> {
    return this.fill(
      this.remembered(stamp).speakers,
      ids,
      speakersSql,
      (row: { id: number; label: string; name: string }) => [
        row.id,
        // A label is never empty (the transcript repository skips blank ones); kept null if it were.
        shownSpeaker(row.label, row.name) || null,
      ],
    )
  }
}

import type {
  Recording,
  RecordingMetadata,
  RecordingState,
} from '../../../shared/contract/index.ts'
import {
  recordingNotFound,
  type NewRecording,
  type RecordingFiles,
} from '../../library/recordings.ts'
import { definedOnly, recordingFromRow, type RecordingRow } from '../rows.ts'
import type { StatementCache } from './statements.ts'

/*
 * The recordings table and its tags on SQLite (docs/decisions/0110-recordings-behind-the-port.md).
 * Synchronous, on one connection; sqlite/storage.ts puts it behind the async RecordingStore port
 * and the serialised transaction. Rows are normalised here, at the boundary: a boolean for
 * has_video, numbers for the numeric columns, arrays for the JSON ones.
 */

const selectRecording = `
  SELECT r.*, (SELECT json_group_array(tag) FROM (SELECT tag FROM recording_tags t WHERE t.recording_id = r.id ORDER BY tag)) AS tags
  FROM recordings r`

const insertRecording = `INSERT INTO recordings (id, title, original_path, stored_path, sha256, size_bytes, duration, format,
    has_video, width, height, audio_codec, video_codec, sample_rate, channels, working_audio, peaks, poster,
    created_at, updated_at)
  VALUES (@id, @title, @path, @storedPath, @sha256, @sizeBytes, @duration, @format, @hasVideo, @width,
    @height, @audioCodec, @videoCodec, @sampleRate, @channels, @workingAudio, @peaks, @poster, @at, @at)`

/*
 * Every recording's state in one statement (decision 0132): each count is a correlated subquery
 * on an index (tracks and speakers by recording, segments by track, subtitle tracks by key), so
 * 10,000 recordings are one pass, not 10,000 reads.
 */
const selectStates = `
  SELECT r.id,
    EXISTS (SELECT 1 FROM tracks t WHERE t.recording_id = r.id AND t.kind = 'transcript') AS transcribed,
    (SELECT group_concat(language) FROM (SELECT language FROM subtitle_tracks s
       WHERE s.recording_id = r.id ORDER BY language)) AS subtitles,
    (SELECT count(*) FROM speakers p WHERE p.recording_id = r.id) AS speakers,
    (SELECT count(*) FROM speakers p WHERE p.recording_id = r.id AND p.name <> '') AS speakers_named,
    (SELECT count(*) FROM tracks t JOIN segments g ON g.track_id = t.id
       WHERE t.recording_id = r.id AND t.kind = 'transcript') AS segments,
    (SELECT count(*) FROM tracks t JOIN segments g ON g.track_id = t.id
       WHERE t.recording_id = r.id AND t.kind = 'transcript' AND g.review = 'verified') AS checked
  FROM recordings r
  ORDER BY r.created_at DESC, r.rowid DESC`

interface StateRow {
  id: string
  transcribed: number | bigint
  subtitles: string | null
  speakers: number | bigint
  speakers_named: number | bigint
  segments: number | bigint
  checked: number | bigint
}

/** One text for every patch: the caller merges the patch over the stored row first. */
const updateMetadata = `UPDATE recordings SET title = @title, interviewees = @interviewees,
    interviewer = @interviewer, interview_date = @interviewDate, place = @place,
    languages = @languages, consent_status = @consentStatus, consent_note = @consentNote,
    notes = @notes, updated_at = @at
  WHERE id = @id`

export class SqliteRecordings {
  private readonly sql: StatementCache
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date = () => new Date()) {
    this.sql = sql
    this.now = now
  }

  insert(recording: NewRecording): Recording {
    const at = this.now().toISOString()
    this.sql.get(insertRecording).run({ ...recording, hasVideo: recording.hasVideo ? 1 : 0, at })
    return this.require(recording.id)
  }

  get(id: string): Recording | undefined {
    const row = this.sql.get(`${selectRecording} WHERE r.id = ?`).get(id) as
      RecordingRow | undefined
    return row && recordingFromRow(row)
  }

  require(id: string): Recording {
    const recording = this.get(id)
    if (!recording) throw recordingNotFound(id)
    return recording
  }

  list(): Recording[] {
    const rows = this.sql
      .get(`${selectRecording} ORDER BY r.created_at DESC, r.rowid DESC`)
      .all() as RecordingRow[]
    return rows.map(recordingFromRow)
  }

  states(): RecordingState[] {
    const rows = this.sql.get(selectStates).all() as StateRow[]
    return rows.map((row) => ({
      id: row.id,
      transcribed: Number(row.transcribed) === 1,
      subtitles: row.subtitles ? (row.subtitles.split(',') as RecordingState['subtitles']) : [],
      speakers: Number(row.speakers),
      speakersNamed: Number(row.speakers_named),
      segments: Number(row.segments),
      checkedSegments: Number(row.checked),
    }))
  }

  bySha256(sha256: string): Recording | undefined {
    const row = this.sql.get(`${selectRecording} WHERE r.sha256 = ?`).get(sha256) as
      RecordingRow | undefined
    return row && recordingFromRow(row)
  }

  files(id: string): RecordingFiles {
    const row = this.sql
      .get('SELECT working_audio, peaks, poster, stored_path FROM recordings WHERE id = ?')
      .get(id) as
      Pick<RecordingRow, 'working_audio' | 'peaks' | 'poster' | 'stored_path'> | undefined
    if (!row) throw recordingNotFound(id)
    return {
      workingAudio: row.working_audio,
      peaks: row.peaks,
      poster: row.poster,
      storedPath: row.stored_path,
    }
  }

  forgetStoredCopy(id: string): void {
    this.sql
      .get('UPDATE recordings SET stored_path = NULL, updated_at = ? WHERE id = ?')
      .run(this.now().toISOString(), id)
  }

  /** Saves the fields given, all or none (a savepoint inside an open transaction). */
  update(id: string, patch: Partial<RecordingMetadata>): Recording {
    return this.sql.db.transaction(() => {
      const { tags, ...fields } = patch
      const next = { ...this.require(id), ...definedOnly(fields) }
      this.sql.get(updateMetadata).run({
        id,
        at: this.now().toISOString(),
        title: next.title,
        interviewees: JSON.stringify(next.interviewees),
        interviewer: next.interviewer,
        interviewDate: next.interviewDate,
        place: next.place,
        languages: next.languages,
        consentStatus: next.consentStatus,
        consentNote: next.consentNote,
        notes: next.notes,
      })
      if (tags) {
        this.sql.get('DELETE FROM recording_tags WHERE recording_id = ?').run(id)
        const insert = this.sql.get(
          'INSERT OR IGNORE INTO recording_tags (recording_id, tag) VALUES (?, ?)',
        )
        for (const tag of tags) insert.run(id, tag)
      }
      return this.require(id)
    })()
  }

  remove(id: string): boolean {
    return this.sql.get('DELETE FROM recordings WHERE id = ?').run(id).changes > 0
  }
}

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
import type { RecordingStore } from '../ports.ts'
import { definedOnly, recordingFromRow, type RecordingRow } from '../rows.ts'
import type { Transactional } from './db.ts'

/*
 * The recordings table and its tags on PostgreSQL: sqlite/recordings.ts's logic (decisions 0110
 * and 0136). The column types give the contract's values already (db.ts): a boolean has_video,
 * numbers, jsonb interviewees, the interview date as YYYY-MM-DD text, ISO timestamps. Tags sort
 * as SQLite sorts them (bytewise: COLLATE "C"), whatever the server's locale.
 */

const selectRecording = `
  SELECT r.*, ARRAY(SELECT tag FROM recording_tags t WHERE t.recording_id = r.id
    ORDER BY tag COLLATE "C") AS tags
  FROM recordings r`

const insertRecording = `INSERT INTO recordings (id, title, original_path, stored_path, sha256, size_bytes,
    duration, format, has_video, width, height, audio_codec, video_codec, sample_rate, channels,
    working_audio, peaks, poster, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`

/* Every recording's state in one statement (decision 0132), as on SQLite. */
const selectStates = `
  SELECT r.id,
    EXISTS (SELECT 1 FROM tracks t WHERE t.recording_id = r.id AND t.kind = 'transcript') AS transcribed,
    ARRAY(SELECT language FROM subtitle_tracks s WHERE s.recording_id = r.id
      ORDER BY language COLLATE "C") AS subtitles,
    (SELECT count(*) FROM speakers p WHERE p.recording_id = r.id) AS speakers,
    (SELECT count(*) FROM speakers p WHERE p.recording_id = r.id AND p.name <> '') AS speakers_named,
    (SELECT count(*) FROM tracks t JOIN segments g ON g.track_id = t.id
       WHERE t.recording_id = r.id AND t.kind = 'transcript') AS segments,
    (SELECT count(*) FROM tracks t JOIN segments g ON g.track_id = t.id
       WHERE t.recording_id = r.id AND t.kind = 'transcript' AND g.review = 'verified') AS checked
  FROM recordings r
  ORDER BY r.created_at DESC, r.seq DESC`

interface StateRow {
  id: string
  transcribed: boolean
  subtitles: RecordingState['subtitles']
  speakers: number
  speakers_named: number
  segments: number
  checked: number
}

const updateMetadata = `UPDATE recordings SET title = $2, interviewees = $3, interviewer = $4,
    interview_date = $5, place = $6, languages = $7, consent_status = $8, consent_note = $9,
    notes = $10, updated_at = $11
  WHERE id = $1`

export class PostgresRecordings implements RecordingStore {
  private readonly q: Transactional
  private readonly now: () => Date
  constructor(q: Transactional, now: () => Date = () => new Date()) {
    this.q = q
    this.now = now
  }

  async insert(recording: NewRecording): Promise<Recording> {
    const r = recording
    await this.q.run(insertRecording, [
      r.id,
      r.title,
      r.path,
      r.storedPath,
      r.sha256,
      r.sizeBytes,
      r.duration,
      r.format,
      r.hasVideo,
      r.width,
      r.height,
      r.audioCodec,
      r.videoCodec,
      r.sampleRate,
      r.channels,
      r.workingAudio,
      r.peaks,
      r.poster,
      this.now().toISOString(),
    ])
    return this.require(recording.id)
  }

  async get(id: string): Promise<Recording | undefined> {
    const row = await this.q.row<RecordingRow>(`${selectRecording} WHERE r.id = $1`, [id])
    return row && recordingFromRow(row)
  }

  async require(id: string): Promise<Recording> {
    const recording = await this.get(id)
    if (!recording) throw recordingNotFound(id)
    return recording
  }

  async list(): Promise<Recording[]> {
    const rows = await this.q.rows<RecordingRow>(
      `${selectRecording} ORDER BY r.created_at DESC, r.seq DESC`,
    )
    return rows.map(recordingFromRow)
  }

  async states(): Promise<RecordingState[]> {
    const rows = await this.q.rows<StateRow>(selectStates)
    return rows.map((row) => ({
      id: row.id,
      transcribed: row.transcribed,
      subtitles: row.subtitles,
      speakers: row.speakers,
      speakersNamed: row.speakers_named,
      segments: row.segments,
      checkedSegments: row.checked,
    }))
  }

  async bySha256(sha256: string): Promise<Recording | undefined> {
    const row = await this.q.row<RecordingRow>(`${selectRecording} WHERE r.sha256 = $1`, [sha256])
    return row && recordingFromRow(row)
  }

  async files(id: string): Promise<RecordingFiles> {
    const row = await this.q.row<
      Pick<RecordingRow, 'working_audio' | 'peaks' | 'poster' | 'stored_path'>
    >('SELECT working_audio, peaks, poster, stored_path FROM recordings WHERE id = $1', [id])
    if (!row) throw recordingNotFound(id)
    return {
      workingAudio: row.working_audio,
      peaks: row.peaks,
      poster: row.poster,
      storedPath: row.stored_path,
    }
  }

  async forgetStoredCopy(id: string): Promise<void> {
    await this.q.run('UPDATE recordings SET stored_path = NULL, updated_at = $1 WHERE id = $2', [
      this.now().toISOString(),
      id,
    ])
  }

  /** Saves the fields given, all or none (a savepoint inside an open transaction). */
  update(id: string, patch: Partial<RecordingMetadata>): Promise<Recording> {
    return this.q.transaction(async (tx) => {
      const store = new PostgresRecordings(tx, this.now)
      const { tags, ...fields } = patch
      const next = { ...(await store.require(id)), ...definedOnly(fields) }
      await tx.run(updateMetadata, [
        id,
        next.title,
        JSON.stringify(next.interviewees),
        next.interviewer,
        next.interviewDate,
        next.place,
        next.languages,
        next.consentStatus,
        next.consentNote,
        next.notes,
        this.now().toISOString(),
      ])
      if (tags) {
        await tx.run('DELETE FROM recording_tags WHERE recording_id = $1', [id])
        await tx.run(
          `INSERT INTO recording_tags (recording_id, tag)
           SELECT $1, tag FROM unnest($2::text[]) AS tag ON CONFLICT DO NOTHING`,
          [id, tags],
        )
      }
      return store.require(id)
    })
  }

  async remove(id: string): Promise<boolean> {
    return (await this.q.run('DELETE FROM recordings WHERE id = $1', [id])) > 0
  }
}

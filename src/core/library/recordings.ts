import type { Database } from 'better-sqlite3'
import { VocesError, type Recording, type RecordingMetadata } from '../../shared/contract/index.ts'

/** A recording as ingest hands it over, before a person has said anything about it. */
export interface NewRecording {
  id: string
  title: string
  path: string
  storedPath: string | null
  sha256: string
  sizeBytes: number
  duration: number
  format: string
  hasVideo: boolean
  width: number | null
  height: number | null
  audioCodec: string | null
  videoCodec: string | null
  sampleRate: number | null
  channels: number | null
  /** Relative to the library root. */
  workingAudio: string
  peaks: string
  poster: string | null
}

interface RecordingRow {
  id: string
  title: string
  original_path: string
  stored_path: string | null
  sha256: string
  size_bytes: number
  duration: number
  format: string
  has_video: number
  width: number | null
  height: number | null
  audio_codec: string | null
  video_codec: string | null
  sample_rate: number | null
  channels: number | null
  working_audio: string
  peaks: string
  poster: string | null
  interviewees: string
  interviewer: string
  interview_date: string | null
  place: string
  languages: Recording['languages']
  consent_status: Recording['consentStatus']
  consent_note: string
  notes: string
  created_at: string
  updated_at: string
  tags: string | null
}

/** Library files of one recording, relative to the library root. */
export interface RecordingFiles {
  workingAudio: string
  peaks: string
  poster: string | null
  storedPath: string | null
}

const metadataColumns: Record<Exclude<keyof RecordingMetadata, 'tags'>, string> = {
  title: 'title',
  interviewees: 'interviewees',
  interviewer: 'interviewer',
  interviewDate: 'interview_date',
  place: 'place',
  languages: 'languages',
  consentStatus: 'consent_status',
  consentNote: 'consent_note',
  notes: 'notes',
}

const selectRecording = `
  SELECT r.*, (SELECT json_group_array(tag) FROM (SELECT tag FROM recording_tags t WHERE t.recording_id = r.id ORDER BY tag)) AS tags
  FROM recordings r`

function fromRow(row: RecordingRow): Recording {
  return {
    id: row.id,
    title: row.title,
    path: row.original_path,
    storedPath: row.stored_path,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    duration: row.duration,
    format: row.format,
    hasVideo: row.has_video === 1,
    width: row.width,
    height: row.height,
    audioCodec: row.audio_codec,
    videoCodec: row.video_codec,
    sampleRate: row.sample_rate,
    channels: row.channels,
    hasPoster: row.poster !== null,
    interviewees: JSON.parse(row.interviewees) as string[],
    interviewer: row.interviewer,
    interviewDate: row.interview_date,
    place: row.place,
    languages: row.languages,
    consentStatus: row.consent_status,
    consentNote: row.consent_note,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function recordingNotFound(id: string): VocesError {
  return new VocesError('RECORDING_NOT_FOUND', `There is no recording ${id} in this library.`, {
    id,
  })
}

/** The recordings table and its tags, behind one small interface. */
export class RecordingRepository {
  private readonly db: Database
  private readonly now: () => Date
  constructor(db: Database, now: () => Date = () => new Date()) {
    this.db = db
    this.now = now
  }

  insert(recording: NewRecording): Recording {
    const at = this.now().toISOString()
    this.db
      .prepare(
        `INSERT INTO recordings (id, title, original_path, stored_path, sha256, size_bytes, duration, format,
           has_video, width, height, audio_codec, video_codec, sample_rate, channels, working_audio, peaks, poster,
           created_at, updated_at)
         VALUES (@id, @title, @path, @storedPath, @sha256, @sizeBytes, @duration, @format, @hasVideo, @width,
           @height, @audioCodec, @videoCodec, @sampleRate, @channels, @workingAudio, @peaks, @poster, @at, @at)`,
      )
      .run({ ...recording, hasVideo: recording.hasVideo ? 1 : 0, at })
    return this.require(recording.id)
  }

  get(id: string): Recording | undefined {
    const row = this.db.prepare(`${selectRecording} WHERE r.id = ?`).get(id) as
      RecordingRow | undefined
    return row && fromRow(row)
  }

  require(id: string): Recording {
    const recording = this.get(id)
    if (!recording) throw recordingNotFound(id)
    return recording
  }

  list(): Recording[] {
    const rows = this.db
      .prepare(`${selectRecording} ORDER BY r.created_at DESC, r.rowid DESC`)
      .all() as RecordingRow[]
    return rows.map(fromRow)
  }

  bySha256(sha256: string): Recording | undefined {
    const row = this.db.prepare(`${selectRecording} WHERE r.sha256 = ?`).get(sha256) as
      RecordingRow | undefined
    return row && fromRow(row)
  }

  files(id: string): RecordingFiles {
    const row = this.db
      .prepare('SELECT working_audio, peaks, poster, stored_path FROM recordings WHERE id = ?')
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

  /** The library no longer keeps its own copy of the original (the file is deleted by the caller). */
  forgetStoredCopy(id: string): void {
    this.db
      .prepare('UPDATE recordings SET stored_path = NULL, updated_at = ? WHERE id = ?')
      .run(this.now().toISOString(), id)
  }

  /** Saves the fields given, in one transaction; the rest stay as they were. */
  update(id: string, patch: Partial<RecordingMetadata>): Recording {
    this.db.transaction(() => {
      this.require(id)
      const sets: string[] = []
      const values: Record<string, unknown> = { id, at: this.now().toISOString() }
      for (const [key, column] of Object.entries(metadataColumns)) {
        const value = patch[key as keyof typeof metadataColumns]
        if (value === undefined) continue
        sets.push(`${column} = @${key}`)
        values[key] = key === 'interviewees' ? JSON.stringify(value) : value
      }
      sets.push('updated_at = @at')
      this.db.prepare(`UPDATE recordings SET ${sets.join(', ')} WHERE id = @id`).run(values)
      if (patch.tags) {
        this.db.prepare('DELETE FROM recording_tags WHERE recording_id = ?').run(id)
        const insert = this.db.prepare(
          'INSERT OR IGNORE INTO recording_tags (recording_id, tag) VALUES (?, ?)',
        )
        for (const tag of patch.tags) insert.run(id, tag)
      }
    })()
    return this.require(id)
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM recordings WHERE id = ?').run(id).changes > 0
  }
}

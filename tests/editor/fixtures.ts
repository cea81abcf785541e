import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { openDatabase } from '../../src/core/storage/sqlite/database.ts'
import { tempDir } from '../helpers.ts'

/** A real library database on disk (all migrations run), removed by `cleanup`. */
export function openTestDatabase(): { db: Database; cleanup: () => void } {
  const dir = tempDir('voces-editor-')
  const db = openDatabase(path.join(dir.dir, 'library.sqlite'))
  return {
    db,
    cleanup: () => {
      db.close()
      dir.cleanup()
    },
  }
}

export function insertRecording(db: Database, id: string): void {
  const at = '2025-01-01T00:00:00.000Z'
  db.prepare(
    `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video,
       working_audio, peaks, created_at, updated_at)
     VALUES (?, ?, '/x.wav', ?, 1, 60, 'wav', 0, 'a.wav', 'a.peaks', ?, ?)`,
  ).run(id, id, `sha-${id}`, at, at)
}

export interface FixtureSegment {
  speaker?: string
  words: Array<[string, number, number, number?]>
}

/** A track of segments and words, inserted by SQL as the transcription capability stores them. */
export function insertTrack(
  db: Database,
  recordingId: string,
  language: 'en' | 'es',
  segments: readonly FixtureSegment[],
): { trackId: number; segmentIds: number[]; speakerIds: Map<string, number> } {
  const at = '2025-01-01T00:00:00.000Z'
  const trackId = Number(
    db
      .prepare(
        "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, ?, 'transcript', 'whisper', ?, ?)",
      )
      .run(recordingId, language, at, at).lastInsertRowid,
  )
  const speakerIds = new Map<string, number>()
  const segmentIds = segments.map((segment) => {
    let speakerId: number | null = null
    if (segment.speaker) {
      speakerId =
        speakerIds.get(segment.speaker) ??
        Number(
          db
            .prepare('INSERT INTO speakers (recording_id, label) VALUES (?, ?)')
            .run(recordingId, segment.speaker).lastInsertRowid,
        )
      speakerIds.set(segment.speaker, speakerId)
    }
    const first = segment.words[0]
    const last = segment.words[segment.words.length - 1]
    const id = Number(
      db
        .prepare(
          'INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          trackId,
          first?.[1] ?? 0,
          last?.[2] ?? 0,
          speakerId,
          language,
          segment.words.map(([text]) => text).join(' '),
        ).lastInsertRowid,
    )
    const addWord = db.prepare(
      'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, ?)',
    )
    for (const [text, start, end, probability] of segment.words)
      addWord.run(id, start, end, text, probability ?? 0.9)
    return id
  })
  return { trackId, segmentIds, speakerIds }
}

// Rows for search tests, written with plain SQL so these tests do not wait on the transcript
// repository (src/core/transcripts) that is written beside them.
import type { Database } from 'better-sqlite3'
import v8 from 'node:v8'
import vm from 'node:vm'
import type { SqliteSearch } from '../../src/core/storage/sqlite/search/engine.ts'
import { SqliteStorage } from '../../src/core/storage/sqlite/storage.ts'
import { Voces } from '../../src/core/voces.ts'
import { tempDir } from '../helpers.ts'

export interface FixtureRecording {
  id: string
  title?: string
  interviewDate?: string | null
  consent?: 'given' | 'restricted' | 'withdrawn' | 'unknown'
  tags?: string[]
  duration?: number
}

export interface FixtureSegment {
  start: number
  end?: number
  text: string
  speaker?: number | null
}

export function openLibrary(): { voces: Voces; cleanup: () => Promise<void> } {
  const { dir, cleanup } = tempDir('voces-search-')
  const voces = new Voces({ libraryDir: dir, startJobs: false })
  return {
    voces,
    cleanup: async () => {
      await voces.close()
      cleanup()
    },
  }
}

/**
 * The library's SQLite search engine, synchronous (decision 0120): these tests state what FTS5
 * does beyond the contract (tests/storage/contract/search.ts), windows and budgets included.
 */
export function sqliteSearch(voces: Voces): SqliteSearch {
  if (!(voces.storage instanceof SqliteStorage)) throw new Error('a SQLite library was expected')
  return voces.storage.searchEngine
}

export function addRecording(db: Database, recording: FixtureRecording): string {
  db.prepare(
    `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video,
       working_audio, peaks, interview_date, consent_status, created_at, updated_at)
     VALUES (@id, @title, @path, @id, 1, @duration, 'wav', 0, 'w.wav', 'p.json', @date, @consent, 'now', 'now')`,
  ).run({
    id: recording.id,
    title: recording.title ?? recording.id,
    path: `/archive/${recording.id}.wav`,
    duration: recording.duration ?? 3600,
    date: recording.interviewDate ?? null,
    consent: recording.consent ?? 'given',
  })
  const tag = db.prepare('INSERT INTO recording_tags (recording_id, tag) VALUES (?, ?)')
  for (const t of recording.tags ?? []) tag.run(recording.id, t)
  return recording.id
}

export function addSpeaker(db: Database, recordingId: string, label: string, name = ''): number {
  return Number(
    db
      .prepare('INSERT INTO speakers (recording_id, label, name) VALUES (?, ?, ?)')
      .run(recordingId, label, name).lastInsertRowid,
  )
}

export function addTrack(
  db: Database,
  recordingId: string,
  language: 'en' | 'es',
  segments: FixtureSegment[],
  kind: 'transcript' | 'translation' = 'transcript',
): { trackId: number; segmentIds: number[] } {
  const trackId = Number(
    db
      .prepare(
        `INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at)
         VALUES (?, ?, ?, 'typed', 'now', 'now')`,
      )
      .run(recordingId, language, kind).lastInsertRowid,
  )
  const insert = db.prepare(
    'INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const segmentIds = segments.map((s) =>
    Number(
      insert.run(trackId, s.start, s.end ?? s.start + 5, s.speaker ?? null, language, s.text)
        .lastInsertRowid,
    ),
  )
  return { trackId, segmentIds }
}

/**
 * Runs a full garbage collection now, from JavaScript. better-sqlite3 12.11 on Node 24 can abort
 * when the collector reclaims a Statement at some other moment (see src/core/storage/sqlite/statements.ts);
 * a test that allocates heavily clears the one-off statements of its setup (migrations, pragmas)
 * here first.
 */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc') as () => void
  gc()
}

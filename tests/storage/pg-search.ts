import type { Transactional } from '../../src/core/storage/postgres/db.ts'
import { openPostgresStorage } from '../../src/core/storage/postgres/storage.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { tempDir } from '../helpers.ts'
import type { SearchFactory, SeedRecording } from './contract/search.ts'
import { freshDatabase } from './pg-fixture.ts'

/**
 * PostgreSQL under the search contract, on a fresh database of the test server. The recordings
 * and transcripts are written as rows of their own tables, as their owners write them (those
 * ports are not on PostgreSQL yet, decision 0100's order), and the generated `search` column of
 * migration 002 follows every write with no call from here.
 */
async function addRows(q: Transactional, recording: SeedRecording): Promise<void> {
  await q.run(
    `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format,
       has_video, working_audio, peaks, interview_date, consent_status, created_at, updated_at)
     VALUES ($1, $2, $3, $1, 1, 3600, 'wav', false, 'w.wav', 'p.json', $4, $5, now(), now())`,
    [
      recording.id,
      recording.title ?? recording.id,
      `/archive/${recording.id}.wav`,
      recording.interviewDate ?? null,
      recording.consent ?? 'given',
    ],
  )
  for (const tag of recording.tags ?? []) {
    await q.run('INSERT INTO recording_tags (recording_id, tag) VALUES ($1, $2)', [
      recording.id,
      tag,
    ])
  }
  const speakers = new Map<string, number>()
  for (const speaker of recording.speakers ?? []) {
    const row = await q.row<{ id: number }>(
      'INSERT INTO speakers (recording_id, label, name) VALUES ($1, $2, $3) RETURNING id',
      [recording.id, speaker.label, speaker.name ?? ''],
    )
    if (row) speakers.set(speaker.label, row.id)
  }
  for (const track of recording.tracks) {
    const row = await q.row<{ id: number }>(
      `INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at)
       VALUES ($1, $2, $3, 'whisper', now(), now()) RETURNING id`,
      [recording.id, track.language, track.kind ?? 'transcript'],
    )
    for (const segment of track.segments) {
      await q.run(
        `INSERT INTO segments (track_id, start, "end", speaker_id, language, text)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          row?.id,
          segment.start,
          segment.end ?? segment.start + 5,
          segment.speaker === undefined ? null : (speakers.get(segment.speaker) ?? null),
          track.language,
          segment.text,
        ],
      )
    }
  }
}

export const postgresSearch: SearchFactory = async () => {
  const fresh = await freshDatabase()
  const { dir, cleanup } = tempDir('voces-pg-search-')
  const storage = await openPostgresStorage(fresh.url, new LocalMediaStore(dir))
  const db = storage.db
  return {
    storage,
    add: (recording) => db.transaction((tx) => addRows(tx, recording)),
    setConsent: async (id, consent) => {
      await db.run('UPDATE recordings SET consent_status = $1 WHERE id = $2', [consent, id])
    },
    editText: async (id, language, start, text) => {
      await db.run(
        `UPDATE segments SET text = $1 WHERE start = $2 AND track_id IN
           (SELECT id FROM tracks WHERE recording_id = $3 AND language = $4)`,
        [text, start, id, language],
      )
    },
    remove: async (id) => {
      await db.run('DELETE FROM recordings WHERE id = $1', [id])
    },
    close: async () => {
      await storage.close()
      await fresh.drop()
      cleanup()
    },
  }
}

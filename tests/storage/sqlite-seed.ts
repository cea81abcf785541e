import type { Database, Statement } from 'better-sqlite3'
import { StatementCache } from '../../src/core/storage/sqlite/statements.ts'
import type { SeedEpisode, SeedRecording, SeedSegment, SeedTrack } from './contract/masking.ts'

/*
 * The owners' rows of the masking contract (contract/masking.ts) written and read on SQLite with
 * plain SQL, until the owners' ports can seed them (decision 0122).
 */

const at = '2026-12-07T10:00:00.000Z'

/** Statements kept per connection, never reclaimed mid-test (see src/core/storage/sqlite/statements.ts). */
const caches = new WeakMap<Database, StatementCache>()
function prepare(db: Database, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) {
    cache = new StatementCache(db)
    caches.set(db, cache)
  }
  return cache.get(sql)
}

export function seedRecording(db: Database, recording: SeedRecording): void {
  db.transaction(() => {
    prepare(
      db,
      `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video,
         working_audio, peaks, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, 'wav', 0, ?, ?, ?, ?)`,
    ).run(
      recording.id,
      `Interview ${recording.id}`,
      `/archive/${recording.id}.wav`,
      `sha-${recording.id}`,
      recording.duration,
      `media/${recording.id}/working.wav`,
      `media/${recording.id}/peaks.json`,
      at,
      at,
    )
    const speakerIds = new Map<string, number>()
    for (const s of recording.speakers) {
      const id = prepare(
        db,
        'INSERT INTO speakers (recording_id, label, name, affiliation) VALUES (?, ?, ?, ?)',
      ).run(recording.id, s.label, s.name, s.affiliation).lastInsertRowid
      speakerIds.set(s.label, Number(id))
    }
    for (const track of recording.tracks) {
      const trackId = prepare(
        db,
        "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, ?, ?, 'typed', ?, ?)",
      ).run(recording.id, track.language, track.kind, at, at).lastInsertRowid
      for (const segment of track.segments) {
        const segmentId = prepare(
          db,
          'INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(
          trackId,
          segment.start,
          segment.end,
          segment.speaker === undefined ? null : (speakerIds.get(segment.speaker) ?? null),
          track.language,
          segment.text,
        ).lastInsertRowid
        for (const word of segment.words ?? [])
          prepare(db, 'INSERT INTO words (segment_id, start, end, text) VALUES (?, ?, ?, ?)').run(
            segmentId,
            word.start,
            word.end,
            word.text,
          )
      }
    }
    for (const cue of recording.cues) {
      const cueId = prepare(
        db,
        'INSERT INTO subtitle_cues (recording_id, start, end, speaker) VALUES (?, ?, ?, ?)',
      ).run(recording.id, cue.start, cue.end, cue.speaker).lastInsertRowid
      for (const [language, text] of Object.entries(cue.texts))
        prepare(db, 'INSERT INTO subtitle_texts (cue_id, language, text) VALUES (?, ?, ?)').run(
          cueId,
          language,
          text,
        )
    }
    for (const job of recording.jobs)
      prepare(
        db,
        `INSERT INTO jobs (id, kind, state, recording_id, label, input, checkpoint, result, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)`,
      ).run(job.id, job.kind, job.state, recording.id, job.kind, job.checkpoint, job.result, at, at)
  })()
}

export function seedEpisode(db: Database, episode: SeedEpisode): void {
  db.transaction(() => {
    prepare(
      db,
      'INSERT INTO episodes (id, title, description_en, description_es, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      episode.id,
      `Episode ${episode.id}`,
      episode.descriptionEn,
      episode.descriptionEs,
      JSON.stringify(episode.notes),
      at,
      at,
    )
    episode.recordings.forEach((recordingId, position) =>
      prepare(
        db,
        'INSERT INTO episode_clips (episode_id, position, recording_id, start, end) VALUES (?, ?, ?, 0, 1)',
      ).run(episode.id, position, recordingId),
    )
    for (const c of episode.chapters)
      prepare(
        db,
        'INSERT INTO episode_chapters (episode_id, start, title_en, title_es) VALUES (?, ?, ?, ?)',
      ).run(episode.id, c.start, c.titleEn, c.titleEs)
  })()
}

export function readRecording(db: Database, id: string): SeedRecording {
  const duration = prepare(db, 'SELECT duration FROM recordings WHERE id = ?')
    .pluck()
    .get(id) as number
  const speakers = prepare(
    db,
    'SELECT id, label, name, affiliation FROM speakers WHERE recording_id = ? ORDER BY id',
  ).all(id) as Array<{ id: number; label: string; name: string; affiliation: string }>
  const labelOf = new Map(speakers.map((s) => [s.id, s.label]))
  const tracks = (
    prepare(
      db,
      'SELECT id, language, kind FROM tracks WHERE recording_id = ? ORDER BY language',
    ).all(id) as Array<{ id: number; language: SeedTrack['language']; kind: SeedTrack['kind'] }>
  ).map((track): SeedTrack => {
    const segments = (
      prepare(
        db,
        'SELECT id, start, end, speaker_id, text FROM segments WHERE track_id = ? ORDER BY start, id',
      ).all(track.id) as Array<{
        id: number
        start: number
        end: number
        speaker_id: number | null
        text: string
      }>
    ).map((row): SeedSegment => {
      const words = prepare(
        db,
        'SELECT start, end, text FROM words WHERE segment_id = ? ORDER BY start, id',
      ).all(row.id) as Array<{ start: number; end: number; text: string }>
      const speaker = row.speaker_id === null ? undefined : labelOf.get(row.speaker_id)
      return {
        start: row.start,
        end: row.end,
        text: row.text,
        ...(speaker !== undefined ? { speaker } : {}),
        ...(words.length > 0 ? { words } : {}),
      }
    })
    return { language: track.language, kind: track.kind, segments }
  })
  const cues = (
    prepare(
      db,
      'SELECT id, start, end, speaker FROM subtitle_cues WHERE recording_id = ? ORDER BY start',
    ).all(id) as Array<{ id: number; start: number; end: number; speaker: string | null }>
  ).map((cue) => {
    const texts = prepare(
      db,
      'SELECT language, text FROM subtitle_texts WHERE cue_id = ? ORDER BY language',
    ).all(cue.id) as Array<{ language: 'en' | 'es'; text: string }>
    return {
      start: cue.start,
      end: cue.end,
      speaker: cue.speaker,
      texts: Object.fromEntries(texts.map((t) => [t.language, t.text])),
    }
  })
  const jobs = prepare(
    db,
    'SELECT id, kind, state, checkpoint, result FROM jobs WHERE recording_id = ? ORDER BY id',
  ).all(id) as SeedRecording['jobs']
  return {
    id,
    duration,
    tracks,
    speakers: speakers.map(({ label, name, affiliation }) => ({ label, name, affiliation })),
    cues,
    jobs,
  }
}

export function readEpisode(db: Database, id: string): SeedEpisode {
  const row = prepare(
    db,
    'SELECT description_en AS descriptionEn, description_es AS descriptionEs, notes FROM episodes WHERE id = ?',
  ).get(id) as { descriptionEn: string; descriptionEs: string; notes: string }
  const recordings = prepare(
    db,
    'SELECT recording_id FROM episode_clips WHERE episode_id = ? ORDER BY position',
  )
    .pluck()
    .all(id) as string[]
  const chapters = prepare(
    db,
    'SELECT start, title_en AS titleEn, title_es AS titleEs FROM episode_chapters WHERE episode_id = ? ORDER BY start, id',
  ).all(id) as SeedEpisode['chapters']
  return {
    id,
    recordings,
    descriptionEn: row.descriptionEn,
    descriptionEs: row.descriptionEs,
    notes: JSON.parse(row.notes) as Record<string, unknown>,
    chapters,
  }
}

export function searchCount(db: Database, term: string): number {
  return prepare(db, 'SELECT count(*) FROM segments_fts WHERE segments_fts MATCH ?')
    .pluck()
    .get(term) as number
}

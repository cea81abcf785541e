import type { Transactional } from '../../src/core/storage/postgres/db.ts'
import type { SeedEpisode, SeedRecording, SeedSegment, SeedTrack } from './contract/masking.ts'

/*
 * The owners' rows of the masking contract (contract/masking.ts) written and read on PostgreSQL
 * with plain SQL, the twin of sqlite-seed.ts.
 */

const at = '2026-12-07T10:00:00.000Z'

/** A stored JSON text as the seed wrote it (jsonb comes back parsed). */
const jsonText = (value: unknown): string | null => (value === null ? null : JSON.stringify(value))

export function seedRecording(db: Transactional, recording: SeedRecording): Promise<void> {
  return db.transaction(async (q) => {
    await q.run(
      `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video,
         working_audio, peaks, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 1, $5, 'wav', false, $6, $7, $8, $8)`,
      [
        recording.id,
        `Interview ${recording.id}`,
        `/archive/${recording.id}.wav`,
        `sha-${recording.id}`,
        recording.duration,
        `media/${recording.id}/working.wav`,
        `media/${recording.id}/peaks.json`,
        at,
      ],
    )
    const speakerIds = new Map<string, number>()
    for (const s of recording.speakers) {
      const row = await q.row<{ id: number }>(
        'INSERT INTO speakers (recording_id, label, name, affiliation) VALUES ($1, $2, $3, $4) RETURNING id',
        [recording.id, s.label, s.name, s.affiliation],
      )
      speakerIds.set(s.label, row?.id ?? -1)
    }
    for (const track of recording.tracks) {
      const trackRow = await q.row<{ id: number }>(
        `INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at)
         VALUES ($1, $2, $3, 'typed', $4, $4) RETURNING id`,
        [recording.id, track.language, track.kind, at],
      )
      for (const segment of track.segments) {
        const segmentRow = await q.row<{ id: number }>(
          `INSERT INTO segments (track_id, start, "end", speaker_id, language, text)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            trackRow?.id,
            segment.start,
            segment.end,
            segment.speaker === undefined ? null : (speakerIds.get(segment.speaker) ?? null),
            track.language,
            segment.text,
          ],
        )
        for (const word of segment.words ?? [])
          await q.run(
            'INSERT INTO words (segment_id, start, "end", text) VALUES ($1, $2, $3, $4)',
            [segmentRow?.id, word.start, word.end, word.text],
          )
      }
    }
    for (const cue of recording.cues) {
      const cueRow = await q.row<{ id: number }>(
        'INSERT INTO subtitle_cues (recording_id, start, "end", speaker) VALUES ($1, $2, $3, $4) RETURNING id',
        [recording.id, cue.start, cue.end, cue.speaker],
      )
      for (const [language, text] of Object.entries(cue.texts))
        await q.run('INSERT INTO subtitle_texts (cue_id, language, text) VALUES ($1, $2, $3)', [
          cueRow?.id,
          language,
          text,
        ])
    }
    for (const job of recording.jobs)
      await q.run(
        `INSERT INTO jobs (id, kind, state, recording_id, label, input, checkpoint, result, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, '{}', $6, $7, $8, $8)`,
        [job.id, job.kind, job.state, recording.id, job.kind, job.checkpoint, job.result, at],
      )
  })
}

export function seedEpisode(db: Transactional, episode: SeedEpisode): Promise<void> {
  return db.transaction(async (q) => {
    await q.run(
      'INSERT INTO episodes (id, title, description_en, description_es, notes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)',
      [
        episode.id,
        `Episode ${episode.id}`,
        episode.descriptionEn,
        episode.descriptionEs,
        JSON.stringify(episode.notes),
        at,
      ],
    )
    for (const [position, recordingId] of episode.recordings.entries())
      await q.run(
        'INSERT INTO episode_clips (episode_id, position, recording_id, start, "end") VALUES ($1, $2, $3, 0, 1)',
        [episode.id, position, recordingId],
      )
    for (const c of episode.chapters)
      await q.run(
        'INSERT INTO episode_chapters (episode_id, start, title_en, title_es) VALUES ($1, $2, $3, $4)',
        [episode.id, c.start, c.titleEn, c.titleEs],
      )
  })
}

export async function readRecording(db: Transactional, id: string): Promise<SeedRecording> {
  const recording = await db.row<{ duration: number }>(
    'SELECT duration FROM recordings WHERE id = $1',
    [id],
  )
  const speakers = await db.rows<{ id: number; label: string; name: string; affiliation: string }>(
    'SELECT id, label, name, affiliation FROM speakers WHERE recording_id = $1 ORDER BY id',
    [id],
  )
  const labelOf = new Map(speakers.map((s) => [s.id, s.label]))
  const trackRows = await db.rows<{
    id: number
    language: SeedTrack['language']
    kind: SeedTrack['kind']
  }>('SELECT id, language, kind FROM tracks WHERE recording_id = $1 ORDER BY language', [id])
  const tracks: SeedTrack[] = []
  for (const track of trackRows) {
    const rows = await db.rows<{
      id: number
      start: number
      end: number
      speaker_id: number | null
      text: string
    }>(
      'SELECT id, start, "end", speaker_id, text FROM segments WHERE track_id = $1 ORDER BY start, id',
      [track.id],
    )
    const segments: SeedSegment[] = []
    for (const row of rows) {
      const words = await db.rows<{ start: number; end: number; text: string }>(
        'SELECT start, "end", text FROM words WHERE segment_id = $1 ORDER BY start, id',
        [row.id],
      )
      const speaker = row.speaker_id === null ? undefined : labelOf.get(row.speaker_id)
      segments.push({
        start: row.start,
        end: row.end,
        text: row.text,
        ...(speaker !== undefined ? { speaker } : {}),
        ...(words.length > 0 ? { words } : {}),
      })
    }
    tracks.push({ language: track.language, kind: track.kind, segments })
  }
  const cueRows = await db.rows<{ id: number; start: number; end: number; speaker: string | null }>(
    'SELECT id, start, "end", speaker FROM subtitle_cues WHERE recording_id = $1 ORDER BY start',
    [id],
  )
  const cues: SeedRecording['cues'] = []
  for (const cue of cueRows) {
    const texts = await db.rows<{ language: 'en' | 'es'; text: string }>(
      'SELECT language, text FROM subtitle_texts WHERE cue_id = $1 ORDER BY language',
      [cue.id],
    )
    cues.push({
      start: cue.start,
      end: cue.end,
      speaker: cue.speaker,
      texts: Object.fromEntries(texts.map((t) => [t.language, t.text])),
    })
  }
  const jobs = await db.rows<{
    id: string
    kind: string
    state: SeedRecording['jobs'][number]['state']
    checkpoint: unknown
    result: unknown
  }>(
    'SELECT id, kind, state, checkpoint, result FROM jobs WHERE recording_id = $1 ORDER BY id COLLATE "C"',
    [id],
  )
  return {
    id,
    duration: recording?.duration ?? -1,
    tracks,
    speakers: speakers.map(({ label, name, affiliation }) => ({ label, name, affiliation })),
    cues,
    jobs: jobs.map((job) => ({
      ...job,
      checkpoint: jsonText(job.checkpoint),
      result: jsonText(job.result),
    })),
  }
}

export async function readEpisode(db: Transactional, id: string): Promise<SeedEpisode> {
  const row = await db.row<{
    descriptionEn: string
    descriptionEs: string
    notes: Record<string, unknown>
  }>(
    'SELECT description_en AS "descriptionEn", description_es AS "descriptionEs", notes FROM episodes WHERE id = $1',
    [id],
  )
  const clips = await db.rows<{ recording_id: string }>(
    'SELECT recording_id FROM episode_clips WHERE episode_id = $1 ORDER BY position',
    [id],
  )
  const chapters = await db.rows<SeedEpisode['chapters'][number]>(
    'SELECT start, title_en AS "titleEn", title_es AS "titleEs" FROM episode_chapters WHERE episode_id = $1 ORDER BY start, id',
    [id],
  )
  return {
    id,
    recordings: clips.map((c) => c.recording_id),
    descriptionEn: row?.descriptionEn ?? '',
    descriptionEs: row?.descriptionEs ?? '',
    notes: row?.notes ?? {},
    chapters,
  }
}

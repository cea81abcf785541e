import { episodeNotFound } from '../../episodes/errors.ts'
import { recordingNotFound } from '../../library/recordings.ts'
import type { Language } from '../../subtitles/types.ts'
import type { EpisodeTimes, RecordingTimes, TimesStore } from '../ports.ts'
import { timesMismatch } from '../times-rules.ts'
import type { Queryable, Transactional } from './db.ts'

type Stamps = { created_at: string; updated_at: string }

/**
 * sqlite/times.ts on PostgreSQL (decision 0194): the times rows carry, read and written as they
 * were, lists matched by position in each area's read order. Each list is written in one
 * statement (unnest of the row ids and the times).
 */
export class PostgresTimes implements TimesStore {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  async recording(id: string): Promise<RecordingTimes | undefined> {
    const row = await this.q.row<Stamps>(
      'SELECT created_at, updated_at FROM recordings WHERE id = $1',
      [id],
    )
    if (!row) return undefined
    const tracks = []
    for (const track of await this.q.rows<Stamps & { id: number; language: Language }>(
      'SELECT id, language, created_at, updated_at FROM tracks WHERE recording_id = $1 ORDER BY language',
      [id],
    )) {
      const segments = await this.q.rows<{ reviewed_at: string | null }>(
        'SELECT reviewed_at FROM segments WHERE track_id = $1 ORDER BY start, id',
        [track.id],
      )
      tracks.push({
        language: track.language,
        createdAt: track.created_at,
        updatedAt: track.updated_at,
        reviewedAt: segments.map((segment) => segment.reviewed_at),
      })
    }
    const subtitleTracks = (
      await this.q.rows<Stamps & { language: Language }>(
        'SELECT language, created_at, updated_at FROM subtitle_tracks WHERE recording_id = $1 ORDER BY language',
        [id],
      )
    ).map((track) => ({
      language: track.language,
      createdAt: track.created_at,
      updatedAt: track.updated_at,
    }))
    const cues = (
      await this.q.rows<{ en: string | null; es: string | null }>(
        `SELECT
           (SELECT reviewed_at FROM subtitle_texts WHERE cue_id = c.id AND language = 'en') AS en,
           (SELECT reviewed_at FROM subtitle_texts WHERE cue_id = c.id AND language = 'es') AS es
         FROM subtitle_cues c WHERE c.recording_id = $1 ORDER BY c.start, c.id`,
        [id],
      )
    ).map(({ en, es }) => ({ en, es }))
    const redactions = await this.q.rows<{ created_at: string }>(
      'SELECT created_at FROM redactions WHERE recording_id = $1 ORDER BY start, "end", mode, id',
      [id],
    )
    return {
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      tracks,
      subtitleTracks,
      cues,
      redactions: redactions.map((redaction) => redaction.created_at),
    }
  }

  setRecording(id: string, times: RecordingTimes): Promise<void> {
    return this.q.transaction(async (tx) => {
      const changed = await tx.run(
        'UPDATE recordings SET created_at = $2, updated_at = $3 WHERE id = $1',
        [id, times.createdAt, times.updatedAt],
      )
      if (changed === 0) throw recordingNotFound(id)
      for (const track of times.tracks) {
        const row = await tx.row<{ id: number }>(
          `UPDATE tracks SET created_at = $3, updated_at = $4
           WHERE recording_id = $1 AND language = $2 RETURNING id`,
          [id, track.language, track.createdAt, track.updatedAt],
        )
        if (!row) throw timesMismatch(id, `no ${track.language} transcript track`)
        await byPosition(
          tx,
          id,
          'segments',
          'SELECT id FROM segments WHERE track_id = $1 ORDER BY start, id',
          row.id,
          'UPDATE segments s SET reviewed_at = v.at FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, at) WHERE s.id = v.id',
          track.reviewedAt,
        )
      }
      for (const track of times.subtitleTracks) {
        const updated = await tx.run(
          `UPDATE subtitle_tracks SET created_at = $3, updated_at = $4
           WHERE recording_id = $1 AND language = $2`,
          [id, track.language, track.createdAt, track.updatedAt],
        )
        if (updated === 0) throw timesMismatch(id, `no ${track.language} subtitle track`)
      }
      for (const language of ['en', 'es'] as const)
        // Only a checked text has a check time (the table's CHECK holds both or neither).
        await byPosition(
          tx,
          id,
          'cues',
          'SELECT id FROM subtitle_cues WHERE recording_id = $1 ORDER BY start, id',
          id,
          `UPDATE subtitle_texts t SET reviewed_at = v.at
           FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, at)
           WHERE t.cue_id = v.id AND t.language = '${language}' AND t.review = 'verified'
             AND v.at IS NOT NULL`,
          times.cues.map((cue) => cue[language]),
        )
      await byPosition(
        tx,
        id,
        'redactions',
        'SELECT id FROM redactions WHERE recording_id = $1 ORDER BY start, "end", mode, id',
        id,
        'UPDATE redactions r SET created_at = v.at FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, at) WHERE r.id = v.id',
        times.redactions,
      )
    })
  }

  async episode(id: string): Promise<EpisodeTimes | undefined> {
    const row = await this.q.row<Stamps>(
      'SELECT created_at, updated_at FROM episodes WHERE id = $1',
      [id],
    )
    if (!row) return undefined
    const cuts = await this.q.rows<{ created_at: string }>(
      'SELECT created_at FROM episode_cuts WHERE episode_id = $1 ORDER BY recording_id, start, id',
      [id],
    )
    return {
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      cuts: cuts.map((cut) => cut.created_at),
    }
  }

  setEpisode(id: string, times: EpisodeTimes): Promise<void> {
    return this.q.transaction(async (tx) => {
      const changed = await tx.run(
        'UPDATE episodes SET created_at = $2, updated_at = $3 WHERE id = $1',
        [id, times.createdAt, times.updatedAt],
      )
      if (changed === 0) throw episodeNotFound(id)
      await byPosition(
        tx,
        id,
        'cuts',
        'SELECT id FROM episode_cuts WHERE episode_id = $1 ORDER BY recording_id, start, id',
        id,
        'UPDATE episode_cuts c SET created_at = v.at FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, at) WHERE c.id = v.id',
        times.cuts,
      )
    })
  }
}

/** The rows `select` lists get the times in order; another count is refused. */
async function byPosition(
  tx: Queryable,
  owner: string,
  what: string,
  select: string,
  key: string | number,
  update: string,
  times: ReadonlyArray<string | null>,
): Promise<void> {
  const ids = (await tx.rows<{ id: number }>(select, [key])).map((row) => row.id)
  if (ids.length !== times.length)
    throw timesMismatch(owner, `${ids.length} ${what}, ${times.length} times`)
  if (ids.length > 0) await tx.run(update, [ids, times])
}

import { episodeNotFound } from '../../episodes/errors.ts'
import { recordingNotFound } from '../../library/recordings.ts'
import type { Language } from '../../subtitles/types.ts'
import type { EpisodeTimes, RecordingTimes } from '../ports.ts'
import { timesMismatch } from '../times-rules.ts'
import type { StatementCache } from './statements.ts'

type Stamps = { created_at: string; updated_at: string }

/**
 * The times rows carry, read and written as they were (decision 0194): what `library copy`
 * needs so a copied archive keeps when things were made and checked. Lists in each area's read
 * order (segments and cues by start, then id), matched by position.
 */
export class SqliteTimes {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  recording(id: string): RecordingTimes | undefined {
    const row = this.sql
      .get('SELECT created_at, updated_at FROM recordings WHERE id = ?')
      .get(id) as Stamps | undefined
    if (!row) return undefined
    const tracks = (
      this.sql
        .get(
          'SELECT id, language, created_at, updated_at FROM tracks WHERE recording_id = ? ORDER BY language',
        )
        .all(id) as Array<Stamps & { id: number; language: Language }>
    ).map((track) => ({
      language: track.language,
      createdAt: track.created_at,
      updatedAt: track.updated_at,
      reviewedAt: (
        this.sql
          .get('SELECT reviewed_at FROM segments WHERE track_id = ? ORDER BY start, id')
          .all(track.id) as Array<{ reviewed_at: string | null }>
      ).map((segment) => segment.reviewed_at),
    }))
    const subtitleTracks = (
      this.sql
        .get(
          'SELECT language, created_at, updated_at FROM subtitle_tracks WHERE recording_id = ? ORDER BY language',
        )
        .all(id) as Array<Stamps & { language: Language }>
    ).map((track) => ({
      language: track.language,
      createdAt: track.created_at,
      updatedAt: track.updated_at,
    }))
    const texts = this.sql
      .get(
        `SELECT c.id, t.language, t.reviewed_at FROM subtitle_cues c
         LEFT JOIN subtitle_texts t ON t.cue_id = c.id
         WHERE c.recording_id = ? ORDER BY c.start, c.id, t.language`,
      )
      .all(id) as Array<{ id: number; language: Language | null; reviewed_at: string | null }>
    const cues: Array<Record<Language, string | null>> = []
    let last: number | null = null
    for (const text of texts) {
      if (text.id !== last) cues.push({ en: null, es: null })
      last = text.id
      const cue = cues[cues.length - 1]
      if (cue && text.language) cue[text.language] = text.reviewed_at
    }
    const redactions = (
      this.sql
        .get(
          'SELECT created_at FROM redactions WHERE recording_id = ? ORDER BY start, end, mode, id',
        )
        .all(id) as Array<{ created_at: string }>
    ).map((redaction) => redaction.created_at)
    return {
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      tracks,
      subtitleTracks,
      cues,
      redactions,
    }
  }

  setRecording(id: string, times: RecordingTimes): void {
    this.sql.db.transaction(() => {
      const changed = this.sql
        .get('UPDATE recordings SET created_at = ?, updated_at = ? WHERE id = ?')
        .run(times.createdAt, times.updatedAt, id).changes
      if (changed === 0) throw recordingNotFound(id)
      for (const track of times.tracks) {
        const row = this.sql
          .get('SELECT id FROM tracks WHERE recording_id = ? AND language = ?')
          .get(id, track.language) as { id: number } | undefined
        if (!row) throw timesMismatch(id, `no ${track.language} transcript track`)
        this.sql
          .get('UPDATE tracks SET created_at = ?, updated_at = ? WHERE id = ?')
          .run(track.createdAt, track.updatedAt, row.id)
        const segments = this.sql
          .get('SELECT id FROM segments WHERE track_id = ? ORDER BY start, id')
          .all(row.id) as Array<{ id: number }>
        if (segments.length !== track.reviewedAt.length)
          throw timesMismatch(id, `${segments.length} segments, ${track.reviewedAt.length} times`)
        const review = this.sql.get('UPDATE segments SET reviewed_at = ? WHERE id = ?')
        segments.forEach((segment, index) =>
          review.run(track.reviewedAt[index] ?? null, segment.id),
        )
      }
      for (const track of times.subtitleTracks) {
        const updated = this.sql
          .get(
            'UPDATE subtitle_tracks SET created_at = ?, updated_at = ? WHERE recording_id = ? AND language = ?',
          )
          .run(track.createdAt, track.updatedAt, id, track.language).changes
        if (updated === 0) throw timesMismatch(id, `no ${track.language} subtitle track`)
      }
      const cues = this.sql
        .get('SELECT id FROM subtitle_cues WHERE recording_id = ? ORDER BY start, id')
        .all(id) as Array<{ id: number }>
      if (cues.length !== times.cues.length)
        throw timesMismatch(id, `${cues.length} cues, ${times.cues.length} times`)
      // Only a checked text has a check time (the table's CHECK holds both or neither).
      const checked = this.sql.get(
        "UPDATE subtitle_texts SET reviewed_at = ? WHERE cue_id = ? AND language = ? AND review = 'verified'",
      )
      cues.forEach((cue, index) => {
        for (const language of ['en', 'es'] as const) {
          const at = times.cues[index]?.[language] ?? null
          if (at !== null) checked.run(at, cue.id, language)
        }
      })
      const redactions = this.sql
        .get('SELECT id FROM redactions WHERE recording_id = ? ORDER BY start, end, mode, id')
        .all(id) as Array<{ id: number }>
      if (redactions.length !== times.redactions.length)
        throw timesMismatch(id, `${redactions.length} redactions, ${times.redactions.length} times`)
      const made = this.sql.get('UPDATE redactions SET created_at = ? WHERE id = ?')
      redactions.forEach((redaction, index) => made.run(times.redactions[index], redaction.id))
    })()
  }

  episode(id: string): EpisodeTimes | undefined {
    const row = this.sql.get('SELECT created_at, updated_at FROM episodes WHERE id = ?').get(id) as
      Stamps | undefined
    if (!row) return undefined
    const cuts = this.sql
      .get(
        'SELECT created_at FROM episode_cuts WHERE episode_id = ? ORDER BY recording_id, start, id',
      )
      .all(id) as Array<{ created_at: string }>
    return {
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      cuts: cuts.map((cut) => cut.created_at),
    }
  }

  setEpisode(id: string, times: EpisodeTimes): void {
    this.sql.db.transaction(() => {
      const changed = this.sql
        .get('UPDATE episodes SET created_at = ?, updated_at = ? WHERE id = ?')
        .run(times.createdAt, times.updatedAt, id).changes
      if (changed === 0) throw episodeNotFound(id)
      const cuts = this.sql
        .get('SELECT id FROM episode_cuts WHERE episode_id = ? ORDER BY recording_id, start, id')
        .all(id) as Array<{ id: number }>
      if (cuts.length !== times.cuts.length)
        throw timesMismatch(id, `${cuts.length} cuts, ${times.cuts.length} times`)
      const made = this.sql.get('UPDATE episode_cuts SET created_at = ? WHERE id = ?')
      cuts.forEach((cut, index) => made.run(times.cuts[index], cut.id))
    })()
  }
}

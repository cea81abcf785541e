import type { Database } from 'better-sqlite3'
import {
  showNotesSchema,
  VocesError,
  type Chapter,
  type Clip,
  type Cut,
  type Episode,
  type EpisodeFields,
  type ShowNotes,
} from '../../shared/contract/index.ts'
import { newId } from '../util/ids.ts'
import { checkCutsInClips, mergeCuts } from './cuts.ts'
import { fromEpisodeTime, layoutEpisode, nextHeard } from './layout.ts'

interface EpisodeRow {
  id: string
  title: string
  show_title: string
  number: number | null
  year: number | null
  description: string
  cover: string | null
  intro: string | null
  outro: string | null
  created_at: string
  updated_at: string
}

const columns: Record<keyof EpisodeFields, string> = {
  title: 'title',
  showTitle: 'show_title',
  number: 'number',
  year: 'year',
  description: 'description',
  cover: 'cover',
  intro: 'intro',
  outro: 'outro',
}

export function episodeNotFound(id: string): VocesError {
  return new VocesError('EPISODE_NOT_FOUND', `There is no episode ${id} in this library.`, { id })
}

/** Episodes with their clips (in order) and chapters (by time), each change in one transaction. */
export class EpisodeRepository {
  private readonly db: Database
  private readonly now: () => Date
  constructor(db: Database, now: () => Date = () => new Date()) {
    this.db = db
    this.now = now
  }

  create(fields: Partial<EpisodeFields> & { title: string }, clips: readonly Clip[]): Episode {
    const id = newId()
    const at = this.now().toISOString()
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO episodes (id, title, show_title, number, year, description, cover, intro, outro, created_at, updated_at)
           VALUES (@id, @title, @showTitle, @number, @year, @description, @cover, @intro, @outro, @at, @at)`,
        )
        .run({
          id,
          title: fields.title,
          showTitle: fields.showTitle ?? '',
          number: fields.number ?? null,
          year: fields.year ?? null,
          description: fields.description ?? '',
          cover: fields.cover ?? null,
          intro: fields.intro ?? null,
          outro: fields.outro ?? null,
          at,
        })
      this.writeClips(id, clips)
    })()
    return this.require(id)
  }

  get(id: string): Episode | undefined {
    const row = this.db.prepare('SELECT * FROM episodes WHERE id = ?').get(id) as
      EpisodeRow | undefined
    if (!row) return undefined
    const clips = this.db
      .prepare(
        'SELECT recording_id AS recordingId, start, end FROM episode_clips WHERE episode_id = ? ORDER BY position',
      )
      .all(id) as Clip[]
    const chapters = this.db
      .prepare(
        'SELECT start, title_en AS titleEn, title_es AS titleEs FROM episode_chapters WHERE episode_id = ? ORDER BY start',
      )
      .all(id) as Chapter[]
    const cuts = this.cutsOf(id)
    return {
      id: row.id,
      title: row.title,
      showTitle: row.show_title,
      number: row.number,
      year: row.year,
      description: row.description,
      cover: row.cover,
      intro: row.intro,
      outro: row.outro,
      clips,
      chapters,
      cuts,
      duration: layoutEpisode(clips, cuts).duration,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  }

  require(id: string): Episode {
    const episode = this.get(id)
    if (!episode) throw episodeNotFound(id)
    return episode
  }

  list(): Episode[] {
    const ids = this.db
      .prepare('SELECT id FROM episodes ORDER BY created_at DESC, rowid DESC')
      .pluck()
      .all() as string[]
    return ids.map((id) => this.require(id))
  }

  update(id: string, patch: Partial<EpisodeFields>, clips?: readonly Clip[]): Episode {
    this.db.transaction(() => {
      this.require(id)
      const sets = ['updated_at = @at']
      const values: Record<string, unknown> = { id, at: this.now().toISOString() }
      for (const [key, column] of Object.entries(columns)) {
        const value = patch[key as keyof EpisodeFields]
        if (value === undefined) continue
        sets.push(`${column} = @${key}`)
        values[key] = value
      }
      this.db.prepare(`UPDATE episodes SET ${sets.join(', ')} WHERE id = @id`).run(values)
      if (clips) this.writeClips(id, clips)
    })()
    return this.require(id)
  }

  setChapters(id: string, chapters: readonly Chapter[]): Episode {
    this.db.transaction(() => {
      this.require(id)
      this.writeChapters(id, chapters)
      this.db
        .prepare('UPDATE episodes SET updated_at = ? WHERE id = ?')
        .run(this.now().toISOString(), id)
    })()
    return this.require(id)
  }

  /**
   * Replaces the episode's cuts (issue 6) in one transaction: each must lie inside a clip of its
   * recording; overlapping and touching cuts merge (an edit and a filler merge into an edit).
   * Chapters follow: each moves with the words it marked, onto the join where those were cut.
   */
  setCuts(id: string, cuts: readonly Cut[]): Episode {
    this.db.transaction(() => {
      const episode = this.require(id)
      checkCutsInClips(episode.clips, cuts)
      const merged = mergeCuts(cuts)
      const before = layoutEpisode(episode.clips, episode.cuts)
      const after = layoutEpisode(episode.clips, merged)
      const at = this.now().toISOString()
      this.db.prepare('DELETE FROM episode_cuts WHERE episode_id = ?').run(id)
      const insert = this.db.prepare(
        'INSERT INTO episode_cuts (episode_id, recording_id, start, end, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      for (const cut of merged) insert.run(id, cut.recordingId, cut.start, cut.end, cut.kind, at)
      const chapters = episode.chapters.map((chapter) => {
        const heard = fromEpisodeTime(before, chapter.start)
        if (!heard) return chapter
        const start = nextHeard(after, heard.clipIndex, heard.time)
        return { ...chapter, start: Math.round(start * 1000) / 1000 }
      })
      if (chapters.some((chapter, i) => chapter.start !== episode.chapters[i]?.start))
        this.writeChapters(id, chapters)
      this.db.prepare('UPDATE episodes SET updated_at = ? WHERE id = ?').run(at, id)
    })()
    return this.require(id)
  }

  private cutsOf(id: string): Cut[] {
    return this.db
      .prepare(
        'SELECT recording_id AS recordingId, start, end, kind FROM episode_cuts WHERE episode_id = ? ORDER BY recording_id, start',
      )
      .all(id) as Cut[]
  }

  notes(id: string): ShowNotes {
    const text = this.db.prepare('SELECT notes FROM episodes WHERE id = ?').pluck().get(id) as
      string | undefined
    if (text === undefined) throw episodeNotFound(id)
    return showNotesSchema.parse(JSON.parse(text))
  }

  setNotes(id: string, notes: ShowNotes): ShowNotes {
    const changed = this.db
      .prepare('UPDATE episodes SET notes = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(notes), this.now().toISOString(), id).changes
    if (changed === 0) throw episodeNotFound(id)
    return this.notes(id)
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM episodes WHERE id = ?').run(id).changes > 0
  }

  private writeChapters(id: string, chapters: readonly Chapter[]): void {
    this.db.prepare('DELETE FROM episode_chapters WHERE episode_id = ?').run(id)
    const insert = this.db.prepare(
      'INSERT INTO episode_chapters (episode_id, start, title_en, title_es) VALUES (?, ?, ?, ?)',
    )
    for (const chapter of chapters) insert.run(id, chapter.start, chapter.titleEn, chapter.titleEs)
  }

  private writeClips(id: string, clips: readonly Clip[]): void {
    this.db.prepare('DELETE FROM episode_clips WHERE episode_id = ?').run(id)
    const insert = this.db.prepare(
      'INSERT INTO episode_clips (episode_id, position, recording_id, start, end) VALUES (?, ?, ?, ?, ?)',
    )
    clips.forEach((clip, position) => {
      const exists = this.db
        .prepare('SELECT duration FROM recordings WHERE id = ?')
        .get(clip.recordingId) as { duration: number } | undefined
      if (!exists)
        throw new VocesError(
          'RECORDING_NOT_FOUND',
          `There is no recording ${clip.recordingId} in this library.`,
          { id: clip.recordingId },
        )
      if (clip.start >= exists.duration) {
        throw new VocesError(
          'CLIP_OUT_OF_RANGE',
          `A clip starts at ${clip.start} s, after the end of recording ${clip.recordingId} (${Math.round(exists.duration)} s).`,
          {
            id: clip.recordingId,
          },
        )
      }
      insert.run(id, position, clip.recordingId, clip.start, Math.min(clip.end, exists.duration))
    })
  }
}

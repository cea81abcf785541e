import {
  showNotesSchema,
  type Chapter,
  type Clip,
  type Cut,
  type DraftedWrite,
  type Episode,
  type EpisodeFields,
  type ShowNotes,
} from '../../../shared/contract/index.ts'
import { checkCutsInClips, mergeCuts } from '../../episodes/cuts.ts'
import { draftedNotes } from '../../episodes/drafts.ts'
import { episodeNotFound, heldClip } from '../../episodes/errors.ts'
import { chaptersAfterCuts } from '../../episodes/layout.ts'
import { newId } from '../../util/ids.ts'
import { episodeFromRows, type EpisodeRow } from '../rows-episodes.ts'
import type { StatementCache } from './statements.ts'

/*
 * Episodes on SQLite (docs/decisions/0100-storage-seam.md, 0112): an episode with its clips (in
 * order), chapters (by time), cuts and show notes. Synchronous, on one connection; each change is
 * one better-sqlite3 transaction (a savepoint inside storage.transaction), and sqlite/storage.ts
 * puts the class behind the async EpisodeStore port.
 */

/**
 * One UPDATE per field a patch may set, so the statement cache holds a fixed set of SQL texts
 * (never one built from the patch's keys).
 */
const fieldUpdates: Record<keyof EpisodeFields, string> = {
  title: 'UPDATE episodes SET title = ? WHERE id = ?',
  showTitle: 'UPDATE episodes SET show_title = ? WHERE id = ?',
  number: 'UPDATE episodes SET number = ? WHERE id = ?',
  year: 'UPDATE episodes SET year = ? WHERE id = ?',
  descriptionEn: 'UPDATE episodes SET description_en = ? WHERE id = ?',
  descriptionEs: 'UPDATE episodes SET description_es = ? WHERE id = ?',
  cover: 'UPDATE episodes SET cover = ? WHERE id = ?',
  intro: 'UPDATE episodes SET intro = ? WHERE id = ?',
  outro: 'UPDATE episodes SET outro = ? WHERE id = ?',
}

const touch = 'UPDATE episodes SET updated_at = ? WHERE id = ?'

export class SqliteEpisodes {
  private readonly sql: StatementCache
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date) {
    this.sql = sql
    this.now = now
  }

  create(
    fields: Partial<EpisodeFields> & { title: string },
    clips: readonly Clip[],
    given?: string,
  ): Episode {
    const id = given ?? newId()
    const at = this.now().toISOString()
    this.sql.db.transaction(() => {
      this.sql
        .get(
          `INSERT INTO episodes (id, title, show_title, number, year, description_en, description_es, cover, intro, outro, created_at, updated_at)
           VALUES (@id, @title, @showTitle, @number, @year, @descriptionEn, @descriptionEs, @cover, @intro, @outro, @at, @at)`,
        )
        .run({
          id,
          title: fields.title,
          showTitle: fields.showTitle ?? '',
          number: fields.number ?? null,
          year: fields.year ?? null,
          descriptionEn: fields.descriptionEn ?? '',
          descriptionEs: fields.descriptionEs ?? '',
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
    const row = this.sql.get('SELECT * FROM episodes WHERE id = ?').get(id) as
      EpisodeRow | undefined
    if (!row) return undefined
    const clips = this.sql
      .get(
        'SELECT recording_id AS recordingId, start, end FROM episode_clips WHERE episode_id = ? ORDER BY position',
      )
      .all(id) as Clip[]
    const chapters = this.sql
      .get(
        'SELECT start, title_en AS titleEn, title_es AS titleEs FROM episode_chapters WHERE episode_id = ? ORDER BY start',
      )
      .all(id) as Chapter[]
    const cuts = this.sql
      .get(
        'SELECT recording_id AS recordingId, start, end, kind FROM episode_cuts WHERE episode_id = ? ORDER BY recording_id, start',
      )
      .all(id) as Cut[]
    return episodeFromRows(row, clips, chapters, cuts)
  }

  require(id: string): Episode {
    const episode = this.get(id)
    if (!episode) throw episodeNotFound(id)
    return episode
  }

  list(): Episode[] {
    const ids = this.sql
      .get('SELECT id FROM episodes ORDER BY created_at DESC, rowid DESC')
      .pluck()
      .all() as string[]
    return ids.map((id) => this.require(id))
  }

  update(id: string, patch: Partial<EpisodeFields>, clips?: readonly Clip[]): Episode {
    this.sql.db.transaction(() => {
      this.require(id)
      for (const [key, sql] of Object.entries(fieldUpdates)) {
        const value = patch[key as keyof EpisodeFields]
        if (value !== undefined) this.sql.get(sql).run(value, id)
      }
      this.sql.get(touch).run(this.now().toISOString(), id)
      if (clips) this.writeClips(id, clips)
    })()
    return this.require(id)
  }

  setChapters(id: string, chapters: readonly Chapter[]): Episode {
    this.sql.db.transaction(() => {
      this.require(id)
      this.writeChapters(id, chapters)
      this.sql.get(touch).run(this.now().toISOString(), id)
    })()
    return this.require(id)
  }

  /**
   * Replaces the episode's cuts (decision 0050) in one transaction: each must lie inside a clip of its
   * recording; overlapping and touching cuts merge (an edit and a filler merge into an edit).
   * Chapters follow: each moves with the words it marked, onto the join where those were cut.
   */
  setCuts(id: string, cuts: readonly Cut[]): Episode {
    this.sql.db.transaction(() => {
      const episode = this.require(id)
      checkCutsInClips(episode.clips, cuts)
      const merged = mergeCuts(cuts)
      const at = this.now().toISOString()
      this.sql.get('DELETE FROM episode_cuts WHERE episode_id = ?').run(id)
      const insert = this.sql.get(
        'INSERT INTO episode_cuts (episode_id, recording_id, start, end, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      for (const cut of merged) insert.run(id, cut.recordingId, cut.start, cut.end, cut.kind, at)
      const { chapters, moved } = chaptersAfterCuts(episode, merged)
      if (moved) this.writeChapters(id, chapters)
      this.sql.get(touch).run(at, id)
    })()
    return this.require(id)
  }

  notes(id: string): ShowNotes {
    const text = this.sql.get('SELECT notes FROM episodes WHERE id = ?').pluck().get(id) as
      string | undefined
    if (text === undefined) throw episodeNotFound(id)
    return showNotesSchema.parse(JSON.parse(text))
  }

  setNotes(id: string, notes: ShowNotes): ShowNotes {
    const changed = this.sql
      .get('UPDATE episodes SET notes = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(notes), this.now().toISOString(), id).changes
    if (changed === 0) throw episodeNotFound(id)
    return this.notes(id)
  }

  /** The texts first, then the marks (which may refuse), in one transaction (decision 0208). */
  saveDrafted(id: string, write: DraftedWrite): { episode: Episode; notes: ShowNotes } {
    this.sql.db.transaction(() => {
      this.require(id)
      if (write.descriptionEn !== undefined)
        this.sql.get(fieldUpdates.descriptionEn).run(write.descriptionEn, id)
      if (write.descriptionEs !== undefined)
        this.sql.get(fieldUpdates.descriptionEs).run(write.descriptionEs, id)
      if (write.chapters) this.writeChapters(id, write.chapters)
      const notes = draftedNotes(this.notes(id), write)
      this.sql
        .get('UPDATE episodes SET notes = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify(notes), this.now().toISOString(), id)
    })()
    return { episode: this.require(id), notes: this.notes(id) }
  }

  remove(id: string): boolean {
    return this.sql.get('DELETE FROM episodes WHERE id = ?').run(id).changes > 0
  }

  private writeChapters(id: string, chapters: readonly Chapter[]): void {
    this.sql.get('DELETE FROM episode_chapters WHERE episode_id = ?').run(id)
    const insert = this.sql.get(
      'INSERT INTO episode_chapters (episode_id, start, title_en, title_es) VALUES (?, ?, ?, ?)',
    )
    for (const chapter of chapters) insert.run(id, chapter.start, chapter.titleEn, chapter.titleEs)
  }

  private writeClips(id: string, clips: readonly Clip[]): void {
    this.sql.get('DELETE FROM episode_clips WHERE episode_id = ?').run(id)
    const insert = this.sql.get(
      'INSERT INTO episode_clips (episode_id, position, recording_id, start, end) VALUES (?, ?, ?, ?, ?)',
    )
    const durationOf = this.sql.get('SELECT duration FROM recordings WHERE id = ?')
    clips.forEach((clip, position) => {
      const row = durationOf.get(clip.recordingId) as { duration: number } | undefined
      const held = heldClip(clip, row?.duration)
      insert.run(id, position, held.recordingId, held.start, held.end)
    })
  }
}

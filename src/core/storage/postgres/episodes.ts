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
import type { Transactional } from './db.ts'

/*
 * Episodes on PostgreSQL (decisions 0100, 0112 and 0141), the twin of sqlite/episodes.ts: an episode
 * with its clips in order, chapters by time, cuts and show notes. Each change runs in
 * `q.transaction` (a savepoint inside the caller's) on a PostgresEpisodes of that connection: whole or
 * absent.
 */

/** One UPDATE per field a patch may set: a fixed set of SQL texts, never one built from keys. */
const fieldUpdates: Record<keyof EpisodeFields, string> = {
  title: 'UPDATE episodes SET title = $1 WHERE id = $2',
  showTitle: 'UPDATE episodes SET show_title = $1 WHERE id = $2',
  number: 'UPDATE episodes SET number = $1 WHERE id = $2',
  year: 'UPDATE episodes SET year = $1 WHERE id = $2',
  descriptionEn: 'UPDATE episodes SET description_en = $1 WHERE id = $2',
  descriptionEs: 'UPDATE episodes SET description_es = $1 WHERE id = $2',
  cover: 'UPDATE episodes SET cover = $1 WHERE id = $2',
  intro: 'UPDATE episodes SET intro = $1 WHERE id = $2',
  outro: 'UPDATE episodes SET outro = $1 WHERE id = $2',
}

const touch = 'UPDATE episodes SET updated_at = $1 WHERE id = $2'

export class PostgresEpisodes {
  private readonly q: Transactional
  private readonly now: () => Date
  constructor(q: Transactional, now: () => Date) {
    this.q = q
    this.now = now
  }

  /** Runs `fn` on this class over one transaction (a savepoint inside the caller's). */
  private atomic<T>(fn: (episodes: PostgresEpisodes) => Promise<T>): Promise<T> {
    return this.q.transaction((tx) => fn(new PostgresEpisodes(tx, this.now)))
  }

  create(
    fields: Partial<EpisodeFields> & { title: string },
    clips: readonly Clip[],
    id?: string,
  ): Promise<Episode> {
    return this.atomic((e) => e.insert(fields, clips, id))
  }

  private async insert(
    fields: Partial<EpisodeFields> & { title: string },
    clips: readonly Clip[],
    given?: string,
  ): Promise<Episode> {
    const id = given ?? newId()
    const at = this.now().toISOString()
    // created_at keeps microseconds, the clock gives milliseconds: an episode made in the same
    // millisecond as the newest is stamped a microsecond after it, so list() keeps the order they
    // were made in (SQLite's rowid breaks that tie; decision 0141). It reads back as `at`.
    await this.q.run(
      `INSERT INTO episodes (id, title, show_title, number, year, description_en, description_es, cover, intro, outro, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
         (SELECT greatest($11::timestamptz, max(created_at) + interval '1 microsecond')
            FROM episodes WHERE created_at >= $11::timestamptz
              AND created_at < $11::timestamptz + interval '1 millisecond'),
         $11)`,
      [
        id,
        fields.title,
        fields.showTitle ?? '',
        fields.number ?? null,
        fields.year ?? null,
        fields.descriptionEn ?? '',
        fields.descriptionEs ?? '',
        fields.cover ?? null,
        fields.intro ?? null,
        fields.outro ?? null,
        at,
      ],
    )
    await this.writeClips(id, clips)
    return this.require(id)
  }

  async get(id: string): Promise<Episode | undefined> {
    const row = await this.q.row<EpisodeRow>(
      `SELECT id, title, show_title, number, year, description_en, description_es, cover, intro, outro, created_at, updated_at
       FROM episodes WHERE id = $1`,
      [id],
    )
    if (!row) return undefined
    const clips = (
      await this.q.rows<{ recording_id: string; start: number; end: number }>(
        'SELECT recording_id, start, "end" FROM episode_clips WHERE episode_id = $1 ORDER BY position',
        [id],
      )
    ).map((c): Clip => ({ recordingId: c.recording_id, start: c.start, end: c.end }))
    const chapters = (
      await this.q.rows<{ start: number; title_en: string; title_es: string }>(
        'SELECT start, title_en, title_es FROM episode_chapters WHERE episode_id = $1 ORDER BY start, id',
        [id],
      )
    ).map((c): Chapter => ({ start: c.start, titleEn: c.title_en, titleEs: c.title_es }))
    const cuts = (
      await this.q.rows<{ recording_id: string; start: number; end: number; kind: Cut['kind'] }>(
        // COLLATE "C": recordings by code point, as SQLite's BINARY order gives them.
        'SELECT recording_id, start, "end", kind FROM episode_cuts WHERE episode_id = $1 ORDER BY recording_id COLLATE "C", start',
        [id],
      )
    ).map((c): Cut => ({
      recordingId: c.recording_id,
      start: c.start,
      end: c.end,
      kind: c.kind,
    }))
    return episodeFromRows(row, clips, chapters, cuts)
  }

  async require(id: string): Promise<Episode> {
    const episode = await this.get(id)
    if (!episode) throw episodeNotFound(id)
    return episode
  }

  /** Newest first (create() keeps episodes of one millisecond apart by a microsecond). */
  async list(): Promise<Episode[]> {
    const rows = await this.q.rows<{ id: string }>(
      'SELECT id FROM episodes ORDER BY created_at DESC, id DESC',
    )
    const episodes: Episode[] = []
    for (const row of rows) episodes.push(await this.require(row.id))
    return episodes
  }

  update(id: string, patch: Partial<EpisodeFields>, clips?: readonly Clip[]): Promise<Episode> {
    return this.atomic((e) => e.change(id, patch, clips))
  }

  private async change(
    id: string,
    patch: Partial<EpisodeFields>,
    clips?: readonly Clip[],
  ): Promise<Episode> {
    await this.require(id)
    for (const [key, sql] of Object.entries(fieldUpdates)) {
      const value = patch[key as keyof EpisodeFields]
      if (value !== undefined) await this.q.run(sql, [value, id])
    }
    await this.q.run(touch, [this.now().toISOString(), id])
    if (clips) await this.writeClips(id, clips)
    return this.require(id)
  }

  setChapters(id: string, chapters: readonly Chapter[]): Promise<Episode> {
    return this.atomic(async (e) => {
      await e.require(id)
      await e.writeChapters(id, chapters)
      await e.q.run(touch, [e.now().toISOString(), id])
      return e.require(id)
    })
  }

  /**
   * Replaces the cuts (each inside a clip of its recording; overlapping and touching ones merge);
   * chapters move with the words they marked, onto the join where those were cut.
   */
  setCuts(id: string, cuts: readonly Cut[]): Promise<Episode> {
    return this.atomic((e) => e.writeCuts(id, cuts))
  }

  private async writeCuts(id: string, cuts: readonly Cut[]): Promise<Episode> {
    const episode = await this.require(id)
    checkCutsInClips(episode.clips, cuts)
    const merged = mergeCuts(cuts)
    const at = this.now().toISOString()
    await this.q.run('DELETE FROM episode_cuts WHERE episode_id = $1', [id])
    for (const cut of merged)
      await this.q.run(
        'INSERT INTO episode_cuts (episode_id, recording_id, start, "end", kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, cut.recordingId, cut.start, cut.end, cut.kind, at],
      )
    const { chapters, moved } = chaptersAfterCuts(episode, merged)
    if (moved) await this.writeChapters(id, chapters)
    await this.q.run(touch, [at, id])
    return this.require(id)
  }

  async notes(id: string): Promise<ShowNotes> {
    const row = await this.q.row<{ notes: unknown }>('SELECT notes FROM episodes WHERE id = $1', [
      id,
    ])
    if (!row) throw episodeNotFound(id)
    return showNotesSchema.parse(row.notes)
  }

  async setNotes(id: string, notes: ShowNotes): Promise<ShowNotes> {
    const changed = await this.q.run(
      'UPDATE episodes SET notes = $1, updated_at = $2 WHERE id = $3',
      [JSON.stringify(notes), this.now().toISOString(), id],
    )
    if (changed === 0) throw episodeNotFound(id)
    return this.notes(id)
  }

  /** The texts first, then the marks (which may refuse), in one transaction (decision 0208). */
  saveDrafted(id: string, write: DraftedWrite): Promise<{ episode: Episode; notes: ShowNotes }> {
    return this.atomic(async (e) => {
      await e.require(id)
      if (write.descriptionEn !== undefined)
        await e.q.run(fieldUpdates.descriptionEn, [write.descriptionEn, id])
      if (write.descriptionEs !== undefined)
        await e.q.run(fieldUpdates.descriptionEs, [write.descriptionEs, id])
      if (write.chapters) await e.writeChapters(id, write.chapters)
      const notes = draftedNotes(await e.notes(id), write)
      await e.q.run('UPDATE episodes SET notes = $1, updated_at = $2 WHERE id = $3', [
        JSON.stringify(notes),
        e.now().toISOString(),
        id,
      ])
      return { episode: await e.require(id), notes: await e.notes(id) }
    })
  }

  async remove(id: string): Promise<boolean> {
    return (await this.q.run('DELETE FROM episodes WHERE id = $1', [id])) > 0
  }

  private async writeChapters(id: string, chapters: readonly Chapter[]): Promise<void> {
    await this.q.run('DELETE FROM episode_chapters WHERE episode_id = $1', [id])
    for (const chapter of chapters)
      await this.q.run(
        'INSERT INTO episode_chapters (episode_id, start, title_en, title_es) VALUES ($1, $2, $3, $4)',
        [id, chapter.start, chapter.titleEn, chapter.titleEs],
      )
  }

  private async writeClips(id: string, clips: readonly Clip[]): Promise<void> {
    await this.q.run('DELETE FROM episode_clips WHERE episode_id = $1', [id])
    for (const [position, clip] of clips.entries()) {
      const recording = await this.q.row<{ duration: number }>(
        'SELECT duration FROM recordings WHERE id = $1',
        [clip.recordingId],
      )
      const held = heldClip(clip, recording?.duration)
      await this.q.run(
        'INSERT INTO episode_clips (episode_id, position, recording_id, start, "end") VALUES ($1, $2, $3, $4, $5)',
        [id, position, held.recordingId, held.start, held.end],
      )
    }
  }
}

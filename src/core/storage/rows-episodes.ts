import type { Chapter, Clip, Cut, Episode } from '../../shared/contract/index.ts'
import { layoutEpisode } from '../episodes/layout.ts'

/*
 * An episode's row as both backends read it (sqlite/episodes.ts, postgres/episodes.ts), and the
 * contract's Episode made of it and its clips, chapters and cuts; the SQL stays in each backend.
 */

export interface EpisodeRow {
  id: string
  title: string
  show_title: string
  number: number | null
  year: number | null
  description_en: string
  description_es: string
  cover: string | null
  intro: string | null
  outro: string | null
  created_at: string
  updated_at: string
}

/** The episode with its clips in order, chapters by time, cuts, and the duration they leave. */
export function episodeFromRows(
  row: EpisodeRow,
  clips: Clip[],
  chapters: Chapter[],
  cuts: Cut[],
): Episode {
  return {
    id: row.id,
    title: row.title,
    showTitle: row.show_title,
    number: row.number,
    year: row.year,
    descriptionEn: row.description_en,
    descriptionEs: row.description_es,
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

import { VocesError } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import { otherLanguage, type Language } from '../subtitles/types.ts'
import { chooseEngine } from './engines.ts'
import { translateLines } from './pipeline.ts'

/** An episode's texts in one language, drafted by the machine from the other's. */
export interface EpisodeDraft {
  episodeId: string
  language: Language
  engine: string
  /** Always true: nothing here is stored; a person reads it, edits it and saves what they keep. */
  draft: true
  summary: string
  body: string
  /** The description in `language`, from the other language's (decision 0191); '' when none. */
  description: string
  chapters: Array<{ start: number; title: string }>
}

const suffix = (language: Language) => (language === 'en' ? 'En' : 'Es')

/**
 * A draft of an episode's show notes, description and chapter titles in `to`, translated from
 * the other language's (decision 0156). It is a draft: returned, never stored, so a person's
 * own wording is never replaced; the episode form fills its empty fields with it, marked as a
 * draft, and the person saves what they keep. A paragraph break survives (one line each).
 */
export async function draftEpisode(
  voces: CoreContext,
  episodeId: string,
  to: Language,
  engineName?: string,
): Promise<EpisodeDraft> {
  const episode = await voces.storage.episodes.require(episodeId)
  const notes = await voces.storage.episodes.notes(episodeId)
  const from = otherLanguage(to)
  const pair = { from, to }
  const summary = notes[`summary${suffix(from)}`]
  const body = notes[`body${suffix(from)}`]
  const titles = episode.chapters.map((chapter) => chapter[`title${suffix(from)}`])
  const description = episode[`description${suffix(from)}`]
  if ([summary, body, description, ...titles].every((text) => text.trim() === '')) {
    throw new VocesError(
      'TRANSLATION_EPISODE_EMPTY',
      `Episode ${episode.title} has no show notes, description or chapter titles in the other language to translate.`,
      { episodeId },
    )
  }
  const engine = await chooseEngine(voces, engineName, pair)
  const split = (text: string) => text.split('\n')
  const parts = [split(summary), split(body), titles, split(description)]
  const { lines } = await translateLines(engine, parts.flat(), pair, {
    glossary: await voces.storage.glossary.list(),
  })
  let at = 0
  const take = (count: number) => lines.slice(at, (at += count))
  const [summaryLines, bodyLines, titleLines, descriptionLines] = parts.map((part) =>
    take(part.length),
  )
  return {
    episodeId,
    language: to,
    engine: engine.name,
    draft: true,
    summary: (summaryLines ?? []).join('\n'),
    body: (bodyLines ?? []).join('\n'),
    description: (descriptionLines ?? []).join('\n'),
    chapters: episode.chapters.map((chapter, i) => ({
      start: chapter.start,
      title: titleLines?.[i] ?? '',
    })),
  }
}

import type {
  Clip,
  EpisodeFields,
  RecordingMetadata,
  ShowNotes,
} from '../../shared/contract/index.ts'
import type { Language } from '../subtitles/types.ts'

/**
 * The language an episode is in (decision 0191): Spanish when its clips spend more time in
 * recordings catalogued as Spanish only than in ones catalogued as English only; otherwise
 * (English, both, no clips) English. The rule the migrations moved a stored description by.
 */
export function episodeLanguage(
  clips: readonly Clip[],
  languagesOf: (recordingId: string) => RecordingMetadata['languages'] | undefined,
): Language {
  let lead = 0
  for (const clip of clips) {
    const languages = languagesOf(clip.recordingId)
    if (languages === 'es') lead += clip.end - clip.start
    else if (languages === 'en') lead -= clip.end - clip.start
  }
  return lead > 0 ? 'es' : 'en'
}

/** The text in `language`, else the other language's (decision 0191). */
function inLanguage(en: string, es: string, language: Language): string {
  const [first, second] = language === 'es' ? [es, en] : [en, es]
  return first.trim() !== '' ? first : second
}

/** The episode's description in `language`, else the other language's (decision 0191). */
export function descriptionIn(
  episode: Pick<EpisodeFields, 'descriptionEn' | 'descriptionEs'>,
  language: Language,
): string {
  return inLanguage(episode.descriptionEn, episode.descriptionEs, language)
}

/**
 * The show notes' summary in `language`, else the other's: what an RSS item says when the
 * episode has no description, in the episode's language by the same rule (decision 0208).
 */
export function summaryIn(notes: Pick<ShowNotes, 'summaryEn' | 'summaryEs'>, language: Language) {
  return inLanguage(notes.summaryEn, notes.summaryEs, language)
}

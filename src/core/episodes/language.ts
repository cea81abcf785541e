import type { Clip, EpisodeFields, RecordingMetadata } from '../../shared/contract/index.ts'
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

/** The episode's description in `language`, else the other language's (decision 0191). */
export function descriptionIn(
  episode: Pick<EpisodeFields, 'descriptionEn' | 'descriptionEs'>,
  language: Language,
): string {
  const [first, second] =
    language === 'es'
      ? [episode.descriptionEs, episode.descriptionEn]
      : [episode.descriptionEn, episode.descriptionEs]
  return first.trim() !== '' ? first : second
}

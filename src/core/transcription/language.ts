import type { TrackLanguage } from '../../shared/contract/index.ts'

// Frequent short words each language does not share with the other. Whisper detects one language
// per window it is given; interviews switch mid-window, so each segment is also judged by its own
// words, and keeps the window's language when they do not say clearly.
const english = new Set(
  'the and is you it of to that was what i my we they with for this have are be he she at but not do so on our there'.split(
    ' ',
  ),
)
const spanish = new Set(
  'el la los las de que y es en un una por con para se lo pero mi yo está no sí muy nosotros ellos su del al como más porque'.split(
    ' ',
  ),
)
// "no" is both; it counts for neither.
spanish.delete('no')

export interface LanguageVotes {
  en: number
  es: number
}

export function languageVotes(text: string): LanguageVotes {
  const votes = { en: 0, es: 0 }
  if (/[ñ¿¡áéíóú]/iu.test(text)) votes.es += 2
  for (const word of text.toLowerCase().split(/[^\p{L}']+/u)) {
    if (english.has(word)) votes.en++
    if (spanish.has(word)) votes.es++
  }
  return votes
}

/** The language the words say, or null when they do not say clearly (fewer than 2 votes, or a near tie). */
export function languageOfText(texts: readonly string[]): TrackLanguage | null {
  const total = { en: 0, es: 0 }
  for (const text of texts) {
    const votes = languageVotes(text)
    total.en += votes.en
    total.es += votes.es
  }
  if (total.en + total.es < 2) return null
  if (total.es >= total.en * 2) return 'es'
  if (total.en >= total.es * 2) return 'en'
  return null
}

/**
 * Each segment's language: a forced language is honoured everywhere (never second-guessed); with
 * auto-detect, a segment's own words win when they speak clearly, else the window's detected one.
 */
export function segmentLanguages(
  texts: readonly string[],
  windowLanguage: TrackLanguage,
  forced: TrackLanguage | null,
): TrackLanguage[] {
  if (forced) return texts.map(() => forced)
  return texts.map((text) => languageOfText([text]) ?? windowLanguage)
}

/** The track's language: whichever language holds more speech time; the fallback when there is none. */
export function majorityLanguage(
  segments: ReadonlyArray<{ start: number; end: number; language: TrackLanguage }>,
  fallback: TrackLanguage,
): TrackLanguage {
  let en = 0
  let es = 0
  for (const segment of segments) {
    const length = Math.max(0.001, segment.end - segment.start)
    if (segment.language === 'es') es += length
    else en += length
  }
  if (en === 0 && es === 0) return fallback
  return es > en ? 'es' : 'en'
}

/** Whisper's language code to a track language; anything else (Whisper knows 99) is not supported here. */
export function toTrackLanguage(code: string | undefined): TrackLanguage | null {
  return code === 'en' || code === 'es' ? code : null
}

import type { TrackLanguage } from '../../shared/contract/index.ts'
import { fold } from '../redaction/fold.ts'

/**
 * Filler words offered for removal (decision 0050), by the language of the segment they are spoken in.
 * Spanish "este", "pues" and "o sea" are also real words ("este libro", "pues claro"), and even
 * "eh" can be a question: every one is offered in its context, never removed without a choice.
 */
export const fillerWords: Readonly<Record<TrackLanguage, readonly string[]>> = {
  en: ['um', 'uh', 'er', 'ah', 'hmm'],
  es: ['eh', 'em', 'este', 'o sea', 'pues'],
}

/**
 * A word as matching sees it: case, accents and punctuation gone, and a letter held longer
 * ("ummm", "Hmmm…", "ehhh") counted once, as transcribers spell the same sound both ways.
 */
export function matchKey(text: string): string {
  return fold(text)
    .folded.replace(/[^\p{L}\p{N}]/gu, '')
    .replace(/(\p{L})\1+/gu, '$1')
}

const keysOf = (language: TrackLanguage) =>
  fillerWords[language].map((filler) => ({
    filler,
    tokens: filler.split(' ').map(matchKey),
  }))

export interface FillerMatch {
  /** Index of the first and last word of the match. */
  first: number
  last: number
  filler: string
}

/**
 * Where fillers of `language` occur in a run of words; multi-word fillers ("o sea") match word
 * sequences, longest first, and a word belongs to one match at most.
 */
export function findFillers(
  words: ReadonlyArray<{ text: string }>,
  language: TrackLanguage,
): FillerMatch[] {
  const candidates = keysOf(language).sort((a, b) => b.tokens.length - a.tokens.length)
  const keys = words.map((w) => matchKey(w.text))
  const found: FillerMatch[] = []
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === '') continue
    const hit = candidates.find(({ tokens }) => tokens.every((token, k) => keys[i + k] === token))
    if (!hit) continue
    found.push({ first: i, last: i + hit.tokens.length - 1, filler: hit.filler })
    i += hit.tokens.length - 1
  }
  return found
}

/** A few words either side, for reading the filler in its sentence. */
export function contextOf(
  words: ReadonlyArray<{ text: string }>,
  match: Pick<FillerMatch, 'first' | 'last'>,
  width = 5,
): { before: string; text: string; after: string } {
  const join = (list: ReadonlyArray<{ text: string }>) =>
    list
      .map((w) => w.text.trim())
      .filter(Boolean)
      .join(' ')
  return {
    before: join(words.slice(Math.max(0, match.first - width), match.first)),
    text: join(words.slice(match.first, match.last + 1)),
    after: join(words.slice(match.last + 1, match.last + 1 + width)),
  }
}

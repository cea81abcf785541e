import type { Language } from './types.ts'

// The most frequent short words of each language that the other does not share. Counting them is
// enough to tell an English subtitle file from a Spanish one; the reading speed (20 or 17
// characters a second) is the only thing that depends on the answer.
const english = new Set([
  'the',
  'and',
  'is',
  'you',
  'it',
  'of',
  'to',
  'that',
  'was',
  'what',
  'i',
  'my',
  'we',
  'they',
  'with',
  'for',
  'this',
  'have',
  'are',
  'be',
])
const spanish = new Set([
  'el',
  'la',
  'los',
  'las',
  'de',
  'que',
  'y',
  'es',
  'en',
  'un',
  'una',
  'por',
  'con',
  'para',
  'se',
  'lo',
  'pero',
  'mi',
  'yo',
  'está',
])

/** How many of each language's common words the texts use (ñ, ¿ and ¡ count three for Spanish). */
export function languageScores(texts: readonly string[]): Record<Language, number> {
  let en = 0
  let es = 0
  for (const text of texts) {
    if (/[ñ¿¡]/iu.test(text)) es += 3
    for (const raw of text.toLowerCase().split(/[^\p{L}']+/u)) {
      if (english.has(raw)) en++
      if (spanish.has(raw)) es++
    }
  }
  return { en, es }
}

/** English or Spanish, by which language's common words the text uses more; English on a tie. */
export function guessLanguage(texts: readonly string[]): Language {
  const { en, es } = languageScores(texts)
  return es > en ? 'es' : 'en'
}

import type { Language } from '../subtitles/types.ts'

/**
 * What a rule-based engine's raw output carries that must never reach a subtitle
 * (docs/decisions/0156-local-translation.md): Apertium marks an unknown word with `*`, a word
 * it could not generate with `#`, an ambiguous one with `@`, leaves spaces before punctuation
 * and at line starts, and sometimes capitalises a word in the middle of a sentence.
 */

/** Markers at the start of a word: `*overtime`, `#gerente`, `@banco`. */
const markers = /(^|[\s([{¿¡"'«“<>/])[*#@]+(?=[\p{L}\p{N}])/gu

/** How many engine markers a line still carries (the bench counts them; the target is 0). */
export function countMarkers(line: string): number {
  return [...line.matchAll(markers)].length
}

function capitalised(word: string): boolean {
  const first = word[0] ?? ''
  return first !== first.toLocaleLowerCase() && word.slice(1) === word.slice(1).toLocaleLowerCase()
}

const sentenceEnd = /[.!?…:]["'”»)]*$/

/**
 * Words capitalised in the middle of a sentence, unless the source had capitals there too (a
 * name): the source's own non-initial capitals say whether to trust the engine's.
 */
function lowerStrayCapitals(text: string, source: string, to: Language): string {
  const sourceWords = source.split(/\s+/).filter(Boolean)
  const sourceCaps = sourceWords.filter(
    (word, i) =>
      i > 0 &&
      !sentenceEnd.test(sourceWords[i - 1] ?? '') &&
      capitalised(word.replace(/^[^\p{L}]+/u, '')) &&
      !/^Zqv\d+/.test(word) &&
      word !== 'I',
  )
  if (sourceCaps.length > 0) return text
  const words = text.split(' ')
  return words
    .map((word, i) => {
      if (i === 0 || sentenceEnd.test(words[i - 1] ?? '')) return word
      const bare = word.replace(/^[^\p{L}]+/u, '')
      if (/^Zqv\d+/.test(bare) || (to === 'en' && /^I(?:'|$)/.test(bare))) return word
      if (!capitalised(bare) || bare.length < 2) return word
      const at = word.length - bare.length
      return word.slice(0, at) + (bare[0]?.toLocaleLowerCase() ?? '') + bare.slice(1)
    })
    .join(' ')
}

/** The case of the source's first letter, given to the translation's first letter. */
function followFirstCase(text: string, source: string): string {
  const mask = (line: string) =>
    line.replace(/<vz\d+\/>|Zqv\d+/g, (found) => '_'.repeat(found.length))
  const sourceFirst = /\p{L}/u.exec(mask(source))?.[0]
  const match = /\p{L}/u.exec(mask(text))
  if (!sourceFirst || !match) return text
  const lower = sourceFirst === sourceFirst.toLocaleLowerCase()
  const letter = lower ? match[0].toLocaleLowerCase() : match[0].toLocaleUpperCase()
  return text.slice(0, match.index) + letter + text.slice(match.index + 1)
}

/**
 * A tag placeholder touches the words beside it as it did in the source (`<i>Hola`, not
 * `<i> Hola`): Apertium puts a space at the start of a sentence, after the tag.
 */
function tagSpacing(text: string, source: string): string {
  let out = text
  for (const match of source.matchAll(/<vz\d+\/>/g)) {
    const tag = match[0]
    const after = source[match.index + tag.length]
    const before = source[match.index - 1]
    if (after !== undefined && !/\s/.test(after)) out = out.replace(new RegExp(`${tag}\\s+`), tag)
    if (before !== undefined && !/\s/.test(before)) out = out.replace(new RegExp(`\\s+${tag}`), tag)
  }
  return out
}

/**
 * The engine's output line made fit for a subtitle: markers gone, single spaces, no space before
 * closing punctuation or after opening punctuation, capitals where the source had them.
 * Placeholders (protect.ts) are still in and are left as they are.
 */
export function cleanLine(raw: string, source: string, to: Language): string {
  let text = raw.replace(markers, '$1')
  text = text.replace(/\s+/g, ' ').trim()
  text = text.replace(/ +([,.;:!?…)\]}»”%])/g, '$1')
  text = text.replace(/([¿¡([{«“]) +/g, '$1')
  text = tagSpacing(text, source)
  text = lowerStrayCapitals(text, source, to)
  text = followFirstCase(text, source)
  return text
}

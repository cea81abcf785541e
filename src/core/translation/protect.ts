import type { Language } from '../subtitles/types.ts'
import type { LanguagePair } from './engine.ts'

/**
 * What an engine must not touch (docs/decisions/0156-local-translation.md): formatting tags
 * (`<i>`, `</font>`, ASS `{\i1}`), music notes, sound notes in brackets (`[laughter]`), web
 * addresses, hashtags and e-mail addresses, and the library's glossary terms (names of unions,
 * places, people), kept as the glossary writes them. Each is stood in for by a placeholder the
 * engine passes through unchanged, and put back after.
 *
 * Two kinds of placeholder: a tag between words is an empty element (`<vz3/>`), which Apertium's
 * text format carries as formatting, so the words around it translate as if it were not there;
 * a glossary term or an address stands where a word stands, so it is a word the engine does not
 * know (`Zqv3`), which it copies.
 */

export interface ProtectedLine {
  /** The line with placeholders; empty when nothing is left to translate. */
  text: string
  /** What each placeholder stands for, by its number. */
  slots: string[]
  /** True when the line has words for the engine (not only tags, notes or nothing). */
  hasWords: boolean
}

const tagPattern = /<\/?[A-Za-z][^<>]*>|\{\\[^{}]*\}/g
const notePattern = /[♪♫♩♬]+/g
const soundPattern = /\[[^[\]]*\]/g
const addressPattern =
  /\bhttps?:\/\/\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[#@][\p{L}\p{N}_]+/gu

/** Sound notes a subtitle carries in brackets, each language's usual wording (lowercase). */
const soundNotes: ReadonlyArray<Record<Language, string>> = [
  { en: 'laughter', es: 'risas' },
  { en: 'laughs', es: 'ríe' },
  { en: 'music', es: 'música' },
  { en: 'applause', es: 'aplausos' },
  { en: 'inaudible', es: 'inaudible' },
  { en: 'crosstalk', es: 'hablan a la vez' },
  { en: 'silence', es: 'silencio' },
  { en: 'sighs', es: 'suspira' },
  { en: 'crying', es: 'llanto' },
  { en: 'coughs', es: 'tose' },
  { en: 'background noise', es: 'ruido de fondo' },
  { en: 'phone rings', es: 'suena un teléfono' },
  { en: 'in Spanish', es: 'en español' },
  { en: 'in English', es: 'en inglés' },
]

/**
 * A sound note in the other language when it is a known one (`[laughter]` → `[risas]`), keeping
 * its capitals; any other bracketed note is kept as it is.
 */
export function translateSoundNote(note: string, pair: LanguagePair): string {
  const inner = note.slice(1, -1).trim()
  const found = soundNotes.find((entry) => entry[pair.from] === inner.toLocaleLowerCase())
  if (!found) return note
  const word = found[pair.to]
  const capital = inner !== '' && inner[0] !== inner[0]?.toLocaleLowerCase()
  const upper = inner === inner.toLocaleUpperCase() && inner.length > 1
  const cased = upper
    ? word.toLocaleUpperCase()
    : capital
      ? word[0]?.toLocaleUpperCase() + word.slice(1)
      : word
  return `[${cased}]`
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * One pattern for the glossary's terms, longest first, whole words only, case aside; null for an
 * empty glossary.
 */
export function glossaryPattern(terms: readonly string[]): RegExp | null {
  const sorted = [...new Set(terms.map((term) => term.trim()).filter((term) => term !== ''))].sort(
    (a, b) => b.length - a.length,
  )
  if (sorted.length === 0) return null
  const body = sorted.map(escapeRegExp).join('|')
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, 'giu')
}

interface Span {
  start: number
  end: number
  /** What goes back in its place. */
  value: string
  word: boolean
}

function spansOf(
  pattern: RegExp,
  line: string,
  make: (match: string) => Omit<Span, 'start' | 'end'>,
): Span[] {
  const spans: Span[] = []
  for (const match of line.matchAll(pattern)) {
    const start = match.index
    spans.push({ start, end: start + match[0].length, ...make(match[0]) })
  }
  return spans
}

/**
 * Protects one line (a cue's text on one line). `glossary` comes from `glossaryPattern` with the
 * terms as written, which is what comes back, whatever case the line used.
 */
export function protectLine(
  line: string,
  pair: LanguagePair,
  glossary: { pattern: RegExp | null; terms: readonly string[] },
): ProtectedLine {
  const spans: Span[] = [
    ...spansOf(tagPattern, line, (value) => ({ value, word: false })),
    ...spansOf(notePattern, line, (value) => ({ value, word: false })),
    ...spansOf(soundPattern, line, (value) => ({
      value: translateSoundNote(value, pair),
      word: false,
    })),
    ...spansOf(addressPattern, line, (value) => ({ value, word: true })),
  ]
  if (glossary.pattern) {
    const byKey = new Map(glossary.terms.map((term) => [term.toLocaleLowerCase(), term]))
    spans.push(
      ...spansOf(glossary.pattern, line, (value) => ({
        value: byKey.get(value.toLocaleLowerCase()) ?? value,
        word: true,
      })),
    )
  }
  // The first span wins where two overlap (a tag inside a glossary term cannot happen twice).
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  const slots: string[] = []
  let text = ''
  let at = 0
  for (const span of spans) {
    if (span.start < at) continue
    text += line.slice(at, span.start)
    const n = slots.push(span.value) - 1
    text += span.word ? `Zqv${n}` : `<vz${n}/>`
    at = span.end
  }
  text += line.slice(at)
  const words = text.replace(/<vz\d+\/>|Zqv\d+/g, ' ')
  return { text, slots, hasWords: /\p{L}/u.test(words) }
}

/**
 * Puts back what the placeholders stood for. A placeholder the engine lost is put at the end, so
 * no tag or term is ever dropped; a placeholder it doubled is put back once.
 */
export function restoreLine(translated: string, slots: readonly string[]): string {
  const used = new Set<number>()
  let text = translated.replace(/<vz(\d+)\/>|Zqv(\d+)/g, (_match, tag?: string, word?: string) => {
    const n = Number(tag ?? word)
    if (used.has(n) || slots[n] === undefined) return ''
    used.add(n)
    return slots[n]
  })
  for (let n = 0; n < slots.length; n++) if (!used.has(n)) text += ` ${slots[n] ?? ''}`
  return text
}

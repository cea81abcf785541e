import type { Word } from '../../shared/contract/index.ts'
import type { RawSegment } from './whisper-output.ts'

/** Lower case, no accents, no punctuation, single spaces: how phrases are compared. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

// Lines Whisper is known to invent over silence and music: it learned them from the closing
// credits of subtitled videos (openai/whisper discussions #679 and #928; whisper.cpp issue #1592).
// A segment is dropped only when it is one of these and nothing else.
const phantomLines = new Set(
  [
    'thanks for watching',
    'thank you for watching',
    'thanks for watching and see you next time',
    'please subscribe',
    'please like and subscribe',
    'subscribe to my channel',
    'dont forget to like and subscribe',
    'suscribete al canal',
    'suscribete',
    'suscribanse',
    'gracias por ver',
    'gracias por ver el video',
    'gracias por vernos',
    'no olvides suscribirte',
    'no olvides suscribirte al canal',
    'subtitulos por la comunidad de amara org',
    'subtitulos realizados por la comunidad de amara org',
    'subtitulado por la comunidad de amara org',
    'subtitles by the amara org community',
  ].map(normalizeText),
)

export function isPhantomLine(text: string): boolean {
  const normal = normalizeText(text)
  if (normal === '') return true
  return phantomLines.has(normal) || /\bamara org\b/.test(normal)
}

/**
 * A phrase of 1 to 8 words said 4 times or more in a row inside one segment is Whisper's decoding
 * loop ("la la la la", "and then and then and then and then"): keep it once. People repeat words
 * twice or three times; four identical runs in a row is the loop's signature.
 */
export function collapseLoops(words: readonly Word[], minRepeats = 4): Word[] {
  const keys = words.map((word) => normalizeText(word.text))
  const kept: Word[] = []
  let i = 0
  while (i < words.length) {
    let skipped = false
    for (let n = 1; n <= 8 && i + n * minRepeats <= words.length; n++) {
      const phrase = keys.slice(i, i + n).join(' ')
      if (phrase === '') continue
      let repeats = 1
      while (keys.slice(i + repeats * n, i + (repeats + 1) * n).join(' ') === phrase) repeats++
      if (repeats >= minRepeats) {
        kept.push(...words.slice(i, i + n))
        i += repeats * n
        skipped = true
        break
      }
    }
    if (!skipped) {
      const word = words[i]
      if (word) kept.push(word)
      i++
    }
  }
  return kept
}

export const joinWords = (words: readonly Word[]) =>
  words
    .map((word) => word.text)
    .join(' ')
    .replace(/\s+([,.;:!?…)\]»])/g, '$1')
    .trim()

/**
 * Drops what Whisper invents: empty segments, phantom credit lines, and the same sentence said
 * three times or more in a row (kept once); collapses word loops inside a segment.
 */
export function dropHallucinations(segments: readonly RawSegment[]): RawSegment[] {
  const out: RawSegment[] = []
  let run = { text: '', count: 0 }
  for (const segment of segments) {
    if (isPhantomLine(segment.text)) continue
    let current = segment
    if (segment.words.length > 0) {
      const words = collapseLoops(segment.words)
      if (words.length < segment.words.length) {
        const last = words[words.length - 1]
        current = {
          ...segment,
          words,
          text: joinWords(words),
          end: last ? Math.max(last.end, segment.start) : segment.end,
        }
      }
    }
    const normal = normalizeText(current.text)
    run = normal === run.text ? { text: normal, count: run.count + 1 } : { text: normal, count: 1 }
    // A third identical sentence in a row marks a loop; drop it and the ones after it. The second
    // stays: "Yes. Yes." happens in conversation. Whole runs of 3+ keep their first only.
    if (run.count >= 3 && normal.split(' ').length >= 2) {
      if (run.count === 3) out.pop()
      continue
    }
    out.push(current)
  }
  return out
}

/**
 * Appends a window's segments to those before it. Windows are cut at a silence and do not overlap,
 * so nothing should repeat; but if the engine's last timestamp ran past the cut, a segment that
 * starts before the previous window's last end is a repeat of what was kept, and words heard
 * before that end are dropped from the new window's first segment. Nothing after the end is lost.
 */
export function joinWindow(
  before: readonly RawSegment[],
  next: readonly RawSegment[],
): RawSegment[] {
  const last = before[before.length - 1]
  if (!last) return [...before, ...next]
  const until = last.end
  const out = [...before]
  for (const segment of next) {
    if (segment.end <= until) continue
    if (segment.start >= until) {
      out.push(segment)
      continue
    }
    const words = segment.words.filter((word) => word.start >= until - 0.02)
    if (segment.words.length > 0 && words.length === 0) continue
    const first = words[0]
    out.push(
      words.length > 0 && words.length < segment.words.length
        ? {
            ...segment,
            start: Math.max(until, first ? first.start : until),
            words,
            text: joinWords(words),
          }
        : { ...segment, start: Math.max(segment.start, until) },
    )
  }
  return out
}

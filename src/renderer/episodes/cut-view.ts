import type { Cut, CutSpan, EpisodeTranscript, EpisodeWord } from '../../shared/contract/index.ts'

/** A word of one clip's transcript as the page walks it: its place and its sentence. */
export interface FlatWord extends EpisodeWord {
  index: number
  segment: number
}

export function flatWords(clip: EpisodeTranscript['clips'][number]): FlatWord[] {
  const out: FlatWord[] = []
  clip.segments.forEach((segment, s) =>
    segment.words.forEach((word) => out.push({ ...word, index: out.length, segment: s })),
  )
  return out
}

/** The selection as first and last index, whichever way it was made. */
export function ordered(anchor: number, focus: number): [number, number] {
  return anchor <= focus ? [anchor, focus] : [focus, anchor]
}

/** The first and last word of the sentence (segment) that word `i` belongs to. */
export function sentenceOf(words: readonly FlatWord[], i: number): [number, number] {
  const segment = words[i]?.segment
  let first = i
  let last = i
  while (first > 0 && words[first - 1]?.segment === segment) first--
  while (last < words.length - 1 && words[last + 1]?.segment === segment) last++
  return [first, last]
}

/** Runs of consecutive cut words, as [first, last] indexes. */
export function cutRuns(words: readonly FlatWord[]): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  words.forEach((word, i) => {
    if (!word.cut) return
    const last = runs.at(-1)
    if (last && last[1] === i - 1) last[1] = i
    else runs.push([i, i])
  })
  return runs
}

/** The stretch of a recording from the first to the last of the words. */
export function spanOf(
  recordingId: string,
  words: readonly FlatWord[],
  first: number,
  last: number,
): CutSpan | null {
  const a = words[first]
  const b = words[last]
  return a && b ? { recordingId, start: a.start, end: Math.max(b.end, a.start + 0.001) } : null
}

/**
 * The stored cuts that remove some of these words: restoring a struck run gives back exactly
 * what was cut there, however it was made.
 */
export function cutsUnder(
  cuts: readonly Cut[],
  recordingId: string,
  words: readonly FlatWord[],
): CutSpan[] {
  const middles = words.map((w) => (w.start + w.end) / 2)
  return cuts
    .filter(
      (cut) =>
        cut.recordingId === recordingId && middles.some((m) => m >= cut.start && m < cut.end),
    )
    .map(({ recordingId: id, start, end }) => ({ recordingId: id, start, end }))
}

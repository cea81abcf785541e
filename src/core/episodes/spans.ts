/**
 * Stretches of time (seconds) and the arithmetic cuts need: merging, subtracting, and the kept
 * ranges of a clip once its cuts are taken out (decision 0050). Pure: the export's filter graph, the
 * time mapping and the transcript view all read their kept ranges from `keptRanges`, so what is
 * heard, what the transcript shows and what the subtitles say cannot disagree.
 */
import { mergeSpans, subtractSpans, type Span } from '../util/spans.ts'

export { mergeSpans, subtractSpans, type Span }

/**
 * The crossfade at every join inside a clip: 20 ms, equal power (docs/decisions/0050-episode-cuts.md).
 * Two periods of a low voice's fundamental (100 Hz) blend, so the waveforms' phases do not jump;
 * far shorter than a syllable (~100 ms), so the two sides are never heard speaking at once.
 */
export const crossfade = 0.02

/**
 * Cuts shorter than the crossfade remove nothing audible and would leave the crossfades no room;
 * kept stretches shorter than it are a sliver between two cuts. Both are dropped.
 */
export const minCut = crossfade
export const minKept = crossfade

/**
 * What is heard of a clip [start, end) of a recording once `cuts` (on the recording's clock) are
 * taken out, on the recording's clock. Cuts shorter than `minCut` are ignored; kept stretches
 * shorter than `minKept` go with the cuts around them. Empty when the cuts remove it all.
 */
export function keptRanges(clip: Span, cuts: readonly Span[]): Span[] {
  const inside = mergeSpans(
    cuts.map((c) => ({ start: Math.max(clip.start, c.start), end: Math.min(clip.end, c.end) })),
  ).filter((c) => c.end - c.start >= minCut)
  let kept = subtractSpans([clip], inside)
  // A cut between two kept stretches that is too short once merged is no cut at all.
  const joined: Span[] = []
  for (const span of kept) {
    const last = joined.at(-1)
    if (last && span.start - last.end < minCut) last.end = span.end
    else joined.push({ ...span })
  }
  kept = joined.filter((span) => span.end - span.start >= minKept)
  return kept
}

/** Seconds heard: the kept stretches together. */
export function heardLength(kept: readonly Span[]): number {
  return kept.reduce((sum, span) => sum + (span.end - span.start), 0)
}

/** Whether a word (or any stretch) is heard: its middle lies in a kept stretch. */
export function midpointIn<T extends Span>(span: Span, ranges: readonly T[]): T | undefined {
  const middle = (span.start + span.end) / 2
  return ranges.find((r) => middle >= r.start && middle < r.end)
}

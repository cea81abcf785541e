import {
  VocesError,
  type Clip,
  type Cut,
  type CutKind,
  type CutSpan,
} from '../../shared/contract/index.ts'
import { subtractSpans, type Span } from './spans.ts'

/**
 * The rules of cuts (decision 0050), pure: which clip holds a cut, merging, restoring, and widening a
 * cut of words to the pauses around them. The repository and the service apply them.
 */

/** Stored times are REAL and word times millisecond-rounded: a cut may pass a clip's edge by this. */
const edgeTolerance = 0.001

/** The first clip of the span's recording that holds the whole span; -1 when none does. */
export function clipHolding(clips: readonly Clip[], span: CutSpan): number {
  return clips.findIndex(
    (clip) =>
      clip.recordingId === span.recordingId &&
      span.start >= clip.start - edgeTolerance &&
      span.end <= clip.end + edgeTolerance,
  )
}

export function cutOutsideClip(span: CutSpan): VocesError {
  return new VocesError(
    'CUT_OUTSIDE_CLIP',
    `A cut must lie inside one of the episode's clips: ${span.start.toFixed(3)}–${span.end.toFixed(3)} s of recording ${span.recordingId} is in none.`,
    { id: span.recordingId },
  )
}

export function checkCutsInClips(clips: readonly Clip[], cuts: readonly CutSpan[]): void {
  const outside = cuts.find((cut) => clipHolding(clips, cut) < 0)
  if (outside) throw cutOutsideClip(outside)
}

/**
 * Per recording, in time order, overlapping and touching cuts joined into one. Joining an edit
 * and a filler gives an edit: the producer deleted those words on purpose.
 */
export function mergeCuts(cuts: readonly Cut[]): Cut[] {
  const sorted = [...cuts]
    .filter((cut) => cut.end > cut.start)
    .sort((a, b) => a.recordingId.localeCompare(b.recordingId) || a.start - b.start)
  const out: Cut[] = []
  for (const cut of sorted) {
    const last = out.at(-1)
    if (last && last.recordingId === cut.recordingId && cut.start <= last.end) {
      last.end = Math.max(last.end, cut.end)
      if (cut.kind === 'edit') last.kind = 'edit'
    } else out.push({ ...cut })
  }
  return out
}

/** The cuts with the given stretches taken out of them: those moments are heard again. */
export function restoreFromCuts(cuts: readonly Cut[], spans: readonly CutSpan[]): Cut[] {
  return mergeCuts(cuts).flatMap((cut) => {
    const holes = spans.filter((s) => s.recordingId === cut.recordingId)
    return subtractSpans([cut], holes).map((left) => ({ ...cut, ...left }))
  })
}

/** Adds cuts of one kind to those there are, merged. */
export function addCuts(cuts: readonly Cut[], spans: readonly CutSpan[], kind: CutKind): Cut[] {
  return mergeCuts([...cuts, ...spans.map((span) => ({ ...span, kind }))])
}

/**
 * A cut of words reaches to the middle of the pause on each side of them; the clip's edge counts
 * as a neighbour, so half of what lies between its first (or last) word and its in (or out)
 * point stays, which may be speech the transcript missed. The pause left between the kept words
 * is then the mean of the two, which sounds like the speaker's own; word timings off by a few
 * tens of milliseconds, as recognisers' are, cut no sound of a kept word; and cutting two
 * neighbouring words one after the other gives the same cut as cutting both at once. `words` are
 * the clip's, in time order; a stretch that covers no word's middle is kept as given. Always
 * inside the clip.
 */
export function widenToPauses(span: Span, words: readonly Span[], clip: Span): Span {
  const middle = (w: Span) => (w.start + w.end) / 2
  const first = words.findIndex((w) => middle(w) >= span.start && middle(w) <= span.end)
  let start = span.start
  let end = span.end
  if (first >= 0) {
    let last = first
    while (last + 1 < words.length && middle(words[last + 1] as Span) <= span.end) last++
    const a = words[first] as Span
    const b = words[last] as Span
    const before = words[first - 1]
    const after = words[last + 1]
    const previousEnd = before?.end ?? clip.start
    const nextStart = after?.start ?? clip.end
    start = Math.min(start, a.start, (previousEnd + a.start) / 2)
    end = Math.max(end, b.end, (b.end + nextStart) / 2)
  }
  const round = (t: number) => Math.round(t * 1000) / 1000
  return {
    start: round(Math.max(clip.start, start)),
    end: round(Math.min(clip.end, end)),
  }
}

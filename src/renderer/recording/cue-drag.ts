/**
 * Where a cue goes when a person drags it on the waveform or nudges it with the keys: pure
 * functions, so the rules are tested apart from the pointer (docs/decisions/0033-cue-timing-on-the-waveform.md).
 */

export interface CueSpan {
  start: number
  end: number
}

export type DragMode = 'start' | 'end' | 'move'

export interface DragLimits {
  /** Seconds between two cues: the rules' minimum gap (2 frames at 24 fps = 0.0833 s). */
  minGap: number
  /** The rules' minimum duration (5/6 s); a cue already shorter may not get shorter still. */
  minDuration: number
  /** The recording's length; nothing goes past it. */
  duration: number
  /** How near (in seconds) an edge must come to a snap target to land on it; 0: no snapping. */
  snap: number
  /** Times an edge snaps to besides the neighbours' limits: the playhead. */
  targets?: readonly number[]
}

/** Kept to whole milliseconds, what SRT and WebVTT hold; limits round inwards. */
const ms = (seconds: number) => Math.round(seconds * 1000) / 1000
const msUp = (seconds: number) => Math.ceil(seconds * 1000 - 1e-6) / 1000
const msDown = (seconds: number) => Math.floor(seconds * 1000 + 1e-6) / 1000

/**
 * How far the cue at `index` may go: the previous cue's end plus the gap, the next cue's start
 * less the gap, within the recording. A cue that already breaks a limit (an imported file) keeps
 * the room it has, so grabbing it never makes it jump, but it cannot go further in.
 */
export function cueBounds(
  cues: readonly CueSpan[],
  index: number,
  limits: Pick<DragLimits, 'minGap' | 'duration'>,
): { lo: number; hi: number } {
  const cue = cues[index]
  if (!cue) return { lo: 0, hi: limits.duration }
  const previous = cues[index - 1]
  const next = cues[index + 1]
  const lo = previous ? msUp(previous.end + limits.minGap) : 0
  const end = limits.duration > 0 ? limits.duration : Infinity
  const hi = next ? msDown(next.start - limits.minGap) : end
  return { lo: Math.min(lo, cue.start), hi: Math.max(Math.min(hi, end), cue.end) }
}

function snapTo(value: number, targets: readonly number[], distance: number): number {
  let best = value
  let bestDistance = distance
  for (const target of targets) {
    const d = Math.abs(target - value)
    if (d <= bestDistance) {
      best = target
      bestDistance = d
    }
  }
  return best
}

/**
 * The cue's new times after moving its start, its end or all of it by `delta` seconds from where
 * it was (`cues[index]`). Edges snap to the neighbours' limits and the targets when within
 * `snap`; then the limits hold: never nearer a neighbour than the gap, never shorter than the
 * minimum duration (or than it already was, when it was shorter), never outside the recording.
 */
export function dragCue(
  cues: readonly CueSpan[],
  index: number,
  mode: DragMode,
  delta: number,
  limits: DragLimits,
): CueSpan {
  const cue = cues[index]
  if (!cue) return { start: 0, end: 0 }
  const { lo, hi } = cueBounds(cues, index, limits)
  const length = cue.end - cue.start
  const shortest = Math.min(limits.minDuration, length)
  // A start snaps to the earliest it may be, an end to the latest; both to the playhead.
  const startTargets = [lo, ...(limits.targets ?? [])]
  const endTargets = [hi, ...(limits.targets ?? [])]
  if (mode === 'start') {
    const wanted = ms(snapTo(cue.start + delta, startTargets, limits.snap))
    // The latest start that keeps the duration, rounded so the rounding cannot shorten it.
    const latest = Math.max(cue.start, msDown(cue.end - shortest))
    return { start: Math.min(Math.max(wanted, lo), latest), end: cue.end }
  }
  if (mode === 'end') {
    const wanted = ms(snapTo(cue.end + delta, endTargets, limits.snap))
    const earliest = Math.min(cue.end, msUp(cue.start + shortest))
    return { start: cue.start, end: Math.max(Math.min(wanted, hi), earliest) }
  }
  // Moving: whichever edge comes nearer a target snaps, and the cue keeps its length.
  let start = cue.start + delta
  const byStart = snapTo(start, startTargets, limits.snap) - start
  const byEnd = snapTo(start + length, endTargets, limits.snap) - (start + length)
  if (byStart !== 0 || byEnd !== 0)
    start +=
      byStart !== 0 && (byEnd === 0 || Math.abs(byStart) <= Math.abs(byEnd)) ? byStart : byEnd
  start = ms(Math.min(Math.max(start, lo), hi - length))
  return { start, end: ms(start + length) }
}

/** What a key does to the focused cue of the waveform (the keyboard's way to drag). */
export interface CueKey {
  mode: DragMode
  /** −1 earlier, +1 later. */
  direction: -1 | 1
}

/**
 * The keys of a focused cue on the waveform: `[` and `]` make it longer (start earlier, end
 * later), with Shift shorter; ← and → move it. Read from the physical key (`code`), so it works
 * on keyboards where `[` needs AltGr (Spanish), and from the character for the others.
 */
export function cueKey(event: { key: string; code: string; shiftKey: boolean }): CueKey | null {
  const bracketLeft = event.code === 'BracketLeft' || event.key === '[' || event.key === '{'
  const bracketRight = event.code === 'BracketRight' || event.key === ']' || event.key === '}'
  if (bracketLeft) return { mode: 'start', direction: event.shiftKey ? 1 : -1 }
  if (bracketRight) return { mode: 'end', direction: event.shiftKey ? -1 : 1 }
  if (event.key === 'ArrowLeft') return { mode: 'move', direction: -1 }
  if (event.key === 'ArrowRight') return { mode: 'move', direction: 1 }
  return null
}

/** One keyboard step: 100 ms, or one frame of the rules' frame rate with Ctrl/⌘. */
export const NUDGE_SECONDS = 0.1

/**
 * The cues whose span meets [from, to], in order. Cues are in start order: a binary search finds
 * the first that starts in view; before it, only a cue that lasts into the view counts (an
 * imported file's long cue), which one pass over the earlier cues finds.
 */
export function cuesInView<T extends CueSpan>(
  cues: readonly T[],
  from: number,
  to: number,
): Array<{ cue: T; index: number }> {
  let lo = 0
  let hi = cues.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((cues[mid]?.start ?? Infinity) < from) lo = mid + 1
    else hi = mid
  }
  const found: Array<{ cue: T; index: number }> = []
  for (let k = 0; k < lo; k++) {
    const cue = cues[k]
    if (cue && cue.end >= from) found.push({ cue, index: k })
  }
  for (let k = lo; k < cues.length; k++) {
    const cue = cues[k]
    if (!cue || cue.start > to) break
    found.push({ cue, index: k })
  }
  return found
}

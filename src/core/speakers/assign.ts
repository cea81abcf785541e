/**
 * Detected turns onto a transcript's words (decision 0153): a word belongs to one speaker, the
 * one whose turns cover most of it, so a turn boundary inside a word moves to the nearer word
 * edge; a word in no turn (the engine heard a pause there) goes to the nearest turn. A segment
 * whose words change speaker is split between those words, so every segment, and through it
 * every word, has one speaker, and every format that shows a segment's speaker shows the turns.
 */
import type { SpeakerTurn } from './engines/types.ts'

export interface Timed {
  start: number
  end: number
}

/** Seconds of `a` that `b` covers. */
function overlap(a: Timed, b: Timed): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start))
}

/** Turns sorted by start; the index of the first turn that may reach `time`. */
function firstReaching(turns: readonly SpeakerTurn[], time: number): number {
  let low = 0
  let high = turns.length
  while (low < high) {
    const mid = (low + high) >> 1
    if ((turns[mid]?.end ?? 0) <= time) low = mid + 1
    else high = mid
  }
  return low
}

/** The speaker of one stretch: most covered, else the nearest turn; null when there are none. */
export function speakerOf(stretch: Timed, turns: readonly SpeakerTurn[]): number | null {
  if (turns.length === 0) return null
  const seconds = new Map<number, number>()
  for (let i = Math.max(0, firstReaching(turns, stretch.start) - 1); i < turns.length; i++) {
    const turn = turns[i]
    if (!turn || turn.start >= stretch.end) break
    const covered = overlap(stretch, turn)
    if (covered > 0) seconds.set(turn.speaker, (seconds.get(turn.speaker) ?? 0) + covered)
  }
  let best: number | null = null
  let most = 0
  for (const [speaker, covered] of seconds) {
    if (covered > most) [best, most] = [speaker, covered]
  }
  if (best !== null) return best
  // In a pause: the turn whose edge is nearest the middle of the stretch.
  const middle = (stretch.start + stretch.end) / 2
  let nearest: number | null = null
  let distance = Infinity
  const around = firstReaching(turns, middle)
  for (const i of [around - 1, around, around + 1]) {
    const turn = turns[i]
    if (!turn) continue
    const d = Math.min(Math.abs(turn.start - middle), Math.abs(turn.end - middle))
    if (d < distance) [nearest, distance] = [turn.speaker, d]
  }
  return nearest
}

/** One run of words (indices `from` to `to`, exclusive) with one speaker. */
export interface SpeakerRun {
  from: number
  to: number
  speaker: number | null
}

/**
 * A segment's words in runs of one speaker. A segment without words is one run, its speaker the
 * segment's own by time.
 */
export function speakerRuns(
  segment: Timed,
  words: readonly Timed[],
  turns: readonly SpeakerTurn[],
): SpeakerRun[] {
  if (words.length === 0) return [{ from: 0, to: 0, speaker: speakerOf(segment, turns) }]
  const runs: SpeakerRun[] = []
  words.forEach((word, i) => {
    const speaker = speakerOf(
      word.end > word.start ? word : { start: word.start, end: word.start + 0.01 },
      turns,
    )
    const last = runs[runs.length - 1]
    if (last && last.speaker === speaker) last.to = i + 1
    else runs.push({ from: i, to: i + 1, speaker })
  })
  return runs
}

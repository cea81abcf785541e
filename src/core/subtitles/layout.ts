import { breakCostBetween } from './break-points.ts'
import { characterCount, wordsOf } from './text.ts'
import type { Language } from './types.ts'

// Weights of the line-layout cost, in the units of breakCost (0 best … 8 worst place to break).
/** Per line: how far its length is from an even share, as a fraction of a full line. */
const balanceWeight = 6
/** A top line longer than the even share: two-line subtitles read best bottom-heavy. */
const topHeavyCost = 1
/** Each line beyond the first: "keep the text on one line unless it exceeds the limit". */
export const extraLineCost = 1

export interface Breaks {
  /** Indices of the words that begin the second, third, … line. */
  breaks: number[]
  cost: number
}

/**
 * The best way to set words [from, to) on as few lines as fit (at most maxLines), each at most
 * maxChars: good break points first (break-points.ts), then balanced lines. `widths` are the
 * words' character counts; `after[t]` the cost of breaking between word t and t + 1.
 * Null when the words cannot fit.
 */
export function bestBreaks(
  widths: readonly number[],
  after: readonly number[],
  from: number,
  to: number,
  maxChars: number,
  maxLines: number,
): Breaks | null {
  let total = -1
  for (let t = from; t < to; t++) total += (widths[t] ?? 0) + 1
  if (total <= maxChars) return { breaks: [], cost: 0 }
  for (let lines = 2; lines <= maxLines; lines++) {
    const found = breaksOnLines(
      widths,
      after,
      from,
      to,
      maxChars,
      lines,
      (total - (lines - 1)) / lines,
    )
    if (found) return { breaks: found.breaks, cost: found.cost + extraLineCost * (lines - 1) }
  }
  return null
}

function breaksOnLines(
  widths: readonly number[],
  after: readonly number[],
  from: number,
  to: number,
  maxChars: number,
  lines: number,
  target: number,
): Breaks | null {
  const span = to - from + 1
  // cost[l * span + (t - from)]: the best cost of words [from, t) set on l lines; `start` its last line's first word.
  const cost = new Float64Array((lines + 1) * span).fill(Infinity)
  const start = new Int32Array((lines + 1) * span)
  cost[0] = 0
  for (let l = 1; l <= lines; l++) {
    for (let t = from + 1; t <= to; t++) {
      let length = -1
      for (let s = t - 1; s >= from; s--) {
        length += (widths[s] ?? 0) + 1
        if (length > maxChars) break
        const before = cost[(l - 1) * span + (s - from)] ?? Infinity
        if (before === Infinity) continue
        const breakHere = l > 1 ? (after[s - 1] ?? 0) : 0
        const shape =
          (balanceWeight * Math.abs(length - target)) / maxChars +
          (l < lines && length > target ? topHeavyCost : 0)
        const candidate = before + breakHere + shape
        if (candidate < (cost[l * span + (t - from)] ?? Infinity)) {
          cost[l * span + (t - from)] = candidate
          start[l * span + (t - from)] = s
        }
      }
    }
  }
  const best = cost[lines * span + (to - from)] ?? Infinity
  if (best === Infinity) return null
  const breaks: number[] = []
  let t = to
  for (let l = lines; l > 1; l--) {
    const s = start[l * span + (t - from)] ?? from
    breaks.unshift(s)
    t = s
  }
  return { breaks, cost: best }
}

/** Break costs between each word and the next (the last word's is 0). */
export function breakCostsOf(words: readonly string[], language?: Language): number[] {
  return words.map((word, t) => {
    const next = words[t + 1]
    return next === undefined ? 0 : breakCostBetween(word, next, language)
  })
}

/** Joins words into lines at the given breaks. */
export function joinLines(
  words: readonly string[],
  from: number,
  to: number,
  breaks: readonly number[],
): string[] {
  const bounds = [from, ...breaks, to]
  const lines: string[] = []
  for (let k = 0; k + 1 < bounds.length; k++)
    lines.push(words.slice(bounds[k], bounds[k + 1]).join(' '))
  return lines
}

/**
 * Sets a text on lines by the rules; when it cannot fit in maxLines it goes on as few more lines
 * as it needs, still broken at the best places, so nothing is lost and the quality checks flag
 * the cue. A single word longer than a line gets a line of its own.
 */
export function layoutText(
  text: string,
  maxChars: number,
  maxLines: number,
  language?: Language,
): string {
  const words = wordsOf(text)
  const widths = words.map(characterCount)
  const costs = breakCostsOf(words, language)
  const found =
    bestBreaks(widths, costs, 0, words.length, maxChars, maxLines) ??
    bestBreaks(
      widths,
      costs,
      0,
      words.length,
      Math.max(maxChars, ...widths),
      Math.max(maxLines, words.length),
    )
  return found ? joinLines(words, 0, words.length, found.breaks).join('\n') : words.join(' ')
}

import { breakCostBetween } from './break-points.ts'
import { bestBreaks, breakCostsOf, joinLines, layoutText } from './layout.ts'
import type { TrackRules } from './rules.ts'
import { characterCount, wordsOf } from './text.ts'
import type { Cue, TimedSegment } from './types.ts'

/** A word of the transcript as the cue maker walks it. */
interface Word {
  start: number
  end: number
  text: string
  speaker: string | null
}

// Weights of the segmentation cost, in the units of breakCost (0 best … 8 worst place to break).
/** Each cue costs this much, so short phrases gather into fuller cues instead of flashing by. */
const perCue = 4
/** Ending a cue is a more visible break than ending a line, so its break cost counts double. */
const cueBreakWeight = 2
/** A pause in speech is a natural cue boundary: this much per second of silence, up to a second. */
const pauseBonus = 8
/** Per unit of reading speed above the limit (1 = twice the limit). */
const readingSpeedWeight = 20
/** Per second a cue falls short of the minimum duration before the timing pass lengthens it. */
const shortCueWeight = 4
/** A single word too long for a line still has to go somewhere: allowed, at this cost. */
const oversizeCost = 100

/**
 * The words of the segments in time order. A segment without word timings (an imported
 * transcript, a translation) has its time shared among its words by their length.
 */
export function wordsOfSegments(segments: readonly TimedSegment[]): Word[] {
  const words: Word[] = []
  for (const segment of segments) {
    const timed = segment.words
      .map((word) => ({ ...word, text: word.text.trim() }))
      .filter((word) => word.text !== '')
    if (timed.length > 0) {
      for (const word of timed) {
        words.push({
          start: word.start,
          end: Math.max(word.start, word.end),
          text: word.text,
          speaker: segment.speaker,
        })
      }
      continue
    }
    const texts = wordsOf(segment.text)
    const weights = texts.map((text) => characterCount(text) + 1)
    const total = weights.reduce((a, b) => a + b, 0)
    const span = Math.max(0, segment.end - segment.start)
    let at = segment.start
    texts.forEach((text, k) => {
      const length = (span * (weights[k] ?? 0)) / total
      words.push({ start: at, end: at + length, text, speaker: segment.speaker })
      at += length
    })
  }
  return words.sort((a, b) => a.start - b.start)
}

/** Runs of words that no cue may span: a new speaker, or a silence longer than maxPauseInCue. */
function runsOf(words: readonly Word[], rules: TrackRules): Word[][] {
  const runs: Word[][] = []
  let run: Word[] = []
  for (const word of words) {
    const last = run[run.length - 1]
    if (last && (last.speaker !== word.speaker || word.start - last.end > rules.maxPauseInCue)) {
      runs.push(run)
      run = []
    }
    run.push(word)
  }
  if (run.length > 0) runs.push(run)
  return runs
}

/**
 * Splits one run into cues by dynamic programming over the words: every split into cues that fit
 * (lines, characters a line, maximum duration) is weighed by where its cues end (punctuation,
 * clause boundaries and pauses are good; after an article or preposition is bad), how well each
 * cue's lines break, its reading speed and how many cues there are; the cheapest wins.
 */
function splitRun(run: readonly Word[], rules: TrackRules): Cue[] {
  const n = run.length
  const texts = run.map((word) => word.text)
  const widths = texts.map(characterCount)
  const after = breakCostsOf(texts, rules.language)
  const best = new Float64Array(n + 1).fill(Infinity)
  const from = new Int32Array(n + 1)
  const layouts: Array<number[] | null> = new Array<number[] | null>(n + 1).fill(null)
  best[0] = 0
  const maxCueChars = rules.maxCharsPerLine * rules.maxLines + rules.maxLines - 1
  for (let j = 1; j <= n; j++) {
    const endWord = run[j - 1] as Word
    const next = run[j]
    const boundary = next
      ? cueBreakWeight * breakCostBetween(endWord.text, next.text, rules.language) -
        pauseBonus * Math.min(1, Math.max(0, next.start - endWord.end))
      : 0
    let chars = -1
    for (let i = j - 1; i >= 0; i--) {
      chars += (widths[i] ?? 0) + 1
      const single = i === j - 1
      const duration = endWord.end - (run[i] as Word).start
      if (!single && (chars > maxCueChars || duration > rules.maxDuration)) break
      const before = best[i] ?? Infinity
      if (before === Infinity) continue
      const layout = bestBreaks(widths, after, i, j, rules.maxCharsPerLine, rules.maxLines)
      if (!layout && !single) continue
      const shown = Math.max(duration + rules.maxLinger, rules.minDuration)
      const speed = chars / shown / rules.maxCharsPerSecond
      const cost =
        before +
        perCue +
        boundary +
        (layout ? layout.cost : oversizeCost) +
        readingSpeedWeight * Math.max(0, speed - 1) +
        shortCueWeight * Math.max(0, rules.minDuration - duration - rules.maxLinger)
      if (cost < (best[j] ?? Infinity)) {
        best[j] = cost
        from[j] = i
        layouts[j] = layout ? layout.breaks : null
      }
    }
  }
  const cues: Cue[] = []
  for (let j = n; j > 0; j = from[j] ?? 0) {
    const i = from[j] ?? 0
    const breaks = layouts[j]
    const text = breaks
      ? joinLines(texts, i, j, breaks).join('\n')
      : layoutText(
          texts.slice(i, j).join(' '),
          rules.maxCharsPerLine,
          rules.maxLines,
          rules.language,
        )
    cues.unshift({
      start: (run[i] as Word).start,
      end: (run[j - 1] as Word).end,
      text,
      speaker: run[i]?.speaker ?? null,
    })
  }
  return cues
}

const ms = (seconds: number) => Math.round(seconds * 1000) / 1000

/**
 * Cue times from speech times, left to right: each cue stays up long enough to read (up to
 * maxLinger past the speech) and at least minDuration, at most maxDuration; a gap to the next cue
 * shorter than chainGap is closed to the minimum gap, and no cue comes closer to the next than
 * that. A cue still too short then starts earlier, into the silence before it. Times are whole
 * milliseconds (what SRT and WebVTT hold) and the gap is rounded up to one, so the file written
 * keeps every rule the times here keep.
 */
export function timeCues(cues: readonly Cue[], rules: TrackRules): Cue[] {
  const minGap = Math.ceil(rules.minGap * 1000 - 1e-6) / 1000
  const timed: Cue[] = []
  let previousEnd = -Infinity
  cues.forEach((cue, k) => {
    const speechEnd = cue.end
    let start = Math.max(cue.start, previousEnd + minGap, 0)
    const readingTime = characterCount(cue.text) / rules.maxCharsPerSecond
    let end = Math.max(
      speechEnd,
      start + rules.minDuration,
      Math.min(start + readingTime, speechEnd + rules.maxLinger),
    )
    const longest = Math.max(start + rules.maxDuration, speechEnd)
    end = Math.min(end, longest)
    const next = cues[k + 1]
    if (next) {
      const gap = next.start - end
      if (gap < minGap) end = next.start - minGap
      else if (gap <= rules.chainGap && next.start - minGap <= longest) end = next.start - minGap
    }
    end = ms(end)
    if (end - start < rules.minDuration)
      start = Math.max(previousEnd + minGap, end - rules.minDuration, 0)
    start = ms(start)
    if (end < start) end = start
    timed.push({ ...cue, start, end })
    previousEnd = end
  })
  return timed
}

/** Cues made from a transcript's segments by the subtitle rules (docs/decisions/0030-subtitle-rules.md). */
export function makeCues(segments: readonly TimedSegment[], rules: TrackRules): Cue[] {
  const words = wordsOfSegments(segments)
  return timeCues(
    runsOf(words, rules).flatMap((run) => splitRun(run, rules)),
    rules,
  )
}

/**
 * The other language's text for cues that already have their timing: each word of its
 * transcript (a translation track, say) goes to the cue its middle falls in, or the nearest
 * cue; each cue's words are then set on lines. A cue that receives no words gets ''.
 */
export function fillCues(
  cues: readonly Pick<Cue, 'start' | 'end'>[],
  segments: readonly TimedSegment[],
  rules: TrackRules,
): string[] {
  const gathered: string[][] = cues.map(() => [])
  if (cues.length === 0) return []
  let k = 0
  for (const word of wordsOfSegments(segments)) {
    const middle = (word.start + word.end) / 2
    while (k + 1 < cues.length && middle >= (cues[k + 1]?.start ?? Infinity)) k++
    const here = cues[k]
    const next = cues[k + 1]
    // Between two cues: the nearer one takes it.
    const target =
      here && next && middle > here.end && next.start - middle < middle - here.end ? k + 1 : k
    gathered[target]?.push(word.text)
  }
  return gathered.map((words) =>
    layoutText(words.join(' '), rules.maxCharsPerLine, rules.maxLines, rules.language),
  )
}

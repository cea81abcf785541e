import { malformed } from './errors.ts'
import { normalizeCueText, stripSrtFormatting, cueLines } from './text.ts'
import { formatSrtTime, isBlank, parseTimingLine, splitLines } from './time.ts'
import type { Cue } from './types.ts'

const example = '00:00:01,000 --> 00:00:02,500'
const isIndex = (line: string | undefined) => line !== undefined && /^\d+$/.test(line.trim())
/** Where a cue should begin: any line with an arrow, so a broken timing is reported, not skipped. */
const looksLikeTiming = (line: string | undefined) => line !== undefined && line.includes('-->')
/** A well-formed timing line. Only this ends a cue's text: "A --> B" inside the text stays text. */
const clockPattern = String.raw`(?:\d+:)?\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?`
const timingPattern = new RegExp(String.raw`^\s*${clockPattern}\s+-->\s+${clockPattern}(?:\s|$)`)
const isTiming = (line: string | undefined) => line !== undefined && timingPattern.test(line)

/**
 * Whether the next cue starts at `i` although no blank line came before it: a timing line, or a
 * cue number followed by one.
 */
function cueStartsAt(lines: string[], i: number): boolean {
  return isTiming(lines[i]) || (isIndex(lines[i]) && isTiming(lines[i + 1]))
}

/**
 * Reads SubRip. Cues are separated by blank lines; the cue number is optional (some tools leave
 * it out) and a missing blank line before the next cue is forgiven. Anything else that is not
 * a cue (stray text, a broken timing) stops the import with its line number.
 */
export function parseSrt(text: string): Cue[] {
  const lines = splitLines(text)
  const cues: Cue[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (isBlank(line)) {
      i++
      continue
    }
    if (isIndex(line)) {
      i++
      if (i >= lines.length || isBlank(lines[i] ?? ''))
        throw malformed(i, `cue ${line.trim()} has no timing line.`)
    } else if (!looksLikeTiming(line)) {
      throw malformed(
        i + 1,
        `expected a cue number or a timing such as "${example}", found "${line.trim()}".`,
      )
    }
    const timing = parseTimingLine(lines[i] ?? '', i + 1, example)
    i++
    const textLines: string[] = []
    while (i < lines.length && !isBlank(lines[i] ?? '') && !cueStartsAt(lines, i)) {
      textLines.push(stripSrtFormatting(lines[i] ?? ''))
      i++
    }
    cues.push({
      start: timing.start,
      end: timing.end,
      text: normalizeCueText(textLines.join('\n')),
      speaker: null,
    })
  }
  return cues
}

/** Writes SubRip: numbered cues, millisecond times. Speakers and settings have no place in SRT. */
export function writeSrt(cues: readonly Cue[]): string {
  return cues
    .map((cue, index) => {
      const lines = cueLines(normalizeCueText(cue.text))
      const timing = `${formatSrtTime(cue.start)} --> ${formatSrtTime(cue.end)}`
      return [String(index + 1), timing, ...lines].join('\n') + '\n'
    })
    .join('\n')
}

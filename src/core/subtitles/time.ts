import { malformed } from './errors.ts'

/** Splits text into lines, accepting the line endings of every platform. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

export function isBlank(line: string): boolean {
  return line.trim() === ''
}

/**
 * Whole units of `1 / perSecond` seconds, rounded. Times are written from whole units so that
 * hours, minutes and seconds never read 60 and the fraction never rounds up to 1000 ms.
 */
function units(seconds: number, perSecond: number): number {
  return Math.max(0, Math.round(seconds * perSecond))
}

function clock(
  totalUnits: number,
  perSecond: number,
  digits: number,
  separator: string,
  hourDigits = 2,
): string {
  const whole = Math.floor(totalUnits / perSecond)
  const fraction = totalUnits - whole * perSecond
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = whole % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return `${String(h).padStart(hourDigits, '0')}:${two(m)}:${two(s)}${separator}${String(fraction).padStart(digits, '0')}`
}

/** SubRip: `00:01:02,345` (milliseconds). */
export function formatSrtTime(seconds: number): string {
  return clock(units(seconds, 1000), 1000, 3, ',')
}

/** WebVTT: `00:01:02.345` (milliseconds; the hours are always written, which the spec allows). */
export function formatVttTime(seconds: number): string {
  return clock(units(seconds, 1000), 1000, 3, '.')
}

/** ASS/SSA: `0:01:02.34` (centiseconds, one digit of hours). */
export function formatAssTime(seconds: number): string {
  return clock(units(seconds, 100), 100, 2, '.', 1)
}

/**
 * The latest time a subtitle file may hold: 10,000 hours. Hours are digits without a limit in
 * SRT and WebVTT, so "999…9:00:00,000" would read as Infinity and be written back as
 * "Infinity:NaN:NaN"; no recording is a year long (docs/decisions/0086-times-inside-the-recording.md).
 */
export const MAX_FILE_SECONDS = 10_000 * 3600

/** Refuses a time past MAX_FILE_SECONDS, naming the line. */
export function requireFileTime(seconds: number, lineNumber: number): number {
  if (!Number.isFinite(seconds) || seconds > MAX_FILE_SECONDS)
    throw malformed(lineNumber, 'a time is more than 10,000 hours; no recording is that long.')
  return seconds
}

/** Seconds from `[h:]mm:ss[,.]fff`; null when the text is no timestamp. */
export function parseClock(text: string): number | null {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?$/.exec(text.trim())
  if (!match) return null
  const [, h, m, s, fraction] = match
  const minutes = Number(m)
  const seconds = Number(s)
  if (minutes > 59 || seconds > 59) return null
  // A fraction of "5" is five tenths, "05" five hundredths: read it as a decimal fraction.
  const fractional = fraction ? Number(`0.${fraction}`) : 0
  return Number(h ?? 0) * 3600 + minutes * 60 + seconds + fractional
}

export interface Timing {
  start: number
  end: number
  /** What followed the end time on the line (WebVTT cue settings, SRT coordinates). */
  rest: string
}

/** Reads `START --> END [rest]`; refuses an end before the start, naming the line. */
export function parseTimingLine(line: string, lineNumber: number, example: string): Timing {
  const match = /^\s*(\S+)\s+-->\s+(\S+)(?:\s+(.*))?$/.exec(line)
  const start = match?.[1] ? parseClock(match[1]) : null
  const end = match?.[2] ? parseClock(match[2]) : null
  if (start === null || end === null) {
    throw malformed(
      lineNumber,
      `expected a cue timing such as "${example}", found "${line.trim()}".`,
    )
  }
  requireFileTime(start, lineNumber)
  requireFileTime(end, lineNumber)
  if (end < start) throw malformed(lineNumber, 'the cue ends before it starts.')
  return { start, end, rest: (match?.[3] ?? '').trim() }
}

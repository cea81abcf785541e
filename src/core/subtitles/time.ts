import { assClock, formatClockTime, parseClockTime, srtClock, vttClock } from '../../shared/time.ts'
import { malformed } from './errors.ts'

/** Splits text into lines, accepting the line endings of every platform. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

export function isBlank(line: string): boolean {
  return line.trim() === ''
}

/** SubRip: `00:01:02,345` (milliseconds). */
export const formatSrtTime = (seconds: number) => formatClockTime(seconds, srtClock)

/** WebVTT: `00:01:02.345` (milliseconds; the hours are always written, which the spec allows). */
export const formatVttTime = (seconds: number) => formatClockTime(seconds, vttClock)

/** ASS/SSA: `0:01:02.34` (centiseconds, one digit of hours). */
export const formatAssTime = (seconds: number) => formatClockTime(seconds, assClock)

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
export const parseClock = (text: string): number | null => parseClockTime(text)

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

/**
 * Clock times, written and read in one place for the core, the CLI and the interface
 * (docs/decisions/0198-one-clock.md). Each place that shows a time names a style: what it rounds
 * to, whether hours are written, how many digits of a second follow.
 */

/** How a time is written by formatClockTime. Left out, an option takes the default shown. */
export interface ClockStyle {
  /** 'nearest' (default), or 'down' as a player shows its position (never ahead of the sound). */
  round?: 'nearest' | 'down'
  /**
   * 'auto' (default): m:ss under an hour, h:mm:ss from there; 'always': h:mm:ss even at 0 hours;
   * 'never': minutes run on past 59 ("75:00"), for a length of speech.
   */
  hours?: 'auto' | 'always' | 'never'
  /** The fewest digits the hours take: 2 for SRT and WebVTT ("00:01:02,345"). Default 1. */
  hourDigits?: number
  /** Digits of a second after the seconds: 0 (default), 1 tenths, 2 (ASS), 3 (SRT, WebVTT). */
  decimals?: 0 | 1 | 2 | 3
  /** The mark before them: '.' (default) or ',' (SRT). */
  decimalMark?: '.' | ','
  /** Leave a fraction of zero out: "1:05" rather than "1:05.0". */
  dropZeroFraction?: boolean
}

const two = (n: number) => String(n).padStart(2, '0')

/**
 * A time in seconds as a clock reads it. The time is first made whole units of the last digit
 * written (rounded or floored), so minutes and seconds never read 60 and a fraction never rounds
 * up to 1000 ms. A negative time or no number at all (a player's NaN before its media loads) is
 * written as zero: a clock has nothing before the start.
 */
export function formatClockTime(seconds: number, style: ClockStyle = {}): string {
  const decimals = style.decimals ?? 0
  const perSecond = 10 ** decimals
  const scaled = (Number.isFinite(seconds) ? Math.max(0, seconds) : 0) * perSecond
  const units = style.round === 'down' ? Math.floor(scaled) : Math.round(scaled)
  const whole = Math.floor(units / perSecond)
  const fraction = units - whole * perSecond
  const hours = style.hours ?? 'auto'
  const h = Math.floor(whole / 3600)
  const s = two(whole % 60)
  const clock =
    hours === 'always' || (hours === 'auto' && h > 0)
      ? `${String(h).padStart(style.hourDigits ?? 1, '0')}:${two(Math.floor((whole % 3600) / 60))}:${s}`
      : `${Math.floor(whole / 60)}:${s}`
  if (decimals === 0 || (style.dropZeroFraction === true && fraction === 0)) return clock
  return `${clock}${style.decimalMark ?? '.'}${String(fraction).padStart(decimals, '0')}`
}

/** SubRip: `00:01:02,345`. */
export const srtClock: ClockStyle = {
  hours: 'always',
  hourDigits: 2,
  decimals: 3,
  decimalMark: ',',
}
/** WebVTT: `00:01:02.345` (the hours always written, which the spec allows). */
export const vttClock: ClockStyle = { hours: 'always', hourDigits: 2, decimals: 3 }
/** ASS/SSA: `0:01:02.34` (centiseconds, one digit of hours). */
export const assClock: ClockStyle = { hours: 'always', decimals: 2 }
/** A stamp in a transcript, spreadsheet or document: `0:01:02`, whole seconds floored. */
export const stampClock: ClockStyle = { round: 'down', hours: 'always' }

/** How parseClockTime reads. */
export interface ClockReading {
  /**
   * What a person types in a field: also plain seconds ("75.5"), minutes past 59 when no hours
   * are given ("75:00"), any number of decimals and a comma for the point. Left out, a time as
   * subtitle files write it: `[h:]mm:ss[,.]fff`, minutes and seconds 0 to 59.
   */
  typed?: boolean
}

/** Seconds from a clock time; null for anything else (a negative time included). */
export function parseClockTime(text: string, reading: ClockReading = {}): number | null {
  return reading.typed === true ? parseTyped(text) : parseFileClock(text)
}

function parseFileClock(text: string): number | null {
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

function parseTyped(text: string): number | null {
  const trimmed = text.trim().replace(',', '.')
  if (trimmed === '') return null
  const match = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d+)?)$/.exec(trimmed)
  if (!match) return null
  const [, h, m, s] = match
  const seconds = Number(s)
  // With minutes given, the seconds part is 0..59 as a clock shows it.
  if (m !== undefined && seconds >= 60) return null
  if (h !== undefined && Number(m) >= 60) return null
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + seconds
}

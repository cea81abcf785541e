import { formatClockTime } from '../../shared/time.ts'
import { localeOf, type Language, type MessageKey, type Params } from '../../shared/i18n/index.ts'

/** A recording's length as h:mm:ss, the same width down a table column. */
export const formatDuration = (seconds: number) => formatClockTime(seconds, { hours: 'always' })

/** A player position: m:ss under an hour, h:mm:ss from there (floored, as players show it). */
export const formatClock = (seconds: number) => formatClockTime(seconds, { round: 'down' })

/**
 * Time left in words, rounded the way a person says it: to 5 s under a minute, whole minutes
 * under an hour, hours to one decimal above. Rounded up so "about 1 minute" is never optimistic.
 */
export function timeLeft(seconds: number): { key: MessageKey; params: Params } {
  if (seconds < 60) {
    const count = Math.max(5, Math.ceil(seconds / 5) * 5)
    return count >= 60
      ? { key: 'time.minutes', params: { count: 1 } }
      : { key: 'time.seconds', params: { count } }
  }
  if (seconds < 3600) return { key: 'time.minutes', params: { count: Math.ceil(seconds / 60) } }
  return { key: 'time.hours', params: { count: Math.ceil(seconds / 360) / 10 } }
}

/** Bytes in the units a file manager shows (SI, as GNOME and macOS do). */
export function formatBytes(bytes: number, language: Language): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return new Intl.NumberFormat(localeOf(language), {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value)
}

/** A calendar date (YYYY-MM-DD, no time zone) in the person's language. */
export function formatDate(isoDate: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  if (!match) return isoDate
  const [, y, m, d] = match
  // UTC both ways, so no time zone can move the date by a day.
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(date)
}

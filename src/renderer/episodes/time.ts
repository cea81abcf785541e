import { formatClockTime, parseClockTime } from '../../shared/time.ts'

/**
 * Times typed by a person: "m:ss", "h:mm:ss" or plain seconds, with an optional decimal part
 * ("1:02.5"). Returns null for anything else, so a field can say it is not a time.
 */
export const parseClock = (text: string) => parseClockTime(text, { typed: true })

/** A time for an in/out field: m:ss, h:mm:ss past an hour, tenths when they matter. */
export const clockText = (seconds: number) =>
  formatClockTime(seconds, { decimals: 1, dropZeroFraction: true })

/** A file name from a title: letters, digits and dashes, accents kept off for every file system. */
export function fileSlug(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug || 'voces-export'
}

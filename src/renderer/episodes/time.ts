/**
 * Times typed by a person: "m:ss", "h:mm:ss" or plain seconds, with an optional decimal part
 * ("1:02.5"). Returns null for anything else, so a field can say it is not a time.
 */
export function parseClock(text: string): number | null {
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

const pad = (n: number) => String(n).padStart(2, '0')

/** A time for an in/out field: m:ss, h:mm:ss past an hour, tenths when they matter. */
export function clockText(seconds: number): string {
  const total = Math.max(0, Number.isFinite(seconds) ? seconds : 0)
  const tenths = Math.round(total * 10) / 10
  const whole = Math.floor(tenths)
  const fraction = Math.round((tenths - whole) * 10)
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = `${pad(whole % 60)}${fraction > 0 ? `.${fraction}` : ''}`
  return h > 0 ? `${h}:${pad(m)}:${s}` : `${m}:${s}`
}

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

import type { Language } from './types.ts'

/**
 * The locale each interface language formats numbers and dates in. Spanish is Latin American
 * (decision 0082): `Intl` with plain `es` means Spain, which writes 20.000 and 1,5, while Mexico
 * and most of Latin America write 20,000 and 1.5, and dates as dd/mm/aaaa. English is US English.
 */
export const locales: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-MX' }

export function localeOf(language: Language): string {
  return locales[language]
}

const numberFormats = new Map<string, Intl.NumberFormat>()

/** A number as the person's language writes it: 20,000 and 1.5 in both English and Spanish. */
export function formatNumber(
  language: Language,
  value: number,
  options: Intl.NumberFormatOptions = {},
): string {
  const key = `${language} ${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(localeOf(language), options)
    numberFormats.set(key, format)
  }
  return format.format(value)
}

/** How a date is typed in each language: the order of its parts and the letters that name them. */
export const datePatterns: Readonly<
  Record<Language, { order: 'mdy' | 'dmy'; placeholder: string }>
> = {
  en: { order: 'mdy', placeholder: 'mm/dd/yyyy' },
  es: { order: 'dmy', placeholder: 'dd/mm/aaaa' },
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/

function exists(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`

/** A calendar date (YYYY-MM-DD) as the language types it: 05/01/2024 in English, 01/05/2024 in Spanish. */
export function formatDateNumeric(language: Language, value: string): string {
  const match = isoDate.exec(value)
  if (!match) return value
  const [, y, m, d] = match
  return datePatterns[language].order === 'dmy' ? `${d}/${m}/${y}` : `${m}/${d}/${y}`
}

/**
 * A typed date back to YYYY-MM-DD: the language's own order (day first in Spanish), with `/`,
 * `-` or `.` between the parts, or an ISO date as typed anywhere. Null when it is not a day that
 * exists; empty text is `''`.
 */
export function parseDateNumeric(language: Language, text: string): string | null {
  const clean = text.trim()
  if (clean === '') return ''
  const asIso = isoDate.exec(clean)
  if (asIso) {
    const [y, m, d] = [Number(asIso[1]), Number(asIso[2]), Number(asIso[3])]
    return exists(y, m, d) ? iso(y, m, d) : null
  }
  const parts = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(clean)
  if (!parts) return null
  const [first, second, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  const [day, month] = datePatterns[language].order === 'dmy' ? [first, second] : [second, first]
  return exists(year, month, day) ? iso(year, month, day) : null
}

import { formatClockTime, stampClock } from '../../shared/time.ts'
import type { SearchHit, SearchResult } from '../../shared/contract/index.ts'

/** `voces://recording/ID?t=SECONDS`: opens the recording in Voces and plays from that moment. */
export function recordingLink(recordingId: string, seconds: number): string {
  return `voces://recording/${encodeURIComponent(recordingId)}?t=${Number(seconds.toFixed(2))}`
}

/** h:mm:ss, what a person reads in a spreadsheet; the link keeps the exact seconds. */
export const clockTime = (seconds: number) => formatClockTime(seconds, stampClock)

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field that a
 * spreadsheet would run as a formula (=, +, @, a tab or CR, or a minus before a non-space) gets a
 * leading apostrophe (OWASP, "CSV Injection"); "- Sí" as a line of dialogue is left alone.
 */
export function csvField(value: string): string {
  const safe = /^[=+@\t\r]/u.test(value) || /^-\S/u.test(value) ? `'${value}` : value
  return /[",\r\n]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export const csvHeader = ['recording', 'time', 'speaker', 'language', 'text', 'link']

/**
 * The hits as CSV: UTF-8 with a byte order mark (so Excel reads "construcción" right), CRLF
 * line ends (RFC 4180), best hit first.
 */
export function searchCsv(result: Pick<SearchResult, 'hits' | 'groups'>): string {
  const titles = new Map(result.groups.map((g) => [g.recording.id, g.recording.title]))
  const line = (hit: SearchHit) =>
    [
      titles.get(hit.recordingId) ?? hit.recordingId,
      clockTime(hit.start),
      hit.speaker ?? '',
      hit.language,
      hit.text,
      recordingLink(hit.recordingId, hit.start),
    ]
      .map(csvField)
      .join(',')
  return '\uFEFF' + [csvHeader.join(','), ...result.hits.map(line)].join('\r\n') + '\r\n'
}

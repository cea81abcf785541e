import type { Language } from '../../shared/language.ts'
import type { Recording, RecordingState } from '../../shared/contract/index.ts'

/** How the library is ordered (decision 0132). */
export type LibrarySort = 'added' | 'interviewDate' | 'length' | 'title'

/** A filter is either "any" or one value; the page offers them as selects. */
export interface LibraryFilters {
  query: string
  sort: LibrarySort
  language: 'any' | Recording['languages']
  consent: 'any' | Recording['consentStatus']
  tag: string
  transcript: 'any' | 'yes' | 'no'
  subtitles: 'any' | Language | 'none'
  speakersNamed: 'any' | 'yes' | 'no'
  checked: 'any' | 'all' | 'some' | 'none'
}

export const noFilters: LibraryFilters = {
  query: '',
  sort: 'added',
  language: 'any',
  consent: 'any',
  tag: '',
  transcript: 'any',
  subtitles: 'any',
  speakersNamed: 'any',
  checked: 'any',
}

export interface LibraryRow {
  recording: Recording
  state: RecordingState | undefined
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()

/** What the search box looks through, folded once per recording list, not once per keystroke. */
export function searchText(recording: Recording): string {
  return fold(
    [
      recording.title,
      recording.interviewer,
      recording.interviewees.join('\n'),
      recording.tags.join('\n'),
      recording.notes,
      recording.place,
    ].join('\n'),
  )
}

function checkedShare(state: RecordingState | undefined): 'all' | 'some' | 'none' {
  if (!state || state.checkedSegments === 0) return 'none'
  return state.checkedSegments >= state.segments ? 'all' : 'some'
}

function keep(row: LibraryRow, filters: LibraryFilters, terms: readonly string[], text: string) {
  const { recording, state } = row
  if (filters.language !== 'any' && recording.languages !== filters.language) return false
  if (filters.consent !== 'any' && recording.consentStatus !== filters.consent) return false
  if (filters.tag !== '' && !recording.tags.includes(filters.tag)) return false
  if (
    filters.transcript !== 'any' &&
    (state?.transcribed ?? false) !== (filters.transcript === 'yes')
  )
    return false
  if (filters.subtitles !== 'any') {
    const languages = state?.subtitles ?? []
    if (
      filters.subtitles === 'none' ? languages.length > 0 : !languages.includes(filters.subtitles)
    )
      return false
  }
  if (filters.speakersNamed !== 'any') {
    const named = state !== undefined && state.speakers > 0 && state.speakersNamed >= state.speakers
    if (named !== (filters.speakersNamed === 'yes')) return false
  }
  if (filters.checked !== 'any' && checkedShare(state) !== filters.checked) return false
  return terms.every((term) => text.includes(term))
}

const compareBy: Record<LibrarySort, (a: Recording, b: Recording) => number> = {
  // The store lists newest first; keeping that order is the "added" sort.
  added: () => 0,
  // Newest interview first, undated ones last.
  interviewDate: (a, b) =>
    a.interviewDate === b.interviewDate
      ? 0
      : a.interviewDate === null
        ? 1
        : b.interviewDate === null
          ? -1
          : b.interviewDate.localeCompare(a.interviewDate),
  length: (a, b) => b.duration - a.duration,
  title: (a, b) =>
    a.title.localeCompare(b.title, undefined, { sensitivity: 'base', numeric: true }),
}

/**
 * The rows the page shows: filtered, searched (every word of the query, accents and case aside)
 * and sorted. `texts` holds searchText per recording id, computed once per load.
 */
export function viewRows(
  rows: readonly LibraryRow[],
  filters: LibraryFilters,
  texts: ReadonlyMap<string, string>,
): LibraryRow[] {
  const terms = fold(filters.query).split(/\s+/).filter(Boolean)
  const kept = rows.filter((row) => keep(row, filters, terms, texts.get(row.recording.id) ?? ''))
  const compare = compareBy[filters.sort]
  return filters.sort === 'added' ? kept : kept.sort((a, b) => compare(a.recording, b.recording))
}

/** Every tag used in the library, for the tag filter. */
export function allTags(recordings: readonly Recording[]): string[] {
  const tags = new Set<string>()
  for (const recording of recordings) for (const tag of recording.tags) tags.add(tag)
  return [...tags].sort((a, b) => a.localeCompare(b))
}

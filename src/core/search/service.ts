import type {
  SearchFilters,
  SearchHit,
  SearchRecording,
  SearchResult,
} from '../../shared/contract/index.ts'
import { catalogues, languages } from '../../shared/i18n/index.ts'
import { fold } from './query.ts'

/*
 * What a search is asked and how its answer is shaped, whatever engine runs it (decision 0120):
 * the engines live with their backends (src/core/storage/sqlite/search/ for FTS5) behind the
 * `SearchIndex` port, `voces.storage.search`. The query parser is query.ts, the CSV csv.ts.
 */

export interface SearchOptions {
  query: string
  /** The word being typed is a prefix too (query.ts, `completeLast`). */
  asYouType?: boolean
  filters?: SearchFilters
  limit?: number
  offset?: number
}

export interface SearchTuning {
  /** Matches ranked at most; a larger limit widens it (an export of 10,000 rows ranks 10,000). */
  window?: number
  /** Matches of the words looked at, at most, per `window` that must pass the filters. */
  budget?: number
}

/**
 * At most this many matches are ranked by bm25 (decision 0021): 2,000 rank in about 3 to 5 ms
 * on the development machine, and it is ten pages of the 200 hits the search page shows.
 */
export const rankWindow = 2000
/**
 * With filters, at most this many matches of the words are looked at to find `rankWindow` that
 * pass them: their ids read and tested in JavaScript, about 0.15 µs each (4.7 ms for 30,000).
 * Filters that keep 1 match in 15 or more always fill the window within it.
 */
export const filterBudget = 30_000

/** An engine marks the matched words of a snippet with these; control characters no transcript holds. */
export const snippetOpen = '\u0002'
export const snippetClose = '\u0003'

/**
 * Splits a snippet marked with `snippetOpen`/`snippetClose` into plain text and the ranges that
 * matched (UTF-16 offsets). A slice per mark, not a string built a character at a time: that took
 * 1 µs a snippet, a tenth of a rare word's whole search.
 */
export function unmark(marked: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = ''
  const highlights: Array<[number, number]> = []
  let from = -1
  let at = 0
  for (;;) {
    const opens = marked.indexOf(snippetOpen, at)
    const closes = marked.indexOf(snippetClose, at)
    const next = opens < 0 ? closes : closes < 0 ? opens : Math.min(opens, closes)
    if (next < 0) return { snippet: snippet + marked.slice(at), highlights }
    snippet += marked.slice(at, next)
    if (next === opens) from = snippet.length
    else {
      if (from >= 0 && snippet.length > from) highlights.push([from, snippet.length])
      from = -1
    }
    at = next + 1
  }
}

/** The answer when nothing can match: no searchable words, or filters that leave nothing. */
export const noMatches = (expression: string | null, completing: string | null): SearchResult => ({
  expression,
  hits: [],
  groups: [],
  hasMore: false,
  ranking: 'all',
  total: 0,
  examined: 0,
  completing,
})

/** The recordings' ids of these hits, in the order of each recording's best hit. */
export function hitRecordings(hits: readonly SearchHit[]): string[] {
  return [...new Set(hits.map((hit) => hit.recordingId))]
}

/**
 * The hits by recording: recordings in the order of their best hit, and within a recording, hits
 * in the order they were said. A hit whose recording is not in `recordings` is left out.
 */
export function groupHits(
  hits: readonly SearchHit[],
  recordings: ReadonlyMap<string, SearchRecording>,
): SearchResult['groups'] {
  const byRecording = new Map<string, SearchHit[]>()
  for (const hit of hits) {
    const list = byRecording.get(hit.recordingId)
    if (list) list.push(hit)
    else byRecording.set(hit.recordingId, [hit])
  }
  return [...byRecording].flatMap(([id, list]) => {
    const recording = recordings.get(id)
    const inTime = [...list].sort((a, b) => a.start - b.start || a.track - b.track)
    return recording ? [{ recording, hits: inTime }] : []
  })
}

/**
 * Each language's numbered speaker as shown ("Hablante 3", "Speaker 3"), folded, with the number
 * caught: the catalogues' `speaker.numbered` (decision 0082).
 */
const shownNumbered = languages.map((language) => {
  const text = fold(catalogues[language]['speaker.numbered'])
  const [before = '', after = ''] = text.split('{n}').map((part) => part.trim())
  const escape = (part: string) =>
    part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')
  return new RegExp(`^${escape(before)}\\s*(\\d+)\\s*${escape(after)}$`)
})

/**
 * The stored labels a speaker filter names, folded: the text itself and, when it is a numbered
 * speaker as some language shows it, the transcription's own label. A screen shows the stored
 * "Speaker 3" in its language ("Hablante 3" in Spanish) and a person types what the screen shows,
 * so either language's form finds it (decision 0104).
 */
export function storedSpeakerLabels(folded: string): Set<string> {
  const labels = new Set([folded])
  const text = folded.trim()
  for (const pattern of shownNumbered) {
    const numbered = pattern.exec(text)
    if (numbered) labels.add(fold(`Speaker ${Number(numbered[1])}`))
  }
  return labels
}

/**
 * Whether a speaker (its name and diarisation label) is one the filter names: part of the name,
 * or the label as either language shows it, case and accents aside. Every engine resolves the
 * speaker filter with this, so the CLI, saved searches and CSV agree on every backend.
 */
export function speakerFilter(filter: string): (name: string, label: string) => boolean {
  const wanted = fold(filter)
  const labels = storedSpeakerLabels(wanted)
  return (name, label) => fold(name).includes(wanted) || labels.has(fold(label))
}

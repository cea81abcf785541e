import { useState } from 'react'
import type { SearchFilters, SearchResult } from '../../shared/contract/index.ts'
import { errorLine } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { Filters } from './Filters.tsx'
import { ResultGroup } from './ResultGroup.tsx'
import { SavedSearches } from './SavedSearches.tsx'
import { sectionTranslator, type SectionTranslate } from '../../shared/i18n/sections.ts'
import { useSearch } from './useSearch.ts'

/**
 * The archive's search (decision 0020): results as the person types, grouped by recording, matched
 * words highlighted; a click on a hit calls `onOpen(recordingId, seconds)` so the app can open
 * the recording and play from that moment. Self-contained: the app shell mounts it, and its
 * styles are in search.css (add `@import '../search/search.css';` to styles/index.css).
 */
export function SearchPage({ onOpen }: { onOpen: (recordingId: string, time: number) => void }) {
  const client = useClient()
  const { language } = useT()
  const strings = sectionTranslator(language, 'search')
  const [query, setQuery] = useState('')
  const [filters, setFilters] = useState<SearchFilters>({})
  const [filtersKey, setFiltersKey] = useState(0)
  const { result, searching, error } = useSearch(client, query, filters)

  const exportCsv = async () => {
    // The same search as the list on screen, the word being typed completed as there.
    const answer = await client.call('search.exportCsv', { query, asYouType: true, filters })
    if (!answer.ok) return
    const url = URL.createObjectURL(
      new Blob([answer.value.csv], { type: 'text/csv;charset=utf-8' }),
    )
    const link = document.createElement('a')
    link.href = url
    link.download = 'voces-search.csv'
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  const hitCount = result?.hits.length ?? 0
  const note =
    result?.ranking === 'newest'
      ? strings('newestNote', { count: result.total })
      : result?.ranking === 'partial'
        ? strings('partialNote', { count: result.examined })
        : null
  return (
    <div className="search-page">
      <h2>{strings('title')}</h2>
      <input
        type="search"
        className="search-page__box"
        data-testid="search-box"
        autoFocus
        placeholder={strings('placeholder')}
        aria-label={strings('title')}
        aria-describedby="search-help"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p id="search-help" className="search-page__help">
        {strings('help')}
      </p>
      <Filters key={filtersKey} filters={filters} strings={strings} onChange={setFilters} />
      <SavedSearches
        strings={strings}
        query={query}
        filters={filters}
        onPick={(saved) => {
          setQuery(saved.query)
          setFilters(saved.filters)
          setFiltersKey((k) => k + 1)
        }}
      />
      <div className="search-page__status" role="status" aria-live="polite">
        {error
          ? `${strings('error')} ${errorLine(language, error)}`
          : searching
            ? strings('searching')
            : !result
              ? strings('nothingToSearch')
              : hitCount === 0
                ? strings('noMatches')
                : summary(strings, result)}
        {hitCount > 0 && (
          <button type="button" onClick={() => void exportCsv()}>
            {strings('exportCsv')}
          </button>
        )}
      </div>
      {!searching && result?.completing && (
        <p className="search-page__note" data-testid="search-completing">
          {strings('completing', { word: result.completing })}
        </p>
      )}
      {!searching && note && (
        <p className="search-page__note" data-testid="search-ranking-note">
          {note}
        </p>
      )}
      {result?.groups.map((group) => (
        <ResultGroup key={group.recording.id} group={group} strings={strings} onOpen={onOpen} />
      ))}
    </div>
  )
}

/** "1,234 matches in 56 recordings", or how many were found and how many are shown. */
function summary(strings: SectionTranslate<'search'>, result: SearchResult): string {
  const shown = result.hits.length
  const total =
    result.ranking === 'newest'
      ? strings('moreThan', { count: result.total })
      : strings('matches', { count: result.total })
  return shown >= result.total && result.ranking !== 'newest'
    ? `${total} ${strings('inRecordings', { count: result.groups.length })}`
    : `${total}: ${strings('showing', { hits: shown, recordings: result.groups.length })}`
}

import { useEffect, useRef, useState } from 'react'
import type { ApiError, SearchFilters, SearchResult } from '../../shared/contract/index.ts'
import type { VocesClient } from '../client/index.ts'

/** A pause this long in typing starts a search: fast typists do not queue a query per key. */
const debounceMs = 150

export interface SearchState {
  result: SearchResult | null
  searching: boolean
  /** Said in the interface language where it is shown (a refused query names its field). */
  error: ApiError | null
}

/**
 * Results as the person types: each change of the text or filters searches after a short pause,
 * and an answer that arrives after a newer question was asked is dropped.
 */
export function useSearch(client: VocesClient, query: string, filters: SearchFilters): SearchState {
  const [state, setState] = useState<SearchState>({ result: null, searching: false, error: null })
  const latest = useRef(0)
  const filtersKey = JSON.stringify(filters)
  useEffect(() => {
    const ask = ++latest.current
    if (query.trim() === '') {
      setState({ result: null, searching: false, error: null })
      return
    }
    setState((s) => ({ ...s, searching: true }))
    const timer = setTimeout(() => {
      void client
        .call('search.query', {
          query,
          asYouType: true,
          filters: JSON.parse(filtersKey) as SearchFilters,
          limit: 200,
        })
        .then((answer) => {
          if (ask !== latest.current) return
          setState(
            answer.ok
              ? { result: answer.value, searching: false, error: null }
              : { result: null, searching: false, error: answer.error },
          )
        })
    }, debounceMs)
    return () => clearTimeout(timer)
  }, [client, query, filtersKey])
  return state
}

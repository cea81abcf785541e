import { searchCsv } from '../search/csv.ts'
import type { Handlers } from './types.ts'

export const searchHandlers = {
  'search.query': (input, { voces }) => voces.storage.search.search(input),
  'search.saved.list': (_input, { voces }) => voces.storage.savedSearches.list(),
  'search.saved.save': ({ name, query, filters }, { voces }) =>
    voces.storage.savedSearches.save(name, query, filters),
  'search.saved.remove': async ({ id }, { voces }) => ({
    removed: await voces.storage.savedSearches.remove(id),
  }),
  'search.exportCsv': async ({ query, asYouType, filters, limit }, { voces }) => {
    const result = await voces.storage.search.search({ query, asYouType, filters, limit })
    return { csv: searchCsv(result), rows: result.hits.length }
  },
} satisfies Partial<Handlers>

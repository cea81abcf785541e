import { searchCsv } from '../search/csv.ts'
import { SavedSearchRepository } from '../search/saved.ts'
import { searchService } from '../search/service.ts'
import type { Handlers } from './types.ts'

export const searchHandlers = {
  'search.query': (input, { voces }) => searchService(voces.db).search(input),
  'search.saved.list': (_input, { voces }) => new SavedSearchRepository(voces.db).list(),
  'search.saved.save': ({ name, query, filters }, { voces }) =>
    new SavedSearchRepository(voces.db).save(name, query, filters),
  'search.saved.remove': ({ id }, { voces }) => ({
    removed: new SavedSearchRepository(voces.db).remove(id),
  }),
  'search.exportCsv': ({ query, asYouType, filters, limit }, { voces }) => {
    const result = searchService(voces.db).search({ query, asYouType, filters, limit })
    return { csv: searchCsv(result), rows: result.hits.length }
  },
} satisfies Partial<Handlers>

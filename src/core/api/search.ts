import type { SearchFilters, SearchResult } from '../../shared/contract/index.ts'
import { owner, visibilityOf } from '../people/access.ts'
import { searchCsv } from '../search/csv.ts'
import type { SearchOptions } from '../search/service.ts'
import type { CallContext, Handlers } from './types.ts'

const everyConsent = ['given', 'restricted', 'unknown', 'withdrawn'] as const

/**
 * A search as this caller may run it (decision 0163). For anyone but an archivist or admin the
 * engine's own filters leave withdrawn recordings out inside the query, and restricted ones too
 * unless some are granted to them; then the hits of restricted recordings not granted are dropped.
 */
async function searchAs(ctx: CallContext, options: SearchOptions): Promise<SearchResult> {
  const { storage } = ctx.voces
  const visibility = await visibilityOf(ctx.caller ?? owner, storage.people, new Date())
  if (visibility.all) return storage.search.search(options)
  const hidden = visibility.granted.size === 0 ? ['withdrawn', 'restricted'] : ['withdrawn']
  const consent = (options.filters?.consent ?? everyConsent).filter((c) => !hidden.includes(c))
  const filters: SearchFilters = { ...options.filters, consent, includeWithdrawn: false }
  if (consent.length === 0) filters.consent = ['given']
  const result = await storage.search.search({ ...options, filters })
  if (consent.length === 0) return { ...result, hits: [], groups: [], total: 0 }
  if (visibility.granted.size === 0) return result
  const shown = (recordingId: string, status: string) =>
    status !== 'restricted' || visibility.granted.has(recordingId)
  const restricted = new Set(
    result.groups
      .filter((g) => !shown(g.recording.id, g.recording.consentStatus))
      .map((g) => g.recording.id),
  )
  return {
    ...result,
    hits: result.hits.filter((h) => !restricted.has(h.recordingId)),
    groups: result.groups.filter((g) => !restricted.has(g.recording.id)),
  }
}

export const searchHandlers = {
  'search.query': (input, ctx) => searchAs(ctx, input),
  'search.saved.list': (_input, { voces }) => voces.storage.savedSearches.list(),
  'search.saved.save': ({ name, query, filters }, { voces }) =>
    voces.storage.savedSearches.save(name, query, filters),
  'search.saved.remove': async ({ id }, { voces }) => ({
    removed: await voces.storage.savedSearches.remove(id),
  }),
  'search.exportCsv': async ({ query, asYouType, filters, limit }, ctx) => {
    const result = await searchAs(ctx, { query, asYouType, filters, limit })
    return { csv: searchCsv(result), rows: result.hits.length }
  },
} satisfies Partial<Handlers>

import { languageSchema } from '../language.ts'
import { z } from 'zod'
import { method } from './define.ts'
import { lineText } from './text.ts'
import { consentStatusSchema, isoDateSchema } from './library.ts'

/**
 * Which part of the archive a search covers. Every filter narrows: tags must all be on the
 * recording. Recordings whose consent was withdrawn are left out unless `includeWithdrawn`.
 */
export const searchFiltersSchema = z.object({
  /** The track's language: a Spanish interview's English translation is an `en` track. */
  language: languageSchema.optional(),
  /** Part of a speaker's name or diarisation label; case and accents do not matter. */
  speaker: z.string().trim().min(1).max(200).optional(),
  /** Interview date range, inclusive. Recordings without a date are left out when one is set. */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  consent: z.array(consentStatusSchema).min(1).optional(),
  recordingId: z.string().min(1).optional(),
  includeWithdrawn: z.boolean().optional(),
})
export type SearchFilters = z.infer<typeof searchFiltersSchema>

export const searchHitSchema = z.object({
  segmentId: z.number().int(),
  recordingId: z.string(),
  /** The track's id; a recording has at most one track per language. */
  track: z.number().int(),
  trackKind: z.enum(['transcript', 'translation']),
  language: languageSchema,
  /** Seconds. */
  start: z.number(),
  end: z.number(),
  /** The speaker's name, or the diarisation label when no name was given. */
  speaker: z.string().nullable(),
  text: z.string(),
  /** A few words around the match, plain text. */
  snippet: z.string(),
  /** [from, to) offsets into `snippet` (UTF-16 code units, as JS strings index) of the words that matched. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** bm25: lower is better. */
  score: z.number(),
})
export type SearchHit = z.infer<typeof searchHitSchema>

/** What the results list shows about a recording above its hits. */
export const searchRecordingSchema = z.object({
  id: z.string(),
  title: z.string(),
  interviewDate: z.string().nullable(),
  interviewees: z.array(z.string()),
  place: z.string(),
  consentStatus: consentStatusSchema,
  tags: z.array(z.string()),
  duration: z.number(),
})
export type SearchRecording = z.infer<typeof searchRecordingSchema>

export const searchResultSchema = z.object({
  /** The FTS5 expression the text became; null when nothing in it could be searched. */
  expression: z.string().nullable(),
  /** Best first. */
  hits: z.array(searchHitSchema),
  /** The same hits by recording: recordings in the order of their best hit, hits in time order. */
  groups: z.array(z.object({ recording: searchRecordingSchema, hits: z.array(searchHitSchema) })),
  /** More hits exist beyond `offset + limit`. */
  hasMore: z.boolean(),
  /**
   * Which matches were ranked to choose the hits (docs/decisions/0021-search-ranking.md):
   * - 'all': every match, best first; `total` is their exact number.
   * - 'newest': more than `total` match; the best of the `total` added to the archive most
   *   recently come first, older ones were not ranked. Another word narrows the search.
   * - 'partial': with filters, only the newest `examined` places where the words are said were
   *   searched and `total` of them pass the filters; older ones were not searched.
   */
  ranking: z.enum(['all', 'newest', 'partial']),
  /** Matches that pass the filters and were ranked (see `ranking`). */
  total: z.number().int().min(0),
  /** Places where the words are said (before the filters) that the search looked at. */
  examined: z.number().int().min(0),
  /** With `asYouType`: the last word, searched as the start of longer words too; else null. */
  completing: z.string().nullable(),
})
export type SearchResult = z.infer<typeof searchResultSchema>

/**
 * Search as the person types: the word being typed (the text's last, nothing after it, not even
 * a space) also finds longer words that start with it: `organ` finds "organize".
 */
const asYouType = z.boolean().default(false)

export const searchQueryInput = z.object({
  query: z.string().max(1000),
  asYouType,
  filters: searchFiltersSchema.default({}),
  /** A page of the app asks 100; a script may ask as many as an export (the CLI's --limit). */
  limit: z.number().int().min(1).max(100_000).default(100),
  offset: z.number().int().min(0).default(0),
})
export type SearchQueryInput = z.input<typeof searchQueryInput>

export const savedSearchSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  filters: searchFiltersSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type SavedSearch = z.infer<typeof savedSearchSchema>

export const searchMethods = {
  'search.query': method(searchQueryInput, searchResultSchema),
  'search.saved.list': method(z.object({}).default({}), z.array(savedSearchSchema)),
  /** Saving under a name that exists (ignoring case) replaces that search. */
  'search.saved.save': method(
    z.object({
      name: lineText().trim().min(1).max(200),
      query: z.string().max(1000),
      filters: searchFiltersSchema.default({}),
    }),
    savedSearchSchema,
  ),
  'search.saved.remove': method(
    z.object({ id: z.string().min(1) }),
    z.object({ removed: z.boolean() }),
  ),
  /** Every hit (up to `limit`) as CSV text: recording, time, speaker, language, text, link. */
  'search.exportCsv': method(
    z.object({
      query: z.string().max(1000),
      asYouType,
      filters: searchFiltersSchema.default({}),
      limit: z.number().int().min(1).max(100_000).default(10_000),
    }),
    z.object({ csv: z.string(), rows: z.number().int() }),
  ),
}

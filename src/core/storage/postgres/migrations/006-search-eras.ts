import type { PostgresMigration } from './migration.ts'

/**
 * Archive search on PostgreSQL, faster for words of middling frequency (decision 0173): the GIN
 * index of migration 002 becomes a two-column one, the segment's era (`id / 16384`, about 27
 * hours of speech) and its tsvector, through `btree_gin` (postgresql-contrib, trusted: the
 * database's owner may create it). A search that needs only the newest matches asks for the
 * newest eras and the word in one index scan, so only those matches' rows are read; a search
 * on the word alone uses the same index as before. The expression must stay exactly
 * `(id / 16384)`: the planner matches the query's expression to the index's (window.ts).
 */
export const migration006SearchEras: PostgresMigration = {
  version: 6,
  name: 'search-eras',
  sql: `
    CREATE EXTENSION IF NOT EXISTS btree_gin;
    CREATE INDEX segments_search_era ON segments USING gin ((id / 16384), search);
    DROP INDEX segments_search;
  `,
}

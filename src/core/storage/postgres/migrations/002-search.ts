import type { PostgresMigration } from './migration.ts'

/**
 * Archive search on PostgreSQL (decision 0142): the same answers as SQLite's FTS5 index
 * (`unicode61 remove_diacritics 2`, no stemming, no stop words).
 *
 * - `voces_search`, a text search configuration copied from `simple` (lower case, every word
 *   kept) whose words go through `unaccent` first, so "construcción" and "CONSTRUCCION" are one
 *   term, in the index and in the query alike. `unaccent` is in postgresql-contrib and trusted:
 *   the database's owner may create it.
 * - Hyphenated words are indexed as their parts only ("wage-theft" as wage, theft), as FTS5
 *   splits them; `simple` would also index the whole "wage-theft", which a query for the words
 *   "wage theft" would then not find as a phrase.
 * - `search`, a stored generated column: PostgreSQL recomputes it whenever a segment's text is
 *   written, by whichever port writes it (transcripts, the editor, redaction), with no trigger
 *   and no call into search; `to_tsvector(regconfig, text)` is immutable, as a generated column
 *   requires.
 * - A GIN index over it, which finds the segments holding a word (or a word's prefix).
 */
export const migration002Search: PostgresMigration = {
  version: 2,
  name: 'search',
  sql: `
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE TEXT SEARCH CONFIGURATION voces_search (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION voces_search
      ALTER MAPPING FOR word, hword_part, numword, hword_numpart WITH unaccent, simple;
    ALTER TEXT SEARCH CONFIGURATION voces_search
      DROP MAPPING FOR asciihword, hword, numhword;
    ALTER TABLE segments ADD COLUMN search tsvector
      GENERATED ALWAYS AS (to_tsvector('voces_search'::regconfig, text)) STORED;
    CREATE INDEX segments_search ON segments USING gin (search);
  `,
}

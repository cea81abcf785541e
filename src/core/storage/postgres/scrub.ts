import type { Queryable } from './db.ts'

/*
 * After a redaction, what was masked leaves the table files (docs/decisions/0140-postgres-redaction.md).
 * PostgreSQL never changes a row in place: an UPDATE writes a new version and leaves the old one,
 * the name and all, in the table file. Plain VACUUM marks its space free but, measured on
 * PostgreSQL 15, leaves its bytes in the page until some later row overwrites them; VACUUM FULL
 * copies the live rows into a new file, rebuilds every index (the search index's lexemes too)
 * and removes the old file. So scrub rewrites every table masking writes.
 */

/**
 * The tables the owners' masking writes (postgres/masking.ts), and so every table an old version
 * of a masked text can be left in. A backend table that derives text from these (a search
 * table of its own) belongs here too; an index on them is rebuilt with its table.
 */
export const maskedTables = [
  'segments',
  'words',
  'speakers',
  'subtitle_cues',
  'subtitle_texts',
  'episodes',
  'episode_chapters',
  'jobs',
] as const

/**
 * One VACUUM FULL over the masked tables, outside any transaction (VACUUM cannot run inside one):
 * on the pool, never on a transaction's connection. It holds each table's ACCESS EXCLUSIVE lock
 * while it copies it, so other callers wait that long; ANALYZE refreshes the planner's samples,
 * which held the old values too.
 */
export async function scrubMaskedTables(pool: Queryable): Promise<void> {
  await pool.run(`VACUUM (FULL, ANALYZE) ${maskedTables.join(', ')}`)
}

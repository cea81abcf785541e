import { VocesError } from '../../../shared/contract/index.ts'
import type { Queryable } from './db.ts'

/*
 * After a redaction, what was masked leaves the table files (decision 0140). PostgreSQL never
 * changes a row in place: an UPDATE writes a new version and leaves the old one, the name and
 * all, in the table file. Plain VACUUM marks its space free but, measured on PostgreSQL 15,
 * leaves its bytes in the page until some later row overwrites them; VACUUM FULL copies the live
 * rows into a new file, rebuilds every index (the search index's lexemes too) and removes the old
 * file. So scrub rewrites every table masking writes.
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
 * The tables a forgotten voice profile was in (decision 0176): `voices forget` deletes its row
 * (its proposals go with it) and then scrubs, so its name and embedding leave the files too.
 */
export const forgottenTables = ['voice_profiles', 'speaker_proposals'] as const

/** Every table scrub() rewrites. */
export const scrubbedTables = [...maskedTables, ...forgottenTables] as const

export interface ScrubOptions {
  /** How long to wait for transactions older than the redaction (30 s unless told). */
  waitMs?: number
}

interface OlderSession {
  pid: number
  usename: string | null
  application_name: string | null
}

/**
 * One VACUUM FULL over the masked tables, on the pool (VACUUM cannot run inside a transaction).
 * VACUUM FULL copies every row version some open transaction may still see: a session of this
 * database that took its snapshot before the redaction committed (a long report, an
 * idle-in-transaction client), or a writing transaction in any database of the server older than
 * it (measured: those hold every database's horizon back), would have the old text carried into
 * the new file. So it first waits, up to `waitMs`, until there is none older than now; one still
 * there by then is named in REDACTION_SCRUB_BLOCKED and nothing is rewritten. While it copies a
 * table it holds that table's ACCESS EXCLUSIVE lock; ANALYZE refreshes the planner's samples of
 * the columns, which held the old values too.
 */
export async function scrubMaskedTables(
  pool: Queryable,
  options: ScrubOptions = {},
): Promise<void> {
  await checkOwnership(pool)
  const mark = await pool.row<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')
  const deadline = Date.now() + (options.waitMs ?? 30_000)
  for (;;) {
    const older = await pool.row<OlderSession>(
      `SELECT pid, usename, coalesce(nullif(application_name, ''), backend_type) AS application_name
       FROM pg_stat_activity
       WHERE pid <> pg_backend_pid()
         AND ((datname = current_database() AND age(backend_xmin) > age(xid($1::xid8)))
           OR age(backend_xid) > age(xid($1::xid8)))
       ORDER BY greatest(age(backend_xmin), age(backend_xid)) DESC LIMIT 1`,
      [mark?.xid],
    )
    if (!older) break
    if (Date.now() >= deadline) {
      const application = older.application_name || 'an unnamed program'
      const user = older.usename ?? 'another user'
      throw new VocesError(
        'REDACTION_SCRUB_BLOCKED',
        `The redaction is saved, but the database still keeps the old text on disk: a connection opened before it (process ${older.pid}, user “${user}”, ${application}) is still open. End that connection or wait for it, then redact the same name again to wipe it.`,
        { pid: String(older.pid), user, application },
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await pool.run(`VACUUM (FULL, ANALYZE) ${scrubbedTables.join(', ')}`)
}

/**
 * VACUUM FULL of a table this user does not own is skipped with a mere warning (PostgreSQL 15:
 * only the owner or a superuser may), which would leave the old rows in place unsaid. Refused
 * first instead, naming the tables and the user.
 */
async function checkOwnership(pool: Queryable): Promise<void> {
  const foreign = await pool.rows<{ name: string; user: string }>(
    `SELECT t.name, current_user AS user FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)
       JOIN pg_class c ON c.oid = to_regclass(t.name)
     WHERE NOT pg_has_role(c.relowner, 'USAGE') ORDER BY t.n`,
    [[...scrubbedTables]],
  )
  const user = foreign[0]?.user
  if (user === undefined) return
  const tables = foreign.map((row) => row.name).join(', ')
  throw new VocesError(
    'REDACTION_SCRUB_NOT_OWNER',
    `The redaction is saved, but the database user “${user}” may not rewrite the tables that held the words (${tables}): they belong to another user. Have the database administrator make “${user}” their owner (ALTER TABLE … OWNER TO ${user}), then redact the same name again.`,
    { user, tables },
  )
}

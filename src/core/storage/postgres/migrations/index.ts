import { VocesError } from '../../../../shared/contract/define.ts'
import type { PostgresDatabase, Transactional } from '../db.ts'
import { migration001Schema } from './001-schema.ts'
import { migration002Search } from './002-search.ts'
import { migration003JobLeases } from './003-job-leases.ts'
import { migration004People } from './004-people.ts'
import { migration005Speakers } from './005-speakers.ts'
import { migration006SearchEras } from './006-search-eras.ts'
import { migration007EpisodeDescriptions } from './007-episode-descriptions.ts'
import { migration008PinnedJobs } from './008-pinned-jobs.ts'
import type { PostgresMigration } from './migration.ts'

/**
 * Every PostgreSQL migration, in order (decision 0136). Append only: a released migration is
 * never edited, since databases in the field already ran it.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  migration001Schema,
  migration002Search,
  migration003JobLeases,
  migration004People,
  migration005Speakers,
  migration006SearchEras,
  migration007EpisodeDescriptions,
  migration008PinnedJobs,
]

export const latestPostgresSchema = postgresMigrations.length

/** The advisory lock key migrations hold (any fixed bigint: "voces" in ASCII, then 1). */
export const MIGRATION_LOCK = 0x766f63657301

export interface MigrateOptions {
  /** How long to wait for another process's migration before giving up (60 s unless told). */
  waitMs?: number
}

/** The newest schema version a database holds; 0 for an empty database. */
async function currentVersion(q: Transactional): Promise<number> {
  const table = await q.row<{ name: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS name",
  )
  if (!table?.name) return 0
  const row = await q.row<{ version: number | null }>(
    'SELECT max(version)::bigint AS version FROM schema_migrations',
  )
  return row?.version ?? 0
}

function tooNew(found: number, supported: number): VocesError {
  return new VocesError(
    'DATABASE_TOO_NEW',
    `This database was set up by a newer Voces (schema ${found}; this version knows up to ${supported}). Update Voces on this machine to use it; nothing was changed.`,
    { found, supported },
  )
}

/**
 * Brings the database to the latest schema, one transaction per migration, while holding a
 * session advisory lock: a second process waits for the first and then finds nothing to do. A
 * database newer than the program is refused before anything is written. Returns the version.
 */
export async function migratePostgres(
  db: PostgresDatabase,
  list: readonly PostgresMigration[] = postgresMigrations,
  options: MigrateOptions = {},
): Promise<number> {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration ${migration.name} is numbered ${migration.version}, expected ${index + 1}`,
      )
    }
  })
  const target = list.length
  const waitMs = options.waitMs ?? 60_000
  return db.client(async (q) => {
    // Refused at once, without waiting on a lock the newer program may hold.
    const before = await currentVersion(q)
    if (before > target) throw tooNew(before, target)
    const deadline = Date.now() + waitMs
    for (;;) {
      const got = await q.row<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        MIGRATION_LOCK,
      ])
      if (got?.locked) break
      if (Date.now() >= deadline) {
        const seconds = Math.round(waitMs / 1000)
        throw new VocesError(
          'DATABASE_MIGRATION_BUSY',
          `Another Voces has been upgrading this database for over ${seconds} seconds. Wait for it to finish, then try again; nothing was changed.`,
          { seconds },
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    try {
      await q.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
      const current = await currentVersion(q)
      if (current > target) throw tooNew(current, target)
      for (const migration of list.slice(current)) {
        await q.run('BEGIN')
        try {
          await q.run(migration.sql)
          await q.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ])
          await q.run('COMMIT')
        } catch (error) {
          await q.run('ROLLBACK').catch(() => undefined)
          throw error
        }
      }
      return target
    } finally {
      await q.run('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    }
  })
}

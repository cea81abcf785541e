import type { Database } from 'better-sqlite3'
import { migration001Initial } from './001-initial.ts'
import { migration002Search } from './002-search.ts'
import { migration003Subtitles } from './003-subtitles.ts'
import { migration004Episodes } from './004-episodes.ts'
import { migration005EpisodeCuts } from './005-episode-cuts.ts'
import { migration006JobPartials } from './006-job-partials.ts'
import { migration007Speakers } from './007-speakers.ts'
import { migration008JobLeases } from './008-job-leases.ts'
import { migration009People } from './009-people.ts'
import { migration010EpisodeDescriptions } from './010-episode-descriptions.ts'
import { migration011PinnedJobs } from './011-pinned-jobs.ts'
import type { Migration } from './migration.ts'

/**
 * Every migration, in order. Append only: a released migration is never edited, since
 * libraries in the field already ran it. Each has a test in tests/library/migrations.test.ts.
 */
export const migrations: readonly Migration[] = [
  migration001Initial,
  migration002Search,
  migration003Subtitles,
  migration004Episodes,
  migration005EpisodeCuts,
  migration006JobPartials,
  migration007Speakers,
  migration008JobLeases,
  migration009People,
  migration010EpisodeDescriptions,
  migration011PinnedJobs,
]

export const latestSchemaVersion = migrations.length

export class NewerLibraryError extends Error {
  readonly code = 'LIBRARY_TOO_NEW'
  constructor(found: number, supported: number) {
    super(
      `This library was written by a newer Voces (schema ${found}; this version knows up to ${supported}). ` +
        'Update Voces to open it. Nothing was changed.',
    )
  }
}

/** Brings the database to the latest schema, one transaction per migration. */
export function migrate(db: Database, list: readonly Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const target = list.length
  if (current > target) throw new NewerLibraryError(current, target)
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration ${migration.name} is numbered ${migration.version}, expected ${index + 1}`,
      )
    }
  })
  for (const migration of list.slice(current)) {
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return target
}

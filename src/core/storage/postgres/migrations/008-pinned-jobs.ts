import type { PostgresMigration } from './migration.ts'

/**
 * A job only one runner may claim (decision 0205), as SQLite's migration 011: a command's
 * `--local` work reads files on that command's machine, so a worker elsewhere must leave it
 * queued. Rows from before are claimable by any runner.
 */
export const migration008PinnedJobs: PostgresMigration = {
  version: 8,
  name: 'pinned-jobs',
  sql: `ALTER TABLE jobs ADD COLUMN pinned_to text;`,
}

import type { Migration } from './migration.ts'

/**
 * A job only one runner may claim (decision 0205): a command's `--local` work, which reads files
 * on that command's machine. Other runners, workers among them, leave it queued for the command.
 * Rows from before are claimable by any runner, as every row was.
 */
export const migration011PinnedJobs: Migration = {
  version: 11,
  name: 'pinned-jobs',
  up(db) {
    db.exec(`ALTER TABLE jobs ADD COLUMN pinned_to TEXT;`)
  },
}

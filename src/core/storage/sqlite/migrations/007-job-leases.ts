import type { Migration } from './migration.ts'

/**
 * Who holds a running job and until when (decision 0147): several runners share one queue (the
 * app, a command, `voces worker` processes), so a job left running is taken back only when its
 * holder's lease ran out or its holder released it, never while the holder still works on it.
 * Rows from before have no lease: they count as expired, as every running row did then. The
 * running rows are found through jobs_queue (state first), as many as runners hold.
 */
export const migration007JobLeases: Migration = {
  version: 7,
  name: 'job-leases',
  up(db) {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN owner TEXT;
      ALTER TABLE jobs ADD COLUMN lease_until TEXT;
    `)
  },
}

import type { Migration } from './migration.ts'

/**
 * Where a job's half-written files go (decision 0091): an export records the temporary file and
 * folder beside its target before it writes them, with the process that writes them, so a start
 * after a kill can remove what the killed process left. And an index the queue is read through,
 * one kind at a time and only as many rows as there are free places (decision 0090).
 */
export const migration006JobPartials: Migration = {
  version: 6,
  name: 'job-partials',
  up(db) {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN partials TEXT;
      CREATE INDEX jobs_partials ON jobs (id) WHERE partials IS NOT NULL;
      CREATE INDEX jobs_queue ON jobs (state, kind, created_at);
    `)
  },
}

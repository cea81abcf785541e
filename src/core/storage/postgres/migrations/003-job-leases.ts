import type { PostgresMigration } from './migration.ts'

/**
 * Who holds a running job and until when (decision 0147), as SQLite's migration 007: workers on
 * several machines share the queue, and a running job goes back only when its holder's lease
 * ran out or its holder released it. Rows from before hold none and count as expired.
 */
export const migration003JobLeases: PostgresMigration = {
  version: 3,
  name: 'job-leases',
  sql: `
    ALTER TABLE jobs ADD COLUMN owner text;
    ALTER TABLE jobs ADD COLUMN lease_until timestamptz;
  `,
}

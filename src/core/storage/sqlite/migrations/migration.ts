import type { Database } from 'better-sqlite3'

/**
 * One numbered step of the schema. `up` runs inside a transaction with user_version. Its own
 * file, so each migration imports it without importing the list of migrations (decision 0105).
 */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

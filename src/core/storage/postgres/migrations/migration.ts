/**
 * One numbered step of the PostgreSQL schema (decision 0136): plain SQL, run in one transaction
 * with its row in schema_migrations. Its own file, so a migration imports it without the list.
 */
export interface PostgresMigration {
  version: number
  name: string
  sql: string
}

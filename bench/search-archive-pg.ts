// The search benchmark's synthetic archive (search-archive.ts) on PostgreSQL: the same rows, made
// by the same seeded generator in a scratch SQLite library, then copied with their ids, in
// batches of `unnest` arrays (one statement per 5,000 rows; the pg client has no COPY stream).
import type { Database } from 'better-sqlite3'
import type { Queryable } from '../src/core/storage/postgres/db.ts'

const batch = 5_000

interface Table {
  name: string
  /** Columns as SQLite and PostgreSQL both name them, with the PostgreSQL array type of each. */
  columns: Array<[string, string]>
}

// Only what search reads, and the NOT NULL columns the schema asks for.
const tables: Table[] = [
  {
    name: 'recordings',
    columns: [
      ['id', 'text'],
      ['title', 'text'],
      ['original_path', 'text'],
      ['sha256', 'text'],
      ['size_bytes', 'bigint'],
      ['duration', 'float8'],
      ['format', 'text'],
      ['has_video', 'boolean'],
      ['working_audio', 'text'],
      ['peaks', 'text'],
      ['interview_date', 'date'],
      ['languages', 'text'],
      ['consent_status', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  {
    name: 'recording_tags',
    columns: [
      ['recording_id', 'text'],
      ['tag', 'text'],
    ],
  },
  {
    name: 'speakers',
    columns: [
      ['id', 'bigint'],
      ['recording_id', 'text'],
      ['label', 'text'],
      ['name', 'text'],
    ],
  },
  {
    name: 'tracks',
    columns: [
      ['id', 'bigint'],
      ['recording_id', 'text'],
      ['language', 'text'],
      ['kind', 'text'],
      ['origin', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  {
    name: 'segments',
    columns: [
      ['id', 'bigint'],
      ['track_id', 'bigint'],
      ['start', 'float8'],
      ['end', 'float8'],
      ['speaker_id', 'bigint'],
      ['language', 'text'],
      ['text', 'text'],
    ],
  },
]

/** Copies the archive's rows from the scratch SQLite library into an empty PostgreSQL one. */
export async function copyArchive(from: Database, to: Queryable): Promise<void> {
  for (const table of tables) {
    const names = table.columns.map(([name]) => `"${name}"`).join(', ')
    const rows = from
      .prepare(`SELECT ${names} FROM ${table.name} ORDER BY 1`)
      .raw()
      .all() as unknown[][]
    const arrays = table.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')
    const sql = `INSERT INTO ${table.name} (${names}) SELECT * FROM unnest(${arrays})`
    for (let at = 0; at < rows.length; at += batch) {
      const chunk = rows.slice(at, at + batch)
      await to.run(
        sql,
        table.columns.map((_, i) => chunk.map((row) => row[i] ?? null)),
      )
    }
    if (table.columns.some(([name, type]) => name === 'id' && type === 'bigint')) {
      // The next id written after the copy must follow the copied ones, as SQLite's would.
      await to.run(
        `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), (SELECT max(id) FROM ${table.name}))`,
      )
    }
  }
  await to.run('ANALYZE')
}

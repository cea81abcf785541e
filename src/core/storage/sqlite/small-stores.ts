import type { SavedSearch, SearchFilters, Settings } from '../../../shared/contract/index.ts'
import { patchedSettings, settingsFrom } from '../../settings.ts'
import { newId } from '../../util/ids.ts'
import type { ExportLogRecord, ExportLogRecording } from '../ports.ts'
import { savedFromRow, type SavedRow } from '../rows.ts'
import type { StatementCache } from './statements.ts'

/*
 * The small stores' SQL on SQLite (docs/decisions/0100-storage-seam.md). These classes run
 * synchronously on one connection; sqlite/storage.ts puts them behind the async ports and the
 * serialised transaction.
 */

const upsertSetting =
  'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'

export class SqliteSettings {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  get(): Settings {
    const rows = this.sql.get('SELECT key, value FROM settings').all() as Array<{
      key: string
      value: string
    }>
    const stored: Record<string, unknown> = {}
    for (const row of rows) stored[row.key] = JSON.parse(row.value)
    return settingsFrom(stored)
  }

  update(patch: Partial<Settings>): Settings {
    return this.sql.db.transaction(() => {
      const next = patchedSettings(this.get(), patch)
      const upsert = this.sql.get(upsertSetting)
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(next[key as keyof Settings]))
      }
      return next
    })()
  }
}

/** The glossary lives in the settings table under its own key (decision 0080). */
const glossaryKey = 'transcription.glossary'

export class SqliteGlossary {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  list(): string[] {
    const row = this.sql.get('SELECT value FROM settings WHERE key = ?').get(glossaryKey) as
      { value: string } | undefined
    if (!row) return []
    const value: unknown = JSON.parse(row.value)
    return Array.isArray(value)
      ? value.filter((term): term is string => typeof term === 'string')
      : []
  }

  replace(terms: readonly string[]): void {
    this.sql.get(upsertSetting).run(glossaryKey, JSON.stringify(terms))
  }
}

export class SqliteSavedSearches {
  private readonly sql: StatementCache
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date) {
    this.sql = sql
    this.now = now
  }

  list(): SavedSearch[] {
    const rows = this.sql
      .get('SELECT * FROM saved_searches ORDER BY name COLLATE NOCASE')
      .all() as SavedRow[]
    return rows.map(savedFromRow)
  }

  save(name: string, query: string, filters: SearchFilters): SavedSearch {
    const at = this.now().toISOString()
    const row = this.sql
      .get(
        `INSERT INTO saved_searches (id, name, query, filters, created_at, updated_at)
         VALUES (@id, @name, @query, @filters, @at, @at)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name, query = excluded.query,
           filters = excluded.filters, updated_at = excluded.updated_at
         RETURNING *`,
      )
      .get({ id: newId(), name, query, filters: JSON.stringify(filters), at }) as SavedRow
    return savedFromRow(row)
  }

  remove(id: string): boolean {
    return this.sql.get('DELETE FROM saved_searches WHERE id = ?').run(id).changes > 0
  }
}

interface ExportLogRow {
  at: string
  kind: string
  output: string
  source_id: string
  recordings: string
  reason: string
}

export class SqliteExportLog {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  append(record: ExportLogRecord): void {
    this.sql
      .get(
        'INSERT INTO export_log (at, kind, output, source_id, recordings, reason) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.at,
        record.kind,
        record.output,
        record.sourceId,
        JSON.stringify(record.recordings),
        record.reason,
      )
  }

  list(): ExportLogRecord[] {
    const rows = this.sql
      .get('SELECT at, kind, output, source_id, recordings, reason FROM export_log ORDER BY id')
      .all() as ExportLogRow[]
    return rows.map((row) => ({
      at: row.at,
      kind: row.kind,
      output: row.output,
      sourceId: row.source_id,
      recordings: JSON.parse(row.recordings) as ExportLogRecording[],
      reason: row.reason,
    }))
  }
}

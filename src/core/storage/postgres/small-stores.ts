import type { SavedSearch, SearchFilters, Settings } from '../../../shared/contract/index.ts'
import { patchedSettings, settingsFrom } from '../../settings.ts'
import { newId } from '../../util/ids.ts'
import type {
  ExportLogRecord,
  ExportLogRecording,
  ExportLogStore,
  GlossaryStore,
  SavedSearchStore,
  SettingsStore,
} from '../ports.ts'
import { savedFromRow, type SavedRow } from '../rows.ts'
import type { Transactional } from './db.ts'

/*
 * The small stores on PostgreSQL: sqlite/small-stores.ts's logic, the same rows (decision 0136).
 * Settings keep each value as its JSON text, the glossary under its own settings key.
 */

const upsertSetting =
  'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value'

export class PostgresSettings implements SettingsStore {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  async get(): Promise<Settings> {
    return settingsOn(this.q)
  }

  update(patch: Partial<Settings>): Promise<Settings> {
    return this.q.transaction(async (tx) => {
      const next = patchedSettings(await settingsOn(tx), patch)
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) {
          await tx.run(upsertSetting, [key, JSON.stringify(next[key as keyof Settings])])
        }
      }
      return next
    })
  }
}

async function settingsOn(q: Transactional): Promise<Settings> {
  const rows = await q.rows<{ key: string; value: string }>('SELECT key, value FROM settings')
  const stored: Record<string, unknown> = {}
  for (const row of rows) stored[row.key] = JSON.parse(row.value)
  return settingsFrom(stored)
}

/** The glossary lives in the settings table under its own key (decision 0080). */
const glossaryKey = 'transcription.glossary'

export class PostgresGlossary implements GlossaryStore {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  async list(): Promise<string[]> {
    const row = await this.q.row<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
      glossaryKey,
    ])
    if (!row) return []
    const value: unknown = JSON.parse(row.value)
    return Array.isArray(value)
      ? value.filter((term): term is string => typeof term === 'string')
      : []
  }

  async replace(terms: readonly string[]): Promise<void> {
    await this.q.run(upsertSetting, [glossaryKey, JSON.stringify(terms)])
  }
}

export class PostgresSavedSearches implements SavedSearchStore {
  private readonly q: Transactional
  private readonly now: () => Date
  constructor(q: Transactional, now: () => Date) {
    this.q = q
    this.now = now
  }

  async list(): Promise<SavedSearch[]> {
    const rows = await this.q.rows<SavedRow>(
      'SELECT * FROM saved_searches ORDER BY lower(name) COLLATE "C", name COLLATE "C"',
    )
    return rows.map(savedFromRow)
  }

  async save(name: string, query: string, filters: SearchFilters): Promise<SavedSearch> {
    const at = this.now().toISOString()
    // The name is unique ignoring case (an index on lower(name)): saving again replaces it.
    const row = await this.q.row<SavedRow>(
      `INSERT INTO saved_searches (id, name, query, filters, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (lower(name)) DO UPDATE SET name = excluded.name, query = excluded.query,
         filters = excluded.filters, updated_at = excluded.updated_at
       RETURNING *`,
      [newId(), name, query, JSON.stringify(filters), at],
    )
    if (!row) throw new Error('PostgreSQL returned no row for a saved search')
    return savedFromRow(row)
  }

  async remove(id: string): Promise<boolean> {
    return (await this.q.run('DELETE FROM saved_searches WHERE id = $1', [id])) > 0
  }
}

interface ExportLogRow {
  at: string
  kind: string
  output: string
  source_id: string
  recordings: ExportLogRecording[]
  reason: string
}

export class PostgresExportLog implements ExportLogStore {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  async append(record: ExportLogRecord): Promise<void> {
    await this.q.run(
      'INSERT INTO export_log (at, kind, output, source_id, recordings, reason) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        record.at,
        record.kind,
        record.output,
        record.sourceId,
        JSON.stringify(record.recordings),
        record.reason,
      ],
    )
  }

  async list(): Promise<ExportLogRecord[]> {
    const rows = await this.q.rows<ExportLogRow>(
      'SELECT at, kind, output, source_id, recordings, reason FROM export_log ORDER BY id',
    )
    return rows.map((row) => ({
      at: row.at,
      kind: row.kind,
      output: row.output,
      sourceId: row.source_id,
      recordings: row.recordings,
      reason: row.reason,
    }))
  }
}

import type { Database } from 'better-sqlite3'
import {
  searchFiltersSchema,
  type SavedSearch,
  type SearchFilters,
} from '../../shared/contract/index.ts'
import { newId } from '../util/ids.ts'
import { cached } from './statements.ts'

interface SavedRow {
  id: string
  name: string
  query: string
  filters: string
  created_at: string
  updated_at: string
}

function fromRow(row: SavedRow): SavedSearch {
  // Filters written by an older Voces may lack fields or hold ones it no longer knows: keep
  // what still parses rather than fail the whole list.
  const parsed = searchFiltersSchema.safeParse(JSON.parse(row.filters))
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    filters: parsed.success ? parsed.data : {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Named searches a person comes back to: the text and the filters, run afresh each time. */
export class SavedSearchRepository {
  private readonly db: Database
  private readonly now: () => Date

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.db = db
    this.now = now
  }

  list(): SavedSearch[] {
    const rows = cached(
      this.db,
      'SELECT * FROM saved_searches ORDER BY name COLLATE NOCASE',
    ).all() as SavedRow[]
    return rows.map(fromRow)
  }

  /** Saving under a name that exists (ignoring case) replaces that search and keeps its id. */
  save(name: string, query: string, filters: SearchFilters): SavedSearch {
    const at = this.now().toISOString()
    const row = cached(
      this.db,
      `INSERT INTO saved_searches (id, name, query, filters, created_at, updated_at)
         VALUES (@id, @name, @query, @filters, @at, @at)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name, query = excluded.query,
           filters = excluded.filters, updated_at = excluded.updated_at
         RETURNING *`,
    ).get({ id: newId(), name, query, filters: JSON.stringify(filters), at }) as SavedRow
    return fromRow(row)
  }

  remove(id: string): boolean {
    return cached(this.db, 'DELETE FROM saved_searches WHERE id = ?').run(id).changes > 0
  }
}

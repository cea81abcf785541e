import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import { migrate } from './migrations/index.ts'

/**
 * Opens (creating if needed) a library database: WAL for readers beside one writer, foreign keys
 * on, secure_delete so removed text does not linger in free pages (decision 0007), and every migration.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('secure_delete = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

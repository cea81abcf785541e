import Database from 'better-sqlite3'
import path from 'node:path'
import { VocesError } from '../../../shared/contract/index.ts'
import { latestSchemaVersion } from './migrations/index.ts'

/*
 * A SQLite library's backup file, read without opening it as a library (src/core/archive/backup.ts
 * copies and renames; the SQL is here, decision 0100). The copy itself is SqliteStorage.backupTo.
 */

/** Checks that a file is a Voces library this version can open, without changing it. */
export function inspectSqliteBackup(file: string): { schemaVersion: number; recordings: number } {
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch {
    throw new VocesError(
      'BACKUP_UNREADABLE',
      `${path.basename(file)} is not a Voces backup (it is not a database).`,
      { file: path.basename(file) },
    )
  }
  try {
    const integrity = db.pragma('quick_check', { simple: true })
    const version = db.pragma('user_version', { simple: true }) as number
    const hasRecordings = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recordings'")
      .get()
    if (integrity !== 'ok' || !hasRecordings || version < 1) {
      throw new VocesError(
        'BACKUP_UNREADABLE',
        `${path.basename(file)} is not a Voces backup, or it is damaged.`,
        { file: path.basename(file) },
      )
    }
    if (version > latestSchemaVersion) {
      throw new VocesError(
        'LIBRARY_TOO_NEW',
        `${path.basename(file)} was made by a newer Voces. Update Voces to restore it.`,
        { file: path.basename(file) },
      )
    }
    const recordings = db.prepare('SELECT count(*) FROM recordings').pluck().get() as number
    return { schemaVersion: version, recordings }
  } catch (error) {
    if (error instanceof VocesError) throw error
    throw new VocesError(
      'BACKUP_UNREADABLE',
      `${path.basename(file)} is not a Voces backup, or it is damaged.`,
      { file: path.basename(file) },
    )
  } finally {
    db.close()
  }
}

/** Folds a closed library's WAL into its database file, so a copy of that file is whole. */
export function checkpointSqlite(file: string): void {
  const db = new Database(file)
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
}

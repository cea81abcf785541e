import { promises as fs } from 'node:fs'
import path from 'node:path'
import { checkpointSqlite, inspectSqliteBackup } from '../storage/sqlite/backup.ts'
import { checkOutputFolder, tempPathFor } from '../util/atomic-file.ts'
import type { CoreContext } from '../context.ts'

/**
 * Library backup with `VACUUM INTO`: a consistent copy of the database taken while the app runs
 * (one read transaction; writers go on in WAL), compacted, with no free pages holding deleted
 * text. Written to a temporary name and renamed, so a backup file is whole or absent. Media files
 * are not in it: they are derived from originals the person keeps, or are copied by a bag.
 */
export async function backupLibrary(
  voces: CoreContext,
  output: string,
): Promise<{ output: string; bytes: number }> {
  const target = path.resolve(output)
  await checkOutputFolder(target)
  const temp = tempPathFor(target)
  try {
    await voces.storage.backupTo(temp)
    await fs.rename(temp, target)
  } finally {
    await fs.rm(temp, { force: true })
  }
  const { size } = await fs.stat(target)
  voces.log.info('backup', { bytes: size })
  return { output: target, bytes: size }
}

/** Checks that a file is a Voces library this version can open, without changing it. */
export function inspectBackup(file: string): { schemaVersion: number; recordings: number } {
  return inspectSqliteBackup(file)
}

/**
 * Restores a backup over a library that is not open: the backup is checked first, copied beside
 * the database, and renamed over it; the old WAL and shared-memory files go with the old database.
 * The replaced database is kept as `voces.sqlite.before-restore` until the next restore.
 */
export async function restoreLibrary(
  libraryDir: string,
  backup: string,
): Promise<{ recordings: number }> {
  const source = path.resolve(backup)
  const { recordings } = inspectBackup(source)
  const database = path.join(libraryDir, 'voces.sqlite')
  await fs.mkdir(libraryDir, { recursive: true })
  const temp = tempPathFor(database)
  try {
    await fs.copyFile(source, temp)
    const exists = await fs.access(database).then(
      () => true,
      () => false,
    )
    if (exists) {
      // Fold the WAL into the old file first so the kept copy is whole.
      checkpointSqlite(database)
      await fs.copyFile(database, `${database}.before-restore`)
    }
    await fs.rename(temp, database)
    await Promise.all(['-wal', '-shm'].map((suffix) => fs.rm(database + suffix, { force: true })))
  } finally {
    await fs.rm(temp, { force: true })
  }
  return { recordings }
}

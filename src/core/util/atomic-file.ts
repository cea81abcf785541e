import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'

/** A temp path beside `target`, so the final rename stays on one filesystem and is atomic. */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target)
  return path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`)
}

/**
 * What a failed write of `target` means to the person who chose it: the folder they named (never
 * the temp file beside it) is missing, is not a folder, may not be written, or the disk is full.
 * Null for anything else.
 */
export function outputError(error: unknown, target: string): VocesError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const folder = path.dirname(target)
  const params = { file: path.basename(target), folder }
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new VocesError(
      'OUTPUT_FOLDER_MISSING',
      `The folder ${folder} does not exist. Check the path, or create the folder first.`,
      params,
    )
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new VocesError(
      'OUTPUT_FOLDER_NOT_WRITABLE',
      `Voces may not write in the folder ${folder}. Choose another folder, or change its permissions.`,
      params,
    )
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new VocesError('DISK_FULL', 'The disk is full. Free some space and try again.', params)
  if (code === 'EISDIR')
    return new VocesError(
      'OUTPUT_IS_FOLDER',
      `${target} is a folder. Give a file name to save as.`,
      params,
    )
  return null
}

/**
 * Checks, before any work starts, that a file can be written at `target`: by writing and removing
 * a small file beside it, since only a real write tells (root passes every permission check, a
 * read-only or immutable folder does not say so until written).
 */
export async function checkOutputFolder(target: string): Promise<void> {
  const stat = await fs.stat(target).catch(() => null)
  if (stat?.isDirectory()) throw outputError({ code: 'EISDIR' }, target)
  const probe = tempPathFor(target)
  try {
    await (await fs.open(probe, 'wx')).close()
  } catch (error) {
    throw outputError(error, target) ?? error
  }
  await fs.rm(probe, { force: true })
}

/** Writes a whole file or nothing: temp file, fsync, rename. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(target)
  try {
    const handle = await fs.open(temp, 'wx')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(temp, target)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw outputError(error, target) ?? error
  }
}

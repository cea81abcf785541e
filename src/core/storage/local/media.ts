import { constants as fsConstants, promises as fs } from 'node:fs'
import path from 'node:path'
import { VocesError } from '../../../shared/contract/index.ts'
import { tempPathFor, writeFileAtomic } from '../../util/atomic-file.ts'
import { mediaKeyParts } from '../media-key.ts'
import type { LocalFile, MediaStore } from '../ports.ts'

/**
 * The library's files in the library folder (decisions 0100 and 0107): a key is the
 * path relative to the library root that the database stores, `/` between its parts. Writes are
 * whole or absent (temp + rename); `localPath` is the file itself, so its release does nothing.
 */
export class LocalMediaStore implements MediaStore {
  readonly root: string

  constructor(root: string) {
    this.root = path.resolve(root)
  }

  /** The file of a key (checked by mediaKeyParts: it never leaves the library). */
  pathOf(key: string): string {
    return path.join(this.root, ...mediaKeyParts(key))
  }

  async put(key: string, data: Uint8Array | string): Promise<void> {
    const file = this.pathOf(key)
    await fs.mkdir(path.dirname(file), { recursive: true })
    await writeFileAtomic(file, data)
  }

  async putFile(key: string, source: string): Promise<void> {
    const file = this.pathOf(key)
    await fs.mkdir(path.dirname(file), { recursive: true })
    const temp = tempPathFor(file)
    try {
      // A clone where the file system can (btrfs, XFS, APFS), else a copy.
      await fs.copyFile(source, temp, fsConstants.COPYFILE_FICLONE)
      await fs.rename(temp, file)
    } finally {
      await fs.rm(temp, { force: true })
    }
  }

  async read(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(key))
    } catch (error) {
      throw missing(error, key)
    }
  }

  async readRange(key: string, start: number, end: number): Promise<Buffer> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw new RangeError(`Not a byte range: ${start}-${end}`)
    }
    let handle: fs.FileHandle
    try {
      handle = await fs.open(this.pathOf(key), 'r')
    } catch (error) {
      throw missing(error, key)
    }
    try {
      const { size } = await handle.stat()
      const length = Math.max(0, Math.min(end, size - 1) - start + 1)
      const buffer = Buffer.alloc(length)
      let read = 0
      while (read < length) {
        const { bytesRead } = await handle.read(buffer, read, length - read, start + read)
        if (bytesRead === 0) break
        read += bytesRead
      }
      return buffer.subarray(0, read)
    } finally {
      await handle.close()
    }
  }

  async size(key: string): Promise<number | null> {
    const stat = await fs.stat(this.pathOf(key)).catch(() => null)
    return stat?.isFile() ? stat.size : null
  }

  /**
   * Deletes the file, then each folder of its key left empty by that (a recording's
   * `media/<id>/` goes with its last file), never the root nor a folder in it (`media/`): a key
   * names files, as an object store's does, and folders are only where they live (decision 0124).
   */
  async delete(key: string): Promise<boolean> {
    const file = this.pathOf(key)
    try {
      await fs.unlink(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
    for (
      let dir = path.dirname(file);
      path.dirname(dir) !== this.root && dir !== this.root;
      dir = path.dirname(dir)
    ) {
      // Not empty (or gone): what is left there is someone else's.
      if (
        !(await fs.rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        break
    }
    return true
  }

  async localPath(key: string): Promise<LocalFile> {
    const file = this.pathOf(key)
    if ((await this.size(key)) === null) throw missing({ code: 'ENOENT' }, key)
    return { path: file, release: async () => {} }
  }

  async list(folder: string): Promise<string[]> {
    const dir = this.pathOf(folder)
    const names = await fs
      .readdir(dir, { recursive: true, withFileTypes: true })
      .catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw error
      })
    return names
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
      )
      .sort()
  }

  /** A file replaced here is replaced: there is no earlier version to forget. */
  async forgetEarlierVersions(key: string): Promise<number> {
    this.pathOf(key)
    return 0
  }

  /** The file's own path: it lasts as long as the file does, whatever `seconds` says. */
  async readUrl(key: string): Promise<string> {
    return (await this.localPath(key)).path
  }
}

function missing(error: unknown, key: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') return error
  return new VocesError('FILE_NOT_FOUND', `${key} is not in the library.`, {
    file: path.posix.basename(key),
  })
}

import { constants, promises as fs, type Stats } from 'node:fs'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'

/**
 * The largest subtitle or transcript file Voces reads: 50 MB. A 24-hour recording's SRT with a
 * cue every two seconds is about 4 MB; 50 MB leaves room for UTF-16 and word-level JSON without
 * letting a wrong file fill memory (docs/decisions/0085-only-regular-files.md).
 */
export const TEXT_FILE_LIMIT = 50 * 1024 * 1024

/**
 * Linux's pseudo file systems (statfs f_type magic numbers, linux/magic.h): their files stat as
 * regular files of 0 bytes, yet reading one (/proc/self/environ) gives bytes that are no
 * person's file, and some never end. proc, sysfs, debugfs, tracefs, securityfs, cgroup, cgroup2,
 * configfs, efivarfs, pstore, fusectl.
 */
const pseudoFileSystems = new Set([
  0x9fa0, 0x62656572, 0x64626720, 0x74726163, 0x73636673, 0x27e0eb, 0x63677270, 0x62656570,
  0xde5e81e4, 0x6165676c, 0x65735543,
])

/** Whether a path lies on a pseudo file system (Linux only; elsewhere there is none to fear). */
async function onPseudoFileSystem(file: string): Promise<boolean> {
  if (process.platform !== 'linux') return false
  const info = await fs.statfs(file).catch(() => null)
  return info !== null && pseudoFileSystems.has(Number(info.type))
}

export function notRegularFile(file: string): VocesError {
  const name = path.basename(file)
  return new VocesError(
    'FILE_NOT_REGULAR',
    `${name} is not a regular file (it is a folder, a device, a pipe or a system file), so Voces does not read it. Save it as an ordinary file and choose that.`,
    { file: name },
  )
}

/**
 * Refuses anything but an ordinary file: a folder, a FIFO (whose reader waits for a writer
 * forever), a device (/dev/zero never ends) or a pseudo file (/proc/self/environ). `stat` is the
 * file's own (fstat of the open descriptor where there is one, so it cannot be swapped).
 */
export async function requireRegularFile(file: string, stat: Stats): Promise<void> {
  if (!stat.isFile() || (await onPseudoFileSystem(file))) throw notRegularFile(file)
}

/** The error a person reads for a failed open or read, naming the file. */
export function fileIoError(error: unknown, file: string): VocesError {
  if (error instanceof VocesError) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  const name = path.basename(file)
  if (code === 'ENOENT')
    return new VocesError(
      'FILE_NOT_FOUND',
      `${name} was not found. It may have been moved or deleted.`,
      { file: name },
    )
  if (code === 'EACCES' || code === 'EPERM')
    return new VocesError('FILE_UNREADABLE', `Voces may not read ${name}. Check its permissions.`, {
      file: name,
    })
  if (code === 'EISDIR') return notRegularFile(file)
  return new VocesError(
    'FILE_UNREADABLE',
    `${name} could not be read: ${(error as Error).message}`,
    { file: name },
  )
}

function tooLarge(file: string, limit: number): VocesError {
  const name = path.basename(file)
  const megabytes = Math.round(limit / (1024 * 1024))
  return new VocesError(
    'FILE_TOO_LARGE',
    `${name} is larger than ${megabytes} MB, more than any subtitle or transcript file holds; it is not read.`,
    { file: name, megabytes },
  )
}

/**
 * Reads an ordinary file of at most `limit` bytes. The file is opened without blocking (a FIFO's
 * open would otherwise wait for a writer), checked on its descriptor, and read only up to the
 * limit, so a file that grows while it is read is refused rather than followed.
 */
export async function readRegularFile(file: string, limit = TEXT_FILE_LIMIT): Promise<Buffer> {
  const handle = await fs
    .open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    .catch((error: unknown) => {
      throw fileIoError(error, file)
    })
  try {
    const stat = await handle.stat()
    await requireRegularFile(file, stat)
    if (stat.size > limit) throw tooLarge(file, limit)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, limit + 1 - total))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      chunks.push(chunk.subarray(0, bytesRead))
      total += bytesRead
      if (total > limit) throw tooLarge(file, limit)
    }
    return Buffer.concat(chunks, total)
  } catch (error) {
    throw fileIoError(error, file)
  } finally {
    await handle.close()
  }
}

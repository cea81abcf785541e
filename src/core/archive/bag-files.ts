import { createHash, type Hash } from 'node:crypto'
import { constants, promises as fs, type Stats } from 'node:fs'
import path from 'node:path'

/**
 * Reading a bag that someone else made, without letting it reach outside itself or hang
 * (decision 0088): every path is checked component by component with lstat (a link is never
 * followed), a file is opened with O_NOFOLLOW | O_NONBLOCK (a FIFO opens at once instead of
 * waiting for a writer) and must still be the plain file lstat saw, and no read goes past the
 * size lstat gave it.
 */
export type Read<T> =
  | { ok: true; value: T }
  /** `unsafe`: a link, device, FIFO or socket stood where a plain file or folder should be. */
  | { ok: false; problem: string; unsafe?: boolean }

const openFlags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)
const chunk = 1 << 20

/** What an entry is, in words, when it is not a plain file or a folder. */
export function notPlain(stat: Stats): string | null {
  if (stat.isFile() || stat.isDirectory()) return null
  const what = stat.isSymbolicLink()
    ? 'a symbolic link'
    : stat.isFIFO()
      ? 'a named pipe (FIFO)'
      : stat.isBlockDevice() || stat.isCharacterDevice()
        ? 'a device'
        : stat.isSocket()
          ? 'a socket'
          : 'not a plain file'
  return `is ${what}: a bag holds plain files only, and Voces neither follows nor reads anything else`
}

/** A path as a manifest may name it: relative, "/"-separated, never "..", "." or empty parts. */
export function safeRelative(rel: string): boolean {
  if (rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return false
  return rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
}

/** lstat of each component of `rel` under `root`: folders must be real folders, the last a plain file. */
async function plainStat(root: string, rel: string): Promise<Read<Stats>> {
  if (!safeRelative(rel)) return { ok: false, problem: 'is not a path inside the bag' }
  const parts = rel.split('/')
  let at = root
  for (const [i, part] of parts.entries()) {
    at = path.join(at, part)
    const stat = await fs.lstat(at).catch(() => null)
    if (!stat) return { ok: false, problem: 'missing' }
    const last = i === parts.length - 1
    if (last ? stat.isFile() : stat.isDirectory()) {
      if (last) return { ok: true, value: stat }
      continue
    }
    const odd = notPlain(stat)
    if (!odd) return { ok: false, problem: last ? 'is a folder, not a file' : 'missing' }
    const where = parts.slice(0, i + 1).join('/')
    return { ok: false, unsafe: true, problem: last ? odd : `is inside ${where}, which ${odd}` }
  }
  return { ok: false, problem: 'missing' }
}

/**
 * Reads the plain file `rel` under `root` in chunks, at most `limit` bytes and never past the size
 * it had when checked; each chunk goes to `sink`. A file that changed kind, grew or shrank while
 * being read is a problem, not a hang.
 */
async function readPlain(
  root: string,
  rel: string,
  limit: number,
  sink: (bytes: Uint8Array) => void,
): Promise<Read<number>> {
  const checked = await plainStat(root, rel)
  if (!checked.ok) return checked
  const size = checked.value.size
  if (size > limit) return { ok: false, problem: `is larger than the ${limit} bytes it may be` }
  let handle: fs.FileHandle
  try {
    handle = await fs.open(path.join(root, ...rel.split('/')), openFlags)
  } catch (error) {
    // ELOOP: it was swapped for a link after lstat saw a plain file.
    const swapped = (error as NodeJS.ErrnoException).code === 'ELOOP'
    return { ok: false, problem: swapped ? 'changed while being read' : 'could not be opened' }
  }
  try {
    const opened = await handle.stat()
    if (!opened.isFile() || opened.ino !== checked.value.ino || opened.dev !== checked.value.dev)
      return { ok: false, problem: 'changed while being read' }
    const buffer = new Uint8Array(Math.min(chunk, size + 1))
    let read = 0
    // One byte past the size is asked for, to see a file that grows while it is read.
    while (read <= size) {
      const { bytesRead } = await handle.read(
        buffer,
        0,
        Math.min(buffer.length, size + 1 - read),
        read,
      )
      if (bytesRead === 0) break
      read += bytesRead
      if (read > size) return { ok: false, problem: 'changed while being read' }
      sink(buffer.subarray(0, bytesRead))
    }
    if (read !== size) return { ok: false, problem: 'changed while being read' }
    return { ok: true, value: size }
  } finally {
    await handle.close()
  }
}

/** The hex digests of a plain file in the bag, one pass for every algorithm asked for. */
export async function hashPlain(
  root: string,
  rel: string,
  algorithms: readonly string[],
  limit = Number.MAX_SAFE_INTEGER,
): Promise<Read<Map<string, string>>> {
  const hashes = new Map<string, Hash>(algorithms.map((a) => [a, createHash(a)]))
  const read = await readPlain(root, rel, limit, (bytes) => {
    for (const hash of hashes.values()) hash.update(bytes)
  })
  if (!read.ok) return read
  return { ok: true, value: new Map([...hashes].map(([a, h]) => [a, h.digest('hex')])) }
}

/** A small plain file in the bag as bytes (tag files, metadata), at most `limit` bytes. */
export async function readPlainBytes(
  root: string,
  rel: string,
  limit: number,
): Promise<Read<Buffer>> {
  const parts: Uint8Array[] = []
  const read = await readPlain(root, rel, limit, (bytes) => parts.push(Uint8Array.from(bytes)))
  return read.ok ? { ok: true, value: Buffer.concat(parts) } : read
}

/**
 * Text in `encoding` (a label TextDecoder knows: UTF-8, ISO-8859-1, UTF-16…), strictly: a byte
 * sequence that is not in it is a problem, not replacement characters.
 */
export function decodeText(bytes: Uint8Array, encoding: string): Read<string> {
  let decoder: InstanceType<typeof TextDecoder>
  try {
    decoder = new TextDecoder(encoding, { fatal: true })
  } catch {
    return { ok: false, problem: `is in ${encoding}, an encoding Voces cannot read` }
  }
  try {
    return { ok: true, value: decoder.decode(bytes) }
  } catch {
    return { ok: false, problem: `is not ${encoding} text` }
  }
}

/** UTF-8, strictly: a byte sequence that is not UTF-8 is a problem, not replacement characters. */
export const decodeUtf8 = (bytes: Uint8Array): Read<string> => decodeText(bytes, 'UTF-8')

/**
 * Every entry under `data/`, found with lstat: plain files with their sizes, and a problem for
 * anything else (a link, a FIFO, a device, a socket), which is never opened.
 */
export async function walkPayload(root: string): Promise<{
  files: Map<string, number>
  problems: Array<{ file: string; problem: string; unsafe: boolean }>
}> {
  const files = new Map<string, number>()
  const problems: Array<{ file: string; problem: string; unsafe: boolean }> = []
  const data = await fs.lstat(path.join(root, 'data')).catch(() => null)
  if (!data || !data.isDirectory()) {
    const odd = data && notPlain(data)
    problems.push({
      file: 'data',
      problem: odd ?? (data ? 'is not a folder' : 'missing'),
      unsafe: Boolean(odd),
    })
    return { files, problems }
  }
  const visit = async (rel: string): Promise<void> => {
    const names = (await fs.readdir(path.join(root, ...rel.split('/')))).sort()
    for (const name of names) {
      const child = `${rel}/${name}`
      const stat = await fs.lstat(path.join(root, ...child.split('/')))
      if (stat.isDirectory()) await visit(child)
      else if (stat.isFile()) files.set(child, stat.size)
      else problems.push({ file: child, problem: notPlain(stat) ?? 'is odd', unsafe: true })
    }
  }
  await visit('data')
  return { files, problems }
}

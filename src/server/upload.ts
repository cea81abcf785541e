import { createWriteStream, promises as fs } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Result } from '../shared/contract/index.ts'
import { newId } from '../core/util/ids.ts'
import type { Voces } from '../core/voces.ts'

/** A file name reduced to its last component; nothing in it can leave the uploads folder. */
export function safeUploadName(name: string): string {
  // Control characters (code points below 32) and slashes become underscores.
  const base = [...path.basename(name.replaceAll('\\', '/'))]
    .map((c) => (c.charCodeAt(0) < 32 || c === '/' ? '_' : c))
    .join('')
  return base === '' || base === '.' || base === '..' ? 'upload' : base
}

/**
 * The browser cannot hand over a path, so the browser build streams a dropped file into the
 * library's scratch folder (on the library's disk, which must hold it anyway) and puts it into the library's uploads through its media store (whole or
 * absent, decision 0124); the store's path for it is what gets ingested.
 */
export async function receiveUpload(
  voces: Voces,
  req: IncomingMessage,
  name: string,
): Promise<Result<{ path: string }>> {
  const scratch = await fs.mkdtemp(path.join(voces.layout.temp, 'upload-'))
  const key = `uploads/${newId()}/${safeUploadName(name)}`
  const received = path.join(scratch, 'upload')
  try {
    await pipeline(req, createWriteStream(received, { flags: 'wx' }))
    await voces.storage.media.putFile(key, received)
    // Held until the recording is ingested: the library folder's path is the file itself.
    const local = await voces.storage.media.localPath(key)
    return { ok: true, value: { path: local.path } }
  } catch (error) {
    await voces.storage.media.delete(key).catch(() => false)
    const code = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'DISK_FULL' : 'UPLOAD_FAILED'
    const message =
      code === 'DISK_FULL'
        ? 'The disk is full: free some space and try again.'
        : 'The file could not be received.'
    return { ok: false, error: { code, message, params: { file: name } } }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

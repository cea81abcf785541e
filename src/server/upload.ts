import { createWriteStream, promises as fs } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Result } from '../shared/contract/index.ts'
import { tempPathFor } from '../core/util/atomic-file.ts'
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
 * library's uploads folder (atomically), and that copy is what gets ingested.
 */
export async function receiveUpload(
  voces: Voces,
  req: IncomingMessage,
  name: string,
): Promise<Result<{ path: string }>> {
  const dir = path.join(voces.layout.root, 'uploads', newId())
  await fs.mkdir(dir, { recursive: true })
  const target = path.join(dir, safeUploadName(name))
  const temp = tempPathFor(target)
  try {
    await pipeline(req, createWriteStream(temp, { flags: 'wx' }))
    await fs.rename(temp, target)
    return { ok: true, value: { path: target } }
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true })
    const code = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'DISK_FULL' : 'UPLOAD_FAILED'
    const message =
      code === 'DISK_FULL'
        ? 'The disk is full: free some space and try again.'
        : 'The file could not be received.'
    return { ok: false, error: { code, message, params: { file: name } } }
  }
}

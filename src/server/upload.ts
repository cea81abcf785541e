import { createWriteStream, promises as fs } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Result } from '../shared/contract/index.ts'
import type { LocalFile } from '../core/storage/ports.ts'
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
 * The local copies of uploads (the media store's `localPath`: on an object store, a download in
 * the temp folder) held until what the browser does with them is done (decision 0182): a copy
 * that ingest jobs read goes when those jobs end, unless `stillNeeded` says the recording made
 * from it keeps it as its original; one a subtitle import read goes when the import succeeds.
 * Others (an episode's cover and music, whose path the episode keeps) stay.
 */
export class HeldUploads {
  private readonly held = new Map<string, LocalFile>()
  private readonly stillNeeded: (jobId: string, file: string) => Promise<boolean>

  /** `stillNeeded` resolves when the job ends: true when what it made still reads `file`. */
  constructor(stillNeeded: (jobId: string, file: string) => Promise<boolean>) {
    this.stillNeeded = stillNeeded
  }

  hold(file: LocalFile): void {
    this.held.set(file.path, file)
  }

  /** After a call `method` with `input` answered `result`: lets go of what it was the last use of. */
  async afterCall(method: string, input: unknown, result: Result<unknown>): Promise<void> {
    if (this.held.size === 0) return
    const named = new Set<string>()
    collectStrings(input, (text) => {
      if (this.held.has(text)) named.add(text)
    })
    if (named.size === 0) return
    const waits = new Map<string, Array<Promise<boolean>>>()
    for (const { file, jobId } of startedJobs(result)) {
      if (!named.has(file)) continue
      // Rejects only for a job that is gone: nothing reads the copy then either.
      const needed = this.stillNeeded(jobId, file).catch(() => false)
      waits.set(file, [...(waits.get(file) ?? []), needed])
    }
    for (const [file, ends] of waits)
      void Promise.all(ends).then((needed) =>
        needed.includes(true) ? undefined : this.release(file),
      )
    // A refused import (it would replace cues) is asked again with the same path.
    if (method === 'subtitles.import' && result.ok)
      await Promise.allSettled([...named].map((file) => this.release(file)))
  }

  private async release(file: string): Promise<void> {
    const held = this.held.get(file)
    if (held === undefined) return
    this.held.delete(file)
    await held.release().catch(() => undefined)
  }
}

function collectStrings(value: unknown, found: (text: string) => void): void {
  if (typeof value === 'string') found(value)
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, found)
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) collectStrings(item, found)
}

/** The `{ file, jobId }` pairs an ingest-like call answers with (`library.ingest`). */
function startedJobs(result: Result<unknown>): Array<{ file: string; jobId: string }> {
  if (!result.ok || typeof result.value !== 'object' || result.value === null) return []
  const jobs = (result.value as { jobs?: unknown }).jobs
  if (!Array.isArray(jobs)) return []
  return jobs.flatMap((job: unknown) => {
    if (typeof job !== 'object' || job === null) return []
    const { file, jobId } = job as { file?: unknown; jobId?: unknown }
    return typeof file === 'string' && typeof jobId === 'string' && jobId !== ''
      ? [{ file, jobId }]
      : []
  })
}

/**
 * The browser cannot hand over a path, so the browser build streams a dropped file into the
 * library's scratch folder (on the library's disk, which must hold it anyway) and puts it into the library's uploads through its media store (whole or
 * absent, decision 0124); the store's path for it is what gets ingested, held in `holds` until
 * that is done (decision 0182).
 */
export async function receiveUpload(
  voces: Voces,
  req: IncomingMessage,
  name: string,
  holds: HeldUploads,
): Promise<Result<{ path: string }>> {
  const scratch = await fs.mkdtemp(path.join(voces.layout.temp, 'upload-'))
  const key = `uploads/${newId()}/${safeUploadName(name)}`
  const received = path.join(scratch, 'upload')
  try {
    await pipeline(req, createWriteStream(received, { flags: 'wx' }))
    await voces.storage.media.putFile(key, received)
    // Held until the call that uses it is done: the library folder's path is the file itself.
    const local = await voces.storage.media.localPath(key)
    holds.hold(local)
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

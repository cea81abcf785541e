import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { VocesError } from '../../shared/contract/index.ts'
import { writeFileAtomic } from '../util/atomic-file.ts'
import { readModelHeader } from './models.ts'

export interface DownloadOptions {
  url: string
  /** The final file; the bytes gather in `<target>.download` beside it until they are checked. */
  target: string
  /** The file's published SHA-256 and exact size (every catalogue model has both). */
  expected?: { sha256: string; bytes: number } | null
  signal?: AbortSignal
  /** Bytes so far and the total (null while the server has not said). */
  onProgress?: (received: number, total: number | null) => void
  /**
   * Says why the whole file is not the model it should be, or null when it is. Default: a
   * whisper.cpp ggml header. The speaker models (ONNX) bring their own check.
   */
  check?: (file: string) => Promise<VocesError | null>
  /**
   * What to do when the server cannot be reached. Default: add a Whisper model file by hand,
   * which other models (Bergamot's) cannot be.
   */
  unreachableHint?: string
}

async function whisperModelCheck(file: string): Promise<VocesError | null> {
  return (await readModelHeader(file))
    ? null
    : new VocesError(
        'MODEL_CORRUPT',
        'The downloaded file is not a whisper.cpp model, so it was deleted.',
      )
}

export const partialPathFor = (target: string) => `${target}.download`
/** What the partial file is a part of: the address, the expected file, the server's validator. */
export const partialRecordPathFor = (target: string) => `${target}.download.json`

interface PartialRecord {
  url: string
  sha256: string | null
  /** A strong ETag, else Last-Modified: sent as If-Range, so a changed file is never spliced. */
  validator: string | null
}

async function hashFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hash, signal ? { signal } : {})
  return hash.digest('hex')
}

function httpError(status: number, url: string): VocesError {
  const host = new URL(url).host
  return new VocesError(
    'DOWNLOAD_FAILED',
    `The download from ${host} failed (HTTP ${status}). Check the connection and try again.`,
    { status },
  )
}

async function readRecord(target: string): Promise<PartialRecord | null> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(partialRecordPathFor(target), 'utf8'))
    if (typeof value !== 'object' || value === null) return null
    const { url, sha256, validator } = value as Record<string, unknown>
    if (typeof url !== 'string') return null
    return {
      url,
      sha256: typeof sha256 === 'string' ? sha256 : null,
      validator: typeof validator === 'string' && validator !== '' ? validator : null,
    }
  } catch {
    return null
  }
}

/** RFC 9110 §13.1.5: If-Range takes a strong entity tag or a date; a weak tag cannot be used. */
function validatorOf(response: Response): string | null {
  const etag = response.headers.get('etag')
  if (etag && !etag.startsWith('W/')) return etag
  return response.headers.get('last-modified')
}

async function discardPartial(target: string): Promise<void> {
  await fs.rm(partialPathFor(target), { force: true })
  await fs.rm(partialRecordPathFor(target), { force: true })
}

/**
 * Downloads a file with progress, resuming a partial download only when it is a part of the same
 * file: the first response's validator (a strong ETag, else Last-Modified) is kept beside the
 * partial and sent as `If-Range` with `Range: bytes=N-` (RFC 9110 §13.1.5, §14), so a file that
 * changed upstream between two attempts comes back whole (200) instead of being spliced onto the
 * old bytes. 206 appends, 200 starts over, 416 means the partial file is already whole; a partial
 * with no validator, another address or another expected checksum is started over. The result is
 * checked (exact size, SHA-256, ggml header), synced, and renamed into place: the target either
 * does not exist or is complete. A cancel keeps the partial file for the next try; a failed check
 * removes it.
 */
export async function downloadFile(
  options: DownloadOptions,
): Promise<{ bytes: number; resumedFrom: number }> {
  const { url, target, signal, expected } = options
  const partial = partialPathFor(target)
  await fs.mkdir(path.dirname(target), { recursive: true })
  let have = (await fs.stat(partial).catch(() => null))?.size ?? 0
  const record = have > 0 ? await readRecord(target) : null
  const resumable =
    record !== null &&
    record.validator !== null &&
    record.url === url &&
    record.sha256 === (expected?.sha256 ?? null) &&
    (!expected || have <= expected.bytes)
  if (have > 0 && !resumable) {
    await discardPartial(target)
    have = 0
  }
  const headers: Record<string, string> =
    have > 0 && record?.validator ? { range: `bytes=${have}-`, 'if-range': record.validator } : {}
  let response: Response
  try {
    response = await fetch(url, { headers, redirect: 'follow', ...(signal ? { signal } : {}) })
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error
    throw new VocesError(
      'DOWNLOAD_FAILED',
      `Voces could not reach ${new URL(url).host} (${(error as Error).cause ?? (error as Error).message}). ${options.unreachableHint ?? 'Check the connection, or add a model file you already have with "voces models add FILE".'}`,
    )
  }
  let resumedFrom: number
  if (response.status === 416 && have > 0) {
    await response.body?.cancel()
    resumedFrom = have
  } else if (response.status === 200 || (response.status === 206 && have > 0)) {
    const append = response.status === 206
    if (append && !contentRangeStartsAt(response, have)) {
      await response.body?.cancel()
      await discardPartial(target)
      throw new VocesError(
        'DOWNLOAD_FAILED',
        'The server sent another part of the file than was asked for. Try again: the download starts over.',
      )
    }
    resumedFrom = append ? have : 0
    if (!append) {
      const next: PartialRecord = {
        url,
        sha256: expected?.sha256 ?? null,
        validator: validatorOf(response),
      }
      await writeFileAtomic(partialRecordPathFor(target), JSON.stringify(next))
    }
    const length = Number(response.headers.get('content-length') ?? NaN)
    const total = Number.isFinite(length) ? length + resumedFrom : (expected?.bytes ?? null)
    let received = resumedFrom
    options.onProgress?.(received, total)
    if (!response.body) throw httpError(response.status, url)
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
    body.on('data', (chunk: Buffer) => {
      received += chunk.length
      options.onProgress?.(received, total)
    })
    try {
      await pipeline(
        body,
        createWriteStream(partial, { flags: append ? 'a' : 'w' }),
        signal ? { signal } : {},
      )
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new VocesError(
          'DISK_FULL',
          'The disk is full. Free some space and download again; the download resumes.',
        )
      }
      throw new VocesError(
        'DOWNLOAD_FAILED',
        `The download stopped (${(error as Error).message}). Try again: it resumes where it stopped.`,
      )
    }
    if (total !== null && received !== total) {
      throw new VocesError(
        'DOWNLOAD_FAILED',
        'The download ended early. Try again: it resumes where it stopped.',
      )
    }
  } else {
    await response.body?.cancel()
    throw httpError(response.status, url)
  }

  if (expected) {
    const { size } = await fs.stat(partial)
    const actual = size === expected.bytes ? await hashFile(partial, signal) : null
    if (actual !== expected.sha256.toLowerCase()) {
      await discardPartial(target)
      throw new VocesError(
        'MODEL_CHECKSUM_MISMATCH',
        'The downloaded file does not match its published size and SHA-256 checksum, so it was deleted. Download it again.',
      )
    }
  }
  const refused = await (options.check ?? whisperModelCheck)(partial)
  if (refused) {
    await discardPartial(target)
    throw refused
  }
  const handle = await fs.open(partial, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
  await fs.rename(partial, target)
  await fs.rm(partialRecordPathFor(target), { force: true })
  const { size } = await fs.stat(target)
  return { bytes: size, resumedFrom }
}

/** A 206 must continue where the partial file ends (`Content-Range: bytes N-…`). */
function contentRangeStartsAt(response: Response, from: number): boolean {
  const range = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')
  return range !== null && Number(range[1]) === from
}

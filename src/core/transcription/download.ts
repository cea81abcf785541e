import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { VocesError } from '../../shared/contract/index.ts'
import { readModelHeader } from './models.ts'

export interface DownloadOptions {
  url: string
  /** The final file; the bytes gather in `<target>.download` beside it until they are checked. */
  target: string
  /** Upstream's checksum, when it publishes one (whisper.cpp publishes SHA-1). */
  checksum?: { algorithm: 'sha1' | 'sha256'; hex: string } | null
  signal?: AbortSignal
  /** Bytes so far and the total (null while the server has not said). */
  onProgress?: (received: number, total: number | null) => void
}

export const partialPathFor = (target: string) => `${target}.download`

async function hashFile(file: string, algorithm: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash(algorithm)
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hash, signal ? { signal } : {})
  return hash.digest('hex')
}

function httpError(status: number, url: string): VocesError {
  const host = new URL(url).host
  return new VocesError(
    'DOWNLOAD_FAILED',
    `The download from ${host} failed (HTTP ${status}). Check the connection and try again.`,
    {
      status,
    },
  )
}

/**
 * Downloads a file with progress, resuming a partial download with an HTTP Range request
 * (RFC 9110 §14): 206 appends, 200 starts over, 416 means the partial file is already whole.
 * The result is checked (checksum, ggml header), synced, and renamed into place: the target
 * either does not exist or is complete. A cancel keeps the partial file for the next try; a
 * checksum failure removes it.
 */
export async function downloadFile(
  options: DownloadOptions,
): Promise<{ bytes: number; resumedFrom: number }> {
  const { url, target, signal } = options
  const partial = partialPathFor(target)
  await fs.mkdir(path.dirname(target), { recursive: true })
  const have = (await fs.stat(partial).catch(() => null))?.size ?? 0
  const headers: Record<string, string> = have > 0 ? { range: `bytes=${have}-` } : {}
  let response: Response
  try {
    response = await fetch(url, { headers, redirect: 'follow', ...(signal ? { signal } : {}) })
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error
    throw new VocesError(
      'DOWNLOAD_FAILED',
      `Voces could not reach ${new URL(url).host} (${(error as Error).cause ?? (error as Error).message}). Check the connection, or add a model file you already have with "voces models add FILE".`,
    )
  }
  let resumedFrom: number
  if (response.status === 416 && have > 0) {
    await response.body?.cancel()
    resumedFrom = have
  } else if (response.status === 206 || response.status === 200) {
    const append = response.status === 206
    resumedFrom = append ? have : 0
    const length = Number(response.headers.get('content-length') ?? NaN)
    const total = Number.isFinite(length) ? length + resumedFrom : null
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

  if (options.checksum) {
    const actual = await hashFile(partial, options.checksum.algorithm, signal)
    if (actual !== options.checksum.hex.toLowerCase()) {
      await fs.rm(partial, { force: true })
      throw new VocesError(
        'MODEL_CHECKSUM_MISMATCH',
        `The downloaded file does not match its published ${options.checksum.algorithm.toUpperCase()} checksum, so it was deleted. Download it again.`,
      )
    }
  }
  if (!(await readModelHeader(partial))) {
    await fs.rm(partial, { force: true })
    throw new VocesError(
      'MODEL_CORRUPT',
      'The downloaded file is not a whisper.cpp model, so it was deleted.',
    )
  }
  const handle = await fs.open(partial, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
  await fs.rename(partial, target)
  const { size } = await fs.stat(target)
  return { bytes: size, resumedFrom }
}

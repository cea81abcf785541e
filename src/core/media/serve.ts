import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { CoreContext } from '../context.ts'
import { servePreview } from '../export/preview.ts'

/**
 * Media for the player, shared by the app's `voces-media://` protocol and the HTTP transport's
 * `/media/`: `/media/<recordingId>/<kind>`. The URL names a recording and a kind, never a path,
 * so only files the library itself records can be served and no traversal is possible. HTTP
 * Range requests (RFC 9110 §14) are answered with 206 so the player can seek.
 */
export const mediaKinds = ['original', 'audio', 'poster', 'peaks'] as const
export type MediaKind = (typeof mediaKinds)[number]

const contentTypes: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

/**
 * Where one recording's media kind is: a key of the library's media store, or the original's
 * path where the person keeps it (not a library file). Null when there is none.
 */
export async function mediaSource(
  voces: CoreContext,
  id: string,
  kind: MediaKind,
): Promise<{ key: string } | { file: string } | null> {
  const recording = await voces.storage.recordings.get(id)
  if (!recording) return null
  // Removed between the two reads: not found, as if it had gone before.
  const files = await voces.storage.recordings.files(id).catch(() => null)
  if (!files) return null
  const inLibrary = (key: string | null) => (key ? { key } : null)
  switch (kind) {
    case 'original':
      return inLibrary(files.storedPath) ?? { file: recording.path }
    case 'audio':
      return inLibrary(files.workingAudio)
    case 'poster':
      return inLibrary(files.poster)
    case 'peaks':
      return inLibrary(files.peaks)
  }
}

/** Parses a single `bytes=` range against a size; null means "not satisfiable". */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return null
  let start: number
  let end: number
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return null
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  return start <= end && start < size ? { start, end } : null
}

export async function serveMedia(voces: CoreContext, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
  const url = new URL(request.url)
  const parts = url.pathname.split('/').filter(Boolean)
  const [prefix, rawId, kind] = parts
  // An episode as it will be exported, from a moment of it (decision 0165).
  if (parts.length === 3 && prefix === 'media' && rawId && kind === 'preview') {
    if (request.method !== 'GET') return plain(405, 'Method not allowed')
    return servePreview(voces, decodeURIComponent(rawId), Number(url.searchParams.get('from') ?? 0))
  }
  if (
    parts.length !== 3 ||
    prefix !== 'media' ||
    !rawId ||
    !(mediaKinds as readonly string[]).includes(kind ?? '')
  ) {
    return plain(404, 'Not found')
  }
  const source = await mediaSource(voces, decodeURIComponent(rawId), kind as MediaKind)
  if (!source) return plain(404, 'Not found')
  // Library files are read through the media store (decision 0124); an original outside the
  // library is the person's own file.
  const size =
    'key' in source
      ? await voces.storage.media.size(source.key)
      : await fs.stat(source.file).then(
          (stat) => (stat.isFile() ? stat.size : null),
          () => null,
        )
  if (size === null)
    return plain(404, 'The media file is missing. It may have been moved or deleted.')
  const name = 'key' in source ? source.key : source.file
  const headers = new Headers({
    'content-type': contentTypes[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  const rangeHeader = request.headers.get('range')
  let start = 0
  let end = size - 1
  let status = 200
  if (rangeHeader) {
    const range = parseRange(rangeHeader, size)
    if (!range) {
      headers.set('content-range', `bytes */${size}`)
      return new Response(null, { status: 416, headers })
    }
    ;({ start, end } = range)
    status = 206
    headers.set('content-range', `bytes ${start}-${end}/${size}`)
  }
  headers.set('content-length', String(size === 0 ? 0 : end - start + 1))
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers })
  const stream =
    'key' in source
      ? rangeStream(voces, source.key, start, end)
      : (Readable.toWeb(
          createReadStream(source.file, { start, end }),
        ) as ReadableStream<Uint8Array>)
  return new Response(stream, { status, headers })
}

/** A stored range read a MiB at a time as the player pulls it, never the whole file at once. */
function rangeStream(
  voces: CoreContext,
  key: string,
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  let next = start
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await voces.storage.media.readRange(
        key,
        next,
        Math.min(end, next + chunkBytes - 1),
      )
      if (chunk.length > 0)
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))
      next += chunk.length
      if (chunk.length === 0 || next > end) controller.close()
    },
  })
}

const chunkBytes = 1 << 20

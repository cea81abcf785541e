import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { CoreContext } from '../context.ts'

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

/** The file behind one recording's media kind, or null. */
export async function mediaFile(
  voces: CoreContext,
  id: string,
  kind: MediaKind,
): Promise<string | null> {
  const recording = await voces.storage.recordings.get(id)
  if (!recording) return null
  // Removed between the two reads: not found, as if it had gone before.
  const files = await voces.storage.recordings.files(id).catch(() => null)
  if (!files) return null
  const inLibrary = (relative: string | null) =>
    relative ? path.join(voces.layout.root, relative) : null
  switch (kind) {
    case 'original':
      return inLibrary(files.storedPath) ?? recording.path
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
  const parts = new URL(request.url).pathname.split('/').filter(Boolean)
  const [prefix, rawId, kind] = parts
  if (
    parts.length !== 3 ||
    prefix !== 'media' ||
    !rawId ||
    !(mediaKinds as readonly string[]).includes(kind ?? '')
  ) {
    return plain(404, 'Not found')
  }
  const file = await mediaFile(voces, decodeURIComponent(rawId), kind as MediaKind)
  if (!file) return plain(404, 'Not found')
  const stat = await fs.stat(file).catch(() => null)
  if (!stat?.isFile())
    return plain(404, 'The media file is missing. It may have been moved or deleted.')

  const size = stat.size
  const headers = new Headers({
    'content-type': contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
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
  const stream = Readable.toWeb(
    createReadStream(file, { start, end }),
  ) as ReadableStream<Uint8Array>
  return new Response(stream, { status, headers })
}

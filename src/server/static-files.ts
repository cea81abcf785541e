import { createReadStream, promises as fs } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { contentSecurityPolicy } from '../shared/content-security-policy.ts'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

export const contentTypeFor = (file: string): string =>
  types[path.extname(file)] ?? 'application/octet-stream'

/** The headers every file of the renderer build is sent with, by either transport (decision 0095). */
export function rendererFileHeaders(file: string): Record<string, string> {
  return {
    'content-type': contentTypeFor(file),
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'cache-control': path.basename(file) === 'index.html' ? 'no-store' : 'max-age=3600',
  }
}

/**
 * Where an address's path (still percent-encoded, as it came) leads inside the renderer build:
 * `malformed` for an escape that decodes to nothing, `refused` for a path that would leave the
 * build (`..` in any spelling, a backslash, a NUL) — never a file outside `root`. Shared by the
 * HTTP server and the Electron shell's `app://voces/` protocol.
 */
export function resolveRendererPath(
  root: string,
  encodedPath: string,
): { file: string } | { refused: 'malformed' | 'outside' } {
  let decoded: string
  try {
    decoded = decodeURIComponent(encodedPath)
  } catch {
    return { refused: 'malformed' }
  }
  if (/[\\\0]/.test(decoded)) return { refused: 'outside' }
  if (decoded.split('/').some((part) => part === '..')) return { refused: 'outside' }
  const base = path.resolve(root)
  const file = path.resolve(base, '.' + path.posix.normalize('/' + decoded))
  if (file !== base && !file.startsWith(base + path.sep)) return { refused: 'outside' }
  return { file }
}

/**
 * The file to send for a resolved path: the file itself, else index.html (the UI routes inside
 * the page); null when the build is not there.
 */
export async function rendererFile(root: string, file: string): Promise<string | null> {
  const stat = await fs.stat(file).catch(() => null)
  if (stat?.isFile()) return file
  const index = path.join(root, 'index.html')
  return (await fs.stat(index).catch(() => null))?.isFile() ? index : null
}

/** Serves the renderer build; unknown paths get index.html (the UI routes inside the page). */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
): Promise<void> {
  const resolved = resolveRendererPath(root, urlPath)
  if ('refused' in resolved) {
    res.writeHead(resolved.refused === 'malformed' ? 400 : 404, {
      'content-type': 'text/plain; charset=utf-8',
    })
    res.end(resolved.refused === 'malformed' ? 'This address is malformed.' : 'Not found.')
    return
  }
  const file = await rendererFile(root, resolved.file)
  if (!file) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('The Voces interface is not built yet. Run: npm run build')
    return
  }
  res.writeHead(200, rendererFileHeaders(file))
  createReadStream(file).pipe(res)
}

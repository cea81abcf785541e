import { createReadStream, promises as fs } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'

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

/** The same Content-Security-Policy as the Electron window (src/main/security.ts). */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** Serves the renderer build; unknown paths get index.html (the UI routes inside the page). */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
): Promise<void> {
  const decoded = decodeURIComponent(urlPath)
  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + decoded))
  const inside = candidate === root || candidate.startsWith(root + path.sep)
  let file = inside ? candidate : path.join(root, 'index.html')
  const stat = await fs.stat(file).catch(() => null)
  if (!stat || !stat.isFile()) file = path.join(root, 'index.html')
  const exists = await fs.stat(file).catch(() => null)
  if (!exists) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('The Voces interface is not built yet. Run: npm run build')
    return
  }
  res.writeHead(200, {
    'content-type': types[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  })
  createReadStream(file).pipe(res)
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { Job, Result } from '../shared/contract/index.ts'
import { dispatch } from '../core/api/index.ts'
import { serveMedia } from '../core/media/serve.ts'
import type { Voces } from '../core/voces.ts'
import { isSameOriginRequest, sessionCookie, Sessions } from './auth.ts'
import { contentSecurityPolicy } from '../shared/content-security-policy.ts'
import { serveStatic } from './static-files.ts'
import { HeldUploads, receiveUpload } from './upload.ts'

export interface HttpServerOptions {
  voces: Voces
  /** 0 picks a free port. */
  port?: number
  /** The renderer build (out/renderer). */
  rendererDir?: string
}

export interface RunningServer {
  /**
   * Open this URL once: it carries a one-time token, which the server swaps for a session cookie
   * holding a separate random id; a second use is refused (decision 0094).
   */
  url: string
  origin: string
  port: number
  /** A bearer credential (`Authorization: Bearer …`) for callers in this process; never printed. */
  token: string
  close(): Promise<void>
}

const maxJsonBody = 16 * 1024 * 1024
/** Event streams one server keeps open at once (a window needs one; decision 0094). */
export const maxEventStreams = 32

export const defaultRendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url))

/**
 * The loopback HTTP transport: the same contract as Electron IPC, for the browser build and the
 * end-to-end tests. Binds 127.0.0.1 only and requires the session its one-time link opens.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { voces } = options
  const sessions = new Sessions()
  const rendererDir = options.rendererDir ?? defaultRendererDir
  const streams = new Set<ServerResponse>()
  let port = 0
  // An ingest that kept no copy of its own has the upload's copy as the recording's original
  // (decision 0182): that one stays.
  const uploads = new HeldUploads(async (jobId, file) => {
    const job = await voces.jobs.waitFor(jobId)
    const made = (job.result as { recordingId?: unknown } | null)?.recordingId
    if (job.state !== 'succeeded' || typeof made !== 'string') return false
    const recording = await voces.storage.recordings.get(made)
    return recording !== undefined && recording.storedPath === null && recording.path === file
  })

  const onJob = (job: Job) => broadcast(streams, 'job', job)
  voces.jobs.on('job', onJob)
  const onLibrary = (change: unknown) => broadcast(streams, 'library', change)
  voces.events.on('library', onLibrary)

  const server = createServer((req, res) => {
    // No answer of this server, page, data or error, may be sniffed into another type.
    res.setHeader('x-content-type-options', 'nosniff')
    handle(req, res).catch((error: unknown) => {
      voces.log.error('http request failed', { error: String(error) })
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } })
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isSameOriginRequest(req, port)) return sendText(res, 403, 'Forbidden')
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (!decodes(url.pathname)) {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'BAD_ADDRESS', message: 'This address is malformed.' },
      })
    }
    const isData = url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')
    const presented = url.searchParams.get('token')
    // The link's token is swapped on a page's address only, and once (decision 0094).
    if (presented !== null && !isData && (req.method === 'GET' || req.method === 'HEAD')) {
      url.searchParams.delete('token')
      const location = url.pathname + url.search
      const swapped = sessions.swap(presented)
      if (swapped === 'wrong') return sendText(res, 403, 'Wrong token')
      if (swapped === 'spent') {
        // The browser that swapped it goes on; any other is told how to get a new link.
        if (sessions.isAuthorised(req)) return void res.writeHead(303, { location }).end()
        return sendHtml(res, 403, spentLinkPage)
      }
      res.writeHead(303, {
        location,
        'set-cookie': `${sessionCookie}=${swapped.session}; HttpOnly; SameSite=Strict; Path=/`,
      })
      return void res.end()
    }
    if (!isData) return serveStatic(rendererDir, url.pathname, res)
    if (!sessions.isAuthorised(req)) {
      return sendJson(res, 401, {
        ok: false,
        error: {
          code: 'UNAUTHORISED',
          message: 'Start Voces again from the command and open the new link it prints.',
        },
      })
    }
    if (url.pathname.startsWith('/media/'))
      return sendWeb(res, await serveMedia(voces, toWebRequest(req, url)))
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (streams.size >= maxEventStreams) {
        res.setHeader('retry-after', '5')
        return sendJson(res, 503, {
          ok: false,
          error: {
            code: 'TOO_MANY_CONNECTIONS',
            message:
              'Too many Voces pages are open at once. Close some of them, then reload this one.',
            params: { limit: maxEventStreams },
          },
        })
      }
      return openEventStream(req, res, streams)
    }
    if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed')
    if (url.pathname === '/api/upload') {
      return sendJson(
        res,
        200,
        await receiveUpload(voces, req, url.searchParams.get('name') ?? 'upload', uploads),
      )
    }
    const method = decodeURIComponent(url.pathname.slice('/api/'.length))
    const body = await readJson(req)
    const result = body.ok ? await dispatch(method, body.value, { voces, transport: 'http' }) : body
    if (body.ok) await uploads.afterCall(method, body.value, result)
    sendJson(res, 200, result)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  voces.log.info('http transport listening', { port })
  return {
    url: `${origin}/?token=${sessions.linkToken}`,
    origin,
    port,
    token: sessions.bearer,
    close: async () => {
      voces.jobs.off('job', onJob)
      voces.events.off('library', onLibrary)
      for (const stream of streams) stream.end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function broadcast(streams: Set<ServerResponse>, event: string, payload: unknown): void {
  const frame = `data: ${JSON.stringify({ event, payload })}\n\n`
  for (const stream of streams) stream.write(frame)
}

function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  streams: Set<ServerResponse>,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  res.write(': connected\n\n')
  streams.add(res)
  req.on('close', () => streams.delete(res))
}

async function readJson(req: IncomingMessage): Promise<Result<unknown>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxJsonBody)
      return { ok: false, error: { code: 'TOO_LARGE', message: 'The request is too large.' } }
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, error: { code: 'INVALID_JSON', message: 'The request body is not JSON.' } }
  }
}

function toWebRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
  }
  return new Request(url, { method: req.method ?? 'GET', headers })
}

async function sendWeb(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => (headers[name] = value))
  res.writeHead(response.status, headers)
  if (!response.body) return void res.end()
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
  res.on('close', () => body.destroy())
  body.pipe(res)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(JSON.stringify(body))
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy,
    'cache-control': 'no-store',
  })
  res.end(html)
}

/** Whether a path's percent escapes decode (`/%E0%A4%A`, `/api/%ZZ` do not). */
function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname)
    return true
  } catch {
    return false
  }
}

/** What a second use of the link shows: it has been spent, and how to get a new one. */
const spentLinkPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Voces: this link has been used</title></head>
<body>
<h1>This link has already been used</h1>
<p>For your safety, the link Voces prints opens it only once, in the first browser that uses it.</p>
<p>To open Voces again, stop it and start it again from the command (<code>bin/voces serve</code>,
or <code>npm run web</code>), then open the new link it prints.</p>
</body>
</html>
`

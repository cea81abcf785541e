import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { VocesError, type EventPayload, type Job, type Result } from '../shared/contract/index.ts'
import { dispatch } from '../core/api/index.ts'
import { serveMedia } from '../core/media/serve.ts'
import type { Voces } from '../core/voces.ts'
import type { Caller } from '../core/people/access.ts'
import { canSee, mayHearOf, owner, visibilityOf } from '../core/people/access.ts'
import {
  callerFromSecret,
  hashOf,
  SignInLimiter,
  signIn,
  sessionHours,
} from '../core/people/accounts.ts'
import {
  cookieToken,
  isLoopbackHost,
  isSameOriginRequest,
  isSameSiteRequest,
  sessionCookie,
  Sessions,
} from './auth.ts'
import { contentSecurityPolicy } from '../shared/content-security-policy.ts'
import { serveStatic } from './static-files.ts'
import { HeldUploads, receiveUpload } from './upload.ts'

export interface HttpServerOptions {
  voces: Voces
  /** 0 picks a free port. */
  port?: number
  /** The renderer build (out/renderer). */
  rendererDir?: string
  /**
   * The address to listen on: 127.0.0.1 unless told. Any other needs accounts (decision 0162):
   * with no person in the archive the server refuses to start.
   */
  host?: string
  /** PEM files: the server speaks HTTPS and its session cookie is Secure. */
  tls?: { cert: string; key: string }
  /** Sign-in attempts (tests give a smaller window). */
  limiter?: SignInLimiter
}

export interface RunningServer {
  /**
   * Open this URL once: it carries a one-time token, which the server swaps for a session cookie
   * holding a separate random id; a second use is refused (decision 0094). With accounts, the
   * address itself: each person signs in there (decision 0162).
   */
  url: string
  /** Whether people sign in (the archive has accounts) rather than use the one-time link. */
  accounts: boolean
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
  const host = options.host ?? '127.0.0.1'
  // Decision 0162: people sign in wherever the archive has accounts; a non-loopback address
  // without any is refused, so the archive is never open to a network without sign-in.
  const accounts = (await voces.storage.people.count()) > 0
  if (!accounts && !isLoopbackHost(host))
    throw new VocesError(
      'SERVE_NEEDS_ACCOUNTS',
      `Voces listens on ${host} only once the archive has accounts. Add the first admin on this machine with: voces users add EMAIL --role admin --password-stdin`,
      { host },
    )
  const limiter = options.limiter ?? new SignInLimiter()
  const secure = options.tls !== undefined
  const rendererDir = options.rendererDir ?? defaultRendererDir
  // Each open page with its caller, and the frames written to it in order (decision 0187).
  const streams = new Map<ServerResponse, EventStream>()
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

  /** An event reaches only the pages whose caller may see the recording it is about. */
  const broadcast = (event: string, payload: unknown, recordingId: string | null): void => {
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`
    for (const [stream, open] of streams) {
      open.queue = open.queue
        .then(async () => {
          if (
            recordingId === null ||
            (await mayHearOf(open.caller, voces.storage, recordingId, new Date()))
          )
            stream.write(frame)
        })
        .catch((error: unknown) => {
          voces.log.error('event stream write failed', { error: String(error) })
        })
    }
  }
  const onJob = (job: Job) => broadcast('job', job, job.recordingId)
  voces.jobs.on('job', onJob)
  const onLibrary = (change: EventPayload<'library'>) =>
    broadcast('library', change, change.recordingId)
  voces.events.on('library', onLibrary)

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    // No answer of this server, page, data or error, may be sniffed into another type.
    res.setHeader('x-content-type-options', 'nosniff')
    handle(req, res).catch((error: unknown) => {
      voces.log.error('http request failed', { error: String(error) })
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } })
      else res.destroy()
    })
  }
  const server = options.tls
    ? createTlsServer(
        { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) },
        listener,
      )
    : createServer(listener)

  /** Who a request comes from, or null: the in-process bearer, an API key, a session cookie. */
  async function callerOf(req: IncomingMessage): Promise<Caller | null> {
    if (!accounts) return sessions.isAuthorised(req) ? owner : null
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (bearer !== undefined) {
      if (sessions.isAuthorised(req)) return owner
      return callerFromSecret(voces.storage.people, bearer)
    }
    const cookie = cookieToken(req)
    return cookie === null ? null : callerFromSecret(voces.storage.people, cookie)
  }

  function sessionCookieHeader(value: string, maxAge: number): string {
    return `${sessionCookie}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${secure ? '; Secure' : ''}`
  }

  /** `POST /api/session` signs in, `DELETE` signs out (decision 0162). */
  async function session(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'DELETE') {
      const cookie = cookieToken(req)
      if (cookie !== null) await voces.storage.people.removeSession(hashOf(cookie))
      res.setHeader('set-cookie', sessionCookieHeader('', 0))
      return sendJson(res, 200, { ok: true, value: { signedOut: true } })
    }
    if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed')
    const body = await readJson(req)
    if (!body.ok) return sendJson(res, 400, body)
    const { email, password } = (body.value ?? {}) as { email?: unknown; password?: unknown }
    if (typeof email !== 'string' || typeof password !== 'string' || password.length > 1024)
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'SIGN_IN_FAILED', message: 'Give an email and a password.' },
      })
    try {
      const signed = await signIn(voces.storage.people, limiter, {
        email,
        password,
        address: req.socket.remoteAddress ?? '',
      })
      res.setHeader('set-cookie', sessionCookieHeader(signed.session, sessionHours * 3600))
      const { person } = signed
      return sendJson(res, 200, {
        ok: true,
        value: { email: person.email, name: person.name, role: person.role, implicit: false },
      })
    } catch (error) {
      if (!(error instanceof VocesError)) throw error
      const status = error.code === 'TOO_MANY_SIGN_INS' ? 429 : 401
      if (status === 429) res.setHeader('retry-after', String(error.params?.seconds ?? 60))
      return sendJson(res, status, { ok: false, error: error.toApiError() })
    }
  }

  /** A recording's media, for a caller who may see it; else as if it did not exist. */
  async function mayFetchMedia(caller: Caller, pathname: string): Promise<boolean> {
    if (caller.implicit) return true
    const id = decodeURIComponent(pathname.split('/')[2] ?? '')
    const visibility = await visibilityOf(caller, voces.storage.people, new Date())
    const recording = await voces.storage.recordings.get(id)
    if (recording) return canSee(visibility, recording)
    // An episode's preview (`/media/EPISODE/preview`) plays its clips: each must be visible.
    const episode = await voces.storage.episodes.get(id)
    if (!episode) return true
    for (const clip of episode.clips) {
      const source = await voces.storage.recordings.get(clip.recordingId)
      if (source && !canSee(visibility, source)) return false
    }
    return true
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Loopback without accounts: only this server's own Host (DNS rebinding); with accounts,
    // any Host, but a state-changing request's Origin must be that Host (CSRF; decision 0162).
    if (accounts ? !isSameSiteRequest(req, secure) : !isSameOriginRequest(req, port))
      return sendText(res, 403, 'Forbidden')
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
    if (
      presented !== null &&
      !accounts &&
      !isData &&
      (req.method === 'GET' || req.method === 'HEAD')
    ) {
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
    if (accounts && url.pathname === '/api/session') return session(req, res)
    const caller = await callerOf(req)
    if (caller === null) {
      return sendJson(res, 401, {
        ok: false,
        error: accounts
          ? { code: 'SIGN_IN_NEEDED', message: 'Sign in to use this archive.' }
          : {
              code: 'UNAUTHORISED',
              message: 'Start Voces again from the command and open the new link it prints.',
            },
      })
    }
    if (url.pathname.startsWith('/media/')) {
      if (!(await mayFetchMedia(caller, url.pathname)))
        return sendJson(res, 404, {
          ok: false,
          error: { code: 'RECORDING_NOT_FOUND', message: 'There is no such recording.' },
        })
      return sendWeb(res, await serveMedia(voces, toWebRequest(req, url)))
    }
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
      return openEventStream(req, res, streams, caller)
    }
    if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed')
    if (url.pathname === '/api/upload') {
      if (!caller.implicit && !['admin', 'archivist'].includes(caller.role))
        return sendJson(res, 403, {
          ok: false,
          error: new VocesError(
            'ROLE_FORBIDS',
            `Your role (${caller.role}) may not add recordings.`,
            {
              method: 'library.ingest',
              role: caller.role,
            },
          ).toApiError(),
        })
      return sendJson(
        res,
        200,
        await receiveUpload(voces, req, url.searchParams.get('name') ?? 'upload', uploads),
      )
    }
    const method = decodeURIComponent(url.pathname.slice('/api/'.length))
    const body = await readJson(req)
    const result = body.ok
      ? await dispatch(method, body.value, { voces, transport: 'http', caller })
      : body
    if (body.ok) await uploads.afterCall(method, body.value, result)
    sendJson(res, 200, result)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const shownHost = isLoopbackHost(host) || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  const origin = `${secure ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`
  voces.log.info('http transport listening', { port })
  return {
    url: accounts ? `${origin}/` : `${origin}/?token=${sessions.linkToken}`,
    accounts,
    origin,
    port,
    token: sessions.bearer,
    close: async () => {
      voces.jobs.off('job', onJob)
      voces.events.off('library', onLibrary)
      for (const stream of streams.keys()) stream.end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

interface EventStream {
  caller: Caller
  queue: Promise<void>
}

function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  streams: Map<ServerResponse, EventStream>,
  caller: Caller,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  res.write(': connected\n\n')
  streams.set(res, { caller, queue: Promise.resolve() })
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

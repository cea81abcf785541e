// The loopback server under the attacks of the hostile-inputs review: a link that worked again and
// again, a cookie that was the token itself, malformed addresses answered 500, event streams
// without number, responses a browser could sniff. Real server, real HTTP (decision 0094).
import { mkdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Voces } from '../../src/core/voces.ts'
import {
  maxEventStreams,
  startHttpServer,
  type RunningServer,
} from '../../src/server/http-server.ts'
import { contentSecurityPolicy } from '../../src/shared/content-security-policy.ts'
import { tempDir } from '../helpers.ts'

let voces: Voces
let server: RunningServer
let cleanup: () => void

beforeAll(async () => {
  let dir: string
  ;({ dir, cleanup } = tempDir())
  const rendererDir = path.join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Voces</title>')
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  server = await startHttpServer({ voces, rendererDir })
})
afterAll(async () => {
  await server.close()
  await voces.close()
  cleanup()
})

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** One raw request: the path goes out byte for byte, as an attacker would send it. */
function send(
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: target,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const bearer = () => ({ authorization: `Bearer ${server.token}` })
const linkPath = () => new URL(server.url).pathname + new URL(server.url).search
const linkToken = () => new URL(server.url).searchParams.get('token') ?? ''

describe('the one-time link', () => {
  let cookie = ''

  it('is swapped once for a separate random session id (HttpOnly, SameSite=Strict, Path=/)', async () => {
    const first = await send(linkPath())
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/')
    const setCookie = first.headers['set-cookie']?.[0] ?? ''
    expect(setCookie).toMatch(/; HttpOnly/)
    expect(setCookie).toMatch(/; SameSite=Strict/)
    expect(setCookie).toMatch(/; Path=\/(;|$)/)
    cookie = setCookie.split(';')[0] ?? ''
    const session = cookie.split('=')[1] ?? ''
    expect(session.length).toBeGreaterThanOrEqual(32)
    expect(session).not.toBe(linkToken())
    expect(session).not.toBe(server.token)
    const listed = await send('/api/library.list', { method: 'POST', headers: { cookie } })
    expect(JSON.parse(listed.body)).toEqual({ ok: true, value: [] })
  })

  it('is spent: a second use gets a page saying to open Voces again from the command', async () => {
    const again = await send(linkPath())
    expect(again.status).toBe(403)
    expect(again.headers['content-type']).toMatch(/^text\/html/)
    expect(again.headers['set-cookie']).toBeUndefined()
    expect(again.body).toContain('This link has already been used')
    expect(again.body).toContain('bin/voces serve')
    // The browser that swapped it is simply sent on, still signed in.
    const sameBrowser = await send(linkPath(), { headers: { cookie } })
    expect(sameBrowser.status).toBe(303)
    expect(sameBrowser.headers.location).toBe('/')
  })

  it('never authorises by itself: not as a cookie, a bearer, nor on an /api/ or /media/ path', async () => {
    const token = linkToken()
    const asCookie = await send('/api/library.list', {
      method: 'POST',
      headers: { cookie: `voces_session=${token}` },
    })
    expect(asCookie.status).toBe(401)
    const asBearer = await send('/api/library.list', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(asBearer.status).toBe(401)
    const onApi = await send(`/api/library.list?token=${token}`, { method: 'POST' })
    expect(onApi.status).toBe(401)
    const onMedia = await send(`/media/x/original?token=${token}`)
    expect(onMedia.status).toBe(401)
  })
})

describe('malformed addresses', () => {
  it('answer 400 with a message, not 500 INTERNAL', async () => {
    for (const target of ['/%E0%A4%A', '/%ZZ', '/media/%ZZ/original']) {
      const answer = await send(target, { headers: bearer() })
      expect(answer.status, target).toBe(400)
    }
    const api = await send('/api/%ZZ', { method: 'POST', headers: bearer(), body: '{}' })
    expect(api.status).toBe(400)
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'BAD_ADDRESS' } })
  })
})

describe('headers', () => {
  it('every answer, API, media, page and error, carries X-Content-Type-Options: nosniff', async () => {
    const answers = [
      await send('/api/library.list', { method: 'POST', headers: bearer() }),
      await send('/api/library.list', { method: 'POST' }),
      await send('/api/library.list', { headers: bearer() }),
      await send('/api/%ZZ', { method: 'POST', headers: bearer() }),
      await send('/media/nope/original', { headers: bearer() }),
      await send('/?token=wrong'),
      await send('/', { headers: { host: 'evil.example' } }),
      await send('/'),
    ]
    for (const answer of answers) expect(answer.headers['x-content-type-options']).toBe('nosniff')
  })

  it('the page is sent with the one Content-Security-Policy both transports use', async () => {
    const page = await send('/')
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy)
  })
})

describe('event streams', () => {
  /** Opens an event stream; resolves with its status once the head arrives. */
  function openStream(): Promise<{ status: number; body: string; close: () => void }> {
    return new Promise((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/events',
          headers: bearer(),
          agent: false,
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          const answer = { status: res.statusCode ?? 0, body, close: () => req.destroy() }
          if (res.statusCode === 200) resolve(answer)
          else res.on('end', () => resolve({ ...answer, body }))
        },
      )
      req.on('error', reject)
    })
  }

  it(`are capped at ${maxEventStreams}; one more gets 503 with a human message`, async () => {
    const open = await Promise.all(Array.from({ length: maxEventStreams }, () => openStream()))
    expect(open.every((stream) => stream.status === 200)).toBe(true)
    const refused = await openStream()
    expect(refused.status).toBe(503)
    expect(JSON.parse(refused.body)).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_CONNECTIONS', message: expect.stringMatching(/close/i) },
    })
    // A closed stream frees its place.
    open[0]!.close()
    await expect
      .poll(async () => {
        const next = await openStream()
        next.close()
        return next.status
      })
      .toBe(200)
    for (const stream of open) stream.close()
  })
})

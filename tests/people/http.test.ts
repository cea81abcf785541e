import { execFileSync } from 'node:child_process'
import { request as httpsRequest } from 'node:https'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignInLimiter } from '../../src/core/people/accounts.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import {
  openPostgresStorage,
  type PostgresStorage,
} from '../../src/core/storage/postgres/storage.ts'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { tempDir } from '../helpers.ts'
import { freshDatabase } from '../storage/pg-fixture.ts'
import { emailOf, password, seedArchive } from './archive.ts'

/*
 * The shared archive's HTTP side on a real PostgreSQL (decision 0162): signing in and out, what a
 * cookie is worth, and the attacks of the issue, against `voces serve --host 0.0.0.0`'s server.
 */

let voces: Voces
let storage: PostgresStorage
let server: RunningServer
let dir: string
let cleanup: () => void
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-people-http-'))
  const fresh = await freshDatabase()
  drop = fresh.drop
  storage = await openPostgresStorage(fresh.url, new LocalMediaStore(dir))
  voces = new Voces({ libraryDir: dir, storage, startJobs: false })
  await seedArchive(voces, dir)
  // Per address generous, per email as shipped: the 100-password test trips the email's limit.
  const limiter = new SignInLimiter({ perAddress: 1000 })
  server = await startHttpServer({ voces, host: '0.0.0.0', limiter, rendererDir: dir })
}, 60_000)
afterAll(async () => {
  await server?.close()
  await voces?.close()
  await drop?.()
  cleanup?.()
})

interface Answer {
  status: number
  body: { ok: boolean; value?: unknown; error?: { code: string } }
  cookie: string | null
}

async function send(
  pathname: string,
  options: {
    method?: string
    cookie?: string
    body?: unknown
    headers?: Record<string, string>
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.cookie !== undefined) headers.cookie = `voces_session=${options.cookie}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${server.origin}${pathname}`, {
    method: options.method ?? 'POST',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await response.text()
  let body: Answer['body']
  try {
    body = JSON.parse(text) as Answer['body']
  } catch {
    body = { ok: false, error: { code: `HTTP ${response.status}: ${text}` } }
  }
  return { status: response.status, body, cookie: response.headers.get('set-cookie') }
}

async function signIn(role: string): Promise<string> {
  const answer = await send('/api/session', { body: { email: `${role}@center.example`, password } })
  expect(answer.status).toBe(200)
  const value = /voces_session=([^;]+)/.exec(answer.cookie ?? '')?.[1]
  if (!value) throw new Error('no session cookie')
  return value
}

const call = (method: string, cookie: string | undefined, body: unknown = {}) =>
  send(`/api/${method}`, { cookie, body })

describe('the live event stream', () => {
  /** Every library event a signed-in page receives until `until` says it has seen enough. */
  async function listen(cookie: string, until: (ids: string[]) => boolean): Promise<string[]> {
    const response = await fetch(`${server.origin}/api/events`, {
      headers: { cookie: `voces_session=${cookie}` },
    })
    expect(response.status).toBe(200)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const ids: string[] = []
    let buffer = ''
    const decoder = new TextDecoder()
    while (!until(ids)) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (!frame.startsWith('data: ')) continue
        const { event, payload } = JSON.parse(frame.slice(6)) as {
          event: string
          payload: { recordingId: string }
        }
        if (event === 'library') ids.push(payload.recordingId)
      }
    }
    await reader.cancel()
    return ids
  }

  it("tells a viewer's page nothing of a withdrawn or ungranted restricted recording", async () => {
    const archivist = await signIn('archivist')
    const viewer = await signIn('viewer')
    // The open recording is changed last: once a page has heard of it, it has heard everything.
    const viewerHeard = listen(viewer, (ids) => ids.includes('open'))
    const archivistHeard = listen(archivist, (ids) => ids.includes('open'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const id of ['withdrawn', 'restricted', 'open']) {
      const answer = await call('library.update', archivist, {
        id,
        patch: { place: `place ${id}` },
      })
      expect(answer.body.ok).toBe(true)
    }
    expect(await archivistHeard).toEqual(['withdrawn', 'restricted', 'open'])
    expect(await viewerHeard).toEqual(['open'])
  })
})

describe('signing in to the shared archive', () => {
  it('serves accounts on every address, with no link token, and asks for a sign-in first', async () => {
    expect(server.accounts).toBe(true)
    expect(server.url).toBe(`${server.origin}/`)
    const none = await call('library.list', undefined)
    expect(none.status).toBe(401)
    expect(none.body.error?.code).toBe('SIGN_IN_NEEDED')
  })

  it('sets a server-side session cookie: HttpOnly, SameSite=Strict, not Secure without TLS', async () => {
    const answer = await send('/api/session', {
      body: { email: emailOf('viewer'), password },
    })
    expect(answer.body).toMatchObject({
      ok: true,
      value: { email: emailOf('viewer'), role: 'viewer' },
    })
    expect(answer.cookie).toMatch(
      /^voces_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/,
    )
    const cookie = /voces_session=([^;]+)/.exec(answer.cookie ?? '')?.[1] ?? ''
    // The database keeps only its hash: the stored value itself signs nobody in.
    const rows = await storage.db.rows<{ id_hash: string }>('SELECT id_hash FROM people_sessions')
    expect(rows.map((r) => r.id_hash)).not.toContain(cookie)
    expect((await call('library.list', rows[0]?.id_hash)).status).toBe(401)
    const list = await call('library.list', cookie)
    expect((list.body.value as Array<{ id: string }>).map((r) => r.id)).toEqual(['open'])
  })

  it('refuses a wrong password, an unknown email and a forged cookie alike', async () => {
    const wrong = await send('/api/session', {
      body: { email: emailOf('staff'), password: 'nope nope nope' },
    })
    const unknown = await send('/api/session', { body: { email: 'who@center.example', password } })
    expect([wrong.status, wrong.body.error?.code]).toEqual([401, 'SIGN_IN_FAILED'])
    expect([unknown.status, unknown.body.error?.code]).toEqual([401, 'SIGN_IN_FAILED'])
    expect(wrong.cookie).toBeNull()
    const forged = await call('library.list', 'A'.repeat(43))
    expect(forged.status).toBe(401)
  })

  it("gives a session its own person's role only: a viewer's cookie cannot act as an admin", async () => {
    const viewer = await signIn('viewer')
    const admin = await signIn('admin')
    expect((await call('people.list', viewer)).body.error?.code).toBe('ROLE_FORBIDS')
    expect((await call('people.list', admin)).body.ok).toBe(true)
    expect((await call('people.whoami', viewer)).body.value).toMatchObject({ role: 'viewer' })
  })

  it('refuses a state-changing call from another origin (CSRF), even with a good cookie', async () => {
    const archivist = await signIn('archivist')
    const evil = await send('/api/library.update', {
      cookie: archivist,
      body: { id: 'open', patch: { title: 'pwned' } },
      headers: { origin: 'http://evil.example' },
    })
    expect(evil.status).toBe(403)
    const signInFromElsewhere = await send('/api/session', {
      body: { email: emailOf('viewer'), password },
      headers: { origin: 'http://evil.example' },
    })
    expect(signInFromElsewhere.status).toBe(403)
    expect((await storage.recordings.require('open')).title).toBe('open')
    const same = await send('/api/library.update', {
      cookie: archivist,
      body: { id: 'open', patch: { title: 'Interview' } },
      headers: { origin: server.origin.replace('127.0.0.1', '127.0.0.1') },
    })
    expect(same.body.ok).toBe(true)
  })

  it('stops a signed-out session and a removed person at once', async () => {
    const producer = await signIn('producer')
    expect((await call('library.list', producer)).status).toBe(200)
    const out = await send('/api/session', { method: 'DELETE', cookie: producer })
    expect(out.cookie).toContain('Max-Age=0')
    expect((await call('library.list', producer)).status).toBe(401)

    const staff = await signIn('staff')
    const admin = await signIn('admin')
    const key = await call('people.createKey', admin, { email: emailOf('staff'), label: 'script' })
    const bearer = (key.body.value as { key: string }).key
    const byKey = await send('/api/people.whoami', {
      headers: { authorization: `Bearer ${bearer}` },
    })
    expect(byKey.body.value).toMatchObject({ email: emailOf('staff'), role: 'staff' })
    expect((await call('people.remove', admin, { email: emailOf('staff') })).body.value).toEqual({
      removed: true,
    })
    expect((await call('library.list', staff)).status).toBe(401)
    const keyAfter = await send('/api/people.whoami', {
      headers: { authorization: `Bearer ${bearer}` },
    })
    expect(keyAfter.status).toBe(401)
  })

  it("streams a restricted recording's media to a grantee until the grant ends, then the same URL is refused", async () => {
    const viewer = await signIn('viewer')
    const archivist = await signIn('archivist')
    const media = (id: string) => send(`/media/${id}/audio`, { method: 'GET', cookie: viewer })
    expect((await media('open')).status).toBe(200)
    expect((await media('withdrawn')).status).toBe(404)
    expect((await media('restricted')).status).toBe(404)
    const until = new Date(Date.now() + 1500).toISOString()
    const grant = await call('grants.add', archivist, {
      recordingId: 'restricted',
      email: emailOf('viewer'),
      until,
    })
    expect(grant.body.ok).toBe(true)
    expect((await media('restricted')).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, Date.parse(until) - Date.now() + 50))
    const after = await media('restricted')
    expect([after.status, after.body.error?.code]).toEqual([404, 'RECORDING_NOT_FOUND'])
  })

  it("refuses an episode's preview to a viewer when one of its clips is a withdrawn recording", async () => {
    const viewer = await signIn('viewer')
    const admin = await signIn('admin')
    const episode = await storage.episodes.create({ title: 'Mixed' }, [
      { recordingId: 'open', start: 0, end: 1 },
      { recordingId: 'withdrawn', start: 0, end: 1 },
    ])
    const preview = (cookie: string) =>
      send(`/media/${episode.id}/preview?from=0`, { method: 'GET', cookie })
    const refused = await preview(viewer)
    expect([refused.status, refused.body.error?.code]).toEqual([404, 'RECORDING_NOT_FOUND'])
    // The address itself is right: an archive's admin, who sees every recording, is not refused.
    expect((await preview(admin)).body.error?.code).not.toBe('RECORDING_NOT_FOUND')
  })

  it('bounds 100 wrong passwords: five are checked, the rest refused unchecked, the right one too, all audited', async () => {
    const email = emailOf('archivist')
    const statuses: number[] = []
    for (let n = 0; n < 100; n++) {
      const answer = await send('/api/session', { body: { email, password: `guess number ${n}` } })
      statuses.push(answer.status)
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(95)
    const right = await send('/api/session', { body: { email, password } })
    expect([right.status, right.body.error?.code]).toEqual([429, 'TOO_MANY_SIGN_INS'])
    const log = await storage.people.auditLog({ limit: 10_000 })
    const mine = log.filter((e) => e.subject === email)
    expect(mine.filter((e) => e.action === 'signin.failed')).toHaveLength(5)
    expect(mine.filter((e) => e.action === 'signin.refused')).toHaveLength(96)
  })
})

describe('serve beyond loopback', () => {
  it('refuses to listen on the network while the archive has no accounts', async () => {
    const empty = tempDir('voces-people-empty-')
    const bare = new Voces({ libraryDir: empty.dir, startJobs: false })
    try {
      await expect(startHttpServer({ voces: bare, host: '0.0.0.0' })).rejects.toMatchObject({
        code: 'SERVE_NEEDS_ACCOUNTS',
      })
      // On loopback the single-user library goes on as before: the one-time link.
      const local = await startHttpServer({ voces: bare })
      expect(local.accounts).toBe(false)
      expect(local.url).toContain('?token=')
      await local.close()
    } finally {
      await bare.close()
      empty.cleanup()
    }
  })

  it('speaks HTTPS with --tls-cert and --tls-key, and its session cookie is Secure', async () => {
    const key = path.join(dir, 'key.pem')
    const cert = path.join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    )
    const tls = await startHttpServer({
      voces,
      host: '127.0.0.1',
      tls: { cert, key },
      rendererDir: dir,
    })
    try {
      expect(tls.origin).toMatch(/^https:\/\//)
      const body = JSON.stringify({ email: emailOf('viewer'), password })
      const cookie = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(
          `${tls.origin}/api/session`,
          {
            method: 'POST',
            rejectUnauthorized: false,
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume()
            resolve(String(res.headers['set-cookie'] ?? ''))
          },
        )
        req.on('error', reject)
        req.end(body)
      })
      expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200; Secure/)
    } finally {
      await tls.close()
    }
  })
})

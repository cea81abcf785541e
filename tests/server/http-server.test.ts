import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import type { Job, Recording, Result } from '../../src/shared/contract/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'

let voces: Voces
let server: RunningServer
let cleanup: () => void
let dir: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  server = await startHttpServer({ voces, rendererDir: path.join(dir, 'no-build') })
})
afterAll(async () => {
  await server.close()
  await voces.close()
  cleanup()
})

const auth = () => ({ authorization: `Bearer ${server.token}` })
async function call<T>(
  method: string,
  input: unknown,
  headers: Record<string, string> = auth(),
): Promise<Result<T>> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  })
  return (await response.json()) as Result<T>
}

describe('loopback HTTP transport', () => {
  it('binds to 127.0.0.1 and refuses calls without the session token', async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const response = await fetch(`${server.origin}/api/library.list`, {
      method: 'POST',
      body: '{}',
    })
    expect(response.status).toBe(401)
  })

  it('swaps the token in the link for an HttpOnly session cookie', async () => {
    const response = await fetch(server.url, { redirect: 'manual' })
    expect(response.status).toBe(303)
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const listed = await call<Recording[]>(
      'library.list',
      {},
      { cookie: cookie.split(';')[0] ?? '' },
    )
    expect(listed).toEqual({ ok: true, value: [] })
    const wrong = await fetch(`${server.origin}/?token=nope`, { redirect: 'manual' })
    expect(wrong.status).toBe(403)
  })

  it('refuses another origin and a foreign Host header', async () => {
    const crossOrigin = await fetch(`${server.origin}/api/library.list`, {
      method: 'POST',
      headers: { ...auth(), origin: 'https://evil.example' },
      body: '{}',
    })
    expect(crossOrigin.status).toBe(403)
  })

  it('validates input at the boundary and names unknown calls', async () => {
    const invalid = await call('library.update', { id: 'x', patch: { consentStatus: 'maybe' } })
    expect(invalid.ok).toBe(false)
    if (!invalid.ok) expect(invalid.error.code).toBe('INVALID_INPUT')
    const unknown = await call('library.explode', {})
    expect(unknown.ok || unknown.error.code).toBe('UNKNOWN_METHOD')
    const missing = await call('library.get', { id: 'nope' })
    expect(missing.ok || missing.error.code).toBe('RECORDING_NOT_FOUND')
  })

  it('changes only the settings a patch names: a default never fills in what was left out', async () => {
    // Zod's .partial() keeps a field's .default(), so a patch of the language alone once reset
    // the Apertium program, the podcast's address and speaker detection (decision 0204).
    const set = await call('settings.update', {
      apertiumPath: '/usr/bin/apertium',
      podcastPublishUrl: 'https://podcast.example/feed',
      detectSpeakers: false,
      reviewerName: 'Rosa',
    })
    expect(set.ok).toBe(true)
    const changed = await call<Record<string, unknown>>('settings.update', { uiLanguage: 'es' })
    expect(changed).toMatchObject({
      ok: true,
      value: {
        uiLanguage: 'es',
        apertiumPath: '/usr/bin/apertium',
        podcastPublishUrl: 'https://podcast.example/feed',
        detectSpeakers: false,
        reviewerName: 'Rosa',
      },
    })
    const read = await call<Record<string, unknown>>('settings.get', {})
    expect(read.ok && read.value).toMatchObject({ apertiumPath: '/usr/bin/apertium' })
    await call('settings.update', {
      uiLanguage: 'en',
      apertiumPath: '',
      podcastPublishUrl: '',
      detectSpeakers: true,
      reviewerName: '',
    })
  })

  it('uploads a file, ingests it with job events over SSE, and serves its media with Range', async () => {
    const events: Job[] = []
    const controller = new AbortController()
    const stream = await fetch(`${server.origin}/api/events`, {
      headers: auth(),
      signal: controller.signal,
    })
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    const reading = (async () => {
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
        if (done) return
        buffer += value
        const frames = buffer.split('\n\n')
        buffer = frames.pop() ?? ''
        for (const frame of frames) {
          if (frame.startsWith('data: '))
            events.push((JSON.parse(frame.slice(6)) as { payload: Job }).payload)
        }
      }
    })()

    const bytes = await import('node:fs/promises').then((fs) =>
      fs.readFile(path.join(mediaDir, 'en/jfk.wav')),
    )
    const upload = await fetch(
      `${server.origin}/api/upload?name=${encodeURIComponent('entrevista "Ñandú" 🎙.wav')}`,
      {
        method: 'POST',
        headers: auth(),
        body: bytes,
      },
    )
    const uploaded = (await upload.json()) as Result<{ path: string }>
    expect(uploaded.ok).toBe(true)
    if (!uploaded.ok) return
    expect(path.basename(uploaded.value.path)).toBe('entrevista "Ñandú" 🎙.wav')

    const started = await call<{ jobs: Array<{ jobId: string }> }>('library.ingest', {
      paths: [uploaded.value.path],
    })
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const jobId = started.value.jobs[0]!.jobId
    const job = await voces.jobs.waitFor(jobId)
    expect(job.state).toBe('succeeded')
    await expect
      .poll(() => events.some((e) => e.id === jobId && e.state === 'succeeded'))
      .toBe(true)
    controller.abort()
    await reading

    const [recording] = await voces.storage.recordings.list()
    expect(recording?.title).toBe('entrevista "Ñandú" 🎙')
    const ranged = await fetch(`${server.origin}/media/${recording!.id}/original`, {
      headers: { ...auth(), range: 'bytes=0-3' },
    })
    expect(ranged.status).toBe(206)
    expect(Buffer.from(await ranged.arrayBuffer()).toString('latin1')).toBe('RIFF')
    const escape = await fetch(`${server.origin}/media/..%2F..%2Fetc/passwd`, { headers: auth() })
    expect(escape.status).toBeGreaterThanOrEqual(400)
  })

  it('keeps an upload name inside the uploads folder', async () => {
    const response = await fetch(
      `${server.origin}/api/upload?name=${encodeURIComponent('../../escape.wav')}`,
      {
        method: 'POST',
        headers: auth(),
        body: 'x',
      },
    )
    const result = (await response.json()) as Result<{ path: string }>
    expect(result.ok && result.value.path.startsWith(path.join(voces.layout.root, 'uploads'))).toBe(
      true,
    )
    writeFileSync(path.join(dir, 'marker'), '')
  })
})

import { cpSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoreContext } from '../../src/core/context.ts'
import { readPeaks } from '../../src/core/media/ingest.ts'
import { parseRange, serveMedia } from '../../src/core/media/serve.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from './media-fixtures.ts'

let voces: Voces
let cleanup: () => void
let id: string
const source = path.join(mediaDir, 'video', 'vibe_short.mp4')

beforeAll(async () => {
  const t = tempDir()
  cleanup = t.cleanup
  voces = new Voces({ libraryDir: path.join(t.dir, 'library') })
  id = recordingIdOf(await ingestOne(voces, source))
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  serveMedia(voces, new Request(new URL(url, 'http://voces.local'), { headers, method }))

describe('media serving', () => {
  it('serves the original with its type, and byte ranges for seeking', async () => {
    const bytes = readFileSync(source)
    const whole = await get(`/media/${id}/original`)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('video/mp4')
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true)

    const part = await get(`/media/${id}/original`, { range: 'bytes=100-199' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true)

    const tail = await get(`/media/${id}/original`, { range: 'bytes=-10' })
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(-10))).toBe(true)
    expect((await get(`/media/${id}/original`, { range: `bytes=${bytes.length}-` })).status).toBe(
      416,
    )
    const head = await get(`/media/${id}/audio`, {}, 'HEAD')
    expect(head.headers.get('content-type')).toBe('audio/wav')
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(44)
  })

  it('serves nothing but the files the library records', async () => {
    for (const url of [
      `/media/${id}/../../voces.sqlite`,
      '/media/..%2F..%2Fvoces.sqlite/original',
      `/media/${id}/database`,
      '/media/nope/original',
      `/media/${id}`,
      '/etc/passwd',
    ]) {
      expect((await get(url)).status, url).toBe(404)
    }
    expect((await get(`/media/${id}/original`, {}, 'DELETE')).status).toBe(405)
  })

  it('reads the library files through its media store, a MiB at a time (decision 0124)', async () => {
    // The library's files moved to a store elsewhere: the library folder no longer holds them.
    const long = recordingIdOf(
      await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')),
    )
    const elsewhere = tempDir()
    try {
      cpSync(voces.layout.media, path.join(elsewhere.dir, 'media'), { recursive: true })
      const media = new LocalMediaStore(elsewhere.dir)
      const moved: CoreContext = Object.assign(Object.create(voces) as Voces, {
        storage: Object.assign(Object.create(voces.storage) as Voces['storage'], { media }),
      })
      const { workingAudio } = await voces.storage.recordings.files(long)
      await voces.storage.media.delete(workingAudio)
      const bytes = await media.read(workingAudio)
      expect(bytes.length).toBeGreaterThan(1 << 20)
      const serve = (headers: Record<string, string> = {}) =>
        serveMedia(moved, new Request(`http://voces.local/media/${long}/audio`, { headers }))
      const whole = await serve()
      expect(whole.status).toBe(200)
      expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true)
      // A range across two of the MiBs the store is read in.
      const part = await serve({ range: `bytes=5-${(1 << 20) + 4}` })
      expect(part.status).toBe(206)
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(5, (1 << 20) + 5))).toBe(
        true,
      )
      expect((await get(`/media/${long}/audio`)).status).toBe(404)
      await voces.storage.media.delete((await voces.storage.recordings.files(long)).peaks)
      expect((await readPeaks(moved, long)).peaks.length).toBeGreaterThan(0)
    } finally {
      elsewhere.cleanup()
    }
  })

  it('parses ranges as RFC 9110 says', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 })
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 })
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 })
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 })
    expect(parseRange('bytes=9-5', 10)).toBeNull()
    expect(parseRange('bytes=10-', 10)).toBeNull()
    expect(parseRange('bytes=-', 10)).toBeNull()
    expect(parseRange('items=0-1', 10)).toBeNull()
  })
})

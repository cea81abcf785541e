import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { CoreContext } from '../../src/core/context.ts'
import { serveMedia } from '../../src/core/media/serve.ts'
import { S3MediaStore } from '../../src/core/storage/s3/media.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { cuttingProxy } from './cutting-proxy.ts'
import { s3Service, type S3Service } from './s3-service.ts'

// The player's media from an S3 store (decision 0144): the HTTP server answers a range after its
// access check with a stream it reads from the store a MiB at a time, so a player that asks for
// the whole file and stops after the first MiB has made the server fetch about that, not the file.
let service: S3Service
let voces: Voces
let cleanup: () => void
beforeAll(async () => {
  service = await s3Service()
  const t = tempDir()
  cleanup = t.cleanup
  voces = new Voces({ libraryDir: path.join(t.dir, 'library') })
}, 90_000)
afterAll(async () => {
  await voces?.close()
  cleanup?.()
  await service?.stop()
})

it('streams ranges of a recording from the store, never fetching the whole file for one', async () => {
  const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  const target = new URL(service.env.VOCES_TEST_S3_ENDPOINT!)
  const proxy = await cuttingProxy({ host: target.hostname, port: Number(target.port) })
  const media = new S3MediaStore({
    location: { ...service.location(), endpoint: proxy.endpoint },
    tempDir: path.join(voces.layout.temp, 's3'),
  })
  try {
    // The recording's listening copy, 8 MiB of it, held by the store and not the library folder.
    const { workingAudio } = await voces.storage.recordings.files(id)
    const bytes = randomBytes(8 << 20)
    await media.put(workingAudio, bytes)
    const onS3: CoreContext = Object.assign(Object.create(voces) as Voces, {
      storage: Object.assign(Object.create(voces.storage) as Voces['storage'], { media }),
    })
    const serve = (headers: Record<string, string> = {}, method = 'GET') =>
      serveMedia(onS3, new Request(`http://voces.local/media/${id}/audio`, { headers, method }))

    const head = await serve({}, 'HEAD')
    expect(head.headers.get('content-length')).toBe(String(8 << 20))
    expect(head.headers.get('content-type')).toBe('audio/wav')
    const part = await serve({ range: `bytes=5-${(1 << 20) + 4}` })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 5-${(1 << 20) + 4}/${8 << 20}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(5, (1 << 20) + 5))).toBe(
      true,
    )

    // The player asks for everything, reads the first MiB, and seeks elsewhere.
    const before = proxy.received()
    const whole = await serve()
    expect(whole.status).toBe(200)
    const reader = whole.body!.getReader()
    const first = await reader.read()
    expect(Buffer.from(first.value!).equals(bytes.subarray(0, 1 << 20))).toBe(true)
    await reader.cancel()
    // What the stream had already asked for (the MiB after, read ahead) may still arrive; give
    // it time to, since what is measured is that nothing beyond it ever does.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const fetched = proxy.received() - before
    expect(fetched).toBeGreaterThanOrEqual(1 << 20)
    expect(fetched).toBeLessThan(3 << 20)
  } finally {
    media.close()
    await proxy.close()
  }
})

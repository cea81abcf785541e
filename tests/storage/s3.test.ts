import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireTool } from '../../src/core/media/ffmpeg.ts'
import { probe } from '../../src/core/media/probe.ts'
import { S3MediaStore, type S3MediaOptions } from '../../src/core/storage/s3/media.ts'
import type { S3Location } from '../../src/core/storage/s3/location.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import type { MediaFactory } from './contract/fixtures.ts'
import { mediaStoreContract } from './contract/media.ts'
import { cuttingProxy } from './cutting-proxy.ts'
import { s3Service, type S3Service } from './s3-service.ts'

// The S3 media store against a real Swift with its s3api middleware (decision 0144): the media
// contract every store passes, then what only a store across a network can get wrong.
let service: S3Service
beforeAll(async () => {
  service = await s3Service()
}, 90_000)
afterAll(async () => {
  await service?.stop()
})

/** A store in a folder of its own; `close` checks that its temp folder was left empty. */
function openStore(options: Partial<S3MediaOptions> & { location?: S3Location } = {}) {
  const temp = tempDir('voces-s3-temp-')
  const media = new S3MediaStore({
    tempDir: temp.dir,
    ...options,
    location: options.location ?? service.location(),
  })
  return {
    media,
    temp: temp.dir,
    close: async () => {
      media.close()
      const left = await fs.readdir(temp.dir)
      temp.cleanup()
      expect(left, 'nothing left in the temp folder').toEqual([])
    },
  }
}

const s3: MediaFactory = async () => openStore()

describe('S3 media store (Swift + s3api)', () => {
  mediaStoreContract(s3)

  it('sends a big file up in parts and reads any range of it back, across the parts', async () => {
    const { media, close } = openStore({ partBytes: 5 << 20 })
    const scratch = tempDir('voces-s3-big-')
    try {
      const bytes = randomBytes((12 << 20) + 12_345)
      const source = path.join(scratch.dir, 'long-interview.wav')
      await fs.writeFile(source, bytes)
      await media.putFile('media/big/original.wav', source)
      expect(await media.size('media/big/original.wav')).toBe(bytes.length)
      // A multipart object's ETag ends in -PARTS: three parts went up, not one PUT.
      const head = await media.client.send(
        new HeadObjectCommand({
          Bucket: media.location.bucket,
          Key: media.objectKey('media/big/original.wav'),
        }),
      )
      expect(head.ETag).toMatch(/-3"?$/)
      const across = await media.readRange(
        'media/big/original.wav',
        (5 << 20) - 100,
        (5 << 20) + 99,
      )
      expect(across.equals(bytes.subarray((5 << 20) - 100, (5 << 20) + 100))).toBe(true)
      const local = await media.localPath('media/big/original.wav')
      expect((await fs.readFile(local.path)).equals(bytes)).toBe(true)
      expect(path.basename(local.path)).toBe('original.wav')
      await local.release()
      await expect(fs.stat(local.path)).rejects.toMatchObject({ code: 'ENOENT' })
    } finally {
      scratch.cleanup()
      await close()
    }
  })

  it('leaves nothing in the temp folder when a download fails; has no versions to forget unasked', async () => {
    const { media, close } = openStore()
    try {
      await media.put('media/r1/peaks.json', '[1]')
      await media.put('media/r1/peaks.json', '[2]')
      expect(await media.forgetEarlierVersions('media/r1/peaks.json')).toBe(0)
      await expect(media.localPath('media/none/audio.wav')).rejects.toMatchObject({
        code: 'FILE_NOT_FOUND',
      })
    } finally {
      await close()
    }
  })

  it('deletes every version of a file in a bucket that keeps versions, and nothing beside it', async () => {
    const bucket = `voces-versions-${randomBytes(4).toString('hex')}`
    const location = { ...service.location(''), bucket }
    const { media, close } = openStore({ location })
    try {
      await media.client.send(new CreateBucketCommand({ Bucket: bucket }))
      // One version from before versioning was turned on (its id is "null"), then two more.
      await media.put('media/r1/audio.wav', 'before versioning')
      await media.client.send(
        new PutBucketVersioningCommand({
          Bucket: bucket,
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      )
      await media.put('media/r1/audio.wav', 'Maria Lopez, first take')
      await media.put('media/r1/audio.wav', 'Maria Lopez, second take')
      await media.put('media/r1/audio.wav.keep', 'a neighbour')
      const listed = async (Key: string) => {
        const { Versions, DeleteMarkers } = await media.client.send(
          new ListObjectVersionsCommand({ Bucket: bucket, Prefix: Key }),
        )
        return {
          withBytes: (Versions ?? []).filter((v) => v.Key === Key),
          markers: (DeleteMarkers ?? []).filter((v) => v.Key === Key),
        }
      }
      expect((await listed('media/r1/audio.wav')).withBytes).toHaveLength(3)

      // Redaction rewrites a file, then forgets what it was: only the covered copy stays.
      await media.put('media/r1/peaks.json', '[uncovered]')
      await media.put('media/r1/peaks.json', '[covered]')
      expect(await media.forgetEarlierVersions('media/r1/peaks.json')).toBe(1)
      expect((await listed('media/r1/peaks.json')).withBytes).toHaveLength(1)
      expect((await media.read('media/r1/peaks.json')).toString()).toBe('[covered]')
      expect(await media.forgetEarlierVersions('media/r1/peaks.json')).toBe(0)

      expect(await media.delete('media/r1/audio.wav')).toBe(true)
      // No version with the recording's bytes is left; one delete marker (a key, no bytes) is.
      expect(await listed('media/r1/audio.wav')).toMatchObject({ withBytes: [], markers: [{}] })
      expect(await media.size('media/r1/audio.wav')).toBeNull()
      expect((await media.read('media/r1/audio.wav.keep')).toString()).toBe('a neighbour')
      expect((await listed('media/r1/audio.wav.keep')).withBytes).toHaveLength(1)
      // Again: nothing to delete, and the markers do not pile up.
      expect(await media.delete('media/r1/audio.wav')).toBe(false)
      expect(await listed('media/r1/audio.wav')).toMatchObject({ withBytes: [], markers: [{}] })
    } finally {
      await close()
    }
  })

  it('is refused with a wrong secret, and writes nothing', async () => {
    const good = openStore()
    const location = { ...good.media.location }
    location.credentials = {
      accessKeyId: location.credentials!.accessKeyId,
      secretAccessKey: 'not-the-secret',
    }
    const bad = openStore({ location, maxAttempts: 1 })
    try {
      const refused = { code: 'S3_CREDENTIALS_REFUSED' }
      await expect(bad.media.put('media/r1/a.json', '{}')).rejects.toMatchObject(refused)
      await expect(bad.media.size('media/r1/a.json')).rejects.toMatchObject(refused)
      await expect(bad.media.check()).rejects.toMatchObject(refused)
      expect(await good.media.size('media/r1/a.json')).toBeNull()
    } finally {
      await bad.close()
      await good.close()
    }
  })

  it('gives FFmpeg a presigned URL that the store checks: tampered or for another file, refused', async () => {
    const { media, close } = openStore()
    try {
      const source = path.join(mediaDir, 'en', 'jfk.wav')
      await media.putFile('media/r1/audio.wav', source)
      await media.put('media/r1/private.json', '{"name":"Maria"}')
      const url = await media.readUrl('media/r1/audio.wav', 60)
      const ok = await fetch(url, { headers: { range: 'bytes=0-3' } })
      expect(ok.status).toBe(206)
      expect(await ok.text()).toBe('RIFF')
      const signature = new URL(url).searchParams.get('X-Amz-Signature')!
      const tampered = new URL(url)
      tampered.searchParams.set(
        'X-Amz-Signature',
        signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      )
      expect((await fetch(tampered)).status).toBe(403)
      const elsewhere = new URL(url)
      elsewhere.pathname = elsewhere.pathname.replace(/audio\.wav$/, 'private.json')
      expect((await fetch(elsewhere)).status).toBe(403)
      // FFmpeg reads the recording straight from the store, without a download first.
      const probed = await probe(requireTool('ffprobe'), url)
      expect(probed.duration).toBeGreaterThan(10.9)
      expect(probed.duration).toBeLessThan(11.1)
      await expect(media.readUrl('media/r1/none.wav')).rejects.toMatchObject({
        code: 'FILE_NOT_FOUND',
      })
    } finally {
      await close()
    }
  })

  it('names the store it cannot reach', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo
        server.close(() => resolve(port))
      })
    })
    const location = { ...service.location(), endpoint: `http://127.0.0.1:${closed}` }
    const { media, close } = openStore({ location, maxAttempts: 1 })
    try {
      const unreachable = {
        code: 'S3_UNREACHABLE',
        params: { endpoint: `http://127.0.0.1:${closed}` },
      }
      await expect(media.check()).rejects.toMatchObject(unreachable)
      await expect(media.read('media/r1/a.wav')).rejects.toMatchObject(unreachable)
      await expect(media.localPath('media/r1/a.wav')).rejects.toMatchObject(unreachable)
    } finally {
      await close()
    }
  })

  it('names a bucket that does not exist', async () => {
    const location = { ...service.location(), bucket: 'voces-no-such-bucket' }
    const { media, close } = openStore({ location })
    try {
      const missing = { code: 'S3_BUCKET_MISSING', params: { bucket: 'voces-no-such-bucket' } }
      await expect(media.check()).rejects.toMatchObject(missing)
      await expect(media.size('media/r1/a.wav')).rejects.toMatchObject(missing)
      await expect(media.put('media/r1/a.json', '{}')).rejects.toMatchObject(missing)
      await expect(media.read('media/r1/a.json')).rejects.toMatchObject(missing)
    } finally {
      await close()
    }
  })

  it('keeps nothing of an upload the network cut mid-way: no object, no unfinished parts', async () => {
    const target = new URL(service.env.VOCES_TEST_S3_ENDPOINT!)
    const proxy = await cuttingProxy({ host: target.hostname, port: Number(target.port) })
    const location = { ...service.location(), endpoint: proxy.endpoint }
    const { media, close } = openStore({ location, partBytes: 5 << 20, maxAttempts: 1 })
    const direct = openStore({
      location: { ...location, endpoint: service.env.VOCES_TEST_S3_ENDPOINT },
    })
    const scratch = tempDir('voces-s3-cut-')
    try {
      const source = path.join(scratch.dir, 'interview.mp4')
      await fs.writeFile(source, randomBytes(24 << 20))
      const cut = proxy.cutAfter(12 << 20)
      await expect(media.putFile('media/r1/original.mp4', source)).rejects.toMatchObject({
        code: 'S3_UPLOAD_CUT',
        params: { file: 'original.mp4' },
      })
      await cut
      expect(await direct.media.size('media/r1/original.mp4')).toBeNull()
      const pending = await direct.media.client.send(
        new ListMultipartUploadsCommand({
          Bucket: location.bucket,
          Prefix: media.objectKey('media/r1/original.mp4'),
        }),
      )
      expect(pending.Uploads ?? []).toEqual([])
    } finally {
      scratch.cleanup()
      await direct.close()
      await close()
      await proxy.close()
    }
  })
})

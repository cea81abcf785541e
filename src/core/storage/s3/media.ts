import { createReadStream, createWriteStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { mediaKeyParts } from '../media-key.ts'
import type { LocalFile, MediaStore } from '../ports.ts'
import { bucketMissing, isNetworkError, s3Error, uploadCut } from './errors.ts'
import type { S3Location } from './location.ts'
import { objectVersions } from './versions.ts'

export interface S3MediaOptions {
  location: S3Location
  /** Where `localPath` downloads go: a folder of its own each, which `release` removes. */
  tempDir: string
  /** A file this large or larger goes up in parts of this size, four at once (default 8 MiB). */
  partBytes?: number
  /** Tries per request, the SDK's retries with backoff included (default 3). */
  maxAttempts?: number
}

/**
 * The library's files on an S3-compatible store (decision 0144): a key is stored as
 * PREFIX + key in the bucket. Big files go up in parts and a cut upload is aborted, so an object
 * is whole or absent; ranged reads are HTTP ranges; a delete removes every version the bucket
 * keeps, as redaction must.
 */
export class S3MediaStore implements MediaStore {
  readonly location: S3Location
  readonly client: S3Client
  readonly tempDir: string
  readonly partBytes: number

  constructor(options: S3MediaOptions) {
    this.location = options.location
    this.tempDir = options.tempDir
    this.partBytes = options.partBytes ?? 8 << 20
    this.client = new S3Client({
      region: options.location.region,
      ...(options.location.endpoint ? { endpoint: options.location.endpoint } : {}),
      ...(options.location.credentials ? { credentials: options.location.credentials } : {}),
      // Bucket in the path: a store on a plain host name has no DNS for bucket subdomains.
      forcePathStyle: options.location.endpoint !== undefined,
      maxAttempts: options.maxAttempts ?? 3,
      // Checksums only where S3 requires them: stores other than Amazon's refuse some of the
      // newer ones the SDK would add by default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    })
  }

  /** The object's name in the bucket; rejects a key that is not a library key. */
  objectKey(key: string): string {
    return this.location.prefix + mediaKeyParts(key).join('/')
  }

  /** One request, its failure told as a VocesError naming what to fix. */
  private async call<T>(key: string | undefined, request: () => Promise<T>): Promise<T> {
    try {
      return await request()
    } catch (error) {
      throw s3Error(
        error,
        key === undefined ? { location: this.location } : { location: this.location, key },
      )
    }
  }

  /** Rejects with what to fix when the store cannot be reached, refuses us or has no bucket. */
  async check(): Promise<void> {
    await this.call(undefined, async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }))
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        if (status?.httpStatusCode === 404) throw bucketMissing(this.location)
        throw error
      }
    })
  }

  async put(key: string, data: Uint8Array | string): Promise<void> {
    const Key = this.objectKey(key)
    await this.call(key, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key, Body: data })),
    )
  }

  async putFile(key: string, source: string): Promise<void> {
    const Key = this.objectKey(key)
    const { size } = await fs.stat(source)
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.location.bucket,
        Key,
        Body: createReadStream(source),
        ContentLength: size,
      },
      partSize: Math.max(this.partBytes, 5 << 20),
      queueSize: 4,
      leavePartsOnError: false,
    })
    try {
      await upload.done()
    } catch (error) {
      // The upload aborts its parts itself; when the cut also stopped that abort, try again so
      // no half-sent file is left for the store to keep (and bill).
      await this.abandonUploads(Key)
      if (isNetworkError(error)) throw uploadCut(this.location, key)
      throw s3Error(error, { location: this.location, key })
    }
  }

  /** Aborts every unfinished multipart upload of this object; a few tries, then gives up quietly. */
  private async abandonUploads(Key: string): Promise<void> {
    const Bucket = this.location.bucket
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const listed = await this.client.send(
          new ListMultipartUploadsCommand({ Bucket, Prefix: Key }),
        )
        for (const upload of listed.Uploads ?? []) {
          if (upload.Key !== Key || !upload.UploadId) continue
          await this.client.send(
            new AbortMultipartUploadCommand({ Bucket, Key, UploadId: upload.UploadId }),
          )
        }
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)))
      }
    }
  }

  async read(key: string): Promise<Buffer> {
    const Key = this.objectKey(key)
    return this.call(key, async () => {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key }),
      )
      return bodyBytes(response.Body)
    })
  }

  async readRange(key: string, start: number, end: number): Promise<Buffer> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw new RangeError(`Not a byte range: ${start}-${end}`)
    }
    const Key = this.objectKey(key)
    return this.call(key, async () => {
      try {
        const response = await this.client.send(
          new GetObjectCommand({
            Bucket: this.location.bucket,
            Key,
            Range: `bytes=${start}-${end}`,
          }),
        )
        return bodyBytes(response.Body)
      } catch (error) {
        // 416: the object is there and the range starts past its end.
        if ((error as Error).name === 'InvalidRange') return Buffer.alloc(0)
        throw error
      }
    })
  }

  async size(key: string): Promise<number | null> {
    const Key = this.objectKey(key)
    return this.call(key, async () => {
      try {
        const head = await this.client.send(
          new HeadObjectCommand({ Bucket: this.location.bucket, Key }),
        )
        return head.ContentLength ?? 0
      } catch (error) {
        if (
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404
        )
          throw error
      }
      // A HEAD's 404 does not say whether the object or the bucket is missing.
      await this.check()
      return null
    })
  }

  /**
   * Deletes the object and, where the bucket keeps versions, every version and delete marker of
   * it: a redacted file must not stay behind as an older version (decision 0144).
   */
  async delete(key: string): Promise<boolean> {
    const Key = this.objectKey(key)
    const Bucket = this.location.bucket
    const existed = (await this.size(key)) !== null
    await this.call(key, async () => {
      const keepsVersions = await this.keepsVersions()
      // A plain delete first: the object reads as gone at once, and where versions are kept its
      // current version is then a delete marker. Every version with bytes goes after it; that
      // last marker (no bytes, only the key) stays, because removing it makes Swift's s3api
      // bring back as current the newest version under the key as a *prefix*, which may be
      // another file's (decision 0144).
      await this.client.send(new DeleteObjectCommand({ Bucket, Key }))
      if (!keepsVersions) return
      for (const version of await objectVersions(this.client, Bucket, Key)) {
        if (version.deleteMarker && version.latest) continue
        await this.client.send(new DeleteObjectCommand({ Bucket, Key, VersionId: version.id }))
      }
    })
    return existed
  }

  async list(folder: string): Promise<string[]> {
    const Prefix = `${this.objectKey(folder)}/`
    const keys: string[] = []
    await this.call(folder, async () => {
      let ContinuationToken: string | undefined
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix, ContinuationToken }),
        )
        for (const object of page.Contents ?? [])
          if (object.Key) keys.push(object.Key.slice(this.location.prefix.length))
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (ContinuationToken)
    })
    return keys.sort()
  }

  /** Deletes, by id, every version of the key but the current one (never a restore: 0144). */
  async forgetEarlierVersions(key: string): Promise<number> {
    const Key = this.objectKey(key)
    const Bucket = this.location.bucket
    return this.call(key, async () => {
      if (!(await this.keepsVersions())) return 0
      let forgotten = 0
      for (const version of await objectVersions(this.client, Bucket, Key)) {
        if (version.latest) continue
        await this.client.send(new DeleteObjectCommand({ Bucket, Key, VersionId: version.id }))
        forgotten++
      }
      return forgotten
    })
  }

  /** Whether the bucket keeps versions (versioning on, or suspended with versions kept). */
  private async keepsVersions(): Promise<boolean> {
    const Bucket = this.location.bucket
    try {
      const { Status } = await this.client.send(new GetBucketVersioningCommand({ Bucket }))
      return Status !== undefined
    } catch (error) {
      // A store without versioning says so; anything else is a real failure.
      if ((error as Error).name === 'NotImplemented') return false
      throw error
    }
  }

  async localPath(key: string): Promise<LocalFile> {
    const Key = this.objectKey(key)
    await fs.mkdir(this.tempDir, { recursive: true })
    const folder = await fs.mkdtemp(path.join(this.tempDir, 'voces-s3-'))
    const release = () => fs.rm(folder, { recursive: true, force: true })
    // The key's own name, so tools that go by the extension see it.
    const file = path.join(folder, path.posix.basename(Key))
    try {
      await this.call(key, async () => {
        const response = await this.client.send(
          new GetObjectCommand({ Bucket: this.location.bucket, Key }),
        )
        await pipeline(asReadable(response.Body), createWriteStream(file, { flags: 'wx' }))
      })
    } catch (error) {
      await release()
      throw error
    }
    return { path: file, release }
  }

  /** A presigned GET URL, checked against the store's secret when used, valid `seconds`. */
  async readUrl(key: string, seconds = 300): Promise<string> {
    const Key = this.objectKey(key)
    if ((await this.size(key)) === null) {
      throw s3Error(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' }), {
        location: this.location,
        key,
      })
    }
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.location.bucket, Key }), {
      expiresIn: seconds,
    })
  }

  close(): void {
    this.client.destroy()
  }
}

function asReadable(body: unknown): Readable {
  if (body instanceof Readable) return body
  throw new Error('The media store answered without a body.')
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of asReadable(body)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

// The browser's upload with media in an S3-compatible store (Swift, for real): the local copy
// the upload hands to ingest is a download in the temp folder, held only until the call that
// uses it is done (decision 0182); an export's downloads go when it ends.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { libraryLayout } from '../../src/core/paths.ts'
import { resolveLibraryLocation } from '../../src/core/storage/open.ts'
import { openVoces, type Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import type { Result } from '../../src/shared/contract/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { s3Service, type S3Service } from '../storage/s3-service.ts'

let dir: string
let cleanup: () => void
let s3: S3Service
let voces: Voces
let server: RunningServer
let temp: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  s3 = await s3Service()
  const library = path.join(dir, 'library')
  const env = { ...process.env, ...s3.env }
  const location = resolveLibraryLocation(
    {
      library,
      media: `${s3.env.VOCES_TEST_MEDIA_URL}/upload-${path.basename(dir)}`,
      s3Endpoint: s3.env.VOCES_TEST_S3_ENDPOINT,
    },
    env,
  )
  Object.assign(process.env, s3.env)
  voces = await openVoces({ location })
  temp = libraryLayout(library).temp
  server = await startHttpServer({ voces, rendererDir: path.join(dir, 'no-build') })
}, 120_000)
afterAll(async () => {
  await server?.close()
  await voces?.close()
  await s3?.stop()
  cleanup()
})

/** Every file under the library's temp folder, relative to it. */
function tempFiles(): string[] {
  try {
    return readdirSync(temp, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(temp, path.join(entry.parentPath, entry.name)))
  } catch {
    return []
  }
}

const auth = () => ({ authorization: `Bearer ${server.token}` })
const bytes = () => readFileSync(path.join(mediaDir, 'en/jfk.wav'))

async function upload(name: string, body: Buffer = bytes()): Promise<string> {
  const response = await fetch(`${server.origin}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: auth(),
    body,
  })
  const result = (await response.json()) as Result<{ path: string }>
  if (!result.ok) throw new Error(result.error.message)
  return result.value.path
}

async function call<T>(method: string, input: unknown): Promise<Result<T>> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth() },
    body: JSON.stringify(input),
  })
  return (await response.json()) as Result<T>
}

describe('uploads with media on S3', () => {
  it('holds the downloaded copy while ingest reads it, and removes it after', async () => {
    // The library keeps its own copy of each original, so the upload's is not needed after.
    await voces.settings.update({ copyIntoLibrary: true })
    expect(tempFiles()).toEqual([])
    const local = await upload('entrevista.wav')
    // The store's copy was downloaded for ingest: it is in the temp folder, whole.
    expect(local.startsWith(temp + path.sep)).toBe(true)
    expect(readFileSync(local).equals(bytes())).toBe(true)
    expect(tempFiles()).toHaveLength(1)

    const started = await call<{ jobs: Array<{ jobId: string }> }>('library.ingest', {
      paths: [local],
    })
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const job = await voces.jobs.waitFor(started.value.jobs[0]!.jobId)
    expect(job.state).toBe('succeeded')
    await expect.poll(() => tempFiles()).toEqual([])
    const [recording] = await voces.storage.recordings.list()
    expect(recording?.title).toBe('entrevista')
    // The recording's media live in the bucket, not in the temp folder.
    const files = await voces.storage.recordings.files(recording!.id)
    expect(await voces.storage.media.size(files.workingAudio)).toBeGreaterThan(0)
    expect(await voces.storage.media.size(files.storedPath!)).toBe(bytes().length)
  }, 120_000)

  it('removes a subtitle file once it is imported, not while the import asks to replace', async () => {
    const [recording] = await voces.storage.recordings.list()
    const srt = Buffer.from('1\n00:00:00,500 --> 00:00:02,000\nAnd so, my fellow Americans\n')
    const first = await upload('en.srt', srt)
    expect(tempFiles()).toHaveLength(1)
    const track = { recordingId: recording!.id, language: 'en' }
    const imported = await call('subtitles.import', { ...track, path: first })
    expect(imported.ok).toBe(true)
    expect(tempFiles()).toEqual([])

    // The track has cues now: the import is refused until the person says to replace them, and
    // the client asks again with the same path, so the copy stays for that second call.
    const second = await upload('en.srt', srt)
    const refused = await call('subtitles.import', { ...track, path: second })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.code).toBe('SUBTITLES_IMPORT_REPLACES')
    expect(tempFiles()).toHaveLength(1)
    const replaced = await call('subtitles.import', { ...track, path: second, replace: true })
    expect(replaced.ok).toBe(true)
    expect(tempFiles()).toEqual([])
  }, 120_000)

  it('leaves nothing in the temp folder after a podcast export reads the media', async () => {
    const [recording] = await voces.storage.recordings.list()
    await voces.storage.recordings.update(recording!.id, { consentStatus: 'given' })
    const output = path.join(dir, 'episodio.mp3')
    const started = await call<{ jobId: string }>('export.podcast', {
      source: recording!.id,
      output,
    })
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const job = await voces.jobs.waitFor(started.value.jobId)
    expect(job.error).toBeNull()
    expect(readFileSync(output).length).toBeGreaterThan(10_000)
    expect(tempFiles()).toEqual([])
  }, 120_000)

  it('keeps the copy an ingest without a copy of its own took as the original', async () => {
    await voces.settings.update({ copyIntoLibrary: false })
    const other = readFileSync(
      path.join(mediaDir, 'en/sense_and_sensibility_01_austen_64kb-0870.wav'),
    )
    const local = await upload('sin copia.wav', other)
    const started = await call<{ jobs: Array<{ jobId: string }> }>('library.ingest', {
      paths: [local],
    })
    if (!started.ok) throw new Error(started.error.message)
    const job = await voces.jobs.waitFor(started.value.jobs[0]!.jobId)
    const id = (job.result as { recordingId: string }).recordingId
    const recording = await voces.storage.recordings.require(id)
    expect(recording.storedPath).toBeNull()
    expect(recording.path).toBe(local)
    // Removing it would leave the recording without an original; it stays, whole.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(readFileSync(local).equals(other)).toBe(true)
    expect(tempFiles()).toHaveLength(1)
  }, 120_000)
})

import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { modelCatalogue } from '../../src/core/transcription/catalogue.ts'
import {
  downloadFile,
  partialPathFor,
  partialRecordPathFor,
} from '../../src/core/transcription/download.ts'
import { addModel, listModels, resolveModel } from '../../src/core/transcription/models.ts'
import { modelsDir, tempDir } from '../helpers.ts'

const testModel = path.join(modelsDir, 'for-tests-ggml-tiny.bin')
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const first = readFileSync(testModel)
/** The same name served with other bytes: a model re-uploaded between two attempts. */
const second = readFileSync(path.join(modelsDir, 'for-tests-ggml-base.bin'))
const expectedOf = (bytes: Buffer) => ({ sha256: sha256(bytes), bytes: bytes.length })

let dir: string
let cleanup: () => void
let server: http.Server
let base: string
const requests: Array<{ range?: string; ifRange?: string }> = []
/** When set, the next full response is cut off after this many bytes (a dropped connection). */
let cutAfter: number | null = null
/** What the server holds now, and whether it sends validators (ETag, Last-Modified). */
let body: Buffer = first
let validators = true

beforeEach(async () => {
  ;({ dir, cleanup } = tempDir())
  requests.length = 0
  cutAfter = null
  body = first
  validators = true
  // A real HTTP server with byte ranges and If-Range (RFC 9110 §13.1.5, §14), as Hugging Face's
  // CDN answers: a strong ETag per file version; a Range whose If-Range names another version
  // gets the whole current file (200).
  server = http.createServer((req, res) => {
    const ifRange = req.headers['if-range'] as string | undefined
    requests.push({ range: req.headers.range, ifRange })
    if (req.url !== '/ggml-tiny.bin') {
      res.writeHead(404).end()
      return
    }
    const etag = `"${sha256(body)}"`
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    const honoured = range !== null && (ifRange === undefined || ifRange === etag)
    const from = honoured ? Number(range[1]) : 0
    const headers = validators ? { etag, 'accept-ranges': 'bytes' } : { 'accept-ranges': 'bytes' }
    if (from >= body.length) {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}` }).end()
      return
    }
    const part = body.subarray(from)
    res.writeHead(honoured ? 206 : 200, {
      ...headers,
      'content-length': part.length,
      ...(honoured ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}),
    })
    if (cutAfter !== null && !honoured) {
      // The connection drops a moment after the first bytes went out, as a real cut does; dropped
      // at once, the client may not have read any of them yet.
      res.write(part.subarray(0, cutAfter), () => setTimeout(() => res.destroy(), 200))
      cutAfter = null
      return
    }
    res.end(part)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve))
  cleanup()
})

/** A first attempt that the connection cuts: the partial file it leaves, in bytes. */
async function cutDownload(target: string, expected = expectedOf(first)): Promise<number> {
  cutAfter = 200_000
  await expect(
    downloadFile({ url: `${base}/ggml-tiny.bin`, target, expected }),
  ).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' })
  expect(existsSync(target)).toBe(false)
  const kept = statSync(partialPathFor(target)).size
  expect(kept).toBeGreaterThan(0)
  return kept
}

describe('model download', () => {
  it('downloads with progress, checks the published size and SHA-256, renames into place', async () => {
    const target = path.join(dir, 'models', 'ggml-tiny.bin')
    const seen: number[] = []
    const result = await downloadFile({
      url: `${base}/ggml-tiny.bin`,
      target,
      expected: expectedOf(first),
      onProgress: (received, total) => {
        expect(total).toBe(first.length)
        seen.push(received)
      },
    })
    expect(result).toEqual({ bytes: first.length, resumedFrom: 0 })
    expect(seen.at(-1)).toBe(first.length)
    expect(readFileSync(target).equals(first)).toBe(true)
    expect(existsSync(partialPathFor(target))).toBe(false)
    expect(existsSync(partialRecordPathFor(target))).toBe(false)
  })

  it('resumes a dropped download with Range and If-Range naming the same file', async () => {
    const target = path.join(dir, 'ggml-tiny.bin')
    const kept = await cutDownload(target)
    const result = await downloadFile({
      url: `${base}/ggml-tiny.bin`,
      target,
      expected: expectedOf(first),
    })
    expect(requests.at(-1)).toEqual({ range: `bytes=${kept}-`, ifRange: `"${sha256(first)}"` })
    expect(result.resumedFrom).toBe(kept)
    expect(readFileSync(target).equals(first)).toBe(true)
  })

  it('never splices a file that changed upstream between two attempts', async () => {
    const target = path.join(dir, 'ggml-tiny.bin')
    await cutDownload(target, expectedOf(second))
    body = second
    const result = await downloadFile({
      url: `${base}/ggml-tiny.bin`,
      target,
      expected: expectedOf(second),
    })
    expect(result.resumedFrom).toBe(0)
    expect(readFileSync(target).equals(second)).toBe(true)
  })

  it('starts over when the server gave no validator, or the partial is of another version', async () => {
    const target = path.join(dir, 'ggml-tiny.bin')
    validators = false
    await cutDownload(target)
    validators = true
    await downloadFile({ url: `${base}/ggml-tiny.bin`, target, expected: expectedOf(first) })
    expect(requests.at(-1)).toEqual({ range: undefined, ifRange: undefined })

    const other = path.join(dir, 'other', 'ggml-tiny.bin')
    await cutDownload(other)
    // The catalogue now pins another file under the same name: the old part is not reused.
    body = second
    await downloadFile({
      url: `${base}/ggml-tiny.bin`,
      target: other,
      expected: expectedOf(second),
    })
    expect(requests.at(-1)).toEqual({ range: undefined, ifRange: undefined })
    expect(readFileSync(other).equals(second)).toBe(true)
  })

  it('deletes a download whose size or checksum does not match, and reports a missing file', async () => {
    const target = path.join(dir, 'ggml-tiny.bin')
    for (const expected of [
      { sha256: '0'.repeat(64), bytes: first.length },
      { sha256: sha256(first), bytes: first.length + 1 },
    ]) {
      await expect(
        downloadFile({ url: `${base}/ggml-tiny.bin`, target, expected }),
      ).rejects.toMatchObject({ code: 'MODEL_CHECKSUM_MISMATCH' })
      expect(existsSync(target)).toBe(false)
      expect(existsSync(partialPathFor(target))).toBe(false)
    }
    await expect(downloadFile({ url: `${base}/ggml-nothing.bin`, target })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
    })
  })

  it('pins an exact size and a SHA-256 for every catalogue model', () => {
    for (const model of modelCatalogue) {
      expect(model.sha256, model.name).toMatch(/^[0-9a-f]{64}$/)
      expect(Number.isInteger(model.bytes) && model.bytes > 1_000_000, model.name).toBe(true)
    }
    expect(new Set(modelCatalogue.map((model) => model.sha256)).size).toBe(modelCatalogue.length)
  })
})

describe('models folder', () => {
  it('adds a ggml file, lists it, and refuses a file that is not a model', async () => {
    const models = path.join(dir, 'models')
    await expect(resolveModel(models, undefined)).rejects.toMatchObject({ code: 'NO_MODEL' })
    const added = await addModel(models, testModel)
    expect(added).toMatchObject({
      name: 'for-tests-ggml-tiny',
      installed: true,
      inCatalogue: false,
      sizeBytes: first.length,
    })
    const listed = await listModels(models)
    expect(listed.filter((m) => m.installed).map((m) => m.name)).toEqual(['for-tests-ggml-tiny'])
    expect(listed.find((m) => m.name === 'large-v3-turbo-q5_0')?.url).toBe(
      'https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-large-v3-turbo-q5_0.bin',
    )
    expect((await resolveModel(models, undefined)).name).toBe('for-tests-ggml-tiny')
    await expect(resolveModel(models, 'small')).rejects.toMatchObject({
      code: 'MODEL_NOT_INSTALLED',
    })

    const fake = path.join(dir, 'ggml-fake.bin')
    writeFileSync(fake, '<!DOCTYPE html><html>Rate limited</html>'.padEnd(200))
    await expect(addModel(models, fake)).rejects.toMatchObject({ code: 'MODEL_CORRUPT' })
    expect(existsSync(path.join(models, 'ggml-fake.bin'))).toBe(false)
  })
})

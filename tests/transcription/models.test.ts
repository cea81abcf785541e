import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { downloadFile, partialPathFor } from '../../src/core/transcription/download.ts'
import { addModel, listModels, resolveModel } from '../../src/core/transcription/models.ts'
import { modelsDir, tempDir } from '../helpers.ts'

const testModel = path.join(modelsDir, 'for-tests-ggml-tiny.bin')
const body = readFileSync(testModel)
const sha1 = createHash('sha1').update(body).digest('hex')

let dir: string
let cleanup: () => void
let server: http.Server
let base: string
const requests: Array<string | undefined> = []
/** When set, the next full response is cut off after this many bytes (a dropped connection). */
let cutAfter: number | null = null

beforeEach(async () => {
  ;({ dir, cleanup } = tempDir())
  requests.length = 0
  cutAfter = null
  // A real HTTP server with byte ranges (RFC 9110 §14), as Hugging Face's CDN answers.
  server = http.createServer((req, res) => {
    requests.push(req.headers.range)
    if (req.url !== '/ggml-tiny.bin') {
      res.writeHead(404).end()
      return
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    const from = range ? Number(range[1]) : 0
    if (from >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end()
      return
    }
    const part = body.subarray(from)
    res.writeHead(range ? 206 : 200, { 'content-length': part.length, 'accept-ranges': 'bytes' })
    if (cutAfter !== null && !range) {
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

describe('model download', () => {
  it('downloads with progress, checks the published checksum and renames into place', async () => {
    const target = path.join(dir, 'models', 'ggml-tiny.bin')
    const seen: number[] = []
    const result = await downloadFile({
      url: `${base}/ggml-tiny.bin`,
      target,
      checksum: { algorithm: 'sha1', hex: sha1 },
      onProgress: (received, total) => {
        expect(total).toBe(body.length)
        seen.push(received)
      },
    })
    expect(result).toEqual({ bytes: body.length, resumedFrom: 0 })
    expect(seen.at(-1)).toBe(body.length)
    expect(readFileSync(target).equals(body)).toBe(true)
    expect(existsSync(partialPathFor(target))).toBe(false)
  })

  it('resumes a dropped download with a Range request', async () => {
    const target = path.join(dir, 'ggml-tiny.bin')
    cutAfter = 200_000
    await expect(downloadFile({ url: `${base}/ggml-tiny.bin`, target })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
    })
    expect(existsSync(target)).toBe(false)
    const kept = statSync(partialPathFor(target)).size
    expect(kept).toBeGreaterThan(0)
    const result = await downloadFile({
      url: `${base}/ggml-tiny.bin`,
      target,
      checksum: { algorithm: 'sha1', hex: sha1 },
    })
    expect(requests.at(-1)).toBe(`bytes=${kept}-`)
    expect(result.resumedFrom).toBe(kept)
    expect(readFileSync(target).equals(body)).toBe(true)
  })

  it('deletes a download whose checksum does not match, and reports a missing file', async () => {
    const target = path.join(dir, 'ggml-tiny.bin')
    await expect(
      downloadFile({
        url: `${base}/ggml-tiny.bin`,
        target,
        checksum: { algorithm: 'sha1', hex: '0'.repeat(40) },
      }),
    ).rejects.toMatchObject({ code: 'MODEL_CHECKSUM_MISMATCH' })
    expect(existsSync(target)).toBe(false)
    expect(existsSync(partialPathFor(target))).toBe(false)
    await expect(downloadFile({ url: `${base}/ggml-nothing.bin`, target })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
    })
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
      sizeBytes: body.length,
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

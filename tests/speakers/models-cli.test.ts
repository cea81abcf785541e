// The neural speaker models as a person gets them: `voces speakers models` says what is
// installed, and `voces speakers models download` fetches what is missing through the job
// runner from a mirror (a local HTTP server here, with a small whole ONNX file), pinning each
// file's SHA-256; a file changed afterwards is reported damaged, and downloaded again.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { speakerModels } from '../../src/core/speakers/models.ts'
import { captureIo, tempDir } from '../helpers.ts'

/** A tiny ONNX ModelProto: ir_version 8, a graph named "g", opset 17. */
const tinyOnnx = Buffer.from([0x08, 0x08, 0x3a, 0x03, 0x12, 0x01, 0x67, 0x42, 0x02, 0x10, 0x11])

let dir: string
let cleanup: () => void
let server: Server
const asked: string[] = []
const saved = { models: process.env.VOCES_MODELS, mirror: process.env.VOCES_SPEAKER_MODELS_URL }

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-speaker-models-'))
  server = createServer((request, response) => {
    asked.push(request.url ?? '')
    response.writeHead(200, { 'content-length': tinyOnnx.length, etag: '"v1"' })
    response.end(tinyOnnx)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  process.env.VOCES_MODELS = path.join(dir, 'models')
  process.env.VOCES_SPEAKER_MODELS_URL = `http://127.0.0.1:${port}/mirror/`
})
afterAll(() => {
  server.close()
  for (const [key, value] of [
    ['VOCES_MODELS', saved.models],
    ['VOCES_SPEAKER_MODELS_URL', saved.mirror],
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  cleanup()
})

async function voces(...args: string[]) {
  const c = captureIo()
  const code = await runCli(['--library', path.join(dir, 'library'), ...args], c.io)
  return { code, out: c.out(), err: c.err() }
}

interface States {
  models: Array<{ file: string; installed: boolean; problem: string | null }>
}

describe('voces speakers models', () => {
  it('lists the models, downloads what is missing from the mirror, and notices a changed file', async () => {
    const before = JSON.parse((await voces('speakers', 'models', '--json')).out) as States
    expect(before.models.map((m) => [m.file, m.installed])).toEqual(
      speakerModels.map((m) => [m.file, false]),
    )
    const told = await voces('speakers', 'models')
    expect(told.out).toContain('voces speakers models download')

    const got = await voces('speakers', 'models', 'download', '--json')
    expect(got.code).toBe(0)
    expect(JSON.parse(got.out)).toEqual({ downloaded: speakerModels.map((m) => m.file) })
    expect(asked).toEqual(speakerModels.map((m) => `/mirror/${m.file}`))
    const after = JSON.parse((await voces('speakers', 'models', '--json')).out) as States
    expect(after.models.every((m) => m.installed && m.problem === null)).toBe(true)
    expect((await voces('speakers', 'models')).out).toContain('ready')

    // Nothing more to fetch; then one file changed on disk: damaged, and fetched again.
    expect(JSON.parse((await voces('speakers', 'models', 'download', '--json')).out)).toEqual({
      downloaded: [],
    })
    const first = speakerModels[0]
    if (!first) throw new Error('no speaker model in the catalogue')
    const changed = Buffer.from(tinyOnnx)
    changed[6] = 0x68
    writeFileSync(path.join(dir, 'models', first.file), changed)
    const damaged = JSON.parse((await voces('speakers', 'models', '--json')).out) as States
    expect(damaged.models[0]?.problem).toMatch(/SHA-256/)
    const again = await voces('speakers', 'models', 'download', '--json')
    expect(JSON.parse(again.out)).toEqual({ downloaded: [first.file] })
  })
})

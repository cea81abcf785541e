import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BergamotEngine,
  BergamotWorker,
  bergamotCatalogue,
  bergamotDir,
  downloadBergamot,
  type BergamotFile,
} from '../../src/core/translation/bergamot.ts'
import { translateLines } from '../../src/core/translation/pipeline.ts'
import { resolveModelsDir } from '../../src/core/paths.ts'
import { en } from '../../src/shared/i18n/en.ts'
import { es } from '../../src/shared/i18n/es.ts'
import { tempDir } from '../helpers.ts'

const dir = tempDir('voces-bergamot-')
afterAll(() => dir.cleanup())
const enEs = { from: 'en', to: 'es' } as const

describe('Bergamot, the neural engine: its plumbing', () => {
  it('loads its WebAssembly engine in a worker thread, for real, and knows no model yet', async () => {
    const worker = new BergamotWorker()
    try {
      await worker.start()
      expect(await worker.call('hasTranslationModel', enEs)).toBe(false)
    } finally {
      await worker.stop()
    }
  }, 60_000)

  it('pins each model file by size and SHA-256', () => {
    for (const files of Object.values(bergamotCatalogue)) {
      expect(files.map((file) => file.part).sort()).toEqual(['lex', 'model', 'vocab'])
      for (const file of files) {
        expect(file.sha256).toMatch(/^[0-9a-f]{64}$/)
        expect(file.bytes).toBeGreaterThan(100_000)
      }
    }
  })

  it('is not installed without its models, and says how to get them', async () => {
    const engine = new BergamotEngine(path.join(dir.dir, 'models'))
    const report = await engine.report()
    expect(report).toMatchObject({ name: 'bergamot', kind: 'neural', installed: false, pairs: [] })
    expect(report.hint).toContain('voces translate download en-es')
    await expect(engine.translate(['Hello'], enEs)).rejects.toMatchObject({
      code: 'TRANSLATION_PAIR_NOT_INSTALLED',
    })
  })

  it('does not take a file of the wrong size for a model', async () => {
    const models = path.join(dir.dir, 'wrong')
    const target = bergamotDir(enEs, models)
    mkdirSync(target, { recursive: true })
    for (const file of bergamotCatalogue['en-es'] ?? [])
      writeFileSync(path.join(target, file.name), 'not a model')
    expect((await new BergamotEngine(models).report()).installed).toBe(false)
  })
})

describe('Bergamot, the neural engine: its download', () => {
  // Three small files served by a real HTTP server on this computer, under a catalogue that
  // pins their real sizes and SHA-256 (the real files cannot be downloaded here).
  const bodies = ['model bytes', 'lex bytes', 'vocab bytes'].map((text) => Buffer.from(text))
  const files: BergamotFile[] = (['model', 'lex', 'vocab'] as const).map((part, i) => ({
    part,
    name: `${part}.enes.bin`,
    bytes: bodies[i]?.length ?? 0,
    sha256: createHash('sha256')
      .update(bodies[i] ?? '')
      .digest('hex'),
  }))
  let server: Server
  let baseUrl = ''
  beforeAll(async () => {
    server = createServer((request, response) => {
      const i = files.findIndex((file) => request.url === `/enes/${file.name}`)
      if (i < 0) return void response.writeHead(404).end()
      response.writeHead(200, { 'content-length': bodies[i]?.length }).end(bodies[i])
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('keeps files that match their pinned checksums (they are not Whisper models)', async () => {
    const models = path.join(dir.dir, 'downloaded')
    const { bytes } = await downloadBergamot(enEs, {
      modelsDir: models,
      source: { baseUrl, catalogue: { 'en-es': files } },
    })
    expect(bytes).toBe(bodies.reduce((sum, body) => sum + body.length, 0))
    for (const [i, file] of files.entries())
      expect(readFileSync(path.join(bergamotDir(enEs, models), file.name))).toEqual(bodies[i])
  })

  it('says to run its own download again when the server cannot be reached, never "models add"', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const failure = downloadBergamot(enEs, {
      modelsDir: path.join(dir.dir, 'unreachable'),
      source: { baseUrl: `http://127.0.0.1:${port}`, catalogue: { 'en-es': files } },
    })
    const error: unknown = await failure.catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'TRANSLATION_DOWNLOAD_FAILED', params: { pair: 'en-es' } })
    const message = (error as Error).message
    expect(message).toContain('voces translate download en-es')
    expect(message).not.toContain('models add')
    for (const catalogue of [en, es]) {
      expect(catalogue['error.TRANSLATION_DOWNLOAD_FAILED']).toContain(
        'voces translate download {pair}',
      )
      expect(catalogue['error.TRANSLATION_DOWNLOAD_FAILED']).not.toContain('models add')
    }
  })

  it('says to run its own download again when the server has no such file', async () => {
    const missing = [{ ...files[0], name: 'gone.bin' } as BergamotFile]
    const error: unknown = await downloadBergamot(enEs, {
      modelsDir: path.join(dir.dir, 'missing'),
      source: { baseUrl, catalogue: { 'en-es': missing } },
    }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'TRANSLATION_DOWNLOAD_FAILED' })
    expect((error as Error).message).toContain('HTTP 404')
    expect((error as Error).message).toContain('voces translate download en-es')
  })
})

// Real weights cannot be downloaded on these machines: the translation itself runs where a
// person has put them in the models folder ("voces translate download en-es").
const real = new BergamotEngine(resolveModelsDir())
const hasWeights = (await real.report()).pairs.some((p) => p.from === 'en' && p.to === 'es')
if (!hasWeights) {
  console.log(
    `SKIPPED Bergamot translation tests: no Bergamot en-es model in ${bergamotDir(enEs)} (voces translate download en-es)`,
  )
}

describe.skipIf(!hasWeights)('Bergamot with real weights', () => {
  it('translates lines, N in and N out, tags kept', async () => {
    const { lines } = await translateLines(
      real,
      ['We decided to go on strike.', '', '<i>Thank you</i> very much.'],
      enEs,
    )
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/huelga/)
    expect(lines[1]).toBe('')
    expect(lines[2]).toMatch(/^<i>.*<\/i>/)
  }, 120_000)
})

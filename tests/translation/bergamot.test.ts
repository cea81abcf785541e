import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  BergamotEngine,
  BergamotWorker,
  bergamotCatalogue,
  bergamotDir,
} from '../../src/core/translation/bergamot.ts'
import { translateLines } from '../../src/core/translation/pipeline.ts'
import { resolveModelsDir } from '../../src/core/paths.ts'
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

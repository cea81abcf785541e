import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ApertiumEngine,
  apertiumBatchLines,
  checkApertiumPath,
} from '../../src/core/translation/apertium.ts'
import { cleanLine, countMarkers } from '../../src/core/translation/clean.ts'
import { translateLines } from '../../src/core/translation/pipeline.ts'
import { VocesError } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'

// The real Apertium 3.8 with apertium-eng-spa (Debian), as Voces finds it on PATH.
const engine = new ApertiumEngine()
const enEs = { from: 'en', to: 'es' } as const
const esEn = { from: 'es', to: 'en' } as const
const dir = tempDir('voces-apertium-')
afterAll(() => dir.cleanup())

/** A real Apertium behind a wrapper that changes one thing about it. */
function wrapped(name: string, body: string): string {
  const file = path.join(dir.dir, name)
  writeFileSync(file, `#!/bin/sh\n${body}\nexec /usr/bin/apertium "$@"\n`)
  chmodSync(file, 0o755)
  return file
}

describe('Apertium, the default engine', () => {
  it('is found on PATH with both directions, and reported', async () => {
    const report = await engine.report()
    expect(report.installed).toBe(true)
    expect(report.path).toMatch(/apertium$/)
    expect(report.pairs).toEqual([enEs, esEn])
    expect(report.hint).toBe('')
  })

  it('gives N lines for N lines, empty lines in place, lines without a full stop kept apart', async () => {
    const lines = ['I worked there', '', 'for ten years', '', '', 'the union', 'Thank you']
    const out = await engine.translate(lines, enEs)
    expect(out).toHaveLength(lines.length)
    expect(out[1]).toBe('')
    expect(out[3]).toBe('')
    expect(out[4]).toBe('')
    expect(out[2]).toMatch(/diez años/)
    expect(out[5]).toMatch(/uni[oó]n/)
    expect(out[6]).toMatch(/gracias/i)
  })

  it('translates a track longer than one process run, in order, with progress to 1', async () => {
    const lines = Array.from({ length: apertiumBatchLines * 2 + 17 }, (_, i) =>
      i % 2 === 0 ? `We worked ${i} hours` : 'Thank you',
    )
    const progress: number[] = []
    const out = await engine.translate(lines, enEs, { onProgress: (f) => progress.push(f) })
    expect(out).toHaveLength(lines.length)
    expect(out[416]).toContain('416')
    expect(out[415]).toMatch(/gracias/i)
    expect(progress.at(-1)).toBe(1)
    expect(progress).toHaveLength(3)
  })

  it('stops when cancelled, with CANCELLED', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      engine.translate(['Hello'], enEs, { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    })
  })

  it('says how to install it when it is not there', async () => {
    const missing = new ApertiumEngine({ apertiumPath: path.join(dir.dir, 'no-apertium') })
    expect((await missing.report()).installed).toBe(false)
    const error = await missing.translate(['Hello'], enEs).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VocesError)
    expect(error).toMatchObject({ code: 'TRANSLATION_ENGINE_NOT_FOUND' })
    expect((error as Error).message).toContain('apt install apertium apertium-eng-spa')
  })

  it('takes a path in Settings only when it is an Apertium with an English–Spanish pair', async () => {
    await expect(checkApertiumPath('/usr/bin/apertium')).resolves.toBeUndefined()
    await expect(checkApertiumPath('/bin/true')).rejects.toMatchObject({
      code: 'APERTIUM_PATH_INVALID',
    })
    await expect(checkApertiumPath(path.join(dir.dir, 'none'))).rejects.toMatchObject({
      code: 'APERTIUM_PATH_INVALID',
    })
  })

  it('refuses a pair whose data is not installed', async () => {
    const noPairs = new ApertiumEngine({
      apertiumPath: wrapped('apertium-no-data', '[ "$1" = -l ] && exit 0'),
    })
    expect((await noPairs.report()).pairs).toEqual([])
    await expect(noPairs.translate(['Hello'], enEs)).rejects.toMatchObject({
      code: 'TRANSLATION_PAIR_NOT_INSTALLED',
    })
  })

  it('reports an engine that crashes mid-track, with nothing returned', async () => {
    const crashing = new ApertiumEngine({
      apertiumPath: wrapped(
        'apertium-crash',
        'for last; do :; done\ngrep -q CRASH "$last" 2>/dev/null && { echo "Segmentation fault" >&2; exit 139; }',
      ),
    })
    const lines = Array.from({ length: apertiumBatchLines * 2 }, () => 'Thank you')
    lines[apertiumBatchLines + 5] = 'CRASH here'
    const error = await crashing.translate(lines, enEs).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'TRANSLATION_ENGINE_FAILED' })
    expect((error as Error).message).toContain('Segmentation fault')
  })
})

describe('the pipeline around an engine', () => {
  const glossary = ['SEIU Local 32BJ', 'Teamsters', 'huelga']

  it('keeps tags, music notes and sound notes in place, the sound notes in the other language', async () => {
    const { lines, outcomes } = await translateLines(
      engine,
      [
        '<i>The boss</i> did not pay us',
        '{\\i1}Hello{\\i0} friend',
        '♪ ♪',
        '[laughter]',
        '[Laughter] We won the strike!',
        '<font color="#ffff00">We are not afraid</font>',
        '<i>We decided to go on strike.</i>',
      ],
      enEs,
    )
    expect(lines[0]).toMatch(/^<i>El jefe<\/i> no nos pag/)
    expect(lines[1]).toMatch(/^\{\\i1\}Hola\{\\i0\} amigo$/)
    expect(lines[2]).toBe('♪ ♪')
    expect(lines[3]).toBe('[risas]')
    expect(lines[4]).toMatch(/^\[Risas\] .*huelga/)
    expect(lines[5]).toMatch(/^<font color="#ffff00">.*<\/font>$/)
    expect(lines[6]).toMatch(/^<i>Decidimos .*huelga\.<\/i>$/)
    expect(outcomes.slice(2, 4)).toEqual(['kept-no-words', 'kept-no-words'])
  })

  it('keeps glossary terms as the glossary writes them, whatever case the line used', async () => {
    const { lines } = await translateLines(
      engine,
      ['María works at seiu local 32bj with the teamsters.', 'La huelga empezó un lunes.'],
      { from: 'en', to: 'es' },
      { glossary },
    )
    expect(lines[0]).toContain('SEIU Local 32BJ')
    expect(lines[0]).toContain('Teamsters')
    const back = await translateLines(engine, ['La huelga empezó un lunes.'], esEn, { glossary })
    expect(back.lines[0]).toMatch(/huelga/)
  })

  it('leaves no engine marker, extra space or space before punctuation', async () => {
    const { lines } = await translateLines(
      engine,
      ['The foreman at Zumbrota Widgetworks said , "no overtime" !', '  We   worked  hard .  '],
      enEs,
    )
    for (const line of lines) {
      expect(countMarkers(line)).toBe(0)
      expect(line).not.toMatch(/ [,.!?]|\s{2}|^\s|\s$/)
    }
  })

  it('cleans the markers Apertium writes without -u', () => {
    expect(
      cleanLine(' El jefe no pagó el *overtime al #gerente .', 'The boss did not pay.', 'es'),
    ).toBe('El jefe no pagó el overtime al gerente.')
    expect(countMarkers('el *overtime y @banco')).toBe(2)
  })

  it('translates a 2,000-character cue as one line', async () => {
    const long = Array.from({ length: 40 }, () => 'We want a fair contract now.')
      .join(' ')
      .slice(0, 2000)
    const { lines } = await translateLines(engine, [long, 'Thank you'], enEs)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('contrato')
    expect(lines[0]).not.toContain('\n')
    expect(lines[1]).toMatch(/gracias/i)
  })

  it('keeps a line already in the target language as it is', async () => {
    const line = 'Yo trabajo en la fábrica con mi hermana.'
    const { lines, outcomes } = await translateLines(engine, [line], enEs)
    expect(lines[0]).toBe(line)
    expect(outcomes[0]).toBe('kept-target-language')
  })
})

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireWhisperCli } from '../../src/core/transcription/binary.ts'
import { normalizeText } from '../../src/core/transcription/cleanup.ts'
import { runWhisper } from '../../src/core/transcription/engine.ts'
import { dtwPreset, readModelHeader } from '../../src/core/transcription/models.ts'
import { segmentsFromWhisperJson } from '../../src/core/transcription/whisper-output.ts'
import { mediaDir, modelsDir, tempDir } from '../helpers.ts'

/** A real model: VOCES_TEST_MODEL, or a ggml-*.bin in ../shared/models that is not a weightless test file. */
function findRealModel(): string | null {
  const fromEnv = process.env.VOCES_TEST_MODEL
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  const found = existsSync(modelsDir)
    ? readdirSync(modelsDir).find((name) => /^ggml-.*\.bin$/.test(name))
    : undefined
  return found ? path.join(modelsDir, found) : null
}

/** Word error rate: word-level edit distance over the reference's length. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = normalizeText(reference).split(' ').filter(Boolean)
  const hyp = normalizeText(hypothesis).split(' ').filter(Boolean)
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j)
  for (let i = 1; i <= ref.length; i++) {
    const current = [i]
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1)
      current.push(Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1))
    }
    previous = current
  }
  return (previous[hyp.length] ?? 0) / Math.max(1, ref.length)
}

const model = findRealModel()
const references = JSON.parse(
  readFileSync(path.join(mediaDir, 'references.json'), 'utf8'),
) as Record<string, { text: string | null }>
if (!model) {
  console.log(
    'SKIPPED real-model transcription tests: no real Whisper model (set VOCES_TEST_MODEL=/path/to/ggml-*.bin or put one in ../shared/models)',
  )
}

describe.skipIf(!model)('real transcription with a real model', () => {
  // Bounds a tiny model meets on these clean recordings; larger models do far better.
  const cases = [
    { file: 'en/jfk.wav', language: 'en' as const, bound: 0.25 },
    { file: 'es/leopard_es.wav', language: 'es' as const, bound: 0.5 },
  ]
  for (const { file, language, bound } of cases) {
    it(`transcribes ${file} (${language}) with word error rate ≤ ${bound}, detecting the language, with word timings`, async () => {
      const { dir, cleanup } = tempDir()
      try {
        const header = await readModelHeader(model ?? '')
        const json = await runWhisper({
          binary: requireWhisperCli(),
          model: model ?? '',
          audio: path.join(mediaDir, file),
          outBase: path.join(dir, 'out'),
          language: 'auto',
          translate: false,
          dtw: header ? dtwPreset(header) : null,
        })
        expect(json.result?.language).toBe(language)
        const segments = segmentsFromWhisperJson(json, 0)
        const text = segments.map((s) => s.text).join(' ')
        expect(wordErrorRate(references[file]?.text ?? '', text)).toBeLessThanOrEqual(bound)
        const words = segments.flatMap((s) => s.words)
        expect(words.length).toBeGreaterThan(5)
        for (const word of words) expect(word.end).toBeGreaterThanOrEqual(word.start)
      } finally {
        cleanup()
      }
    })
  }
})

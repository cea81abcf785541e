// An episode's transcript in the other language: translated sentences have no word
// timings, so a cut either leaves a sentence whole or, when a person cut content from it, out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { translationSources } from '../../src/core/episodes/translation-sources.ts'
import type { Voces } from '../../src/core/voces.ts'
import type { Cut } from '../../src/shared/contract/index.ts'
import { addRecording, addTrack, openLibrary } from '../search/fixtures.ts'
import { databaseOf } from '../helpers.ts'

let voces: Voces
let cleanup: () => Promise<void>
beforeEach(() => {
  ;({ voces, cleanup } = openLibrary())
  addRecording(databaseOf(voces), { id: 'rosa' })
  addTrack(databaseOf(voces), 'rosa', 'es', [
    { start: 0, end: 4, text: 'Este, pues, paramos la línea.' },
    { start: 4, end: 8, text: 'El patrón se llamaba Gómez.' },
    { start: 8, end: 12, text: 'Y ganamos.' },
  ])
  addTrack(
    databaseOf(voces),
    'rosa',
    'en',
    [
      { start: 0, end: 4, text: 'We stopped the line.' },
      { start: 4, end: 8, text: 'The boss was called Gómez.' },
      { start: 8, end: 12, text: 'And we won.' },
    ],
    'translation',
  )
  addRecording(databaseOf(voces), { id: 'ana' })
  addTrack(databaseOf(voces), 'ana', 'en', [{ start: 0, end: 3, text: 'I was there too.' }])
})
afterEach(() => cleanup())

const cut = (start: number, end: number, kind: Cut['kind']): Cut => ({
  recordingId: 'rosa',
  start,
  end,
  kind,
})
const texts = (sources: Awaited<ReturnType<typeof translationSources>>, id: string) =>
  sources?.get(id)?.segments.map((s) => s.text)

describe('translation sources', () => {
  it('keeps sentences under filler cuts and leaves out those an edit cut touched', async () => {
    const sources = await translationSources(voces, ['rosa', 'ana'], 'en', [
      cut(0.1, 0.6, 'filler'),
      cut(6.5, 7.9, 'edit'),
    ])
    expect(texts(sources, 'rosa')).toEqual(['We stopped the line.', 'And we won.'])
    // Ana speaks English: her own transcript is the English episode's.
    expect(texts(sources, 'ana')).toEqual(['I was there too.'])
    // Word timings are dropped from translations: each sentence is placed whole.
    expect(sources?.get('rosa')?.segments.every((s) => s.words.length === 0)).toBe(true)
  })

  it('is null when nothing was translated into the language', async () => {
    expect(await translationSources(voces, ['rosa', 'ana'], 'es', [])).toBeNull()
    expect(await translationSources(voces, ['ana'], 'en', [])).toBeNull()
  })
})

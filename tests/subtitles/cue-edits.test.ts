import path from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import {
  SubtitleCueEditor,
  splitTextAt,
  splitTextByShare,
} from '../../src/core/subtitles/cue-edits.ts'
import type { NewCue } from '../../src/core/subtitles/types.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import type { SubtitleStore } from '../../src/core/storage/ports.ts'
import { SqliteStorage } from '../../src/core/storage/sqlite/storage.ts'
import { Voces } from '../../src/core/voces.ts'
import type { SubtitleCue } from '../../src/shared/contract/index.ts'
import { errorText } from '../../src/shared/i18n/index.ts'
import { insertRecording, openTestDatabase } from '../editor/fixtures.ts'
import { databaseOf, tempDir } from '../helpers.ts'

let cleanup: () => void
let repository: SubtitleStore
let editor: SubtitleCueEditor
const rec = 'rec-1'
/** 2 frames at 24 fps, rounded up to whole milliseconds as the operations place it. */
const GAP = 0.084

beforeAll(() => {
  const opened = openTestDatabase()
  cleanup = opened.cleanup
  insertRecording(opened.db, rec)
  insertRecording(opened.db, 'rec-2')
  const storage = new SqliteStorage({
    db: opened.db,
    media: new LocalMediaStore(path.dirname(opened.db.name)),
    now: () => new Date('2025-02-01T10:00:00.000Z'),
  })
  repository = storage.subtitles
  editor = new SubtitleCueEditor(storage)
})
afterAll(() => cleanup())

const tracks = [
  { language: 'en' as const, origin: 'made' as const, source: 'transcript:en', timing: true },
  { language: 'es' as const, origin: 'made' as const, source: 'transcript:es', timing: false },
]

/** Three cues with a gap of 3 s before the last, both languages, the first one checked. */
async function seed(): Promise<SubtitleCue[]> {
  const cues: NewCue[] = [
    {
      start: 1,
      end: 5,
      speaker: 'Ana',
      texts: {
        en: 'And so my fellow Americans,\nask not what your country',
        es: 'Y así, compatriotas,\nno pregunten qué puede su país',
      },
    },
    {
      start: 5.1,
      end: 7,
      speaker: 'Ana',
      texts: { en: 'can do for you,', es: 'hacer por ustedes,' },
    },
    { start: 10, end: 12, speaker: null, texts: { en: 'ask what you can do.', es: '' } },
  ]
  await repository.replaceCues(rec, cues, tracks)
  const first = (await repository.cues(rec))[0]
  if (!first) throw new Error('no cue')
  await repository.updateCue(first.id, {
    language: 'en',
    review: 'verified',
    reviewedBy: 'Ana Morales',
  })
  await repository.updateCue(first.id, {
    language: 'es',
    review: 'verified',
    reviewedBy: 'Ana Morales',
  })
  return repository.cues(rec)
}

let cues: SubtitleCue[]
beforeEach(async () => {
  cues = await seed()
})

const words = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean)
const cueAt = (k: number): SubtitleCue => {
  const cue = cues[k]
  if (!cue) throw new Error(`no cue ${k}`)
  return cue
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
  return 'no error'
}

describe('splitting a text', () => {
  it('at the cursor, moving a cursor inside a word to the start of that word', () => {
    expect(splitTextAt('ask not what your country', 9)).toEqual(['ask not', 'what your country'])
    expect(splitTextAt('ask not what your country', 8)).toEqual(['ask not', 'what your country'])
    expect(splitTextAt('line one\nline two', 9)).toEqual(['line one', 'line two'])
    expect(splitTextAt('one', 0)).toEqual(['', 'one'])
  })
  it('by share of the characters, at a word boundary', () => {
    expect(splitTextByShare('aaaa bbbb', 0.5)).toEqual(['aaaa', 'bbbb'])
    expect(splitTextByShare('aaaa bbbb cccc dddd', 0.75)).toEqual(['aaaa bbbb cccc', 'dddd'])
    expect(splitTextByShare('', 0.5)).toEqual(['', ''])
    expect(splitTextByShare('solo', 0.9)).toEqual(['solo', ''])
  })
})

describe('cue operations on a real library database', () => {
  it('splits at the playhead: both languages split, the first part ends a gap before the second', async () => {
    const first = cueAt(0)
    const change = await editor.split(first.id, { time: 3 })
    expect(change.removed).toEqual([])
    expect(change.cues.map((cue) => [cue.start, cue.end])).toEqual([
      [1, 3 - GAP],
      [3, 5],
    ])
    const [a, b] = change.cues
    expect(a?.id).toBe(first.id)
    for (const language of ['en', 'es'] as const) {
      expect([...words(a?.texts[language]?.text), ...words(b?.texts[language]?.text)]).toEqual(
        words(first.texts[language]?.text),
      )
      expect(a?.texts[language]?.review).toBe('machine')
      expect(b?.texts[language]?.review).toBe('machine')
      expect(b?.texts[language]?.reviewedBy).toBeNull()
    }
    expect(b?.speaker).toBe('Ana')
    expect(await repository.cues(rec)).toHaveLength(4)
  })

  it('splits at the text cursor: the time follows the share of the text', async () => {
    const first = cueAt(0)
    const text = first.texts.es?.text ?? ''
    const change = await editor.split(first.id, {
      caret: { language: 'es', offset: text.indexOf('no pregunten') + 1 },
    })
    const [a, b] = change.cues
    expect(a?.texts.es?.text).toBe('Y así, compatriotas,')
    expect(b?.texts.es?.text).toBe('no pregunten qué puede su país')
    expect(b?.start).toBeGreaterThan(1)
    expect(b?.start).toBeLessThan(5)
    expect(a?.end).toBeCloseTo((b?.start ?? 0) - GAP, 3)
    expect(`${a?.texts.en?.text} ${b?.texts.en?.text}`.replace(/\n/g, ' ')).toBe(
      'And so my fellow Americans, ask not what your country',
    )
  })

  it('refuses a split outside the cue or at the edge of its text, and changes nothing', async () => {
    const first = cueAt(0)
    const before = await repository.cues(rec)
    expect(await codeOf(() => editor.split(first.id, { time: 1.05 }))).toBe(
      'SUBTITLE_SPLIT_OUT_OF_RANGE',
    )
    expect(await codeOf(() => editor.split(first.id, { time: 6 }))).toBe(
      'SUBTITLE_SPLIT_OUT_OF_RANGE',
    )
    expect(
      await codeOf(() => editor.split(first.id, { caret: { language: 'en', offset: 0 } })),
    ).toBe('SUBTITLE_SPLIT_OUT_OF_RANGE')
    expect(await codeOf(() => editor.split(9999, { time: 3 }))).toBe('SUBTITLE_CUE_NOT_FOUND')
    expect(await repository.cues(rec)).toEqual(before)
  })

  it('merges with the next cue: texts joined and set on lines again, changed texts back to machine', async () => {
    const [, second, third] = cues
    if (!second || !third) throw new Error('seed')
    const change = await editor.merge(second.id)
    expect(change.removed).toEqual([third.id])
    const merged = change.cues[0]
    expect([merged?.start, merged?.end]).toEqual([5.1, 12])
    expect(merged?.texts.en?.text.replace(/\n/g, ' ')).toBe('can do for you, ask what you can do.')
    expect(merged?.texts.en?.review).toBe('machine')
    // The third cue had no Spanish: the second's Spanish moves over unchanged.
    expect(merged?.texts.es?.text).toBe('hacer por ustedes,')
    expect(merged?.speaker).toBe('Ana')
    expect(await codeOf(() => editor.merge(second.id))).toBe('SUBTITLE_MERGE_NO_NEXT')
  })

  it('keeps a checked text checked when the other cue brings nothing in that language', async () => {
    const first = cueAt(0)
    const second = cueAt(1)
    await repository.updateCue(second.id, { language: 'es', text: '' })
    await repository.updateCue(second.id, { language: 'en', text: '' })
    const merged = (await editor.merge(first.id)).cues[0]
    expect(merged?.texts.en?.review).toBe('verified')
    expect(merged?.texts.en?.reviewedBy).toBe('Ana Morales')
    expect(merged?.texts.en?.text).toBe(first.texts.en?.text)
  })

  it('inserts an empty cue in a gap, the minimum gap from its neighbours', async () => {
    const change = await editor.insert(rec, 8, 60)
    const added = change.cues[0]
    expect([added?.start, added?.end]).toEqual([8, 10 - GAP])
    expect(added?.texts.en?.text).toBe('')
    expect(added?.texts.es?.text).toBe('')
    // At a time inside a cue it goes after that cue.
    await seed()
    const after = (await editor.insert(rec, 5.5, 60)).cues[0]
    expect([after?.start, after?.end]).toEqual([7 + GAP, 9 + GAP])
    // In a short gap it starts at the time asked unless that leaves less than the minimum
    // duration before the next cue; then it starts just early enough.
    cues = await seed()
    await repository.updateCue(cueAt(2).id, { start: 8.3 })
    const squeezed = (await editor.insert(rec, 7.5, 60)).cues[0]
    expect(squeezed?.end).toBeCloseTo(8.3 - GAP, 6)
    expect((squeezed?.end ?? 0) - (squeezed?.start ?? 0)).toBeGreaterThanOrEqual(5 / 6 - 0.001)
    expect(squeezed?.start).toBeLessThan(7.5)
    // After the last cue, as far as the recording goes.
    await seed()
    const last = (await editor.insert(rec, 12, 13)).cues[0]
    expect([last?.start, last?.end]).toEqual([12 + GAP, 13])
  })

  it('refuses to insert where there is no room for the minimum duration', async () => {
    const before = await repository.cues(rec)
    const error = await (async () => {
      try {
        await editor.insert(rec, 5, 60)
      } catch (caught) {
        return caught as { code: string; params: Record<string, number> }
      }
      return null
    })()
    expect(error?.code).toBe('SUBTITLE_NO_ROOM')
    expect(error?.params.seconds).toBeCloseTo(5 / 6 + 2 / 12, 3)
    expect(await repository.cues(rec)).toEqual(before)
  })

  it('deletes a cue, and its undo puts it back with its id, texts and review states', async () => {
    const first = cueAt(0)
    const removed = await editor.remove(first.id)
    expect(removed.removed).toEqual([first.id])
    expect(await repository.findCue(first.id)).toBeNull()
    const back = await editor.apply(removed.undo)
    expect(back.cues).toEqual([first])
    expect(await repository.cues(rec)).toEqual(cues)
    // The undo of the undo deletes it again.
    await editor.apply(back.undo)
    expect(await repository.findCue(first.id)).toBeNull()
  })

  it('refuses a patch whose cue now belongs to another recording, changing nothing', async () => {
    const first = cueAt(0)
    const before = await repository.cues(rec)
    expect(
      await codeOf(() =>
        editor.apply({ recordingId: 'rec-2', put: [{ ...first, start: 0 }], remove: [] }),
      ),
    ).toBe('EDIT_STALE')
    expect(
      await codeOf(() => editor.apply({ recordingId: 'rec-2', put: [], remove: [first.id] })),
    ).toBe('EDIT_STALE')
    expect(await repository.cues(rec)).toEqual(before)
    expect(await repository.cues('rec-2')).toEqual([])
  })

  it('any sequence of operations undone in reverse gives back the cues exactly (property)', async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('split' as const),
        k: fc.nat(),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('merge' as const), k: fc.nat() }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.double({ min: 0, max: 14, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('delete' as const), k: fc.nat() }),
      fc.record({
        kind: fc.constant('retime' as const),
        k: fc.nat(),
        shift: fc.double({ min: -1, max: 1, noNaN: true }),
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 10 }), async (ops) => {
        const start = await seed()
        const undo = []
        for (const action of ops) {
          const now = await repository.cues(rec)
          const target = now.length > 0 ? now['k' in action ? action.k % now.length : 0] : undefined
          try {
            if (action.kind === 'insert') undo.push((await editor.insert(rec, action.at, 14)).undo)
            else if (!target) continue
            else if (action.kind === 'split')
              undo.push(
                (
                  await editor.split(target.id, {
                    time: target.start + action.share * (target.end - target.start),
                  })
                ).undo,
              )
            else if (action.kind === 'merge') undo.push((await editor.merge(target.id)).undo)
            else if (action.kind === 'delete') undo.push((await editor.remove(target.id)).undo)
            else {
              // A timing edit as the waveform saves it: updateCue, its undo the state before.
              await repository.updateCue(target.id, {
                start: Math.max(0, target.start + action.shift),
                end: Math.max(0, target.start + action.shift) + (target.end - target.start),
              })
              undo.push({ recordingId: rec, put: [target], remove: [] })
            }
          } catch (error) {
            const code = (error as { code?: string }).code ?? ''
            if (!code.startsWith('SUBTITLE_')) throw error
          }
        }
        for (const patch of undo.reverse()) await editor.apply(patch)
        expect(await repository.cues(rec)).toEqual(start)
      }),
      { numRuns: 60 },
    )
  })
})

describe('the cue operations and the rules through the API', () => {
  let voces: Voces
  let dir: { dir: string; cleanup: () => void }
  beforeEach(async () => {
    dir = tempDir('voces-cue-api-')
    voces = new Voces({ libraryDir: path.join(dir.dir, 'lib'), startJobs: false })
    insertRecording(databaseOf(voces), 'r1')
    await voces.storage.subtitles.replaceCues(
      'r1',
      [
        {
          start: 0.5,
          end: 2.5,
          speaker: null,
          texts: { en: 'First one here.', es: 'El primero.' },
        },
        { start: 6, end: 8, speaker: null, texts: { en: 'Second.', es: '' } },
      ],
      tracks,
    )
  })
  afterEach(async () => {
    await voces.close()
    dir.cleanup()
  })
  const call = (method: string, input: unknown) =>
    dispatch(method, input, { voces, transport: 'cli' })

  it('splits, merges, inserts, deletes and undoes through the contract', async () => {
    const got = await call('subtitles.get', { recordingId: 'r1' })
    if (!got.ok) throw new Error(got.error.message)
    const [first] = (got.value as { cues: SubtitleCue[] }).cues
    if (!first) throw new Error('no cue')
    const split = await call('subtitles.splitCue', { cueId: first.id, time: 1.5 })
    expect(split.ok && (split.value as { cues: SubtitleCue[] }).cues.length).toBe(2)
    const inserted = await call('subtitles.insertCue', { recordingId: 'r1', at: 3 })
    expect(inserted.ok).toBe(true)
    const merged = await call('subtitles.mergeCue', { cueId: first.id })
    expect(merged.ok).toBe(true)
    const deleted = await call('subtitles.deleteCue', { cueId: first.id })
    if (!deleted.ok) throw new Error(deleted.error.message)
    const undo = (deleted.value as { undo: unknown }).undo
    const back = await call('subtitles.apply', { patch: undo })
    expect(back.ok).toBe(true)
    const bad = await call('subtitles.splitCue', { cueId: first.id, time: -1 })
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT')
    const none = await call('subtitles.insertCue', { recordingId: 'nope', at: 1 })
    expect(!none.ok && none.error.code).toBe('RECORDING_NOT_FOUND')
  })

  it('refuses a rule outside its range with an error that names it, in English and Spanish', async () => {
    const narrow = await call('subtitles.settings', {
      recordingId: 'r1',
      patch: { maxCharsPerLine: 5 },
    })
    expect(narrow.ok).toBe(false)
    if (narrow.ok) return
    expect(narrow.error.code).toBe('SUBTITLE_RULE_OUT_OF_RANGE')
    expect(narrow.error.params).toEqual({ rule: 'maxCharsPerLine', min: 10, max: 100 })
    expect(errorText('en', narrow.error).text).toBe('Use a number from 10 to 100.')
    expect(errorText('es', narrow.error).text).toBe('Use un número del 10 al 100.')

    const half = await call('subtitles.settings', { patch: { maxLines: 1.5 } })
    expect(!half.ok && half.error.code).toBe('SUBTITLE_RULE_NOT_WHOLE')
    const zero = await call('subtitles.settings', { patch: { maxCharsPerSecond: { es: 0 } } })
    expect(!zero.ok && zero.error.params?.rule).toBe('maxCharsPerSecond.es')
    expect(!zero.ok && errorText('es', zero.error).text).toBe(
      'Use un número mayor que 0, hasta 100.',
    )
    const crossed = await call('subtitles.settings', {
      recordingId: 'r1',
      patch: { minDuration: 8 },
    })
    expect(!crossed.ok && crossed.error.code).toBe('SUBTITLE_RULES_DURATION')
    expect(!crossed.ok && errorText('es', crossed.error).text).toMatch(/duración mínima/)

    const stored = await call('subtitles.settings', { recordingId: 'r1' })
    expect(stored.ok && stored.value).toMatchObject({ library: {}, recording: {} })
    const good = await call('subtitles.settings', {
      recordingId: 'r1',
      patch: { maxCharsPerSecond: { en: 12 } },
    })
    expect(
      good.ok &&
        (good.value as { rules: { maxCharsPerSecond: { en: number } } }).rules.maxCharsPerSecond.en,
    ).toBe(12)
  })
})

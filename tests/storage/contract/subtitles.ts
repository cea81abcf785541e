import { describe, expect, it } from 'vitest'
import { defaultSubtitleRules } from '../../../src/core/subtitles/rules.ts'
import type { NewCue, TrackInfo } from '../../../src/core/subtitles/types.ts'
import type { Storage } from '../../../src/core/storage/ports.ts'
import type { SubtitleCue } from '../../../src/shared/contract/index.ts'
import { tickingClock, type StorageFactory } from './fixtures.ts'

/**
 * Adds a bare recording (60 s) for cues to belong to. The recordings port has not moved yet
 * (decision 0100), so each backend says how; it becomes `storage.recordings.insert` when it does.
 */
export type AddRecording = (storage: Storage, id: string) => Promise<void>

const tracks: TrackInfo[] = [
  { language: 'en', origin: 'made', source: 'transcript:en', timing: true },
  { language: 'es', origin: 'typed', source: '', timing: false },
]

const three: NewCue[] = [
  // Out of time order on purpose: cues are read in time order.
  { start: 6, end: 8.5, speaker: null, texts: { en: 'ask what you can do.', es: '' } },
  {
    start: 0.5,
    end: 2.25,
    speaker: 'Ana',
    texts: { en: 'And so, my fellow Americans,', es: 'Y así, compatriotas,' },
  },
  { start: 2.333, end: 5, speaker: 'Ana', texts: { en: 'ask not what your country' } },
]

const codeOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  )

/** Subtitle tracks, cues, checked marks, cue operations and rules: what any backend must keep. */
export function subtitleStoreContract(factory: StorageFactory, addRecording: AddRecording): void {
  describe('subtitles', () => {
    const opened = async () => {
      const fixture = await factory({ now: tickingClock() })
      await addRecording(fixture.storage, 'r1')
      await addRecording(fixture.storage, 'r2')
      return fixture
    }

    it('keeps cues in time order with each language’s text, and tracks that count them', async () => {
      const { storage, reopen, close } = await opened()
      try {
        expect(await storage.subtitles.cues('r1')).toEqual([])
        expect(await storage.subtitles.timingLanguage('r1')).toBeNull()
        await storage.subtitles.replaceCues('r1', three, tracks)
        const cues = await storage.subtitles.cues('r1')
        expect(cues.map((cue) => [cue.start, cue.end, cue.speaker])).toEqual([
          [0.5, 2.25, 'Ana'],
          [2.333, 5, 'Ana'],
          [6, 8.5, null],
        ])
        expect(cues[0]?.texts.es).toEqual({
          text: 'Y así, compatriotas,',
          review: 'machine',
          reviewedBy: null,
          reviewedAt: null,
        })
        // A language given as '' is an empty text; one not given is none.
        expect(cues[2]?.texts.es?.text).toBe('')
        expect(cues[1]?.texts.es).toBeNull()
        expect(new Set(cues.map((cue) => cue.id)).size).toBe(3)
        const [en, es] = await storage.subtitles.tracks('r1')
        expect(en).toMatchObject({ language: 'en', origin: 'made', timing: true, cues: 3 })
        expect(es).toMatchObject({ language: 'es', origin: 'typed', timing: false, cues: 1 })
        expect(en?.verified).toBe(0)
        expect(en?.createdAt).toMatch(/^2026-12-07T10:00:\d\d\.000Z$/)
        expect(await storage.subtitles.timingLanguage('r1')).toBe('en')
        expect(await storage.subtitles.cues('r2')).toEqual([])
        const again = await reopen()
        expect(await again.subtitles.get('r1')).toEqual({
          recordingId: 'r1',
          tracks: [en, es],
          cues,
          rules: defaultSubtitleRules,
        })
        // Made again, the cues are replaced whole.
        await storage.subtitles.replaceCues('r1', three.slice(0, 1), tracks)
        expect(await storage.subtitles.cues('r1')).toHaveLength(1)
      } finally {
        await close()
      }
    })

    it('marks a text checked by a named person, stamped now, and refuses what does not fit', async () => {
      const { storage, close } = await opened()
      try {
        await storage.subtitles.replaceCues('r1', three, tracks)
        const [first] = await storage.subtitles.cues('r1')
        if (!first) throw new Error('no cue')
        const { recordingId, cue } = await storage.subtitles.updateCue(first.id, {
          language: 'en',
          review: 'verified',
          reviewedBy: 'Ana Morales',
        })
        expect(recordingId).toBe('r1')
        expect(cue.texts.en).toMatchObject({
          text: 'And so, my fellow Americans,',
          review: 'verified',
          reviewedBy: 'Ana Morales',
        })
        expect(cue.texts.en?.reviewedAt).toMatch(/^2026-12-07T10:00:\d\d\.000Z$/)
        expect(await storage.subtitles.verifiedCount('r1')).toBe(1)
        expect((await storage.subtitles.tracks('r1'))[0]?.verified).toBe(1)
        // A new time keeps the mark; so does the other language's text.
        const moved = await storage.subtitles.updateCue(first.id, { start: 0.25, end: 2 })
        expect(moved.cue.texts.en?.review).toBe('verified')
        expect([moved.cue.start, moved.cue.end]).toEqual([0.25, 2])

        expect(await codeOf(storage.subtitles.updateCue(first.id, { start: 3, end: 2 }))).toBe(
          'SUBTITLE_CUE_TIMING',
        )
        expect(await codeOf(storage.subtitles.updateCue(first.id, { text: 'x' }))).toBe(
          'SUBTITLE_LANGUAGE_REQUIRED',
        )
        expect(
          await codeOf(
            storage.subtitles.updateCue(first.id, { language: 'es', review: 'verified' }),
          ),
        ).toBe('SUBTITLE_REVIEWER_REQUIRED')
        expect(await codeOf(storage.subtitles.updateCue(999_999, { start: 1 }))).toBe(
          'SUBTITLE_CUE_NOT_FOUND',
        )
        expect(await codeOf(storage.subtitles.cue(999_999))).toBe('SUBTITLE_CUE_NOT_FOUND')
        expect(await storage.subtitles.findCue(999_999)).toBeNull()
        expect((await storage.subtitles.cue(first.id)).cue).toEqual(moved.cue)
      } finally {
        await close()
      }
    })

    it('applies a cue operation with its undo all or nothing, and the undo gives back every cue', async () => {
      const { storage, close } = await opened()
      try {
        await storage.subtitles.replaceCues('r1', three, tracks)
        const before = await storage.subtitles.cues('r1')
        const [first, second, third] = before
        if (!first || !second || !third) throw new Error('seed')
        expect(await storage.subtitles.nextCueId(first.id)).toBe(second.id)
        expect(await storage.subtitles.nextCueId(third.id)).toBeNull()
        expect(await storage.subtitles.spans('r1')).toEqual(
          before.map(({ id, start, end }) => ({ id, start, end })),
        )
        const change = await storage.subtitles.edit('r1', [
          { put: { ...first, end: 1 } },
          { insert: { start: 1.1, end: 2.25, speaker: 'Ana', texts: first.texts } },
          { remove: third.id },
        ])
        expect(change.removed).toEqual([third.id])
        expect(change.cues.map((cue) => [cue.start, cue.end])).toEqual([
          [0.5, 1],
          [1.1, 2.25],
        ])
        expect(change.undo.put).toEqual([first, third])
        expect(change.undo.remove).toHaveLength(1)
        const back = await storage.subtitles.edit('r1', [
          ...change.undo.remove.map((id) => ({ remove: id })),
          ...change.undo.put.map((cue) => ({ put: cue })),
        ])
        expect(await storage.subtitles.cues('r1')).toEqual(before)
        // The undo's own undo does the operation again: the cue added goes back in, the third out.
        expect(back.removed).toEqual(change.undo.remove)
        expect(back.undo.remove).toEqual([third.id])
        expect(back.undo.put.map((cue: SubtitleCue) => cue.end)).toEqual([2.25, 1])

        // A step on another recording's cue refuses the whole operation.
        expect(
          await codeOf(
            storage.subtitles.edit('r2', [{ remove: 999_999 }, { put: { ...second, end: 3 } }]),
          ),
        ).toBe('EDIT_STALE')
        expect(
          await codeOf(
            storage.subtitles.edit('r1', [{ put: { ...first, end: 2 } }, { remove: -1 }]),
          ),
        ).toBe('no error')
        await storage.subtitles.edit('r1', [{ put: first }])
        expect(
          await codeOf(
            storage.subtitles.edit('r2', [
              { insert: { start: 0, end: 1, speaker: null, texts: { en: null, es: null } } },
              { remove: first.id },
            ]),
          ),
        ).toBe('EDIT_STALE')
        expect(await storage.subtitles.cues('r1')).toEqual(before)
        expect(await storage.subtitles.cues('r2')).toEqual([])
      } finally {
        await close()
      }
    })

    it('replaces one language’s texts on the cues there, keeping the other and the timing', async () => {
      const { storage, close } = await opened()
      try {
        await storage.subtitles.replaceCues('r1', three, tracks)
        const [first, second, third] = await storage.subtitles.cues('r1')
        if (!first || !second || !third) throw new Error('seed')
        await storage.subtitles.replaceTexts(
          'r1',
          'es',
          new Map([
            [second.id, 'no pregunten qué puede su país'],
            [third.id, 'pregunten qué pueden hacer.'],
          ]),
          { language: 'es', origin: 'imported', source: 'entrevista.es.srt', timing: false },
        )
        const cues = await storage.subtitles.cues('r1')
        expect(cues.map((cue) => cue.texts.es?.text ?? null)).toEqual([
          null,
          'no pregunten qué puede su país',
          'pregunten qué pueden hacer.',
        ])
        expect(cues.map((cue) => cue.texts.en)).toEqual(
          [first, second, third].map((c) => c.texts.en),
        )
        expect(await storage.subtitles.timingLanguage('r1')).toBe('en')
        expect((await storage.subtitles.tracks('r1'))[1]).toMatchObject({
          language: 'es',
          origin: 'imported',
          source: 'entrevista.es.srt',
          cues: 2,
        })
      } finally {
        await close()
      }
    })

    it('keeps any text and speaker as written: quotes, braces, commas, backslashes, line breaks', async () => {
      const { storage, close } = await opened()
      try {
        const odd = ['“No”, he said, "{NULL}"', 'a\\b\nc,d', '', 'O\'Brien {x} ,"y"']
        await storage.subtitles.replaceCues(
          'r1',
          odd.map((text, i) => ({
            start: i,
            end: i + 1,
            speaker: odd[(i + 1) % odd.length] ?? null,
            texts: { en: text },
          })),
          tracks.slice(0, 1),
        )
        const cues = await storage.subtitles.cues('r1')
        expect(cues.map((cue) => [cue.texts.en?.text, cue.speaker])).toEqual(
          odd.map((text, i) => [text, odd[(i + 1) % odd.length]]),
        )
        await storage.subtitles.replaceTexts(
          'r1',
          'es',
          new Map(cues.map((cue, i) => [cue.id, odd[odd.length - 1 - i] ?? ''])),
          tracks[1] as TrackInfo,
        )
        expect((await storage.subtitles.cues('r1')).map((cue) => cue.texts.es?.text)).toEqual(
          [...odd].reverse(),
        )
      } finally {
        await close()
      }
    })

    it('keeps rules overrides per scope, checks what results, and a refused patch changes nothing', async () => {
      const { storage, reopen, close } = await opened()
      try {
        expect(await storage.subtitles.rules(null)).toEqual(defaultSubtitleRules)
        expect(await storage.subtitles.rulesPatch(null)).toBeNull()
        await storage.subtitles.setRulesPatch(null, { maxLines: 3 }, false)
        await storage.subtitles.setRulesPatch('r1', { maxCharsPerSecond: { en: 12 } }, false)
        await storage.subtitles.setRulesPatch('r1', { maxCharsPerLine: 40 }, false)
        const r1 = await (await reopen()).subtitles.rules('r1')
        expect(r1).toMatchObject({ maxLines: 3, maxCharsPerLine: 40 })
        expect(r1.maxCharsPerSecond.en).toBe(12)
        expect(r1.maxCharsPerSecond.es).toBe(defaultSubtitleRules.maxCharsPerSecond.es)
        expect((await storage.subtitles.rules('r2')).maxCharsPerLine).toBe(
          defaultSubtitleRules.maxCharsPerLine,
        )
        expect(await storage.subtitles.rulesPatch('r1')).toEqual({
          maxCharsPerSecond: { en: 12 },
          maxCharsPerLine: 40,
        })
        expect(
          await codeOf(storage.subtitles.setRulesPatch('r1', { maxCharsPerLine: 5 }, false)),
        ).toBe('SUBTITLE_RULE_OUT_OF_RANGE')
        expect((await storage.subtitles.rules('r1')).maxCharsPerLine).toBe(40)
        await storage.subtitles.setRulesPatch('r1', {}, true)
        expect(await storage.subtitles.rulesPatch('r1')).toBeNull()
        expect((await storage.subtitles.rules('r1')).maxLines).toBe(3)
      } finally {
        await close()
      }
    })

    it('inside a transaction that throws, leaves cues, marks and rules as they were', async () => {
      const { storage, close } = await opened()
      try {
        await storage.subtitles.replaceCues('r1', three, tracks)
        const before = await storage.subtitles.get('r1')
        const [first] = before.cues
        if (!first) throw new Error('seed')
        const refused = new Error('the person cancelled')
        await expect(
          storage.transaction(async (tx) => {
            await tx.subtitles.updateCue(first.id, {
              language: 'en',
              review: 'verified',
              reviewedBy: 'Ana Morales',
            })
            await tx.subtitles.edit('r1', [{ remove: first.id }])
            await tx.subtitles.setRulesPatch('r1', { maxLines: 1 }, false)
            await tx.subtitles.replaceCues('r1', [], tracks)
            expect(await tx.subtitles.cues('r1')).toEqual([])
            throw refused
          }),
        ).rejects.toBe(refused)
        expect(await storage.subtitles.get('r1')).toEqual(before)
        expect(await storage.subtitles.verifiedCount('r1')).toBe(0)
      } finally {
        await close()
      }
    })

    it('has no transcript to make cues from until one is stored', async () => {
      const { storage, close } = await opened()
      try {
        expect(await storage.subtitles.transcriptTracks('r1')).toEqual([])
        expect(await storage.subtitles.transcript('r1', 'en')).toEqual([])
      } finally {
        await close()
      }
    })
  })
}

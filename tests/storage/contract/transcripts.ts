import { describe, expect, it } from 'vitest'
import { readTracks } from '../../../src/core/archive/tracks.ts'
import type { NewTrack, Storage } from '../../../src/core/storage/ports.ts'
import { exportTranscript } from '../../../src/core/transcripts/formats.ts'
import type { EditorTranscript, Segment } from '../../../src/shared/contract/index.ts'
import { tickingClock, type StorageFactory, type StorageFixture } from './fixtures.ts'

/**
 * Transcript tracks (decision 0114): what any backend must keep of tracks, segments, words and
 * speakers, the one speaker rule (decision 0075) in every reader, and the editor's edits, each
 * atomic with the patch that undoes it (decision 0040).
 */

const rec = 'rec-1'

const huelga: Segment[] = [
  {
    start: 2.8,
    end: 5.1,
    speaker: 'SPEAKER_01',
    language: 'en',
    text: 'In March, after SEIU 2015 voted.',
    words: [
      { start: 2.8, end: 3.0, text: 'In', probability: 0.97 },
      { start: 3.0, end: 3.5, text: 'March,', probability: 0.93 },
      { start: 3.6, end: 4.0, text: 'after', probability: 0.96 },
      { start: 4.0, end: 4.4, text: 'SEIU', probability: 0.7 },
      { start: 4.4, end: 4.8, text: '2015', probability: null },
      { start: 4.8, end: 5.1, text: 'voted.', probability: 0.9 },
    ],
  },
  {
    start: 0.5,
    end: 2.25,
    speaker: 'SPEAKER_00',
    language: 'es',
    text: '¿Cuándo empezó la huelga?',
    words: [
      { start: 0.5, end: 1.1, text: '¿Cuándo', probability: 0.91 },
      { start: 1.1, end: 1.6, text: 'empezó', probability: 0.88 },
      { start: 1.6, end: 1.8, text: 'la', probability: 0.99 },
      { start: 1.8, end: 2.25, text: 'huelga?', probability: 0.95 },
    ],
  },
  { start: 6, end: 7.5, speaker: null, language: 'es', text: 'Sí.', words: [] },
]

const translation: Segment[] = [
  { start: 0.5, end: 2.25, speaker: 'SPEAKER_00', language: 'en', text: 'When?', words: [] },
  { start: 2.8, end: 5.1, speaker: 'SPEAKER_01', language: 'en', text: 'In March.', words: [] },
]

const track = (patch: Partial<NewTrack> = {}): NewTrack => ({
  recordingId: rec,
  language: 'es',
  kind: 'transcript',
  origin: 'whisper',
  model: 'small',
  engineSettings: { beamSize: 5, windows: [0, 30] },
  segments: huelga,
  ...patch,
})

async function opened(
  factory: StorageFactory,
): Promise<StorageFixture & { transcripts: Storage['transcripts'] }> {
  const fixture = await factory({ now: tickingClock() })
  await fixture.addRecording(rec)
  return { ...fixture, transcripts: fixture.storage.transcripts }
}

const bySpeaker = (segments: ReadonlyArray<{ speaker: string | null; text: string }>) =>
  segments.map((s) => [s.speaker, s.text])

export function transcriptsContract(factory: StorageFactory): void {
  describe('transcripts', () => {
    it('keeps a whole track: segments in time order, words, probabilities, in the contract’s units', async () => {
      const { transcripts, reopen, close } = await opened(factory)
      try {
        expect(await transcripts.listTracks(rec)).toEqual([])
        expect(await transcripts.getTrack(rec)).toBeUndefined()
        const summary = await transcripts.replaceTrack(track())
        expect(summary).toEqual({
          recordingId: rec,
          track: 'es',
          kind: 'transcript',
          origin: 'whisper',
          model: 'small',
          engineSettings: { beamSize: 5, windows: [0, 30] },
          segmentCount: 3,
          wordCount: 10,
          createdAt: '2026-12-07T10:00:00.000Z',
          updatedAt: '2026-12-07T10:00:00.000Z',
        })
        const again = await (await reopen()).transcripts.getTrack(rec, 'es')
        expect(again).toEqual({
          ...summary,
          segments: [huelga[1], huelga[0], huelga[2]],
        })
        expect(typeof again?.segments[0]?.start).toBe('number')
        // Times out of order are put in order and kept to the millisecond.
        await transcripts.replaceTrack(
          track({
            segments: [{ ...huelga[2]!, start: -1, end: -2.00049, words: [] }],
          }),
        )
        const clamped = await transcripts.requireTrack(rec)
        expect(clamped.segments.map((s) => [s.start, s.end])).toEqual([[0, 0]])
        // Replaced, it keeps the day it was first written.
        expect(clamped.createdAt).toBe(summary.createdAt)
        expect(clamped.updatedAt > summary.updatedAt).toBe(true)
      } finally {
        await close()
      }
    })

    it('has one source transcript, a translation beside it, and removes a track by language', async () => {
      const { transcripts, close } = await opened(factory)
      try {
        await transcripts.replaceTrack(track())
        await transcripts.replaceTrack(
          track({ language: 'en', kind: 'translation', segments: translation }),
        )
        expect((await transcripts.listTracks(rec)).map((t) => [t.track, t.kind])).toEqual([
          ['es', 'transcript'],
          ['en', 'translation'],
        ])
        expect((await transcripts.getTrack(rec))?.track).toBe('es')
        // A new run that hears English takes the place of the Spanish transcript.
        await transcripts.replaceTrack(track({ language: 'en', segments: [huelga[0]!] }))
        expect((await transcripts.listTracks(rec)).map((t) => [t.track, t.kind])).toEqual([
          ['en', 'transcript'],
        ])
        await expect(transcripts.requireTrack(rec, 'es')).rejects.toMatchObject({
          code: 'TRANSCRIPT_NOT_FOUND',
        })
        expect(await transcripts.removeTrack(rec, 'en')).toBe(true)
        expect(await transcripts.removeTrack(rec, 'en')).toBe(false)
        await expect(transcripts.requireTrack(rec)).rejects.toMatchObject({
          code: 'TRANSCRIPT_NOT_FOUND',
        })
      } finally {
        await close()
      }
    })

    it('shows a renamed speaker by the one rule in every reader, and a cleared name as the label', async () => {
      const { storage, transcripts, close } = await opened(factory)
      try {
        await transcripts.replaceTrack(track())
        await transcripts.replaceTrack(
          track({ language: 'en', kind: 'translation', segments: translation }),
        )
        const loaded = await transcripts.editorTrack(rec)
        const sheila = loaded?.speakers.find((s) => s.label === 'SPEAKER_01')
        if (!sheila) throw new Error('no SPEAKER_01')
        const renamed = await transcripts.renameSpeaker(sheila.id, '  Sheila  ', 'SEIU 2015')
        expect(renamed.speakers).toEqual([
          { ...sheila, name: '  Sheila  ', affiliation: 'SEIU 2015' },
        ])

        const readers = async () => ({
          getTrack: bySpeaker((await transcripts.requireTrack(rec, 'es')).segments),
          translation: bySpeaker((await transcripts.requireTrack(rec, 'en')).segments),
          archive: (await readTracks(storage, rec)).map((t) => bySpeaker(t.segments)),
          json: bySpeaker(
            (
              JSON.parse(exportTranscript(await transcripts.requireTrack(rec), 'json').text) as {
                segments: Segment[]
              }
            ).segments,
          ),
        })
        const named = await readers()
        const source = [
          ['SPEAKER_00', '¿Cuándo empezó la huelga?'],
          ['Sheila', 'In March, after SEIU 2015 voted.'],
          [null, 'Sí.'],
        ]
        const translated = [
          ['SPEAKER_00', 'When?'],
          ['Sheila', 'In March.'],
        ]
        expect(named).toEqual({
          getTrack: source,
          translation: translated,
          archive: [translated, source],
          json: source,
        })
        // Subtitle cues keep the label, to show it by the same rule when they are read.
        expect(bySpeaker(await transcripts.labelledSegments(rec, 'es'))[1]).toEqual([
          'SPEAKER_01',
          'In March, after SEIU 2015 voted.',
        ])
        expect(await transcripts.labelledSegments('no-such-recording', 'es')).toEqual([])
        // The editor keeps what was typed; the affiliation is never shown as the speaker.
        expect((await transcripts.editorTrack(rec))?.speakers).toContainEqual({
          ...sheila,
          name: '  Sheila  ',
          affiliation: 'SEIU 2015',
        })

        // Written back with the names, a track finds the speakers they stand for.
        const exported = await transcripts.requireTrack(rec, 'es')
        await transcripts.replaceTrack(track({ segments: exported.segments }))
        expect((await transcripts.editorTrack(rec))?.speakers.map((s) => s.label)).toEqual([
          'SPEAKER_00',
          'SPEAKER_01',
        ])

        // Undone, the label is shown again everywhere.
        await transcripts.applyEdit(renamed.undo)
        const undone = await readers()
        expect(undone.getTrack[1]).toEqual(['SPEAKER_01', 'In March, after SEIU 2015 voted.'])
        expect(undone.archive[0]?.[1]?.[0]).toBe('SPEAKER_01')
        await transcripts.renameSpeaker(sheila.id, ' ', '')
        expect((await readers()).json[1]?.[0]).toBe('SPEAKER_01')
      } finally {
        await close()
      }
    })

    it('applies an edit and its undo, each whole, and the undo of the undo redoes it', async () => {
      const { transcripts, reopen, close } = await opened(factory)
      try {
        await transcripts.replaceTrack(track())
        const before = (await transcripts.editorTrack(rec, 'es')) as EditorTranscript
        const march = before.segments[1]!
        const edited = await transcripts.editText(march.id, 'In April, after SEIU 2015 voted.')
        expect(edited.count).toBe(1)
        expect(edited.segments[0]?.words.map((w) => w.text)).toEqual([
          'In',
          'April,',
          'after',
          'SEIU',
          '2015',
          'voted.',
        ])
        // Unchanged words keep their times and ids.
        expect(edited.segments[0]?.words[5]).toEqual(march.words[5])
        const split = await transcripts.split(march.id, 2)
        expect(split.segments.map((s) => s.text)).toEqual(['In April,', 'after SEIU 2015 voted.'])
        const after = await transcripts.editorTrack(rec, 'es')
        expect((await (await reopen()).transcripts.editorTrack(rec, 'es'))?.segments).toEqual(
          after?.segments,
        )

        const unsplit = await transcripts.applyEdit(split.undo)
        expect(unsplit.removed).toHaveLength(1)
        const unedited = await transcripts.applyEdit(edited.undo)
        expect((await transcripts.editorTrack(rec, 'es'))?.segments).toEqual(before.segments)
        await transcripts.applyEdit(unedited.undo)
        await transcripts.applyEdit(unsplit.undo)
        // Redone: the same segments, words and times (a word may come back under a new id).
        const withoutWordIds = (t: EditorTranscript | null | undefined) =>
          t?.segments.map((s) => ({ ...s, words: s.words.map(({ id: _, ...w }) => w) }))
        expect(withoutWordIds(await transcripts.editorTrack(rec, 'es'))).toEqual(
          withoutWordIds(after),
        )
        // The readers see the edits.
        expect((await transcripts.requireTrack(rec)).segments.map((s) => s.text)).toEqual([
          '¿Cuándo empezó la huelga?',
          'In April,',
          'after SEIU 2015 voted.',
          'Sí.',
        ])
      } finally {
        await close()
      }
    })

    it('marks segments verified by a person, counts them, and refuses a mark without a name', async () => {
      const { transcripts, close } = await opened(factory)
      try {
        await transcripts.replaceTrack(track())
        const [first, second] = (await transcripts.editorTrack(rec))?.segments ?? []
        if (!first || !second) throw new Error('no segments')
        await expect(transcripts.review([first.id], 'verified')).rejects.toMatchObject({
          code: 'REVIEWER_REQUIRED',
        })
        expect(await transcripts.verifiedSegments(rec, ['es'])).toBe(0)
        const change = await transcripts.review([first.id, second.id], 'verified', 'Ana Ruiz')
        expect(change.segments.map((s) => [s.review, s.reviewedBy, typeof s.reviewedAt])).toEqual([
          ['verified', 'Ana Ruiz', 'string'],
          ['verified', 'Ana Ruiz', 'string'],
        ])
        expect(await transcripts.verifiedSegments(rec, ['es', 'en'])).toBe(2)
        await transcripts.review([second.id], 'machine')
        expect(await transcripts.verifiedSegments(rec, ['es'])).toBe(1)
        await transcripts.applyEdit(change.undo)
        expect(await transcripts.verifiedSegments(rec, ['es'])).toBe(0)
      } finally {
        await close()
      }
    })

    it('writes tracks inside a transaction all or nothing', async () => {
      const { storage, transcripts, close } = await opened(factory)
      try {
        await transcripts.replaceTrack(track())
        await expect(
          storage.transaction(async (tx) => {
            await tx.transcripts.replaceTrack(track({ segments: [huelga[2]!] }))
            await tx.transcripts.replaceTrack(
              track({ language: 'en', kind: 'translation', segments: translation }),
            )
            expect(await tx.transcripts.listTracks(rec)).toHaveLength(2)
            throw new Error('the second pass failed')
          }),
        ).rejects.toThrow('the second pass failed')
        expect((await transcripts.listTracks(rec)).map((t) => [t.track, t.segmentCount])).toEqual([
          ['es', 3],
        ])
      } finally {
        await close()
      }
    })
  })
}

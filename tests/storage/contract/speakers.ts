import { describe, expect, it } from 'vitest'
import type { Storage } from '../../../src/core/storage/ports.ts'
import type { Segment } from '../../../src/shared/contract/index.ts'
import { tickingClock, type StorageFactory } from './fixtures.ts'

/**
 * Speakers (decisions 0153 and 0155): what any backend must keep of a detection (the turns, the
 * segments split where their words change voice, each keeping its review), whether a person
 * corrected the speakers, the panel's edits with their undo, and the voice profiles, forgotten
 * whole.
 */

const rec = 'rec-1'

/** Whisper's way: one segment running from the interviewer's question into the answer. */
const transcript: Segment[] = [
  {
    start: 0.5,
    end: 4.6,
    speaker: 'Speaker 1',
    language: 'es',
    text: '¿Cuándo empezó? En marzo, después',
    words: [
      { start: 0.5, end: 1.1, text: '¿Cuándo', probability: 0.9 },
      { start: 1.1, end: 1.9, text: 'empezó?', probability: 0.9 },
      // The turn boundary at 2.2 s falls inside this word: most of it is the answer's.
      { start: 2.1, end: 2.9, text: 'En', probability: 0.9 },
      { start: 2.9, end: 3.6, text: 'marzo,', probability: 0.9 },
      { start: 3.7, end: 4.6, text: 'después', probability: 0.9 },
    ],
  },
]
const turns = [
  { start: 0.4, end: 2.2, label: 'Speaker 1' },
  { start: 2.2, end: 4.8, label: 'Speaker 2' },
]

async function withTranscript(storage: Storage): Promise<void> {
  await storage.transcripts.replaceTrack({
    recordingId: rec,
    language: 'es',
    kind: 'transcript',
    origin: 'whisper',
    model: 'base',
    engineSettings: {},
    segments: transcript,
  })
}

const shape = async (storage: Storage) =>
  (await storage.transcripts.requireTrack(rec)).segments.map((segment) => [
    segment.speaker,
    segment.text,
  ])

export function speakerStoreContract(factory: StorageFactory): void {
  describe('speakers', () => {
    it('stores a detection: segments split between words, turns from the transcript, talk time', async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording(rec)
        await withTranscript(storage)
        expect(await storage.speakers.state(rec)).toEqual({
          engine: null,
          detectedAt: null,
          corrected: false,
        })
        expect(await storage.speakers.saveDetection(rec, 'basic', turns)).toEqual({
          speakers: 2,
          segments: 2,
        })
        const expected = [
          ['Speaker 1', '¿Cuándo empezó?'],
          ['Speaker 2', 'En marzo, después'],
        ]
        expect(await shape(storage)).toEqual(expected)
        expect(await shape(await reopen())).toEqual(expected)
        const state = await storage.speakers.state(rec)
        expect(state).toMatchObject({ engine: 'basic', corrected: false })
        expect(state.detectedAt).toMatch(/^2026-12-07T10:00:\d\d\.000Z$/)
        const voices = await storage.speakers.voices(rec)
        expect(voices.map((v) => [v.label, v.seconds, v.sample])).toEqual([
          ['Speaker 1', 1.4, { start: 0.5, end: 1.9 }],
          ['Speaker 2', 2.5, { start: 2.1, end: 4.6 }],
        ])
        expect(await storage.speakers.turns(rec)).toEqual([
          { start: 0.5, end: 1.9, speaker: 'Speaker 1' },
          { start: 2.1, end: 4.6, speaker: 'Speaker 2' },
        ])
      } finally {
        await close()
      }
    })

    it('gives the detected turns when there is no transcript, names shown by the one rule', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording(rec)
        await storage.speakers.saveDetection(rec, 'channels', turns)
        const [first] = await storage.speakers.voices(rec)
        await storage.speakers.rename(first?.id ?? -1, 'Ana Morales', 'SEIU 2015')
        expect(await storage.speakers.turns(rec)).toEqual([
          { start: 0.4, end: 2.2, speaker: 'Ana Morales' },
          { start: 2.2, end: 4.8, speaker: 'Speaker 2' },
        ])
        expect((await storage.speakers.state(rec)).corrected).toBe(true)
        expect(await storage.speakers.stretchesOf(first?.id ?? -1)).toEqual([
          { start: 0.4, end: 2.2 },
        ])
      } finally {
        await close()
      }
    })

    it('counts a person’s moves as corrections; a new detection starts afresh', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording(rec)
        await withTranscript(storage)
        await storage.speakers.saveDetection(rec, 'basic', turns)
        const editor = await storage.transcripts.editorTrack(rec)
        const [first, second] = editor?.segments ?? []
        const [one] = editor?.speakers ?? []
        await storage.transcripts.setSpeaker(second?.id ?? -1, one?.id ?? -1)
        expect((await storage.speakers.state(rec)).corrected).toBe(true)
        await storage.speakers.saveDetection(rec, 'basic', turns)
        expect((await storage.speakers.state(rec)).corrected).toBe(false)
        expect(first).toBeDefined()
      } finally {
        await close()
      }
    })

    it('moves words and merges voices as editor edits, each undone by its patch', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording(rec)
        await withTranscript(storage)
        await storage.speakers.saveDetection(rec, 'basic', turns)
        const editor = await storage.transcripts.editorTrack(rec)
        const [one, two] = editor?.speakers ?? []
        const answer = editor?.segments[1]
        // "marzo," alone to the interviewer: three segments.
        const moved = await storage.transcripts.moveWords(answer?.id ?? -1, 1, 2, one?.id ?? -1)
        expect(await shape(storage)).toEqual([
          ['Speaker 1', '¿Cuándo empezó?'],
          ['Speaker 2', 'En'],
          ['Speaker 1', 'marzo,'],
          ['Speaker 2', 'después'],
        ])
        await storage.transcripts.applyEdit(moved.undo)
        expect(await shape(storage)).toEqual([
          ['Speaker 1', '¿Cuándo empezó?'],
          ['Speaker 2', 'En marzo, después'],
        ])
        await expect(
          storage.transcripts.moveWords(answer?.id ?? -1, 2, 9, one?.id ?? -1),
        ).rejects.toMatchObject({ code: 'WORDS_OUT_OF_RANGE' })

        const merged = await storage.transcripts.mergeSpeakers(two?.id ?? -1, one?.id ?? -1)
        expect(merged.removedSpeakers).toEqual([two?.id])
        expect((await storage.speakers.voices(rec)).map((v) => v.label)).toEqual(['Speaker 1'])
        await storage.transcripts.applyEdit(merged.undo)
        expect(await shape(storage)).toEqual([
          ['Speaker 1', '¿Cuándo empezó?'],
          ['Speaker 2', 'En marzo, después'],
        ])
        expect((await storage.speakers.state(rec)).corrected).toBe(true)
      } finally {
        await close()
      }
    })

    it('keeps a voice profile, proposes it, and forgets it whole', async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording(rec)
        await storage.speakers.saveDetection(rec, 'basic', turns)
        const embedding = Float32Array.from([0.6, 0.8, 0, -0.25])
        await storage.speakers.saveProfile('Marcos Rivera', 'Centro', embedding)
        const [profile] = await (await reopen()).speakers.profileEmbeddings()
        expect(profile?.name).toBe('Marcos Rivera')
        expect([...(profile?.embedding ?? [])]).toEqual([...embedding])
        expect((await storage.speakers.profiles()).map((p) => [p.name, p.affiliation])).toEqual([
          ['Marcos Rivera', 'Centro'],
        ])
        const [first] = await storage.speakers.voices(rec)
        await storage.speakers.setProposals(rec, [
          { speakerId: first?.id ?? -1, profileId: profile?.id ?? -1, similarity: 0.97 },
        ])
        expect((await storage.speakers.voices(rec))[0]?.proposal).toEqual({
          name: 'Marcos Rivera',
          affiliation: 'Centro',
          similarity: 0.97,
        })
        // Names compare without case; forgetting takes the proposal with it.
        expect(await storage.speakers.forgetProfile('marcos rivera')).toBe(true)
        expect(await storage.speakers.profiles()).toEqual([])
        expect(await storage.speakers.profileEmbeddings()).toEqual([])
        expect((await storage.speakers.voices(rec))[0]?.proposal).toBeNull()
        expect(await storage.speakers.forgetProfile('Marcos Rivera')).toBe(false)
      } finally {
        await close()
      }
    })

    it('stops proposing a redacted name in that recording only, and keeps the profile', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording(rec)
        await addRecording('rec-2')
        await storage.speakers.saveDetection(rec, 'basic', turns)
        await storage.speakers.saveDetection('rec-2', 'basic', turns)
        await storage.speakers.saveProfile('Marcos Rivera', '', Float32Array.from([1, 0]))
        await storage.speakers.saveProfile('Ana Morales', '', Float32Array.from([0, 1]))
        const profiles = await storage.speakers.profileEmbeddings()
        const idOf = (name: string) => profiles.find((p) => p.name === name)?.id ?? -1
        for (const id of [rec, 'rec-2']) {
          const [first, second] = await storage.speakers.voices(id)
          await storage.speakers.setProposals(id, [
            { speakerId: first?.id ?? -1, profileId: idOf('Marcos Rivera'), similarity: 0.9 },
            { speakerId: second?.id ?? -1, profileId: idOf('Ana Morales'), similarity: 0.8 },
          ])
        }
        const masks = { en: '[redacted]', es: '[nombre omitido]', names: '[redacted]' }
        await storage.masking.transcripts.maskName(rec, 'marcos RIVERA', masks)
        const proposed = async (id: string) =>
          (await storage.speakers.voices(id)).map((voice) => voice.proposal?.name ?? null)
        expect(await proposed(rec)).toEqual([null, 'Ana Morales'])
        expect(await proposed('rec-2')).toEqual(['Marcos Rivera', 'Ana Morales'])
        expect((await storage.speakers.profiles()).map((p) => p.name)).toEqual([
          'Ana Morales',
          'Marcos Rivera',
        ])
      } finally {
        await close()
      }
    })
  })
}

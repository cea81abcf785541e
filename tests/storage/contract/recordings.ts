import { describe, expect, it } from 'vitest'
import type { NewRecording } from '../../../src/core/library/recordings.ts'
import { tickingClock, type StorageFactory } from './fixtures.ts'

/** A recording as ingest hands it over: accents, an emoji and quotes where people put them. */
function sample(id: string, sha256 = `sha-${id}`): NewRecording {
  return {
    id,
    title: 'Entrevista — María José 🎙',
    path: `/home/ana/Grabaciones/Entrevista "María" ${id}.mp3`,
    storedPath: null,
    sha256,
    sizeBytes: 1234,
    duration: 11.05,
    format: 'mp3',
    hasVideo: false,
    width: null,
    height: null,
    audioCodec: 'mp3',
    videoCodec: null,
    sampleRate: 44100,
    channels: 2,
    workingAudio: `media/${id}/audio.wav`,
    peaks: `media/${id}/peaks.json`,
    poster: null,
  }
}

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The recordings and their tags (decision 0110): what any backend must keep, in plain data. */
export function recordingsContract(
  factory: StorageFactory,
  /** False for a backend whose subtitles port is not written yet: the states test is skipped. */
  { subtitles = true }: { subtitles?: boolean } = {},
): void {
  describe('recordings', () => {
    it('stores a recording with default metadata, in the contract’s units, and keeps it on reopening', async () => {
      const { storage, reopen, close } = await factory({ now: tickingClock() })
      try {
        expect(await storage.recordings.list()).toEqual([])
        const stored = await storage.recordings.insert(sample('a1'))
        expect(stored).toEqual({
          id: 'a1',
          title: 'Entrevista — María José 🎙',
          path: '/home/ana/Grabaciones/Entrevista "María" a1.mp3',
          storedPath: null,
          sha256: 'sha-a1',
          sizeBytes: 1234,
          duration: 11.05,
          format: 'mp3',
          hasVideo: false,
          width: null,
          height: null,
          audioCodec: 'mp3',
          videoCodec: null,
          sampleRate: 44100,
          channels: 2,
          hasPoster: false,
          interviewees: [],
          interviewer: '',
          interviewDate: null,
          place: '',
          languages: 'en',
          consentStatus: 'unknown',
          consentNote: '',
          tags: [],
          notes: '',
          createdAt: '2026-12-07T10:00:00.000Z',
          updatedAt: '2026-12-07T10:00:00.000Z',
        })
        expect(await storage.recordings.get('a1')).toEqual(stored)
        expect(await storage.recordings.require('a1')).toEqual(stored)
        expect(await (await reopen()).recordings.list()).toEqual([stored])

        const video = await storage.recordings.insert({
          ...sample('v1'),
          hasVideo: true,
          width: 1280,
          height: 720,
          videoCodec: 'h264',
          format: 'mov,mp4,m4a,3gp,3g2,mj2',
          poster: 'media/v1/poster.jpg',
          storedPath: 'media/v1/original.mp4',
          sizeBytes: 5_000_000_000,
        })
        // Booleans and numbers, never 0/1 or numeric strings (decision 0100).
        expect(video).toMatchObject({
          hasVideo: true,
          hasPoster: true,
          width: 1280,
          height: 720,
          sizeBytes: 5_000_000_000,
          storedPath: 'media/v1/original.mp4',
        })
        for (const recording of await storage.recordings.list()) {
          expect(typeof recording.hasVideo).toBe('boolean')
          expect(typeof recording.sizeBytes).toBe('number')
          expect(typeof recording.duration).toBe('number')
          expect(recording.createdAt).toMatch(isoDate)
          expect(recording.updatedAt).toMatch(isoDate)
        }
      } finally {
        await close()
      }
    })

    it('lists the newest first, and the later of two added in the same instant first', async () => {
      const at = new Date(Date.UTC(2026, 11, 7, 10, 0, 0))
      const { storage, close } = await factory({ now: () => at })
      try {
        for (const id of ['a1', 'a2', 'a3']) await storage.recordings.insert(sample(id))
        expect((await storage.recordings.list()).map((r) => r.id)).toEqual(['a3', 'a2', 'a1'])
      } finally {
        await close()
      }
      const ticking = await factory({ now: tickingClock() })
      try {
        for (const id of ['b1', 'b2']) await ticking.storage.recordings.insert(sample(id))
        expect((await ticking.storage.recordings.list()).map((r) => r.id)).toEqual(['b2', 'b1'])
      } finally {
        await ticking.close()
      }
    })

    it('refuses a second copy of the same file by its hash, and finds the first by it', async () => {
      const { storage, close } = await factory()
      try {
        await storage.recordings.insert(sample('a1', 'same'))
        await expect(storage.recordings.insert(sample('a2', 'same'))).rejects.toThrow()
        expect((await storage.recordings.bySha256('same'))?.id).toBe('a1')
        expect(await storage.recordings.bySha256('other')).toBeUndefined()
        expect((await storage.recordings.list()).map((r) => r.id)).toEqual(['a1'])
      } finally {
        await close()
      }
    })

    it('saves only the fields given, tags sorted and once each, and moves updatedAt only', async () => {
      const { storage, reopen, close } = await factory({ now: tickingClock() })
      try {
        const before = await storage.recordings.insert(sample('a1'))
        const after = await storage.recordings.update('a1', {
          interviewees: ['Rosa Martínez', 'Juan Pérez'],
          consentStatus: 'restricted',
          consentNote: 'Solo audio, sin nombre',
          tags: ['huelga', 'SEIU 2015', 'huelga'],
          interviewDate: '2026-03-08',
          languages: 'en,es',
        })
        expect(after).toEqual({
          ...before,
          interviewees: ['Rosa Martínez', 'Juan Pérez'],
          consentStatus: 'restricted',
          consentNote: 'Solo audio, sin nombre',
          tags: ['SEIU 2015', 'huelga'],
          interviewDate: '2026-03-08',
          languages: 'en,es',
          updatedAt: after.updatedAt,
        })
        expect(after.createdAt).toBe(before.createdAt)
        expect(after.updatedAt > before.updatedAt).toBe(true)
        // Tags not given stay; null clears the date; an empty list clears the tags.
        const noted = await storage.recordings.update('a1', { notes: 'x', interviewDate: null })
        expect(noted).toMatchObject({
          notes: 'x',
          interviewDate: null,
          tags: ['SEIU 2015', 'huelga'],
        })
        expect(noted.interviewees).toEqual(['Rosa Martínez', 'Juan Pérez'])
        expect((await storage.recordings.update('a1', { tags: [] })).tags).toEqual([])
        expect(await (await reopen()).recordings.require('a1')).toEqual(
          await storage.recordings.require('a1'),
        )
      } finally {
        await close()
      }
    })

    it('changes nothing when an update breaks a rule', async () => {
      const { storage, close } = await factory()
      try {
        const before = await storage.recordings.insert(sample('a1'))
        await expect(
          storage.recordings.update('a1', {
            title: 'New',
            tags: ['huelga'],
            consentStatus: 'maybe' as never,
          }),
        ).rejects.toThrow()
        expect(await storage.recordings.require('a1')).toEqual(before)
      } finally {
        await close()
      }
    })

    it('says which recording is missing', async () => {
      const { storage, close } = await factory()
      try {
        expect(await storage.recordings.get('nope')).toBeUndefined()
        for (const call of [
          () => storage.recordings.require('nope'),
          () => storage.recordings.files('nope'),
          () => storage.recordings.update('nope', { title: 'x' }),
        ]) {
          await expect(call()).rejects.toMatchObject({
            code: 'RECORDING_NOT_FOUND',
            message: expect.stringMatching(/no recording nope/) as unknown,
          })
        }
      } finally {
        await close()
      }
    })

    it('gives the library files of a recording, and forgets its stored copy', async () => {
      const { storage, close } = await factory({ now: tickingClock() })
      try {
        const before = await storage.recordings.insert({
          ...sample('v1'),
          storedPath: 'media/v1/original.mp4',
          poster: 'media/v1/poster.jpg',
        })
        expect(await storage.recordings.files('v1')).toEqual({
          workingAudio: 'media/v1/audio.wav',
          peaks: 'media/v1/peaks.json',
          poster: 'media/v1/poster.jpg',
          storedPath: 'media/v1/original.mp4',
        })
        await storage.recordings.forgetStoredCopy('v1')
        expect((await storage.recordings.files('v1')).storedPath).toBeNull()
        const after = await storage.recordings.require('v1')
        expect(after.storedPath).toBeNull()
        expect(after.updatedAt > before.updatedAt).toBe(true)
      } finally {
        await close()
      }
    })

    it('removes a recording with its tags; its file may come in again', async () => {
      const { storage, close } = await factory()
      try {
        await storage.recordings.insert(sample('a1', 'same'))
        await storage.recordings.update('a1', { tags: ['huelga'] })
        await storage.recordings.insert(sample('a2'))
        expect(await storage.recordings.remove('a1')).toBe(true)
        expect(await storage.recordings.remove('a1')).toBe(false)
        expect(await storage.recordings.get('a1')).toBeUndefined()
        expect((await storage.recordings.list()).map((r) => r.id)).toEqual(['a2'])
        // Nothing of it is left: the same id and file come in again without its tags.
        const again = await storage.recordings.insert(sample('a1', 'same'))
        expect(again.tags).toEqual([])
      } finally {
        await close()
      }
    })

    it('acts inside a transaction: read its own writes, undone together on rollback', async () => {
      const { storage, close } = await factory()
      try {
        await storage.recordings.insert(sample('a1'))
        const refused = new Error('the import failed')
        await expect(
          storage.transaction(async (tx) => {
            await tx.recordings.update('a1', { title: 'Changed', tags: ['paro'] })
            await tx.recordings.insert(sample('a2'))
            expect((await tx.recordings.require('a1')).title).toBe('Changed')
            await tx.glossary.replace(['paro'])
            throw refused
          }),
        ).rejects.toBe(refused)
        expect(await storage.recordings.require('a1')).toMatchObject({
          title: 'Entrevista — María José 🎙',
          tags: [],
        })
        expect(await storage.recordings.get('a2')).toBeUndefined()
        expect(await storage.glossary.list()).toEqual([])
        await storage.transaction(async (tx) => {
          await tx.recordings.update('a1', { title: 'Kept' })
        })
        expect((await storage.recordings.require('a1')).title).toBe('Kept')
      } finally {
        await close()
      }
    })

    it.skipIf(!subtitles)(
      'gives every recording’s state in list order: transcript, subtitle languages, speakers named, checked segments',
      async () => {
        const { storage, close } = await factory({ now: tickingClock() })
        try {
          await storage.recordings.insert(sample('a1'))
          await storage.recordings.insert(sample('a2'))
          expect(await storage.recordings.states()).toEqual([
            {
              id: 'a2',
              transcribed: false,
              subtitles: [],
              speakers: 0,
              speakersNamed: 0,
              segments: 0,
              checkedSegments: 0,
            },
            {
              id: 'a1',
              transcribed: false,
              subtitles: [],
              speakers: 0,
              speakersNamed: 0,
              segments: 0,
              checkedSegments: 0,
            },
          ])
          await storage.transcripts.replaceTrack({
            recordingId: 'a1',
            language: 'es',
            kind: 'transcript',
            origin: 'whisper',
            model: 'small',
            engineSettings: {},
            segments: [
              {
                start: 0,
                end: 1,
                speaker: 'SPEAKER_00',
                language: 'es',
                text: '¿Cuándo?',
                words: [],
              },
              {
                start: 1,
                end: 2,
                speaker: 'SPEAKER_01',
                language: 'es',
                text: 'En marzo.',
                words: [],
              },
              { start: 2, end: 3, speaker: null, language: 'es', text: 'Sí.', words: [] },
            ],
          })
          // A translation is not the transcript: its segments are not counted.
          await storage.transcripts.replaceTrack({
            recordingId: 'a1',
            language: 'en',
            kind: 'translation',
            origin: 'typed',
            model: null,
            engineSettings: {},
            segments: [
              { start: 0, end: 1, speaker: null, language: 'en', text: 'When?', words: [] },
            ],
          })
          // A named speaker, one segment checked, subtitles in Spanish then English.
          const editor = await storage.transcripts.editorTrack('a1')
          const [first] = editor?.segments ?? []
          const [speaker] = editor?.speakers ?? []
          if (!first || !speaker) throw new Error('no editor track')
          await storage.transcripts.renameSpeaker(speaker.id, 'Rosa', '')
          await storage.transcripts.review([first.id], 'verified', 'Ana')
          await storage.subtitles.replaceCues(
            'a1',
            [{ start: 0, end: 1, speaker: null, texts: { es: '¿Cuándo?', en: 'When?' } }],
            [
              { language: 'es', origin: 'made', source: 'transcript:es', timing: true },
              { language: 'en', origin: 'typed', source: '', timing: false },
            ],
          )
          const [a2, a1] = await storage.recordings.states()
          expect(a2).toMatchObject({ id: 'a2', transcribed: false, segments: 0 })
          expect(a1).toEqual({
            id: 'a1',
            transcribed: true,
            subtitles: ['en', 'es'],
            speakers: 2,
            speakersNamed: 1,
            segments: 3,
            checkedSegments: 1,
          })
        } finally {
          await close()
        }
      },
    )
  })
}

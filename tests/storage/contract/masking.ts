import { describe, expect, it } from 'vitest'
import type { Masks, Storage } from '../../../src/core/storage/ports.ts'

/*
 * Redaction through the owners (decisions 0100 and 0122): the masking each owner offers, what
 * redaction's own store keeps, and what voice disguise reads of the speakers. The owners' own
 * ports (recordings, transcripts, subtitles, episodes, jobs) are moving behind the seam in other
 * steps, so a backend's fixture seeds and reads the owners' rows in this plain shape itself.
 */

export interface SeedWord {
  start: number
  end: number
  text: string
}

export interface SeedSegment {
  start: number
  end: number
  text: string
  /** A speaker's label. */
  speaker?: string
  words?: SeedWord[]
}

export interface SeedTrack {
  language: 'en' | 'es'
  kind: 'transcript' | 'translation'
  segments: SeedSegment[]
}

export interface SeedCue {
  start: number
  end: number
  speaker: string | null
  texts: { en?: string; es?: string }
}

export interface SeedEpisode {
  id: string
  /** The recordings its clips are cut from. */
  recordings: string[]
  descriptionEn: string
  descriptionEs: string
  notes: Record<string, unknown>
  chapters: Array<{ start: number; titleEn: string; titleEs: string }>
}

export interface SeedJob {
  id: string
  kind: string
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
  checkpoint: string | null
  result: string | null
}

export interface SeedRecording {
  id: string
  duration: number
  tracks: SeedTrack[]
  speakers: Array<{ label: string; name: string; affiliation: string }>
  cues: SeedCue[]
  jobs: SeedJob[]
}

export interface MaskingFixture {
  storage: Storage
  seedRecording(recording: SeedRecording): Promise<void>
  seedEpisode(episode: SeedEpisode): Promise<void>
  /** The recording's rows as they are now, in the seed's shape (tracks by language, rows by start). */
  readRecording(id: string): Promise<SeedRecording>
  readEpisode(id: string): Promise<SeedEpisode>
  /** How many segments the search index finds for one term. */
  searchCount(term: string): Promise<number>
  close(): Promise<void>
}

export type MaskingFactory = () => Promise<MaskingFixture>

const masks: Masks = { en: '[redacted]', es: '[nombre omitido]', names: '[redacted]' }

/** Words evenly spread over a segment, as a transcription gives them. */
function timed(start: number, end: number, text: string): SeedSegment {
  const words = text.split(' ')
  const step = (end - start) / words.length
  return {
    start,
    end,
    text,
    words: words.map((word, i) => ({
      start: start + i * step,
      end: start + (i + 1) * step,
      text: word,
    })),
  }
}

function interview(id: string): SeedRecording {
  return {
    id,
    duration: 30,
    tracks: [
      {
        language: 'en',
        kind: 'transcript',
        segments: [
          { ...timed(0, 4, 'I worked with María López, in the plant.'), speaker: 'SPEAKER_00' },
          { ...timed(4, 8, 'Mariana said maria lopez was right.'), speaker: 'SPEAKER_01' },
          { ...timed(8, 12, 'Then we went on strike.'), speaker: 'SPEAKER_00' },
        ],
      },
      {
        language: 'es',
        kind: 'translation',
        segments: [
          { start: 0, end: 4, text: 'Trabajé con María López, en la planta.' },
          { start: 8, end: 12, text: 'Luego hicimos huelga.' },
        ],
      },
    ],
    speakers: [
      { label: 'SPEAKER_00', name: 'María López', affiliation: 'Local 2010' },
      { label: 'SPEAKER_01', name: 'Ana Ruiz', affiliation: 'amiga de María López' },
    ],
    cues: [
      {
        start: 0,
        end: 4,
        speaker: 'María López',
        texts: { en: 'I worked with María López,', es: 'Trabajé con María López,' },
      },
      { start: 20, end: 22, speaker: null, texts: { en: 'Say hi to maria lopez.' } },
      { start: 24, end: 26, speaker: 'Ana Ruiz', texts: { en: 'The strike.', es: 'La huelga.' } },
    ],
    jobs: [
      {
        id: `${id}-t1`,
        kind: 'transcribe',
        state: 'succeeded',
        checkpoint: '{"segments":["María López"]}',
        result: '{"text":"María López"}',
      },
      {
        id: `${id}-t2`,
        kind: 'transcribe',
        state: 'running',
        checkpoint: '{"segments":["María López"]}',
        result: null,
      },
      { id: `${id}-x`, kind: 'export.podcast', state: 'succeeded', checkpoint: null, result: '{}' },
    ],
  }
}

const texts = (recording: SeedRecording, language: 'en' | 'es') =>
  recording.tracks.find((t) => t.language === language)?.segments.map((s) => s.text)

export function maskingContract(factory: MaskingFactory): void {
  describe('redaction through the owners: masking', () => {
    it('masks a name in every track, as whole words, one masked word over its time', async () => {
      const { storage, seedRecording, readRecording, searchCount, close } = await factory()
      try {
        await seedRecording(interview('r1'))
        await seedRecording(interview('r2'))
        expect(await storage.masking.transcripts.namesLanguage('r1')).toBe('en')
        const masked = await storage.masking.transcripts.maskName('r1', 'maria LOPEZ', masks)
        expect(masked.segments).toBe(3)
        expect(masked.speakers).toBe(2)
        // The English words carry times; the Spanish translation has none, so its whole segment.
        const at = (x: number) => Math.round(x * 1000) / 1000
        expect(
          masked.said
            .map((s) => ({ ...s, start: at(s.start), end: at(s.end) }))
            .sort((a, b) => a.start - b.start || a.end - b.end),
        ).toEqual([
          { start: 0, end: 4, timed: false },
          { start: 1.5, end: 2.5, timed: true },
          { start: 5.333, end: 6.667, timed: true },
        ])
        const after = await readRecording('r1')
        expect(texts(after, 'en')).toEqual([
          'I worked with [redacted], in the plant.',
          // "Mariana" is another word: only whole words match.
          'Mariana said [redacted] was right.',
          'Then we went on strike.',
        ])
        expect(texts(after, 'es')).toEqual([
          'Trabajé con [nombre omitido], en la planta.',
          'Luego hicimos huelga.',
        ])
        const first = after.tracks[0]?.segments[0]?.words ?? []
        expect(first.map((w) => w.text)).toEqual([
          'I',
          'worked',
          'with',
          '[redacted]',
          'in',
          'the',
          'plant.',
        ])
        expect(first[3]).toEqual({ start: 1.5, end: 2.5, text: '[redacted]' })
        // A name that was the speaker's whole name is cleared; one inside a name is masked.
        expect(after.speakers).toEqual([
          { label: 'SPEAKER_00', name: '', affiliation: 'Local 2010' },
          { label: 'SPEAKER_01', name: 'Ana Ruiz', affiliation: 'amiga de [redacted]' },
        ])
        // The search index follows the texts; the other recording is untouched.
        expect(await searchCount('lopez')).toBe(3)
        expect(texts(await readRecording('r2'), 'en')?.[0]).toContain('María López')
      } finally {
        await close()
      }
    })

    it('masks everything said over a stretch: its words become one mask, untimed text whole', async () => {
      const { storage, seedRecording, readRecording, close } = await factory()
      try {
        await seedRecording(interview('r1'))
        expect(await storage.masking.transcripts.maskSpan('r1', 1, 3, masks)).toBe(2)
        const after = await readRecording('r1')
        expect(texts(after, 'en')?.[0]).toBe('I worked [redacted] the plant.')
        expect(texts(after, 'en')?.slice(1)).toEqual(texts(interview('r1'), 'en')?.slice(1))
        expect(texts(after, 'es')).toEqual(['[nombre omitido]', 'Luego hicimos huelga.'])
        expect(after.tracks[0]?.segments[0]?.words?.[2]).toEqual({
          start: 1,
          end: 3,
          text: '[redacted]',
        })
        expect(await storage.masking.subtitles.maskSpan('r1', 1, 3, masks)).toBe(2)
        expect((await readRecording('r1')).cues[0]?.texts).toEqual({
          en: '[redacted]',
          es: '[nombre omitido]',
        })
      } finally {
        await close()
      }
    })

    it('masks cue texts in their language and the speakers cues name, and says where', async () => {
      const { storage, seedRecording, readRecording, close } = await factory()
      try {
        await seedRecording(interview('r1'))
        const masked = await storage.masking.subtitles.maskName('r1', 'María López', masks)
        expect(masked.cues).toBe(3)
        expect(masked.said).toEqual(
          expect.arrayContaining([
            { start: 0, end: 4 },
            { start: 20, end: 22 },
          ]),
        )
        expect(masked.said).toHaveLength(3)
        const cues = (await readRecording('r1')).cues
        expect(cues).toEqual([
          {
            start: 0,
            end: 4,
            speaker: null,
            texts: { en: 'I worked with [redacted],', es: 'Trabajé con [nombre omitido],' },
          },
          { start: 20, end: 22, speaker: null, texts: { en: 'Say hi to [redacted].' } },
          {
            start: 24,
            end: 26,
            speaker: 'Ana Ruiz',
            texts: { en: 'The strike.', es: 'La huelga.' },
          },
        ])
      } finally {
        await close()
      }
    })

    it('masks the notes, descriptions and chapters of the episodes that use the recording only', async () => {
      const { storage, seedRecording, seedEpisode, readEpisode, close } = await factory()
      try {
        await seedRecording(interview('r1'))
        await seedRecording(interview('r2'))
        const episode = (id: string, recordings: string[]): SeedEpisode => ({
          id,
          recordings,
          descriptionEn: 'With María López.',
          descriptionEs: 'Con María López.',
          notes: {
            summaryEn: 'Maria Lopez speaks.',
            summaryEs: 'Habla María López.',
            links: [{ title: 'María López', url: 'https://example.org' }],
          },
          chapters: [{ start: 0, titleEn: 'Maria Lopez', titleEs: 'María López' }],
        })
        await seedEpisode(episode('e1', ['r1', 'r2']))
        await seedEpisode(episode('e2', ['r2']))
        expect(await storage.masking.episodes.maskName('r1', 'maría lópez', masks)).toBe(7)
        expect(await readEpisode('e1')).toEqual({
          id: 'e1',
          recordings: ['r1', 'r2'],
          descriptionEn: 'With [redacted].',
          descriptionEs: 'Con [nombre omitido].',
          notes: {
            summaryEn: '[redacted] speaks.',
            summaryEs: 'Habla [nombre omitido].',
            links: [{ title: '[redacted]', url: 'https://example.org' }],
          },
          chapters: [{ start: 0, titleEn: '[redacted]', titleEs: '[nombre omitido]' }],
        })
        expect(await readEpisode('e2')).toEqual(episode('e2', ['r2']))
      } finally {
        await close()
      }
    })

    it('makes finished transcriptions forget what they kept, and nothing else', async () => {
      const { storage, seedRecording, readRecording, close } = await factory()
      try {
        await seedRecording(interview('r1'))
        await seedRecording(interview('r2'))
        expect(await storage.masking.jobs.forgetText('r1')).toBe(1)
        const jobs = (await readRecording('r1')).jobs
        expect(jobs.map((j) => [j.id, j.checkpoint, j.result])).toEqual([
          ['r1-t1', null, null],
          ['r1-t2', '{"segments":["María López"]}', null],
          ['r1-x', null, '{}'],
        ])
        expect((await readRecording('r2')).jobs).toEqual(interview('r2').jobs)
      } finally {
        await close()
      }
    })

    it('undoes every owner’s masking when the transaction fails', async () => {
      const { storage, seedRecording, seedEpisode, readRecording, readEpisode, close } =
        await factory()
      try {
        await seedRecording(interview('r1'))
        const notes = { summaryEn: 'María López' }
        await seedEpisode({
          id: 'e1',
          recordings: ['r1'],
          descriptionEn: '',
          descriptionEs: '',
          notes,
          chapters: [],
        })
        await expect(
          storage.transaction(async (tx) => {
            await tx.masking.transcripts.maskName('r1', 'María López', masks)
            await tx.masking.subtitles.maskName('r1', 'María López', masks)
            await tx.masking.episodes.maskName('r1', 'María López', masks)
            await tx.masking.jobs.forgetText('r1')
            await tx.redactions.add('r1', [{ start: 1, end: 2 }], 'tone')
            throw new Error('disk full')
          }),
        ).rejects.toThrow('disk full')
        expect(await readRecording('r1')).toEqual(interview('r1'))
        expect((await readEpisode('e1')).notes).toEqual(notes)
        expect(await storage.redactions.list('r1')).toEqual([])
      } finally {
        await close()
      }
    })
  })

  describe('redaction through the owners: its own stretches and the speakers', () => {
    it('keeps the covered stretches of each recording, by start, in seconds', async () => {
      const { storage, seedRecording, close } = await factory()
      try {
        await seedRecording(interview('r1'))
        await seedRecording(interview('r2'))
        await storage.redactions.add('r1', [{ start: 10.25, end: 11.5 }], 'silence')
        await storage.redactions.add(
          'r1',
          [
            { start: 2, end: 3.125 },
            { start: 20, end: 21 },
          ],
          'tone',
        )
        expect(await storage.redactions.list('r1')).toEqual([
          { start: 2, end: 3.125, mode: 'tone' },
          { start: 10.25, end: 11.5, mode: 'silence' },
          { start: 20, end: 21, mode: 'tone' },
        ])
        expect(await storage.redactions.list('r2')).toEqual([])
      } finally {
        await close()
      }
    })

    it('masks speaker names in the transcript’s language, a translation’s only without one', async () => {
      const { storage, seedRecording, close } = await factory()
      try {
        const spanish = interview('r1')
        spanish.tracks = [
          { ...(spanish.tracks[0] as SeedTrack), language: 'en', kind: 'translation' },
          { ...(spanish.tracks[1] as SeedTrack), language: 'es', kind: 'transcript' },
        ]
        await seedRecording(spanish)
        const untranslated = interview('r2')
        untranslated.tracks = untranslated.tracks.slice(1)
        await seedRecording(untranslated)
        await seedRecording({ ...interview('r3'), tracks: [] })
        expect(await storage.masking.transcripts.namesLanguage('r1')).toBe('es')
        expect(await storage.masking.transcripts.namesLanguage('r2')).toBe('es')
        expect(await storage.masking.transcripts.namesLanguage('r3')).toBe('en')
      } finally {
        await close()
      }
    })

    it('reads each speaker’s turns in every track and their talk time in transcripts', async () => {
      const { storage, seedRecording, close } = await factory()
      try {
        const recording = interview('r1')
        const translation = recording.tracks[1] as SeedTrack
        translation.segments = translation.segments.map((s, i) => ({
          ...s,
          speaker: i === 0 ? 'SPEAKER_00' : 'SPEAKER_01',
        }))
        await seedRecording(recording)
        await seedRecording(interview('r2'))
        const speakers = await storage.speakerTurns.speakers('r1')
        expect(speakers.map(({ label, name }) => ({ label, name }))).toEqual([
          { label: 'SPEAKER_00', name: 'María López' },
          { label: 'SPEAKER_01', name: 'Ana Ruiz' },
        ])
        const first = speakers.find((s) => s.label === 'SPEAKER_00')?.id ?? -1
        expect(await storage.speakerTurns.turns('r1', [first])).toEqual([
          { start: 0, end: 4 },
          { start: 0, end: 4 },
          { start: 8, end: 12 },
        ])
        expect(await storage.speakerTurns.turns('r1', [])).toEqual([])
        // Transcripts only: the translation's segments do not add time.
        expect(await storage.speakerTurns.talkTime(['r1'])).toEqual([
          { speaker: 'SPEAKER_00', name: 'María López', seconds: 8 },
          { speaker: 'SPEAKER_01', name: 'Ana Ruiz', seconds: 4 },
        ])
        expect(await storage.speakerTurns.talkTime(['r1', 'r2'])).toEqual([
          { speaker: 'SPEAKER_00', name: 'María López', seconds: 16 },
          { speaker: 'SPEAKER_01', name: 'Ana Ruiz', seconds: 8 },
        ])
        expect(await storage.speakerTurns.talkTime([])).toEqual([])
      } finally {
        await close()
      }
    })
  })
}

export type { Masks }

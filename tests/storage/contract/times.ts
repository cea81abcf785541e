import { describe, expect, it } from 'vitest'
import type { RecordingTimes, SpeakerRecord, Storage } from '../../../src/core/storage/ports.ts'
import { VocesError } from '../../../src/shared/contract/define.ts'
import { tickingClock, type StorageFactory } from './fixtures.ts'

/**
 * Times as they were and speakers whole (decision 0194), what `library copy` reads from one
 * backend and writes into another: every time a recording's and an episode's rows carry, read
 * in each area's order and written back by position, to the millisecond; a speaker record
 * (speakers, turns, detection's state) restored as it was read.
 */

const rec = 'rec-1'

/** A transcript (two segments starting together), a checked segment and cue, two redactions. */
async function filled(storage: Storage): Promise<void> {
  await storage.transcripts.replaceTrack({
    recordingId: rec,
    language: 'en',
    kind: 'transcript',
    origin: 'imported',
    model: null,
    engineSettings: {},
    segments: [
      { start: 1, end: 2, speaker: 'Speaker 1', language: 'en', text: 'first', words: [] },
      { start: 1, end: 3, speaker: 'Speaker 2', language: 'en', text: 'second', words: [] },
      { start: 4, end: 5, speaker: 'Speaker 1', language: 'en', text: 'third', words: [] },
    ],
  })
  const editor = await storage.transcripts.editorTrack(rec)
  await storage.transcripts.review([editor?.segments[1]?.id ?? 0], 'verified', 'Ana')
  await storage.subtitles.replaceCues(
    rec,
    [
      { start: 1, end: 2, speaker: null, texts: { en: 'first', es: 'primero' } },
      { start: 4, end: 5, speaker: null, texts: { en: 'third' } },
    ],
    [
      { language: 'en', origin: 'made', source: 'en', timing: true },
      { language: 'es', origin: 'typed', source: '', timing: false },
    ],
  )
  const cues = await storage.subtitles.cues(rec)
  await storage.subtitles.updateCue(cues[0]?.id ?? 0, {
    language: 'es',
    review: 'verified',
    reviewedBy: 'Rosa',
  })
  await storage.redactions.add(rec, [{ start: 10, end: 11 }], 'silence')
  await storage.redactions.add(rec, [{ start: 10, end: 11 }], 'tone')
}

/** Each time given another, older one of its own (ms included); nulls stay null. */
function older(times: RecordingTimes): RecordingTimes {
  let n = 0
  const next = () => new Date(Date.UTC(2025, 2, 1, 9, 0, 0, 0) + 61_001 * ++n).toISOString()
  const or = (at: string | null) => (at === null ? null : next())
  return {
    createdAt: next(),
    updatedAt: next(),
    tracks: times.tracks.map((t) => ({
      ...t,
      createdAt: next(),
      updatedAt: next(),
      reviewedAt: t.reviewedAt.map(or),
    })),
    subtitleTracks: times.subtitleTracks.map((t) => ({
      ...t,
      createdAt: next(),
      updatedAt: next(),
    })),
    cues: times.cues.map((c) => ({ en: or(c.en), es: or(c.es) })),
    redactions: times.redactions.map(next),
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  )
}

export function timesContract(factory: StorageFactory): void {
  describe('times as they were (decision 0194)', () => {
    it("reads every time a recording's rows carry and writes them back as given", async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording(rec)
        await filled(storage)
        const read = await storage.times.recording(rec)
        // What the ports stamped: one checked segment (the second of the two at 1 s), one
        // checked cue text, both redactions, the two subtitle tracks.
        expect(read?.tracks.map((t) => t.reviewedAt.map((at) => at !== null))).toEqual([
          [false, true, false],
        ])
        expect(read?.cues.map((c) => [c.en !== null, c.es !== null])).toEqual([
          [false, true],
          [false, false],
        ])
        expect(read?.redactions).toHaveLength(2)
        expect(read?.subtitleTracks.map((t) => t.language)).toEqual(['en', 'es'])

        const given = older(read!)
        await storage.times.setRecording(rec, given)
        const again = await reopen()
        expect(await again.times.recording(rec)).toEqual(given)
        // And each area shows them, to the millisecond.
        const recording = await again.recordings.require(rec)
        expect([recording.createdAt, recording.updatedAt]).toEqual([
          given.createdAt,
          given.updatedAt,
        ])
        const track = await again.transcripts.requireTrack(rec)
        expect([track.createdAt, track.updatedAt]).toEqual([
          given.tracks[0]?.createdAt,
          given.tracks[0]?.updatedAt,
        ])
        const segments = (await again.transcripts.editorTrack(rec))?.segments
        expect(segments?.map((s) => s.reviewedAt)).toEqual(given.tracks[0]?.reviewedAt)
        const cues = await again.subtitles.cues(rec)
        expect(cues[0]?.texts.es?.reviewedAt).toBe(given.cues[0]?.es)
        expect(cues[0]?.texts.es?.reviewedBy).toBe('Rosa')
        expect(cues[0]?.texts.en?.review).toBe('machine')
        const tracks = await again.subtitles.tracks(rec)
        expect(tracks.find((t) => t.language === 'es')?.createdAt).toBe(
          given.subtitleTracks[1]?.createdAt,
        )
      } finally {
        await close()
      }
    })

    it('refuses a list that does not fit the rows and changes nothing; an unknown recording', async () => {
      const { storage, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording(rec)
        await filled(storage)
        const read = (await storage.times.recording(rec))!
        const given = older(read)
        const short = {
          ...given,
          tracks: given.tracks.map((t) => ({ ...t, reviewedAt: t.reviewedAt.slice(1) })),
        }
        expect(await rejection(storage.times.setRecording(rec, short))).toBeInstanceOf(Error)
        expect(
          await rejection(storage.times.setRecording(rec, { ...given, redactions: [] })),
        ).toBeInstanceOf(Error)
        expect(await storage.times.recording(rec)).toEqual(read)

        expect(await storage.times.recording('nobody')).toBeUndefined()
        const missing = await rejection(storage.times.setRecording('nobody', given))
        expect(missing).toBeInstanceOf(VocesError)
        expect((missing as VocesError).code).toBe('RECORDING_NOT_FOUND')
      } finally {
        await close()
      }
    })

    it("writes an episode's times and its cuts'", async () => {
      const { storage, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording(rec)
        const episode = await storage.episodes.create({ title: 'Calor' }, [
          { recordingId: rec, start: 0, end: 30 },
        ])
        await storage.episodes.setCuts(episode.id, [
          { recordingId: rec, start: 10, end: 11, kind: 'filler' },
          { recordingId: rec, start: 5, end: 6, kind: 'edit' },
        ])
        const read = await storage.times.episode(episode.id)
        expect(read?.cuts).toHaveLength(2)
        const given = {
          createdAt: '2025-03-01T09:00:00.001Z',
          updatedAt: '2025-04-01T09:00:00.002Z',
          cuts: ['2025-03-02T09:00:00.003Z', '2025-03-03T09:00:00.004Z'],
        }
        await storage.times.setEpisode(episode.id, given)
        expect(await storage.times.episode(episode.id)).toEqual(given)
        const shown = await storage.episodes.require(episode.id)
        expect([shown.createdAt, shown.updatedAt]).toEqual([given.createdAt, given.updatedAt])
        expect(
          await rejection(storage.times.setEpisode(episode.id, { ...given, cuts: [] })),
        ).toBeInstanceOf(Error)
        expect(await storage.times.episode(episode.id)).toEqual(given)
        expect(await storage.times.episode('nothing')).toBeUndefined()
        const missing = await rejection(storage.times.setEpisode('nothing', given))
        expect((missing as VocesError).code).toBe('EPISODE_NOT_FOUND')
      } finally {
        await close()
      }
    })

    it('restores a speaker record as it was read: speakers in order, turns, state', async () => {
      const { storage, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording(rec)
        await addRecording('rec-2')
        await storage.speakers.saveDetection(rec, 'basic', [
          { start: 0, end: 2, label: 'Speaker 1' },
          { start: 2, end: 5, label: 'Speaker 2' },
          { start: 5, end: 9, label: 'Speaker 1' },
        ])
        const voices = await storage.speakers.voices(rec)
        await storage.speakers.rename(voices[1]?.id ?? 0, 'Ana', 'Comité')
        const record = await storage.speakers.record(rec)
        expect(record.speakers).toEqual([
          { label: 'Speaker 1', name: '', affiliation: '' },
          { label: 'Speaker 2', name: 'Ana', affiliation: 'Comité' },
        ])
        expect(record.turns.map((t) => t.label)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 1'])
        expect(record.state?.engine).toBe('basic')
        expect(record.state?.detectedAt).toMatch(/^2026-12-07T10:00:\d\d\.000Z$/)

        await storage.speakers.restore('rec-2', record)
        // Twice: the same rows, not two of each.
        await storage.speakers.restore('rec-2', record)
        expect(await storage.speakers.record('rec-2')).toEqual(record)
        expect((await storage.speakers.turns('rec-2')).map((t) => t.speaker)).toEqual([
          'Speaker 1',
          'Ana',
          'Speaker 1',
        ])
        expect(await storage.speakers.state('rec-2')).toEqual(await storage.speakers.state(rec))

        // No state: none stays.
        const bare: SpeakerRecord = { speakers: [], turns: [], state: null }
        await storage.speakers.restore('rec-2', bare)
        expect((await storage.speakers.record('rec-2')).state).toBeNull()
        expect((await storage.speakers.record('rec-2')).turns).toEqual([])

        const stray = { ...bare, turns: [{ start: 0, end: 1, label: 'Nobody' }] }
        expect(await rejection(storage.speakers.restore('rec-2', stray))).toBeInstanceOf(Error)
        const missing = await rejection(storage.speakers.restore('nobody', record))
        expect((missing as VocesError).code).toBe('RECORDING_NOT_FOUND')
      } finally {
        await close()
      }
    })
  })
}

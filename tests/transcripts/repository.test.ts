import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from 'better-sqlite3'
import { openDatabase } from '../../src/core/storage/sqlite/database.ts'
import { SqliteRecordings } from '../../src/core/storage/sqlite/recordings.ts'
import { StatementCache } from '../../src/core/storage/sqlite/statements.ts'
import { exportTranscript, importTranscript } from '../../src/core/transcripts/formats.ts'
import { SqliteTranscripts } from '../../src/core/storage/sqlite/transcripts.ts'
import type { Segment } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'

let db: Database
let cleanup: () => void
let transcripts: SqliteTranscripts

const recordingId = 'rec1'

beforeEach(() => {
  const made = tempDir()
  cleanup = made.cleanup
  db = openDatabase(path.join(made.dir, 'voces.sqlite'))
  new SqliteRecordings(new StatementCache(db)).insert({
    id: recordingId,
    title: 'Entrevista',
    path: '/x/entrevista.wav',
    storedPath: null,
    sha256: 'a'.repeat(64),
    sizeBytes: 1,
    duration: 60,
    format: 'wav',
    hasVideo: false,
    width: null,
    height: null,
    audioCodec: 'pcm_s16le',
    videoCodec: null,
    sampleRate: 16000,
    channels: 1,
    workingAudio: 'media/rec1/audio.wav',
    peaks: 'media/rec1/peaks.json',
    poster: null,
  })
  transcripts = new SqliteTranscripts(new StatementCache(db), () => new Date())
})
afterEach(() => {
  db.close()
  cleanup()
})

const segments: Segment[] = [
  {
    start: 0.5,
    end: 2.25,
    speaker: 'Speaker 1',
    language: 'es',
    text: '¿Cuándo empezó la huelga?',
    words: [
      { start: 0.5, end: 1.1, text: '¿Cuándo', probability: 0.91 },
      { start: 1.1, end: 1.6, text: 'empezó', probability: 0.88 },
      { start: 1.6, end: 1.8, text: 'la', probability: 0.99 },
      { start: 1.8, end: 2.25, text: 'huelga?', probability: 0.95 },
    ],
  },
  {
    start: 2.8,
    end: 5.1,
    speaker: 'Speaker 2',
    language: 'en',
    text: 'In March, after SEIU 2015 voted.',
    words: [
      { start: 2.8, end: 3.0, text: 'In', probability: 0.97 },
      { start: 3.0, end: 3.5, text: 'March,', probability: 0.93 },
      { start: 3.6, end: 4.0, text: 'after', probability: 0.96 },
      { start: 4.0, end: 4.4, text: 'SEIU', probability: 0.7 },
      { start: 4.4, end: 4.8, text: '2015', probability: 0.8 },
      { start: 4.8, end: 5.1, text: 'voted.', probability: 0.9 },
    ],
  },
]

function write(language: 'en' | 'es', kind: 'transcript' | 'translation', list = segments) {
  return transcripts.replaceTrack({
    recordingId,
    language,
    kind,
    origin: 'whisper',
    model: 'small',
    engineSettings: { beamSize: 5 },
    segments: list,
  })
}

describe('SqliteTranscripts', () => {
  it('stores a track with segments, speakers and words, and reads it back in time order', () => {
    const summary = write('es', 'transcript', [...segments].reverse())
    expect(summary).toMatchObject({
      track: 'es',
      kind: 'transcript',
      origin: 'whisper',
      segmentCount: 2,
      wordCount: 10,
    })
    const track = transcripts.requireTrack(recordingId)
    expect(track.segments).toEqual(segments)
    expect(track.engineSettings).toEqual({ beamSize: 5 })
    expect(db.prepare('SELECT label FROM speakers ORDER BY label').all()).toEqual([
      { label: 'Speaker 1' },
      { label: 'Speaker 2' },
    ])
  })

  it('keeps a transcript and its translation apart, and a new transcript replaces the old one whatever its language', () => {
    write('es', 'transcript')
    write('en', 'translation')
    expect(transcripts.listTracks(recordingId).map((t) => [t.track, t.kind])).toEqual([
      ['es', 'transcript'],
      ['en', 'translation'],
    ])
    expect(transcripts.getTrack(recordingId)?.track).toBe('es')
    write('en', 'transcript')
    expect(transcripts.listTracks(recordingId).map((t) => [t.track, t.kind])).toEqual([
      ['en', 'transcript'],
    ])
    expect(db.prepare('SELECT count(*) AS n FROM segments').get()).toEqual({ n: 2 })
  })

  it('writes all or nothing: a failing replace leaves the old track whole', () => {
    write('es', 'transcript')
    const bad = [{ ...segments[0], language: 'fr' } as unknown as Segment]
    expect(() => write('es', 'transcript', bad)).toThrow(/CHECK constraint/)
    expect(transcripts.requireTrack(recordingId, 'es').segments).toEqual(segments)
  })

  it('keeps speaker names the editor gave when the track is replaced', () => {
    write('es', 'transcript')
    db.prepare("UPDATE speakers SET name = 'Rosa' WHERE label = 'Speaker 1'").run()
    write('es', 'transcript')
    expect(db.prepare("SELECT name FROM speakers WHERE label = 'Speaker 1'").get()).toEqual({
      name: 'Rosa',
    })
  })

  it('says clearly when there is no track', () => {
    expect(() => transcripts.requireTrack(recordingId, 'en')).toThrow(/no English track/)
  })
})

describe('transcript import and export', () => {
  it('round-trips Voces JSON exactly, words and probabilities included', () => {
    write('es', 'transcript')
    const exported = exportTranscript(transcripts.requireTrack(recordingId), 'json')
    expect(JSON.parse(exported.text)).toMatchObject({ recordingId, track: 'es', language: 'es' })
    const imported = importTranscript(exported.text, 'x.json')
    transcripts.replaceTrack({
      recordingId,
      language: 'es',
      kind: 'transcript',
      origin: 'imported',
      model: null,
      engineSettings: {},
      segments: imported.segments,
    })
    expect(transcripts.requireTrack(recordingId).segments).toEqual(segments)
  })

  it('round-trips WebVTT with <v> speakers and SRT through real SQLite', () => {
    write('es', 'transcript')
    const track = transcripts.requireTrack(recordingId)
    const vtt = exportTranscript(track, 'vtt').text
    expect(vtt).toContain('<v Speaker 2>In March, after SEIU 2015 voted.')
    const fromVtt = importTranscript(vtt, 'x.vtt', 'es')
    transcripts.replaceTrack({
      recordingId,
      language: 'es',
      kind: 'transcript',
      origin: 'imported',
      model: null,
      engineSettings: {},
      segments: fromVtt.segments,
    })
    const back = transcripts.requireTrack(recordingId)
    expect(back.origin).toBe('imported')
    expect(back.segments.map((s) => [s.start, s.end, s.speaker, s.text])).toEqual(
      segments.map((s) => [s.start, s.end, s.speaker, s.text]),
    )
    // Imported cues get words spread over the cue, so word-level features work on them.
    expect(back.segments[1]?.words.map((w) => w.text)).toEqual([
      'In',
      'March,',
      'after',
      'SEIU',
      '2015',
      'voted.',
    ])
    expect(back.segments[1]?.words.at(-1)?.end).toBeCloseTo(5.1, 3)

    const srt = exportTranscript(back, 'srt').text
    expect(srt).toContain('00:00:02,800 --> 00:00:05,100')
    const fromSrt = importTranscript(srt, 'x.srt')
    expect(fromSrt.format).toBe('srt')
    expect(fromSrt.segments.map((s) => [s.start, s.end, s.text])).toEqual(
      segments.map((s) => [s.start, s.end, s.text]),
    )
  })

  it('guesses the language of an imported file from its words, and refuses a malformed one whole', () => {
    const srt = '1\n00:00:01,000 --> 00:00:03,000\nNos pagan menos que el mínimo y no hay seguro.\n'
    expect(importTranscript(srt, 'a.srt').language).toBe('es')
    expect(() => importTranscript('1\n00:00:01,000 --> \nhola\n', 'b.srt')).toThrow()
    expect(() => importTranscript('{"segments": [{"start": "x"}]}', 'c.json')).toThrow(
      /not a Voces transcript/,
    )
  })

  it('writes plain text in speaker turns with times', () => {
    write('es', 'transcript')
    expect(exportTranscript(transcripts.requireTrack(recordingId), 'txt').text).toBe(
      '[0:00:00] Speaker 1: ¿Cuándo empezó la huelga?\n\n[0:00:02] Speaker 2: In March, after SEIU 2015 voted.\n',
    )
  })
})

// Speakers through the command line on a real library (real FFmpeg, SQLite, the job runner):
// a stereo interview built from two real people, its transcript imported as Whisper would give
// it (one segment running across the change of voice), detection, the words' speakers, names
// in WebVTT and ASS, a person's corrections never overwritten unasked, merge, turns as RTTM,
// voices remembered, proposed and forgotten, and the bad input the issue names.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'
import { buildStereo, readerFirst, transcriptOf, turnTaking, type Piece } from './stereo.ts'

const texts = [
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  'Las arenas son blanquecinas de grano medio y tiene muy poca asistencia.',
]

let dir: string
let cleanup: () => void
let library: string
beforeAll(() => {
  ;({ dir, cleanup } = tempDir('voces-speakers-'))
  library = path.join(dir, 'library')
})
afterAll(() => cleanup())

async function voces(...args: string[]) {
  const c = captureIo()
  const code = await runCli(['--library', library, ...args], c.io)
  return { code, out: c.out(), err: c.err() }
}

async function json<T>(...args: string[]): Promise<{ code: number; value: T }> {
  const { code, out, err } = await voces(...args, '--json')
  if (out.trim() === '') throw new Error(`no JSON from ${args.join(' ')}: ${err}`)
  return { code, value: JSON.parse(out) as T }
}

async function ingest(file: string): Promise<string> {
  const { value } = await json<Array<{ id: string }>>('ingest', file)
  const id = value[0]?.id
  if (!id) throw new Error(`not ingested: ${file}`)
  return id
}

interface Voice {
  id: number
  label: string
  name: string
  seconds: number
  sample: { start: number; end: number } | null
  proposal: { name: string; similarity: number } | null
}
interface SpeakersList {
  state: { engine: string | null; corrected: boolean }
  voices: Voice[]
}
interface ExportedTranscript {
  segments: Array<{
    start: number
    end: number
    speaker: string | null
    words: Array<{ start: number; end: number; text: string }>
  }>
}

const transcriptJson = async (id: string) =>
  (await json<ExportedTranscript>('transcript', id, '--format', 'json', '--reason', 'test')).value

/** The piece a time falls in. */
const pieceAt = (pieces: Piece[], time: number) =>
  pieces.find((piece) => time >= piece.at - 0.05 && time <= piece.at + piece.to - piece.from + 0.05)

let interview: string
const pieces = turnTaking()

describe('speakers of a stereo interview, one microphone per person', () => {
  beforeAll(async () => {
    const wav = path.join(dir, 'interview.wav')
    buildStereo(wav, pieces)
    interview = await ingest(wav)
    const transcript = path.join(dir, 'interview.json')
    writeFileSync(transcript, transcriptOf(pieces, texts))
    expect((await voces('transcript', 'import', interview, transcript)).code).toBe(0)
  })

  it('detects two voices by channel and gives every segment and every word its speaker', async () => {
    const before = await json<SpeakersList>('speakers', 'list', interview)
    expect(before.value.state).toEqual({ engine: null, detectedAt: null, corrected: false })
    const { code, value } = await json<Array<{ engine: string; speakers: number }>>(
      'speakers',
      'detect',
      interview,
    )
    expect(code).toBe(0)
    expect(value[0]).toMatchObject({ engine: 'channels', speakers: 2, skipped: null })

    const { segments } = await transcriptJson(interview)
    // The imported first segment ran across the change of voice: it is split between words.
    expect(segments).toHaveLength(4)
    for (const segment of segments) {
      for (const word of segment.words) {
        const piece = pieceAt(pieces, (word.start + word.end) / 2)
        expect(segment.speaker, `${word.text} at ${word.start}`).toBe(
          `Speaker ${(piece?.speaker ?? -1) + 1}`,
        )
      }
    }
    expect(segments.map((segment) => segment.speaker)).toEqual([
      'Speaker 1',
      'Speaker 2',
      'Speaker 1',
      'Speaker 2',
    ])

    const listed = (await json<SpeakersList>('speakers', 'list', interview)).value
    expect(listed.state.engine).toBe('channels')
    expect(listed.state.corrected).toBe(false)
    expect(listed.voices.map((voice) => voice.label)).toEqual(['Speaker 1', 'Speaker 2'])
    const [jfk, reader] = listed.voices
    // Talk time from the segments: about 10.8 s and 8.5 s.
    expect(jfk?.seconds).toBeGreaterThan(9.5)
    expect(jfk?.seconds).toBeLessThan(11.5)
    expect(reader?.seconds).toBeGreaterThan(7.5)
    expect(reader?.seconds).toBeLessThan(9.5)
    expect(jfk?.sample?.end).toBeGreaterThan(jfk?.sample?.start ?? Infinity)
  })

  it('gives the turns as RTTM and JSON, and the names in WebVTT <v> and the ASS speaker field', async () => {
    const rttm = await voces('speakers', 'turns', interview, '--format', 'rttm')
    expect(rttm.code).toBe(0)
    const lines = rttm.out.trim().split('\n')
    expect(lines).toHaveLength(4)
    for (const line of lines)
      expect(line).toMatch(/^SPEAKER \S+ 1 \d+\.\d{3} \d+\.\d{3} <NA> <NA> Speaker_[12] <NA> <NA>$/)

    const renamed = await voces(
      'speakers',
      'rename',
      interview,
      'Speaker 2',
      'Rosa Méndez',
      '--union',
      'SEIU 2015',
    )
    expect(renamed.code).toBe(0)
    expect(renamed.out).toContain('Rosa Méndez (SEIU 2015)')
    const vtt = await voces('transcript', interview, '--format', 'vtt', '--reason', 'test')
    expect(vtt.out).toContain('<v Speaker 1>And so my fellow Americans')
    expect(vtt.out).toContain('<v Rosa Méndez>Las arenas')
    expect((await voces('subtitles', 'make', interview, '--track', 'en')).code).toBe(0)
    const ass = await voces(
      'subtitles',
      'export',
      interview,
      '--track',
      'en',
      '--format',
      'ass',
      '--reason',
      'test',
    )
    expect(ass.code).toBe(0)
    const dialogue = ass.out.split('\n').filter((line) => line.startsWith('Dialogue:'))
    // Format: Layer, Start, End, Style, Name, …: the Name field carries the speaker.
    expect(dialogue.some((line) => line.split(',')[4] === 'Rosa Méndez')).toBe(true)
    expect(dialogue.some((line) => line.split(',')[4] === 'Speaker 1')).toBe(true)
    // And search filters by the detected voice's name.
    const found = await json<Array<{ speaker: string; text: string }>>(
      'search',
      'arenas',
      '--speaker',
      'Rosa Méndez',
    )
    expect(found.value.map((hit) => [hit.speaker, hit.text])).toEqual([
      ['Rosa Méndez', 'Las arenas son blanquecinas de'],
    ])

    const turns = (
      await json<Array<{ speaker: string }>>('speakers', 'turns', interview, '--format', 'json')
    ).value
    expect(turns.map((turn) => turn.speaker)).toEqual([
      'Speaker 1',
      'Rosa Méndez',
      'Speaker 1',
      'Rosa Méndez',
    ])
  })

  it('never overwrites a person’s corrections unasked; --replace does, and starts the names afresh', async () => {
    const refused = await json<{ error: { code: string } }>('speakers', 'detect', interview)
    expect(refused.code).toBe(1)
    expect(refused.value.error.code).toBe('SPEAKERS_CORRECTED')
    // Nothing was queued, nothing changed.
    expect((await transcriptJson(interview)).segments[1]?.speaker).toBe('Rosa Méndez')

    const replaced = await json<Array<{ speakers: number }>>(
      'speakers',
      'detect',
      interview,
      '--replace',
    )
    expect(replaced.code).toBe(0)
    const listed = (await json<SpeakersList>('speakers', 'list', interview)).value
    expect(listed.state.corrected).toBe(false)
    expect(listed.voices.map((voice) => [voice.label, voice.name])).toEqual([
      ['Speaker 1', ''],
      ['Speaker 2', ''],
    ])
  })

  it('merges two voices into one: every segment and turn goes to the second', async () => {
    const merged = await json<SpeakersList>(
      'speakers',
      'merge',
      interview,
      'Speaker 2',
      'Speaker 1',
    )
    expect(merged.code).toBe(0)
    expect(merged.value.voices.map((voice) => voice.label)).toEqual(['Speaker 1'])
    expect(merged.value.state.corrected).toBe(true)
    const speakers = new Set((await transcriptJson(interview)).segments.map((s) => s.speaker))
    expect([...speakers]).toEqual(['Speaker 1'])
    const unknown = await json<{ error: { code: string; message: string } }>(
      'speakers',
      'merge',
      interview,
      'Speaker 9',
      'Speaker 1',
    )
    expect(unknown.value.error.code).toBe('SPEAKER_UNKNOWN')
    expect(unknown.value.error.message).toContain('Speaker 1')
    expect((await voces('speakers', 'detect', interview, '--replace')).code).toBe(0)
  })
})

describe('voices the center knows', () => {
  let later: string
  beforeAll(async () => {
    const wav = path.join(dir, 'later.wav')
    buildStereo(wav, readerFirst())
    later = await ingest(wav)
    // Another recording of the same two, to redact a name from.
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      wav,
      '-af',
      'volume=0.9',
      path.join(dir, 'later-copy.wav'),
    ])
  })

  it('remembers a voice, proposes its name for the same voice in a later recording, and forgets it for good', async () => {
    const kept = await voces(
      'speakers',
      'rename',
      interview,
      'Speaker 1',
      'John F. Kennedy',
      '--remember',
    )
    expect(kept.code).toBe(0)
    const profiles = (await json<Array<{ name: string }>>('voices', 'list')).value
    expect(profiles.map((profile) => profile.name)).toEqual(['John F. Kennedy'])

    // The later recording has no transcript: detection, turns and talk time come from the audio.
    expect((await voces('speakers', 'detect', later)).code).toBe(0)
    const listed = (await json<SpeakersList>('speakers', 'list', later)).value
    const [reader, jfk] = listed.voices
    expect(jfk?.label).toBe('Speaker 2')
    expect(jfk?.proposal?.name).toBe('John F. Kennedy')
    expect(reader?.proposal).toBeNull()
    expect(jfk?.seconds).toBeGreaterThan(8)
    const turns = (
      await json<Array<{ speaker: string }>>('speakers', 'turns', later, '--format', 'json')
    ).value
    expect(turns[0]?.speaker).toBe('Speaker 1')
    expect(new Set(turns.map((turn) => turn.speaker))).toEqual(new Set(['Speaker 1', 'Speaker 2']))
    const shown = await voces('speakers', 'list', later)
    expect(shown.out).toContain('sounds like John F. Kennedy')

    // A name redacted from a recording is no longer proposed there; the profile stays the library's.
    const other = await ingest(path.join(dir, 'later-copy.wav'))
    expect((await voces('speakers', 'detect', other)).code).toBe(0)
    expect(
      (await json<SpeakersList>('speakers', 'list', other)).value.voices[1]?.proposal?.name,
    ).toBe('John F. Kennedy')
    expect((await voces('redact', other, '--word', 'Kennedy', '--yes')).code).toBe(0)
    const redacted = (await json<SpeakersList>('speakers', 'list', other)).value
    expect(redacted.voices.every((voice) => voice.proposal === null)).toBe(true)

    // The profile's bytes, to look for on disk once forgotten.
    const file = path.join(library, 'voces.sqlite')
    const db = new Database(file, { readonly: true })
    const row = db.prepare('SELECT embedding FROM voice_profiles').get() as { embedding: Buffer }
    db.close()
    expect(row.embedding.length).toBeGreaterThan(64)
    // Never exported: a preservation package of both recordings holds no byte of the voice.
    const bag = path.join(dir, 'bag')
    const exported = await voces('export', 'bag', '--all', '-o', bag, '--reason', 'test')
    expect(exported.code, exported.err).toBe(0)
    const files = readdirSync(bag, { recursive: true, withFileTypes: true }).filter((f) =>
      f.isFile(),
    )
    expect(files.length).toBeGreaterThan(3)
    for (const entry of files) {
      const bytes = readFileSync(path.join(entry.parentPath, entry.name))
      expect(bytes.includes(row.embedding), entry.name).toBe(false)
      expect(bytes.includes(Buffer.from('voice_profiles')), entry.name).toBe(false)
    }

    const forgotten = await voces('voices', 'forget', 'John F. Kennedy')
    expect(forgotten.code).toBe(0)
    expect((await json<unknown[]>('voices', 'list')).value).toEqual([])
    const after = (await json<SpeakersList>('speakers', 'list', later)).value
    expect(after.voices.every((voice) => voice.proposal === null)).toBe(true)
    // The name a person gave stays; the voice's data is gone from every file of the database.
    expect((await json<SpeakersList>('speakers', 'list', interview)).value.voices[0]?.name).toBe(
      'John F. Kennedy',
    )
    for (const name of readdirSync(library).filter((n) => n.startsWith('voces.sqlite'))) {
      expect(readFileSync(path.join(library, name)).includes(row.embedding), name).toBe(false)
    }
    const again = await voces('voices', 'forget', 'John F. Kennedy')
    expect(again.code).toBe(1)
    // Never in the log: neither the name nor anything of the voice.
    const logs = path.join(library, 'logs')
    for (const name of readdirSync(logs))
      expect(readFileSync(path.join(logs, name), 'utf8')).not.toContain('Kennedy')
  })
})

describe('bad input', () => {
  it('refuses --speakers 0 and 50 with the range, before anything is queued', async () => {
    for (const count of ['0', '50']) {
      const { code, value } = await json<{ error: { code: string; message: string } }>(
        'speakers',
        'detect',
        interview,
        '--speakers',
        count,
        '--replace',
      )
      expect(code).toBe(1)
      expect(value.error.code).toBe('SPEAKER_COUNT_INVALID')
      expect(value.error.message).toContain('from 1 to 20')
    }
  })

  it('refuses a 2-second recording', async () => {
    const short = path.join(dir, 'short.wav')
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      path.join(mediaDir, 'en', 'jfk.wav'),
      '-t',
      '2',
      '-ac',
      '2',
      short,
    ])
    const id = await ingest(short)
    const { code, value } = await json<{ error: { code: string } }>('speakers', 'detect', id)
    expect(code).toBe(1)
    expect(value.error.code).toBe('SPEAKERS_TOO_SHORT')
  })

  it('refuses a stereo file whose channels are one mix by channel; auto goes on with the basic engine', async () => {
    const wav = path.join(dir, 'same-mix.wav')
    buildStereo(wav, turnTaking(), { sameMix: true })
    const id = await ingest(wav)
    const refused = await json<Array<{ error?: { code: string; message: string } }>>(
      'speakers',
      'detect',
      id,
      '--engine',
      'channels',
    )
    expect(refused.code).toBe(1)
    expect(refused.value[0]?.error?.code).toBe('SPEAKERS_CHANNELS_SAME_MIX')
    // Nothing half-stored.
    const untouched = (await json<SpeakersList>('speakers', 'list', id)).value
    expect(untouched.state.engine).toBeNull()
    expect(untouched.voices).toEqual([])

    const auto = await json<Array<{ engine: string; speakers: number }>>('speakers', 'detect', id)
    expect(auto.code).toBe(0)
    expect(auto.value[0]?.engine).toBe('basic')
    expect(auto.value[0]?.speakers).toBe(2)
  })

  it('finds one voice in a recording of one person, and says so when there is no speech', async () => {
    const mono = await ingest(path.join(mediaDir, 'en', 'jfk.wav'))
    const one = await json<Array<{ engine: string; speakers: number }>>('speakers', 'detect', mono)
    expect(one.value[0]).toMatchObject({ engine: 'basic', speakers: 1 })
    const channels = await json<Array<{ error?: { code: string } }>>(
      'speakers',
      'detect',
      mono,
      '--engine',
      'channels',
      '--replace',
    )
    expect(channels.value[0]?.error?.code).toBe('SPEAKERS_CHANNELS_NOT_STEREO')

    const silent = path.join(dir, 'silence.wav')
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '6'],
      silent,
    ])
    const quiet = await ingest(silent)
    const none = await json<Array<{ error?: { code: string } }>>('speakers', 'detect', quiet)
    expect(none.code).toBe(1)
    expect(none.value[0]?.error?.code).toBe('SPEAKERS_NO_SPEECH')
    expect((await json<SpeakersList>('speakers', 'list', quiet)).value.voices).toEqual([])
  })

  it('refuses the neural engine at once when its models are missing, and a count that is not a number', async () => {
    const models = tempDir('voces-no-speaker-models-')
    const was = process.env.VOCES_MODELS
    process.env.VOCES_MODELS = models.dir
    try {
      const neural = await json<{ error: { code: string; message: string } }>(
        'speakers',
        'detect',
        interview,
        '--engine',
        'neural',
        '--replace',
      )
      expect(neural.code).toBe(1)
      expect(neural.value.error.code).toBe('SPEAKER_MODEL_MISSING')
      expect(neural.value.error.message).toContain('basic speaker engine')
    } finally {
      if (was === undefined) delete process.env.VOCES_MODELS
      else process.env.VOCES_MODELS = was
      models.cleanup()
    }
    const usage = await voces('speakers', 'detect', interview, '--speakers', 'two')
    expect(usage.code).toBe(2)
    expect(usage.err).toContain('whole number')
  })
})

import { execFile } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { migrate } from '../../src/core/storage/sqlite/migrations/index.ts'
import { parseSubtitles } from '../../src/core/subtitles/formats.ts'
import { Voces } from '../../src/core/voces.ts'
import type { SubtitleCheck, SubtitleCue, Subtitles } from '../../src/shared/contract/index.ts'
import { databaseOf, captureIo, mediaDir, repoRoot, tempDir } from '../helpers.ts'

const run = promisify(execFile)

const capture = captureIo

async function cli(args: string[]) {
  const c = capture()
  const code = await runCli(args, c.io)
  return { code, out: c.out(), err: c.err() }
}

let dir: string
let cleanup: () => void
let library: string
let id: string

const english =
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.'
const spanish =
  'Y así, compatriotas estadounidenses, no pregunten qué puede hacer su país por ustedes, pregunten qué pueden hacer ustedes por su país.'

/** Stores a transcript as the transcription capability does: a track, its segments, their words. */
function storeTranscript(
  db: Database.Database,
  recordingId: string,
  language: 'en' | 'es',
  kind: string,
  text: string,
  withWords: boolean,
) {
  const at = new Date().toISOString()
  const track = db
    .prepare(
      "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, ?, ?, 'whisper', ?, ?)",
    )
    .run(recordingId, language, kind, at, at).lastInsertRowid
  const speaker = db
    .prepare(
      "INSERT INTO speakers (recording_id, label, name) VALUES (?, 'SPEAKER_00', 'John F. Kennedy') ON CONFLICT DO UPDATE SET name = name RETURNING id",
    )
    .get(recordingId) as { id: number }
  const segment = db
    .prepare(
      'INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, 0.3, 10.6, ?, ?, ?)',
    )
    .run(track, speaker.id, language, text).lastInsertRowid
  if (!withWords) return
  const words = text.split(' ')
  const step = 10.3 / words.length
  const insert = db.prepare(
    'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, 0.9)',
  )
  words.forEach((word, k) =>
    insert.run(segment, 0.3 + k * step, 0.3 + (k + 0.85) * step, ` ${word}`),
  )
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-subtitles-'))
  library = path.join(dir, 'lib')
  const ingest = await cli([
    '--library',
    library,
    'ingest',
    path.join(mediaDir, 'en/jfk.wav'),
    '--json',
  ])
  expect(ingest.code).toBe(0)
  id = (JSON.parse(ingest.out) as Array<{ id: string }>)[0]?.id ?? ''
  const voces = new Voces({ libraryDir: library, startJobs: false })
  storeTranscript(databaseOf(voces), id, 'en', 'transcript', english, true)
  storeTranscript(databaseOf(voces), id, 'es', 'translation', spanish, false)
  await voces.close()
}, 60_000)
afterAll(() => cleanup())

async function call<T>(method: string, input: unknown): Promise<T> {
  const voces = new Voces({ libraryDir: library, startJobs: false })
  try {
    const result = await dispatch(method, input, { voces, transport: 'cli' })
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value as T
  } finally {
    await voces.close()
  }
}

describe('subtitles in a library', () => {
  it('makes both tracks from the transcript and its translation, sharing one timing', async () => {
    const made = await cli(['--library', library, 'subtitles', 'make', id, '--json'])
    expect(made.code).toBe(0)
    const subtitles = JSON.parse(made.out) as Subtitles
    expect(subtitles.tracks.map((t) => [t.language, t.origin, t.timing])).toEqual([
      ['en', 'made', true],
      ['es', 'made', false],
    ])
    expect(subtitles.cues.length).toBeGreaterThan(1)
    expect(subtitles.cues.map((c) => c.texts.en?.text.replace(/\n/g, ' ')).join(' ')).toBe(english)
    expect(subtitles.cues.map((c) => c.texts.es?.text.replace(/\n/g, ' ')).join(' ')).toBe(spanish)
    expect(subtitles.cues[0]?.speaker).toBe('John F. Kennedy')
    const check = await call<SubtitleCheck>('subtitles.check', { recordingId: id, language: 'en' })
    expect(check.problems.filter((p) => p.rule !== 'reading-speed')).toEqual([])
  })

  it('exports each track atomically in every format, and reads back the same cues', async () => {
    const { cues } = await call<Subtitles>('subtitles.get', { recordingId: id })
    for (const format of ['srt', 'vtt', 'ass'] as const) {
      const file = path.join(dir, `jfk.es.${format}`)
      const exported = await cli([
        '--library',
        library,
        'subtitles',
        'export',
        id,
        '--track',
        'es',
        '--format',
        format,
        // Its consent is unknown: the reason goes into the export log.
        '--reason',
        'Subtitles for the community screening',
        '-o',
        file,
      ])
      expect(exported.code).toBe(0)
      const read = parseSubtitles(readFileSync(file, 'utf8'), format).cues
      expect(read.map((c) => c.text)).toEqual(cues.map((c) => c.texts.es?.text))
      read.forEach((cue, k) =>
        expect(cue.start).toBeCloseTo(cues[k]?.start ?? -1, format === 'ass' ? 2 : 3),
      )
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([])
  })

  it('imports a Latin-1 Spanish file onto the shared timing and flags the cue it leaves untranslated', async () => {
    const { cues } = await call<Subtitles>('subtitles.get', { recordingId: id })
    const first = cues[0] as SubtitleCue
    const file = path.join(dir, 'traduccion.srt')
    writeFileSync(
      file,
      Buffer.from(`1\r\n00:00:00,300 --> 00:00:02,000\r\nY así, compañeros,\r\n\r\n`, 'latin1'),
    )
    // The Spanish texts made from the translation are there: replaced only when asked.
    const args = ['--library', library, 'subtitles', 'import', id, file, '--track', 'es']
    const refused = await cli(args)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(
      new RegExp(`replace ${cues.length} Spanish subtitle texts .*0 of them verified.*--replace`),
    )
    expect(await call<Subtitles>('subtitles.get', { recordingId: id })).toMatchObject({ cues })
    const imported = await cli([...args, '--replace', '--json'])
    expect(imported.code).toBe(0)
    const value = JSON.parse(imported.out) as {
      subtitles: Subtitles
      encoding: string
      cues: number
    }
    expect(value).toMatchObject({ encoding: 'iso-8859-1', cues: 1 })
    expect(value.subtitles.cues.map((c) => [c.start, c.end])).toEqual(
      cues.map((c) => [c.start, c.end]),
    )
    expect(value.subtitles.cues[0]?.texts.es?.text).toBe('Y así, compañeros,')
    expect(value.subtitles.cues[0]?.id).toBe(first.id)
    const check = await call<SubtitleCheck>('subtitles.check', { recordingId: id, language: 'es' })
    const untranslated = check.problems.filter((p) => p.rule === 'untranslated')
    expect(untranslated.map((p) => p.cue)).toEqual(cues.slice(1).map((_, k) => k + 2))
    expect(untranslated[0]?.cueId).toBe(cues[1]?.id)
    expect(check.counts.untranslated).toBe(cues.length - 1)
  })

  it('refuses a malformed file with its line number and changes nothing', async () => {
    const before = await call<Subtitles>('subtitles.get', { recordingId: id })
    const file = path.join(dir, 'broken.srt')
    writeFileSync(
      file,
      '1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 --> 00:00:0x,000\nbroken\n',
    )
    const imported = await cli([
      '--library',
      library,
      'subtitles',
      'import',
      id,
      file,
      '--track',
      'en',
    ])
    expect(imported.code).toBe(1)
    expect(imported.err).toMatch(/Line 6:/)
    expect(await call<Subtitles>('subtitles.get', { recordingId: id })).toEqual(before)
  })

  it('records who verified a cue, and will not make the cues again over verified work unless told to', async () => {
    const { cues } = await call<Subtitles>('subtitles.get', { recordingId: id })
    const cueId = cues[0]?.id ?? -1
    const cue = await call<SubtitleCue>('subtitles.updateCue', {
      cueId,
      language: 'es',
      text: 'Y así, compatriotas,',
      review: 'verified',
      reviewedBy: 'Marisol',
    })
    expect(cue.texts.es).toMatchObject({
      text: 'Y así, compatriotas,',
      review: 'verified',
      reviewedBy: 'Marisol',
    })
    expect(cue.texts.es?.reviewedAt).toMatch(/^\d{4}-/)
    expect(cue.texts.en?.review).toBe('machine')
    const moved = await call<SubtitleCue>('subtitles.updateCue', { cueId, start: 0.25 })
    expect(moved.start).toBe(0.25)
    expect(moved.texts.es?.review).toBe('verified')
    const again = await cli(['--library', library, 'subtitles', 'make', id])
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/verified/)
    expect((await cli(['--library', library, 'subtitles', 'make', id, '--replace'])).code).toBe(0)
  })

  it('keeps rules per library and per recording, and makes cues by them', async () => {
    await call('subtitles.settings', { patch: { maxCharsPerLine: 30 } })
    const settings = await call<{
      rules: { maxCharsPerLine: number; maxLines: number }
      recording: object
    }>('subtitles.settings', {
      recordingId: id,
      patch: { maxLines: 1 },
    })
    expect(settings.rules).toMatchObject({ maxCharsPerLine: 30, maxLines: 1 })
    const subtitles = await call<Subtitles>('subtitles.make', { recordingId: id, replace: true })
    for (const cue of subtitles.cues) {
      expect(cue.texts.en?.text).not.toContain('\n')
      expect(cue.texts.en?.text.length).toBeLessThanOrEqual(30)
    }
    const reset = await call<{ rules: { maxLines: number } }>('subtitles.settings', {
      recordingId: id,
      reset: true,
    })
    expect(reset.rules.maxLines).toBe(2)
  })
})

describe('voces subtitles check (no library)', () => {
  const bin = path.join(repoRoot, 'bin/voces')

  it('prints the problems of the real WhisperX file as JSON and exits 0', async () => {
    const { stdout } = await run(bin, [
      'subtitles',
      'check',
      path.join(mediaDir, 'video/whisperx_sample01.wav.srt'),
      '--json',
    ])
    const problems = JSON.parse(stdout) as Array<{ cue: number; rule: string; message: string }>
    expect(problems.length).toBeGreaterThan(0)
    expect(Object.keys(problems[0] ?? {})).toEqual(['cue', 'rule', 'message'])
    expect(problems).toContainEqual({
      cue: 2,
      rule: 'duration',
      message: 'Cue 2 is on screen 0.101 s; the minimum is 0.833 s.',
    })
  })

  it('exits non-zero with the line number when the file cannot be parsed', async () => {
    const file = path.join(dir, 'bad.vtt')
    writeFileSync(
      file,
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:03.000 --> soon\nbad\n',
    )
    const failed = await run(bin, ['subtitles', 'check', file, '--json']).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    expect(failed?.code).toBe(1)
    expect(failed?.stderr).toMatch(/Line 6:/)
    expect(existsSync(path.join(dir, 'lib'))).toBe(true)
  })
})

describe('migration 003', () => {
  it('reads a recording’s cues through its index, and cascades when the recording goes', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db)
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT * FROM subtitle_cues WHERE recording_id = ? ORDER BY start',
      )
      .all('x') as Array<{ detail: string }>
    expect(plan.map((row) => row.detail).join(' ')).toMatch(
      /USING INDEX subtitle_cues_recording_start/,
    )
    db.prepare(
      `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, created_at, updated_at)
       VALUES ('r', 't', '/x', 'h', 1, 1, 'wav', 0, 'a', 'p', '', '')`,
    ).run()
    const cue = db
      .prepare("INSERT INTO subtitle_cues (recording_id, start, end) VALUES ('r', 0, 1)")
      .run().lastInsertRowid
    db.prepare("INSERT INTO subtitle_texts (cue_id, language, text) VALUES (?, 'en', 'hi')").run(
      cue,
    )
    expect(() => db.prepare("UPDATE subtitle_texts SET review = 'verified'").run()).toThrow(/CHECK/)
    db.prepare("INSERT INTO subtitle_rules (recording_id, rules) VALUES (NULL, '{}')").run()
    expect(() =>
      db.prepare("INSERT INTO subtitle_rules (recording_id, rules) VALUES (NULL, '{}')").run(),
    ).toThrow(/UNIQUE/)
    db.prepare("DELETE FROM recordings WHERE id = 'r'").run()
    expect(db.prepare('SELECT count(*) AS n FROM subtitle_texts').get()).toEqual({ n: 0 })
  })
})

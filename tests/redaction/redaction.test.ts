import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { exportBag } from '../../src/core/archive/bagit.ts'
import { findName, replaceName } from '../../src/core/redaction/fold.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Job } from '../../src/shared/contract/index.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, maxVolume, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void
let id: string
const ctx = () => ({ voces, transport: 'cli' as const })

/** JFK's words with even timings per segment, and a typed Spanish track without word timings. */
function addTracks(v: Voces, recordingId: string) {
  const at = new Date().toISOString()
  const track = (language: string, kind: string) =>
    databaseOf(v)
      .prepare(
        'INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(recordingId, language, kind, 'typed', at, at).lastInsertRowid
  const en = track('en', 'transcript')
  const segments: Array<[number, number, string]> = [
    [0.3, 4.2, 'And so my fellow Americans, ask not'],
    [4.2, 7.5, 'what your country can do for you,'],
    [7.5, 10.6, 'ask what you can do for your country.'],
  ]
  for (const [start, end, text] of segments) {
    const segment = databaseOf(v)
      .prepare(
        "INSERT INTO segments (track_id, start, end, language, text) VALUES (?, ?, ?, 'en', ?)",
      )
      .run(en, start, end, text).lastInsertRowid
    const words = text.split(' ')
    const step = (end - start) / words.length
    words.forEach((word, i) =>
      databaseOf(v)
        .prepare(
          'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, 0.9)',
        )
        .run(segment, start + i * step, start + (i + 1) * step, word),
    )
  }
  const es = track('es', 'translation')
  databaseOf(v)
    .prepare(
      "INSERT INTO segments (track_id, start, end, language, text) VALUES (?, 0.3, 4.2, 'es', 'María López dijo: no preguntes qué puede hacer tu país')",
    )
    .run(es)
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  await voces.storage.recordings.update(id, { consentStatus: 'given' })
  addTracks(voces, id)
  const made = await dispatch('subtitles.make', { recordingId: id, language: 'en' }, ctx())
  if (!made.ok) throw new Error(made.error.message)
}, 60_000)
afterAll(async () => {
  await voces.close()
  cleanup()
})

const ftsCount = (term: string) =>
  databaseOf(voces)
    .prepare('SELECT count(*) FROM segments_fts WHERE segments_fts MATCH ?')
    .pluck()
    .get(term) as number
const fileHolds = (file: string, text: string) => {
  try {
    return readFileSync(file).toString('latin1').toLowerCase().includes(text.toLowerCase())
  } catch {
    return false
  }
}
/** A transcript export as a person reads it; a DOCX unpacked, since its parts are deflated. */
async function transcriptText(track: 'en' | 'es', format: string): Promise<string> {
  const result = await dispatch('transcripts.export', { recordingId: id, track, format }, ctx())
  if (!result.ok) throw new Error(result.error.message)
  const value = result.value as { text: string; encoding?: 'base64' }
  if (value.encoding !== 'base64') return value.text
  const file = path.join(dir, `transcript.${track}.${format}`)
  writeFileSync(file, Buffer.from(value.text, 'base64'))
  expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors/)
  return execFileSync('unzip', ['-p', file], { encoding: 'utf8' })
}
const transcriptFormats = ['txt', 'vtt', 'srt', 'json', 'docx'] as const

describe('name matching', () => {
  it('ignores case and accents and matches whole words only', () => {
    expect(findName('María López dijo', 'maria lopez')).toEqual([[0, 11]])
    expect(findName('Mariana', 'Ana')).toEqual([])
    expect(replaceName('Ask ANA, and ana.', 'Ána', '[redacted]').text).toBe(
      'Ask [redacted], and [redacted].',
    )
  })
})

describe('redaction', () => {
  it('needs confirmation', async () => {
    const result = await dispatch(
      'redaction.apply',
      { recordingId: id, target: { word: 'country' } },
      ctx(),
    )
    expect(result.ok).toBe(false)
    expect(ftsCount('country')).toBe(2)
  })

  it('forgets a word everywhere: text, subtitles, search index, database files, and the audio of every export', async () => {
    const before = await dispatch(
      'redaction.apply',
      { recordingId: id, target: { word: 'country' }, mode: 'silence', confirm: true },
      ctx(),
    )
    expect(before.ok).toBe(true)
    const spans = (before as { value: { spans: Array<{ start: number; end: number }> } }).value
      .spans
    expect(spans).toHaveLength(2)

    const texts = databaseOf(voces).prepare('SELECT text FROM segments').pluck().all() as string[]
    expect(texts.join(' ')).not.toMatch(/country/i)
    expect(texts).toContain('what your [redacted] can do for you,')
    expect(
      (databaseOf(voces).prepare('SELECT text FROM words').pluck().all() as string[]).join(' '),
    ).not.toMatch(/country/i)
    expect(ftsCount('country')).toBe(0)
    const srt = await dispatch(
      'subtitles.export',
      { recordingId: id, language: 'en', format: 'srt' },
      ctx(),
    )
    expect(srt.ok && (srt.value as { text: string }).text).toMatch(/\[redacted\]/)
    expect(srt.ok && (srt.value as { text: string }).text).not.toMatch(/country/i)
    // Every transcript format, DOCX included, carries the mask and not the word.
    for (const format of transcriptFormats) {
      const text = await transcriptText('en', format)
      expect(text, format).toContain('[redacted]')
      expect(text, format).not.toMatch(/country/i)
    }

    // Gone from the files on disk, not only from queries: the database, its WAL, the logs.
    const library = voces.layout.root
    expect(fileHolds(path.join(library, 'voces.sqlite'), 'country')).toBe(false)
    expect(fileHolds(path.join(library, 'voces.sqlite-wal'), 'country')).toBe(false)
    for (const log of readdirSync(voces.layout.logs))
      expect(fileHolds(path.join(voces.layout.logs, log), 'country')).toBe(false)

    // The podcast export is silent where the word was, and not elsewhere.
    const output = path.join(dir, 'redacted.mp3')
    const started = await dispatch('export.podcast', { source: id, output, channels: 1 }, ctx())
    if (!started.ok) throw new Error(started.error.message)
    const job: Job = await voces.jobs.waitFor((started.value as { jobId: string }).jobId)
    expect(job.error).toBeNull()
    for (const span of spans)
      expect(maxVolume(output, span.start + 0.05, span.end - span.start - 0.1)).toBeLessThan(-60)
    expect(maxVolume(output, 0.5, 2)).toBeGreaterThan(-30)
  })

  it('covers a name in a typed track without word timings, with a tone, and keeps it out of bags and show notes', async () => {
    const episode = await dispatch(
      'episodes.create',
      { title: 'Episodio', clips: [{ recordingId: id, start: 0, end: 11 }] },
      ctx(),
    )
    if (!episode.ok) throw new Error(episode.error.message)
    const episodeId = (episode.value as { id: string }).id
    await dispatch(
      'episodes.setNotes',
      {
        id: episodeId,
        notes: {
          summaryEn: 'Maria Lopez speaks.',
          summaryEs: 'Habla María López.',
          links: [{ title: 'María López', url: 'https://example.org' }],
        },
      },
      ctx(),
    )
    await dispatch(
      'episodes.setChapters',
      { id: episodeId, chapters: [{ start: 0, titleEn: 'Maria Lopez', titleEs: 'María López' }] },
      ctx(),
    )
    const result = await dispatch(
      'redaction.apply',
      { recordingId: id, target: { word: 'maria lopez' }, confirm: true },
      ctx(),
    )
    expect(result.ok).toBe(true)
    const es = databaseOf(voces)
      .prepare("SELECT text FROM segments WHERE language = 'es'")
      .pluck()
      .get() as string
    expect(es).toBe('[nombre omitido] dijo: no preguntes qué puede hacer tu país')
    expect(ftsCount('maria')).toBe(0)
    for (const format of ['md', 'html'] as const) {
      const notes = await dispatch('export.notes', { id: episodeId, format }, ctx())
      const written = notes.ok ? (notes.value as { text: string }).text : ''
      // Markdown escapes brackets so no text becomes a link: read it as a renderer shows it.
      const text = format === 'md' ? written.replace(/\\([[\]\\])/g, '$1') : written
      expect(text).toContain('[nombre omitido]')
      expect(text).toContain('[redacted]')
      expect(text).not.toMatch(/mar[ií]a|l[oó]pez/i)
    }
    expect(fileHolds(path.join(voces.layout.root, 'voces.sqlite'), 'López')).toBe(false)
    const bag = path.join(dir, 'bag')
    await exportBag(voces, id, bag)
    const text = readdirSync(path.join(bag, 'data', 'transcripts'))
      .map((f) => readFileSync(path.join(bag, 'data', 'transcripts', f), 'utf8'))
      .join('\n')
    expect(text).toContain('[nombre omitido]')
    expect(text).not.toMatch(/maría|lópez|country/i)
    for (const format of transcriptFormats) {
      const spanish = await transcriptText('es', format)
      expect(spanish, format).toContain('[nombre omitido]')
      expect(spanish, format).not.toMatch(/mar[ií]a|l[oó]pez/i)
    }
    // The tone covers the whole typed segment (0.3–4.2 s): loud, where the original has speech too.
    const output = path.join(dir, 'tone.wav')
    const started = await dispatch(
      'export.podcast',
      { source: id, output: path.join(dir, 'tone.mp3'), channels: 1 },
      ctx(),
    )
    if (!started.ok) throw new Error(started.error.message)
    expect((await voces.jobs.waitFor((started.value as { jobId: string }).jobId)).state).toBe(
      'succeeded',
    )
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      path.join(dir, 'tone.mp3'),
      '-ss',
      '1',
      '-t',
      '2',
      '-af',
      'bandpass=f=1000:width_type=q:w=20',
      output,
    ])
    expect(maxVolume(output, 0, 2)).toBeGreaterThan(-25)
  })
})

import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readId3Chapters } from '../../src/core/export/id3.ts'
import { parseEbur128Summary } from '../../src/core/export/loudness.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Episode, ExportResult, Job } from '../../src/shared/contract/index.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { xmllint } from './xmllint.ts'

let voces: Voces
let dir: string
let cleanup: () => void
let english: string
let spanish: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  english = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')),
  )
  spanish = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'es', 'silero_vad_es_60s.wav')),
  )
  for (const id of [english, spanish])
    await voces.storage.recordings.update(id, { consentStatus: 'given' })
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

const ctx = () => ({ voces, transport: 'cli' as const })

async function exportPodcast(input: Record<string, unknown>): Promise<Job> {
  const started = await dispatch('export.podcast', input, ctx())
  if (!started.ok) throw new Error(started.error.message)
  return voces.jobs.waitFor((started.value as { jobId: string }).jobId)
}

/** Measured independently of the export's own check: FFmpeg's ebur128 on the file written. */
function measure(file: string) {
  const stderr = execFileSync(
    'sh',
    [
      '-c',
      'ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true:framelog=verbose -f null - 2>&1',
      'sh',
      file,
    ],
    { encoding: 'utf8' },
  )
  return parseEbur128Summary(stderr)
}

function ffprobeJson(file: string): {
  format: { tags?: Record<string, string> }
  chapters: Array<{ start_time: string; tags: { title: string } }>
  streams: Array<{ codec_name: string; channels?: number; disposition?: { attached_pic: number } }>
} {
  return JSON.parse(
    execFileSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-print_format',
        'json',
        '-show_format',
        '-show_chapters',
        '-show_streams',
        file,
      ],
      { encoding: 'utf8' },
    ),
  )
}

describe('podcast export', () => {
  let episode: Episode
  it('exports an episode of two clips with intro, chapters, tags and cover, at -16 LUFS', async () => {
    const intro = path.join(dir, 'intro music.wav')
    ffmpegMake([
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=330:duration=3:sample_rate=44100',
      '-af',
      'volume=-12dB',
      intro,
    ])
    const cover = path.join(dir, 'cover.jpg')
    ffmpegMake(['-f', 'lavfi', '-i', 'color=c=orange:size=600x600', '-frames:v', '1', cover])
    const created = await dispatch(
      'episodes.create',
      {
        title: 'Voces del trabajo 1',
        showTitle: 'Voces del trabajo',
        number: 1,
        year: 2026,
        descriptionEn: 'Workers speak.',
        descriptionEs: 'Hablan las trabajadoras.',
        cover,
        intro,
        clips: [
          { recordingId: english, start: 5, end: 25 },
          { recordingId: spanish, start: 10, end: 30 },
        ],
      },
      ctx(),
    )
    if (!created.ok) throw new Error(created.error.message)
    const withChapters = await dispatch(
      'episodes.setChapters',
      {
        id: (created.value as Episode).id,
        chapters: [
          { start: 0, titleEn: 'In English', titleEs: 'En inglés' },
          { start: 20, titleEn: 'In Spanish', titleEs: 'En español' },
        ],
      },
      ctx(),
    )
    if (!withChapters.ok) throw new Error(withChapters.error.message)
    episode = withChapters.value as Episode
    expect(episode.duration).toBeCloseTo(40, 5)

    const output = path.join(dir, 'episode 1 — María.mp3')
    const job = await exportPodcast({
      source: episode.id,
      output,
      publishUrl: 'https://center.example.org/podcast/',
    })
    expect(job.error).toBeNull()
    const result = job.result as ExportResult
    expect(result.duration).toBeCloseTo(43, 0)

    const loudness = measure(output)
    expect(Math.abs(loudness.integrated - -16)).toBeLessThanOrEqual(1)
    expect(loudness.truePeak).toBeLessThanOrEqual(-1)
    expect(result.loudness.integrated).toBeCloseTo(loudness.integrated, 0)

    const probed = ffprobeJson(output)
    expect(probed.format.tags?.title).toBe('Voces del trabajo 1')
    expect(probed.format.tags?.album).toBe('Voces del trabajo')
    expect(probed.format.tags?.track).toBe('1')
    expect(probed.format.tags?.comment).toBe('Workers speak.')
    expect(probed.streams.find((s) => s.codec_name === 'mp3')?.channels).toBe(2)
    expect(probed.streams.some((s) => s.disposition?.attached_pic === 1)).toBe(true)
    // Chapters on the episode timeline, shifted by the 3 s intro; CHAP frames listed in a CTOC.
    expect(probed.chapters.map((c) => [Number(c.start_time), c.tags.title])).toEqual([
      [3, 'In English / En inglés'],
      [23, 'In Spanish / En español'],
    ])
    const id3 = readId3Chapters(readFileSync(output))
    expect(id3?.toc?.children).toEqual(id3?.chapters.map((c) => c.id))
    expect(id3?.toc?.topLevel).toBe(true)
    expect(id3?.chapters.map((c) => c.title)).toEqual([
      'In English / En inglés',
      'In Spanish / En español',
    ])
    expect(id3?.chapters[1]?.start).toBeCloseTo(23, 2)
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([])

    // Sidecars: Podcasting 2.0 chapters (on the file's timeline) and an RSS item pointing at them.
    const chaptersJson = JSON.parse(
      readFileSync(path.join(dir, 'episode 1 — María.chapters.json'), 'utf8'),
    )
    expect(chaptersJson).toEqual({
      version: '1.2.0',
      chapters: [
        { startTime: 3, title: 'In English / En inglés' },
        { startTime: 23, title: 'In Spanish / En español' },
      ],
    })
    const itemFile = path.join(dir, 'episode 1 — María.rss-item.xml')
    const item = readFileSync(itemFile, 'utf8')
    const at = 'https://center.example.org/podcast/episode%201%20%E2%80%94%20Mar%C3%ADa'
    expect(item).toContain(
      `<podcast:chapters url="${at}.chapters.json" type="application/json+chapters"/>`,
    )
    expect(item).toMatch(new RegExp(`<enclosure url="${at}.mp3" length="\\d+" type="audio/mpeg"/>`))
    expect(item).toContain('<description>Workers speak.</description>')
    // Well-formed on its own, namespaces declared (an independent parser, xmllint, reads it).
    expect(xmllint(itemFile)).toBe('')
    expect(result.sidecars).toHaveLength(2)
  })

  it('writes bilingual show notes as Markdown and as HTML that cannot carry a script', async () => {
    const notes = {
      summaryEn: 'Warehouse workers on heat.',
      summaryEs: 'Trabajadores de almacén sobre el calor.',
      bodyEn: 'First paragraph.\n\nSecond <b>paragraph</b>.',
      bodyEs: 'Primer párrafo.',
      guests: 'María López, UFCW',
      credits: 'Produced by the labor center',
      links: [
        { title: 'Know your rights', url: 'https://example.org/rights' },
        { title: 'Bad', url: 'javascript:alert(1)' },
      ],
    }
    const saved = await dispatch('episodes.setNotes', { id: episode.id, notes }, ctx())
    expect(saved.ok).toBe(true)
    const md = await dispatch('export.notes', { id: episode.id, format: 'md' }, ctx())
    const mdText = md.ok ? (md.value as { text: string }).text : ''
    expect(mdText).toContain('## English')
    expect(mdText).toContain('## Español')
    expect(mdText).toContain('### Capítulos')
    expect(mdText).toContain('- 0:20 En español')
    const html = await dispatch('export.notes', { id: episode.id, format: 'html' }, ctx())
    const htmlText = html.ok ? (html.value as { text: string }).text : ''
    expect(htmlText).toContain('<section lang="es">')
    expect(htmlText).toContain('Second &lt;b&gt;paragraph&lt;/b&gt;.')
    expect(htmlText).toContain('href="https://example.org/rights"')
    expect(htmlText).not.toContain('javascript:')
  })

  it('exports a mono M4A of one recording at the mono default of -19 LUFS', async () => {
    const output = path.join(dir, 'mono.m4a')
    const job = await exportPodcast({ source: english, output, format: 'm4a', channels: 1 })
    expect(job.state).toBe('succeeded')
    // Nobody said where the files will be published: no RSS item with addresses that cannot work.
    expect((job.result as ExportResult).sidecars.filter((f) => f.endsWith('.xml'))).toEqual([])
    const loudness = measure(output)
    expect(Math.abs(loudness.integrated - -19)).toBeLessThanOrEqual(1)
    expect(loudness.truePeak).toBeLessThanOrEqual(-1)
    const probed = ffprobeJson(output)
    expect(probed.streams.find((s) => s.codec_name === 'aac')?.channels).toBe(1)
  })

  it("falls back to the show notes' summary in the episode's language, not the transcripts' (decision 0208)", async () => {
    // A clip of a recording catalogued as Spanish only, no description, no transcript: the
    // episode is in Spanish by decision 0191's rule, so its RSS item says the Spanish summary.
    await voces.storage.recordings.update(spanish, { languages: 'es' })
    const created = await dispatch(
      'episodes.create',
      { title: 'Calor', clips: [{ recordingId: spanish, start: 0, end: 4 }] },
      ctx(),
    )
    if (!created.ok) throw new Error(created.error.message)
    const id = (created.value as Episode).id
    const notes = { summaryEn: 'Heat on the line.', summaryEs: 'Calor en la línea.' }
    expect((await dispatch('episodes.setNotes', { id, notes }, ctx())).ok).toBe(true)
    const output = path.join(dir, 'calor.mp3')
    const job = await exportPodcast({
      source: id,
      output,
      publishUrl: 'https://center.example.org/podcast/',
    })
    expect(job.error).toBeNull()
    const item = readFileSync(path.join(dir, 'calor.rss-item.xml'), 'utf8')
    expect(item).toContain('<description>Calor en la línea.</description>')
    // Without the Spanish summary, the English one rather than nothing.
    await dispatch('episodes.setNotes', { id, notes: { ...notes, summaryEs: ' ' } }, ctx())
    const again = await exportPodcast({
      source: id,
      output: path.join(dir, 'calor 2.mp3'),
      publishUrl: 'https://center.example.org/podcast/',
    })
    expect(again.error).toBeNull()
    expect(readFileSync(path.join(dir, 'calor 2.rss-item.xml'), 'utf8')).toContain(
      '<description>Heat on the line.</description>',
    )
  })

  it('refuses withdrawn consent, asks a reason for unknown consent, and logs what it used', async () => {
    await voces.storage.recordings.update(spanish, { consentStatus: 'withdrawn' })
    // Refused at the call, before any job starts.
    const withdrawn = await dispatch(
      'export.podcast',
      { source: episode.id, output: path.join(dir, 'refused.mp3') },
      ctx(),
    )
    expect(withdrawn.ok ? null : withdrawn.error.code).toBe('CONSENT_WITHDRAWN')
    await voces.storage.recordings.update(spanish, { consentStatus: 'unknown' })
    const unknown = await dispatch(
      'export.podcast',
      { source: spanish, output: path.join(dir, 'unknown.mp3') },
      ctx(),
    )
    expect(unknown.ok ? null : unknown.error.code).toBe('CONSENT_REASON_REQUIRED')
    const withReason = await exportPodcast({
      source: spanish,
      output: path.join(dir, 'unknown.mp3'),
      reason: 'Internal review only',
    })
    expect(withReason.state).toBe('succeeded')
    const log = databaseOf(voces)
      .prepare('SELECT kind, reason, recordings FROM export_log ORDER BY id DESC LIMIT 1')
      .get() as { kind: string; reason: string; recordings: string }
    expect(log.reason).toBe('Internal review only')
    expect(JSON.parse(log.recordings)).toEqual([
      { id: spanish, consent: 'unknown', consentNote: '' },
    ])
    expect(readdirSync(dir)).not.toContain('refused.mp3')
    await voces.storage.recordings.update(spanish, { consentStatus: 'given' })
  })

  it('leaves nothing behind when cancelled', async () => {
    const output = path.join(dir, 'cancelled.mp3')
    const started = await dispatch('export.podcast', { source: episode.id, output }, ctx())
    if (!started.ok) throw new Error(started.error.message)
    const jobId = (started.value as { jobId: string }).jobId
    await new Promise<void>((resolve) =>
      voces.jobs.on('job', (job) => job.id === jobId && job.progress > 0.1 && resolve()),
    )
    await voces.jobs.cancel(jobId)
    expect((await voces.jobs.waitFor(jobId)).state).toBe('cancelled')
    expect(
      readdirSync(dir).filter((f) => f.startsWith('.cancelled') || f === 'cancelled.mp3'),
    ).toEqual([])
  })
})

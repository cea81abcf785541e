import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { filterPath } from '../../src/core/export/captions.ts'
import type { VideoExportResult } from '../../src/core/export/video.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Job } from '../../src/shared/contract/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void
let video: string

const ctx = () => ({ voces, transport: 'cli' as const })

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  video = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'video', 'whisperx_sample01.mp4')),
  )
  await voces.storage.recordings.update(video, { consentStatus: 'given' })
  // The real English subtitles that come with the clip, and a Spanish track with the same timing.
  const english = await dispatch(
    'subtitles.import',
    {
      recordingId: video,
      language: 'en',
      path: path.join(mediaDir, 'video', 'whisperx_sample01.wav.srt'),
    },
    ctx(),
  )
  if (!english.ok) throw new Error(english.error.message)
  const spanish = path.join(dir, 'es.srt')
  writeFileSync(spanish, '1\n00:00:00,000 --> 00:00:59,000\nSubtítulo en español: ¡la huelga!\n')
  const es = await dispatch(
    'subtitles.import',
    { recordingId: video, language: 'es', path: spanish },
    ctx(),
  )
  if (!es.ok) throw new Error(es.error.message)
}, 120_000)
afterAll(async () => {
  await voces.close()
  cleanup()
})

async function run(input: Record<string, unknown>): Promise<Job> {
  const started = await dispatch('export.video', input, ctx())
  if (!started.ok) throw new Error(started.error.message)
  return voces.jobs.waitFor((started.value as { jobId: string }).jobId)
}

/** One grey frame at `time`, as raw bytes, to compare pictures with and without subtitles. */
function frame(file: string, time: number): Buffer {
  return execFileSync('ffmpeg', [
    '-v',
    'error',
    '-ss',
    String(time),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    'scale=160:-2,format=gray',
    '-f',
    'rawvideo',
    '-',
  ])
}
/** A hash of the first video stream's packets as stored: equal only for a picture copied as it is. */
const videoPackets = (file: string) =>
  execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'streamhash',
      '-hash',
      'md5',
      '-',
    ],
    { encoding: 'utf8' },
  ).trim()
const difference = (a: Buffer, b: Buffer) =>
  a.reduce((sum, value, i) => sum + Math.abs(value - (b[i] ?? 0)), 0) / a.length
/** Pixels that changed a lot: letters drawn where the picture was dark. */
const changedPixels = (a: Buffer, b: Buffer) =>
  a.reduce((count, value, i) => count + (Math.abs(value - (b[i] ?? 0)) > 80 ? 1 : 0), 0)

describe('video export', () => {
  it('burns both languages into the picture and adds soft tracks tagged with their language', async () => {
    const plain = path.join(dir, 'plain.mp4')
    const subtitled = path.join(dir, 'subtitled both.mp4')
    expect((await run({ recordingId: video, output: plain })).state).toBe('succeeded')
    const job = await run({
      recordingId: video,
      output: subtitled,
      burn: ['en', 'es'],
      soft: ['en', 'es'],
    })
    expect(job.error).toBeNull()
    const result = job.result as VideoExportResult
    expect(result.subtitleStreams).toEqual([
      { codec: 'mov_text', language: 'eng' },
      { codec: 'mov_text', language: 'spa' },
    ])
    expect(result.duration).toBeGreaterThan(55)
    // The source picture is black: burned-in text makes the frame differ from the plain export.
    expect(changedPixels(frame(subtitled, 5), frame(plain, 5))).toBeGreaterThan(20)
    expect(changedPixels(frame(plain, 5), frame(plain, 5))).toBe(0)
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([])
  })

  it('writes soft SubRip tracks into MKV', async () => {
    const output = path.join(dir, 'soft.mkv')
    const job = await run({ recordingId: video, output, soft: ['es'] })
    expect((job.result as VideoExportResult).subtitleStreams).toEqual([
      { codec: 'subrip', language: 'spa' },
    ])
  })

  it('copies the picture as it is when nothing is burned in, and encodes it when something is', async () => {
    const soft = path.join(dir, 'soft only.mp4')
    const job = await run({ recordingId: video, output: soft, soft: ['en'] })
    expect(job.error).toBeNull()
    expect((job.result as VideoExportResult).videoCopied).toBe(true)
    const source = path.join(mediaDir, 'video', 'whisperx_sample01.mp4')
    expect(videoPackets(soft)).toBe(videoPackets(source))

    const burned = path.join(dir, 'burned.mp4')
    const encoded = await run({ recordingId: video, output: burned, burn: ['en'] })
    expect((encoded.result as VideoExportResult).videoCopied).toBe(false)
    expect(videoPackets(burned)).not.toBe(videoPackets(source))
  })

  it('copies a WebM picture (VP9) into MKV', async () => {
    const webm = path.join(mediaDir, 'video', 'whishper_30sec.webm')
    const id = recordingIdOf(await ingestOne(voces, webm))
    await voces.storage.recordings.update(id, { consentStatus: 'given' })
    const output = path.join(dir, 'webm copy.mkv')
    const job = await run({ recordingId: id, output })
    expect(job.error).toBeNull()
    expect((job.result as VideoExportResult).videoCopied).toBe(true)
    expect(videoPackets(output)).toBe(videoPackets(webm))
  })

  it('burns subtitles when the temporary folder has a backslash in its name', async () => {
    const tmp = path.join(dir, 'tmp\\with\\backslashes')
    mkdirSync(tmp)
    const before = process.env.TMPDIR
    process.env.TMPDIR = tmp
    try {
      const job = await run({
        recordingId: video,
        output: path.join(dir, 'odd tmp.mp4'),
        burn: ['en'],
      })
      expect(job.error).toBeNull()
      expect((job.result as VideoExportResult).burned).toEqual(['en'])
    } finally {
      if (before === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = before
    }
  })

  it('escapes a path for a filter graph', () => {
    expect(filterPath("C:\\Users\\Ana's [work]\\subs,1.ass", '\\')).toBe(
      // The graph level unescapes first, then the option level: C\\: → C\: → C:
      "C\\\\:/Users/Ana\\\\\\'s \\[work\\]/subs\\,1.ass",
    )
  })
})

describe('audiogram', () => {
  it('makes a vertical video of a stretch of the audio with its waveform and captions', async () => {
    const output = path.join(dir, 'audiogram.mp4')
    const started = await dispatch(
      'export.audiogram',
      { source: video, output, size: 'vertical', captions: 'en', from: 10, to: 25 },
      ctx(),
    )
    if (!started.ok) throw new Error(started.error.message)
    const job = await voces.jobs.waitFor((started.value as { jobId: string }).jobId)
    expect(job.error).toBeNull()
    expect(job.result).toMatchObject({ width: 1080, height: 1920, duration: 15 })
    expect((job.result as { captions: number }).captions).toBeGreaterThan(2)
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', output], {
        encoding: 'utf8',
      }),
    ) as { streams: Array<{ codec_name: string; width?: number; height?: number }> }
    expect(probe.streams.find((s) => s.codec_name === 'h264')).toMatchObject({
      width: 1080,
      height: 1920,
    })
    expect(probe.streams.some((s) => s.codec_name === 'aac')).toBe(true)
    // The waveform moves: two moments of speech give different pictures.
    expect(difference(frame(output, 2), frame(output, 12))).toBeGreaterThan(0.5)
  })
})

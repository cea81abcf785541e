import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { exportPodcast, timeline } from '../../src/core/export/podcast.ts'
import {
  disguiseFilter,
  disguiseMargin,
  parseDisguiseFlag,
  pitchEngine,
  separateSpans,
  shifterChain,
  weightExpression,
  type PitchEngine,
} from '../../src/core/redaction/disguise.ts'
import { Voces } from '../../src/core/voces.ts'
import { podcastExportInput, type Job } from '../../src/shared/contract/index.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf, stmTurns } from '../media/media-fixtures.ts'

/**
 * Voice disguise measured on real speech: two people on the telephone, with the human turn
 * annotations (.stm) as the transcript. The fundamental frequency of each turn is found by
 * autocorrelation on the decoded samples, before and after.
 */
const wav = path.join(mediaDir, 'interview', 'pyannote_sample_2spk.wav')
const duration = 30
const turns = stmTurns(wav)
/** Turns long enough for a steady pitch estimate. */
const longTurns = (speaker: string) =>
  turns.filter((t) => t.speaker === speaker && t.end - t.start >= 1.2)

const rate = 16000

/** Runs FFmpeg and returns its output as mono 32-bit float samples at 16 kHz. */
function decode(args: readonly string[]): Float32Array {
  const out = execFileSync(
    'ffmpeg',
    ['-hide_banner', '-v', 'error', ...args, '-ac', '1', '-ar', String(rate), '-f', 'f32le', '-'],
    { maxBuffer: 256 * 1024 * 1024 },
  )
  const copy = new Uint8Array(out.byteLength)
  copy.set(out)
  return new Float32Array(copy.buffer)
}

/** F0 of one 40 ms window by autocorrelation (60–400 Hz), or null when it is not voiced. */
function windowF0(x: Float32Array, from: number, size: number): number | null {
  let mean = 0
  for (let i = 0; i < size; i++) mean += x[from + i] ?? 0
  mean /= size
  const at = (i: number) => (x[from + i] ?? 0) - mean
  const r = (lag: number) => {
    let sum = 0
    for (let i = 0; i + lag < size; i++) sum += at(i) * at(i + lag)
    return sum
  }
  const energy = r(0)
  if (Math.sqrt(energy / size) < 0.01) return null
  const lo = Math.floor(rate / 400)
  const hi = Math.ceil(rate / 60)
  let best = lo
  let bestValue = -Infinity
  const values: number[] = []
  for (let lag = lo; lag <= hi; lag++) {
    const value = r(lag)
    values[lag] = value
    if (value > bestValue) [best, bestValue] = [lag, value]
  }
  if (bestValue / energy < 0.5) return null
  // A parabola through the peak and its neighbours places it between samples.
  const left = values[best - 1] ?? bestValue
  const right = values[best + 1] ?? bestValue
  const shift = (left - right) / (2 * (left - 2 * bestValue + right) || 1)
  return rate / (best + Math.max(-0.5, Math.min(0.5, shift)))
}

/** Median F0 of a stretch (seconds), from 40 ms windows every 20 ms. */
function medianF0(x: Float32Array, start: number, end: number): number {
  const found: number[] = []
  const size = Math.round(0.04 * rate)
  for (let t = start; t + 0.04 <= end; t += 0.02) {
    const f0 = windowF0(x, Math.round(t * rate), size)
    if (f0 !== null) found.push(f0)
  }
  expect(found.length).toBeGreaterThan(10)
  found.sort((a, b) => a - b)
  return found[Math.floor(found.length / 2)] ?? NaN
}

/** F0 after / F0 before, per long turn of the speaker (turn edges left out: 0.1 s each side). */
const pitchRatios = (before: Float32Array, after: Float32Array, speaker: string) =>
  longTurns(speaker).map(
    (t) =>
      medianF0(after, t.start + 0.1, t.end - 0.1) / medianF0(before, t.start + 0.1, t.end - 0.1),
  )

/** The lag (seconds) that best lines up two signals' 1 ms loudness envelopes, within ±100 ms. */
function envelopeLag(a: Float32Array, b: Float32Array): number {
  const step = rate / 1000
  const envelope = (x: Float32Array) => {
    const out = new Float64Array(Math.floor(x.length / step))
    for (let i = 0; i < out.length; i++) {
      let sum = 0
      for (let k = 0; k < step; k++) sum += Math.abs(x[i * step + k] ?? 0)
      out[i] = sum / step
    }
    return out
  }
  const ea = envelope(a)
  const eb = envelope(b)
  let best = 0
  let bestValue = -Infinity
  for (let lag = -100; lag <= 100; lag++) {
    let sum = 0
    for (let i = Math.max(0, -lag); i < Math.min(ea.length, eb.length - lag); i++)
      sum += (ea[i] ?? 0) * (eb[i + lag] ?? 0)
    if (sum > bestValue) [best, bestValue] = [lag, sum]
  }
  return best / 1000
}

const fourDown = Math.pow(2, -4 / 12)
const spansOf = (speaker: string, semitones: number, formantSemitones: number | null = null) =>
  turns
    .filter((t) => t.speaker === speaker)
    .map((t) => ({
      start: Math.max(0, t.start - disguiseMargin),
      end: t.end + disguiseMargin,
      semitones,
      formantSemitones,
    }))

/** The whole recording through the export timeline, as 16 kHz samples. */
function render(engine: PitchEngine | null, spans: ReturnType<typeof spansOf> = []) {
  const graph = timeline(
    [
      {
        file: wav,
        start: 0,
        duration,
        redactions: [],
        disguise: engine ? { engine, spans } : undefined,
      },
    ],
    1,
  )
  return decode([...graph.inputArgs, '-filter_complex', graph.filterComplex, '-map', '[out]'])
}

describe('the disguise filter graph', () => {
  let original: Float32Array
  let hasRubberband = false
  beforeAll(async () => {
    original = render(null)
    hasRubberband = (await pitchEngine('ffmpeg')) === 'rubberband'
  })

  it('passes audio through untouched when nobody is disguised', () => {
    expect(disguiseFilter('a', 'b', undefined)).toBe('[a]anull[b]')
    expect(disguiseFilter('a', 'b', { engine: 'rubberband', spans: [] })).toBe('[a]anull[b]')
  })

  for (const engine of ['rubberband', 'resample'] as const) {
    it(`shifts one speaker by −4 semitones with ${engine}, leaves the other and the clock alone`, (context) => {
      if (engine === 'rubberband' && !hasRubberband) {
        console.log('SKIPPED: this FFmpeg has no rubberband filter')
        context.skip()
      }
      const disguised = render(engine, spansOf('Diane', -4))
      // Same length to the sample: nothing after this part moves.
      expect(disguised.length).toBe(original.length)
      expect(disguised.length).toBe(duration * rate)
      for (const r of pitchRatios(original, disguised, 'Diane'))
        expect(Math.abs(r / fourDown - 1)).toBeLessThan(0.04)
      for (const r of pitchRatios(original, disguised, 'Sheila'))
        expect(Math.abs(r - 1)).toBeLessThan(0.01)
      // In sync: the loudness envelope lines up within 10 ms (lip sync needs far less).
      expect(Math.abs(envelopeLag(original, disguised))).toBeLessThanOrEqual(0.01)
      const diane = turns.find((t) => t.speaker === 'Diane' && t.start > 12) ?? turns[0]
      if (!diane) throw new Error('no turn')
      const span = (x: Float32Array) =>
        x.subarray(Math.round(diane.start * rate), Math.round(diane.end * rate))
      expect(Math.abs(envelopeLag(span(original), span(disguised)))).toBeLessThanOrEqual(0.015)
    })
  }

  it('shifts two speakers by different amounts, and moves formants apart from the pitch', (context) => {
    if (!hasRubberband) {
      console.log('SKIPPED: this FFmpeg has no rubberband filter')
      context.skip()
    }
    const both = render('rubberband', [...spansOf('Diane', -4, 2), ...spansOf('Sheila', 3, 0)])
    expect(both.length).toBe(original.length)
    // Two Rubber Band passes (formants, then pitch alone) blur the pitch estimate of a short
    // turn (one of Diane's five read 0.855): the median turn is held to 3 %, each turn to 10 %.
    const check = (ratios: number[], expected: number) => {
      for (const r of ratios) expect(Math.abs(r / expected - 1)).toBeLessThan(0.1)
      const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)] ?? NaN
      expect(Math.abs(median / expected - 1)).toBeLessThan(0.03)
    }
    check(pitchRatios(original, both, 'Diane'), fourDown)
    check(pitchRatios(original, both, 'Sheila'), Math.pow(2, 3 / 12))
    expect(shifterChain('rubberband', -4, 2)).toMatch(
      /formant=shifted.*,rubberband=pitch=0\.707107:formant=preserved/,
    )
  })

  it('keeps a redacted stretch inside a disguised turn silent (redaction runs first)', () => {
    const redacted = { start: 15.5, end: 16.5, mode: 'silence' as const }
    const graph = timeline(
      [
        {
          file: wav,
          start: 0,
          duration,
          redactions: [redacted],
          disguise: {
            engine: hasRubberband ? 'rubberband' : 'resample',
            spans: spansOf('Sheila', -4),
          },
        },
      ],
      1,
    )
    const out = decode([
      ...graph.inputArgs,
      '-filter_complex',
      graph.filterComplex,
      '-map',
      '[out]',
    ])
    const peak = (from: number, to: number) =>
      out
        .subarray(Math.round(from * rate), Math.round(to * rate))
        .reduce((max, x) => Math.max(max, Math.abs(x)), 0)
    // The shifter's window smears the words either side a few tens of ms into the silence.
    expect(20 * Math.log10(peak(redacted.start + 0.05, redacted.end - 0.05))).toBeLessThan(-60)
    expect(20 * Math.log10(peak(14.6, 15.4))).toBeGreaterThan(-30)
  })

  it('keeps hundreds of turns in one expression FFmpeg can parse, each at its time', () => {
    // A steady 220 Hz tone, 400 stretches of 0.2 s shifted down (FFmpeg's parser stops at a
    // chain of about a hundred terms: the weight is a binary search on t instead).
    const spans = Array.from({ length: 400 }, (_, i) => ({
      start: i * 0.5,
      end: i * 0.5 + 0.2,
      semitones: -4,
      formantSemitones: null,
    }))
    expect(weightExpression(spans).length).toBeLessThan(80 * spans.length)
    const graph = `[0:a]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=mono[in];${disguiseFilter('in', 'out', { engine: 'resample', spans })}`
    const out = decode([
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=220:sample_rate=48000:duration=200',
      '-filter_complex',
      graph,
      '-map',
      '[out]',
    ])
    expect(out.length).toBe(200 * rate)
    const f0At = (t: number) => windowF0(out, Math.round((t - 0.02) * rate), 0.04 * rate) ?? NaN
    for (let i = 3; i < 400; i += 37) {
      const inside = f0At(i * 0.5 + 0.1) / 220 / fourDown
      expect(Math.abs(inside - 1), `inside stretch ${i}`).toBeLessThan(0.02)
      expect(Math.abs(f0At(i * 0.5 + 0.35) / 220 - 1), `between stretches ${i}`).toBeLessThan(0.01)
    }
  })

  it('gives overlapping turns of two shifts to the one that started first, fades apart', () => {
    const span = (start: number, end: number, semitones: number) => ({
      start,
      end,
      semitones,
      formantSemitones: null,
    })
    expect(
      separateSpans([span(0, 2, -4), span(1.5, 3, 3), span(3.02, 4, 3), span(10, 11, -4)]),
    ).toEqual([{ ...span(0, 2 - 0.03, -4) }, { ...span(2 + 0.03, 4, 3) }, { ...span(10, 11, -4) }])
    // A turn wholly inside another's is left with the first shift.
    expect(separateSpans([span(0, 5, -4), span(1, 2, 3)])).toEqual([span(0, 5, -4)])
  })

  it('refuses to move formants apart from the pitch without Rubber Band', () => {
    expect(() => shifterChain('resample', -4, 0)).toThrow(
      expect.objectContaining({ code: 'DISGUISE_NEEDS_RUBBERBAND' }),
    )
    expect(shifterChain('resample', -4, -4)).toMatch(
      /^asetrate=38098,aresample=48000,atempo=1\.2599/,
    )
  })
})

describe('disguise in exports', () => {
  let voces: Voces
  let dir: string
  let cleanup: () => void
  let id: string
  let original: Float32Array
  const ctx = () => ({ voces, transport: 'cli' as const })

  async function exported(method: string, input: Record<string, unknown>): Promise<Job> {
    const started = await dispatch(method as 'export.podcast', input, ctx())
    if (!started.ok) throw new Error(started.error.message)
    return voces.jobs.waitFor((started.value as { jobId: string }).jobId)
  }

  async function withTranscript(recordingId: string) {
    const segments = turns.map((t) => ({
      start: t.start,
      end: t.end,
      speaker: t.speaker,
      language: 'en',
      text: t.text,
    }))
    const imported = await dispatch(
      'transcripts.import',
      { recordingId, track: 'en', fileName: 'call.json', text: JSON.stringify({ segments }) },
      ctx(),
    )
    if (!imported.ok) throw new Error(imported.error.message)
  }

  beforeAll(async () => {
    original = decode(['-i', wav])
    ;({ dir, cleanup } = tempDir())
    voces = new Voces({ libraryDir: path.join(dir, 'library') })
    id = recordingIdOf(await ingestOne(voces, wav))
    await voces.storage.recordings.update(id, { consentStatus: 'given' })
    await withTranscript(id)
  })
  afterAll(async () => {
    await voces.close()
    cleanup()
  })

  it('disguises a speaker in a podcast export, by the transcript name in any case, and logs it', async () => {
    const output = path.join(dir, 'call.mp3')
    const job = await exported('export.podcast', {
      source: id,
      output,
      channels: 1,
      disguise: [{ speaker: 'diane' }],
    })
    expect(job.error).toBeNull()
    const after = decode(['-i', output])
    // MP3 at 44.1 kHz, read back: the length stays within one MP3 frame (26 ms).
    expect(Math.abs(after.length / rate - duration)).toBeLessThan(0.03)
    for (const r of pitchRatios(original, after, 'Diane'))
      expect(Math.abs(r / fourDown - 1)).toBeLessThan(0.05)
    for (const r of pitchRatios(original, after, 'Sheila'))
      expect(Math.abs(r - 1)).toBeLessThan(0.02)
    const row = databaseOf(voces)
      .prepare('SELECT recordings FROM export_log ORDER BY id DESC LIMIT 1')
      .pluck()
      .get() as string
    expect(JSON.parse(row)).toEqual([
      {
        id,
        consent: 'given',
        consentNote: '',
        disguise: [
          {
            speaker: 'diane',
            semitones: -4,
            formantSemitones: null,
            engine: await pitchEngine('ffmpeg'),
          },
        ],
      },
    ])
  })

  it('lists the speakers to pick from, most talk first, and reads the CLI flag', async () => {
    const listed = await dispatch('disguise.speakers', { source: id }, ctx())
    expect(listed.ok && listed.value).toEqual([
      { speaker: 'Sheila', name: '', seconds: 11.2 },
      { speaker: 'Diane', name: '', seconds: 10.4 },
    ])
    expect(parseDisguiseFlag(' Diane ')).toEqual({ speaker: 'Diane' })
    expect(parseDisguiseFlag('Diane:-4')).toEqual({ speaker: 'Diane', semitones: -4 })
    expect(parseDisguiseFlag('Dr. Ruiz: nurse:+3:0')).toEqual({
      speaker: 'Dr. Ruiz: nurse',
      semitones: 3,
      formantSemitones: 0,
    })
  })

  it('refuses an unknown speaker with a clear error and writes nothing', async () => {
    const output = path.join(dir, 'nobody.mp3')
    const refused = await dispatch(
      'export.podcast',
      { source: id, output, disguise: [{ speaker: 'Dianne' }] },
      ctx(),
    )
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('DISGUISE_SPEAKER_NOT_FOUND')
      expect(refused.error.params).toEqual({ speaker: 'Dianne' })
    }
    // The job checks again when it runs (the transcript may have changed since it was queued).
    const before = readdirSync(dir)
    const input = podcastExportInput.parse({
      source: id,
      output,
      disguise: [{ speaker: 'Nobody' }],
    })
    await expect(
      exportPodcast(voces, { input, signal: new AbortController().signal, progress: () => {} }),
    ).rejects.toMatchObject({ code: 'DISGUISE_SPEAKER_NOT_FOUND' })
    expect(readdirSync(dir)).toEqual(before)
    // The CLI says so in words, with a failing exit code.
    let stderr = ''
    const sink = (write: (text: string) => void) =>
      new Writable({ write: (chunk, _e, done) => (write(String(chunk)), done()) })
    const code = await runCli(
      [
        '--library',
        voces.layout.root,
        'export',
        'podcast',
        id,
        '--disguise',
        'Dianne:-3',
        '-o',
        output,
      ],
      { stdout: sink(() => {}), stderr: sink((text) => (stderr += text)) },
    )
    expect(code).toBe(1)
    expect(stderr).toContain('speaker called "Dianne"')
    expect(readdirSync(dir)).toEqual(before)
    // Out of range or no shift at all is refused by the contract.
    for (const semitones of [0, 0.5, 13]) {
      const bad = await dispatch(
        'export.podcast',
        { source: id, output, disguise: [{ speaker: 'Diane', semitones }] },
        ctx(),
      )
      expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT')
    }
  })

  it('disguises a speaker in an audiogram stretch, on the stretch’s clock', async () => {
    const output = path.join(dir, 'stretch.mp4')
    const from = 12.5
    const job = await exported('export.audiogram', {
      source: id,
      output,
      captions: null,
      from,
      to: 18,
      disguise: [{ speaker: 'Sheila', semitones: 4 }],
    })
    expect(job.error).toBeNull()
    const after = decode(['-i', output, '-map', '0:a:0'])
    const sheila = turns.find((t) => t.speaker === 'Sheila' && t.start > 14) ?? turns[0]
    const diane = turns.find((t) => t.speaker === 'Diane' && t.start > 12.5) ?? turns[0]
    if (!sheila || !diane) throw new Error('no turns')
    const ratio = (turn: typeof sheila) =>
      medianF0(after, turn.start - from + 0.1, turn.end - from - 0.1) /
      medianF0(original, turn.start + 0.1, turn.end - 0.1)
    expect(Math.abs(ratio(sheila) / Math.pow(2, 4 / 12) - 1)).toBeLessThan(0.05)
    expect(Math.abs(ratio(diane) - 1)).toBeLessThan(0.02)
  })

  it('disguises a speaker in a video export’s soundtrack, keeping the picture', async () => {
    const source = path.join(dir, 'call-video.mp4')
    ffmpegMake([
      '-f',
      'lavfi',
      '-i',
      `color=c=gray:s=160x120:r=10:d=${duration}`,
      '-i',
      wav,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-shortest',
      source,
    ])
    const video = recordingIdOf(await ingestOne(voces, source))
    await voces.storage.recordings.update(video, { consentStatus: 'given' })
    await withTranscript(video)
    const output = path.join(dir, 'disguised-video.mp4')
    const job = await exported('export.video', {
      recordingId: video,
      output,
      disguise: [{ speaker: 'Sheila', semitones: -4 }],
    })
    expect(job.error).toBeNull()
    const after = decode(['-i', output, '-map', '0:a:0'])
    const before = decode(['-i', source, '-map', '0:a:0'])
    expect(Math.abs(after.length - before.length) / rate).toBeLessThan(0.05)
    for (const r of pitchRatios(before, after, 'Sheila'))
      expect(Math.abs(r / fourDown - 1)).toBeLessThan(0.05)
    for (const r of pitchRatios(before, after, 'Diane')) expect(Math.abs(r - 1)).toBeLessThan(0.02)
    const streams = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', output],
      { encoding: 'utf8' },
    )
    expect(streams.trim().split('\n').sort()).toEqual(['audio', 'video'])
  })
})

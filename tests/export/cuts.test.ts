// Cuts made in an episode's transcript, heard in the export (decision 0050): real recordings, real
// FFmpeg, the decoded output compared sample by sample with its sources.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { masks } from '../../src/core/redaction/fold.ts'
import { redactSpan } from '../../src/core/redaction/redact.ts'
import { parseSrt } from '../../src/core/subtitles/srt.ts'
import { parseVtt } from '../../src/core/subtitles/vtt.ts'
import { requireWhisperCli } from '../../src/core/transcription/binary.ts'
import { normalizeText } from '../../src/core/transcription/cleanup.ts'
import { runWhisper } from '../../src/core/transcription/engine.ts'
import { dtwPreset, readModelHeader } from '../../src/core/transcription/models.ts'
import { segmentsFromWhisperJson } from '../../src/core/transcription/whisper-output.ts'
import { spreadWords } from '../../src/core/transcripts/formats.ts'
import { Voces } from '../../src/core/voces.ts'
import type {
  Episode,
  EpisodeTranscript,
  ExportResult,
  Job,
} from '../../src/shared/contract/index.ts'
import { correlation, pcm, rate } from './signal.ts'
import { mediaDir, modelsDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

const sources = {
  a: path.join(mediaDir, 'en', 'jfk.wav'),
  b: path.join(mediaDir, 'es', 'leopard_es.wav'),
  c: path.join(mediaDir, 'en', 'sense_and_sensibility_01_austen_64kb-0880.wav'),
}
const texts = {
  a: 'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  b: 'Las arenas son blanquecinas de grano medio y tiene muy poca asistencia.',
  c: 'He was not an ill disposed young man.',
}

const at = (seconds: number) => Math.round(seconds * rate)

/** The best correlation of `n` samples of y at yFrom anywhere in x[from, to), every `step`. */
function bestMatch(
  x: Float32Array,
  from: number,
  to: number,
  y: Float32Array,
  yFrom: number,
  n: number,
  step = 1,
) {
  let best = { lag: from, value: -1 }
  for (let i = from; i + n <= to; i += step) {
    const value = correlation(x, i, y, yFrom, n)
    if (value > best.value) best = { lag: i, value }
  }
  return best
}

/** The largest sample-to-sample step in x[from, to). */
function maxStep(x: Float32Array, from: number, to: number): number {
  let max = 0
  for (let i = Math.max(1, from); i < Math.min(x.length, to); i++)
    max = Math.max(max, Math.abs((x[i] ?? 0) - (x[i - 1] ?? 0)))
  return max
}

function rms(x: Float32Array, from: number, to: number): number {
  let sum = 0
  for (let i = from; i < to; i++) sum += (x[i] ?? 0) ** 2
  return Math.sqrt(sum / Math.max(1, to - from))
}

let voces: Voces
let dir: string
let cleanup: () => void
let recordingId: string
let episode: Episode
const lengths = { a: 0, b: 0, c: 0 }
const ctx = () => ({ voces, transport: 'cli' as const })

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input, ctx())
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-cuts-'))
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  for (const key of ['a', 'b', 'c'] as const) lengths[key] = pcm(sources[key]).length / rate
  // One recording of three different voices back to back, with known boundaries.
  const joined = path.join(dir, 'three voices.wav')
  ffmpegMake([
    '-i',
    sources.a,
    '-i',
    sources.b,
    '-i',
    sources.c,
    '-filter_complex',
    '[0:a][1:a][2:a]concat=n=3:v=0:a=1',
    '-ar',
    String(rate),
    '-ac',
    '1',
    joined,
  ])
  recordingId = recordingIdOf(await ingestOne(voces, joined))
  await voces.storage.recordings.update(recordingId, { consentStatus: 'given' })
  const bStart = lengths.a
  const cStart = lengths.a + lengths.b
  const segment = (
    start: number,
    end: number,
    text: string,
    speaker: string,
    language: 'en' | 'es',
  ) => ({
    start,
    end,
    speaker,
    language,
    text,
    words: spreadWords(text, start, end),
  })
  await voces.storage.transcripts.replaceTrack({
    recordingId,
    language: 'en',
    kind: 'transcript',
    origin: 'typed',
    model: null,
    engineSettings: {},
    segments: [
      segment(0, bStart, texts.a, 'Kennedy', 'en'),
      segment(bStart, cStart, texts.b, 'Lectora', 'es'),
      segment(cStart, cStart + lengths.c, texts.c, 'Narrator', 'en'),
    ],
  })
  // Its Spanish translation, sentence by sentence, without word timings (as a person types it).
  await voces.storage.transcripts.replaceTrack({
    recordingId,
    language: 'es',
    kind: 'translation',
    origin: 'typed',
    model: null,
    engineSettings: {},
    segments: [
      [0, bStart, 'Y así, compatriotas, no pregunten qué puede hacer su país por ustedes.'],
      [bStart, cStart, 'Las arenas son blanquecinas, de grano medio.'],
      [cStart, cStart + 0.9, 'No era un joven'],
      [cStart + 0.9, cStart + lengths.c, 'mal dispuesto.'],
    ].map(([start, end, text]) => ({
      start: start as number,
      end: end as number,
      speaker: null,
      language: 'es' as const,
      text: text as string,
      words: [],
    })),
  })
  episode = await call<Episode>('episodes.create', {
    title: 'Three voices',
    clips: [{ recordingId, start: 0, end: cStart + lengths.c }],
  })
  // No description: the RSS item takes the show notes' summary in the language spoken longest.
  await call('episodes.setNotes', {
    id: episode.id,
    notes: { summaryEn: 'Three voices, cut.', summaryEs: 'Tres voces, cortadas.' },
  })
}, 120_000)

afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('cuts in the export', () => {
  let out: Float32Array
  let result: ExportResult
  /** The exact cut inside Kennedy's speech, between a crest and a trough of the waveform. */
  const splice = { from: 0, to: 0 }

  it('cuts the middle voice chosen in the transcript, and a stretch mid-word, and exports', async () => {
    const view = await call<EpisodeTranscript>('episodes.transcript', { id: episode.id })
    const middle = view.clips[0]?.segments[1]?.words ?? []
    expect(middle.map((w) => w.text).join(' ')).toBe(texts.b)
    const cut = await call<Episode>('episodes.cut', {
      id: episode.id,
      spans: [{ recordingId, start: middle[0]?.start, end: middle.at(-1)?.end }],
    })
    // Widened to the pauses around the words: here the voices' own boundaries.
    expect(cut.cuts).toHaveLength(1)
    expect(cut.cuts[0]?.start).toBeCloseTo(lengths.a, 2)
    expect(cut.cuts[0]?.end).toBeCloseTo(lengths.a + lengths.b, 2)

    // A second cut where a hard splice would click: from a crest to a trough of the waveform.
    const a = pcm(sources.a)
    let crest = at(3)
    for (let i = at(3); i < at(4); i++) if ((a[i] ?? 0) > (a[crest] ?? 0)) crest = i
    let trough = at(4.4)
    for (let i = at(4.4); i < at(5.4); i++) if ((a[i] ?? 0) < (a[trough] ?? 0)) trough = i
    splice.from = crest / rate
    splice.to = trough / rate
    // The control: spliced hard, the step there would be larger than any in the speech around.
    const around = Math.max(
      maxStep(a, crest - at(0.5), crest),
      maxStep(a, trough, trough + at(0.5)),
    )
    expect(Math.abs((a[crest] ?? 0) - (a[trough] ?? 0))).toBeGreaterThan(around)
    episode = await call<Episode>('episodes.setCuts', {
      id: episode.id,
      cuts: [...cut.cuts, { recordingId, start: splice.from, end: splice.to, kind: 'edit' }],
    })
    const spliced = splice.to - splice.from
    expect(episode.duration).toBeCloseTo(lengths.a + lengths.c - spliced, 2)

    // Redacted after the cuts were made, inside the last voice: it must land where it is heard.
    await redactSpan(
      voces,
      recordingId,
      lengths.a + lengths.b + 1.0,
      lengths.a + lengths.b + 1.5,
      'silence',
    )

    const output = path.join(dir, 'three voices.mp3')
    const started = await call<{ jobId: string }>('export.podcast', {
      source: episode.id,
      output,
      channels: 1,
      publishUrl: 'https://center.example.org/podcast',
    })
    const job: Job = await voces.jobs.waitFor(started.jobId)
    expect(job.error).toBeNull()
    result = job.result as ExportResult
    expect(result.duration).toBeCloseTo(episode.duration, 3)
    out = pcm(output)
    // Decoded length: the kept seconds, give or take the encoder's last frame.
    expect(Math.abs(out.length / rate - episode.duration)).toBeLessThan(0.05)
  }, 180_000)

  it('keeps the outer voices, in order and in place, and the middle voice is gone', () => {
    const a = pcm(sources.a)
    const c = pcm(sources.c)
    const b = pcm(sources.b)
    const spliced = splice.to - splice.from
    const cAt = lengths.a - spliced
    // Kennedy before the splice, at its own time. The export's true-peak limiter looks 5 ms
    // ahead (attack=5), which delays the whole file by that much; everything else must then sit
    // exactly that far from where the cuts put it.
    const before = bestMatch(out, at(0.5), at(2.6), a, at(1), at(1), 1)
    expect(before.value).toBeGreaterThan(0.9)
    const delay = before.lag - at(1)
    expect(Math.abs(delay)).toBeLessThan(at(0.008))
    // After the splice: shifted back by the splice's length.
    const after = bestMatch(out, at(6 - spliced - 0.5), at(6 - spliced + 1.5), a, at(6), at(1), 1)
    expect(after.value).toBeGreaterThan(0.9)
    expect(Math.abs(after.lag - delay - at(6 - spliced))).toBeLessThanOrEqual(at(0.001))
    // The narrator follows at once, where the cut voice was (up to the redaction at 1 s).
    const narrator = bestMatch(out, at(cAt - 0.2), at(cAt + 1.2), c, at(0.3), at(0.6), 1)
    expect(narrator.value).toBeGreaterThan(0.9)
    expect(Math.abs(narrator.lag - delay - at(cAt + 0.3))).toBeLessThanOrEqual(at(0.001))
    // Three windows of the Spanish voice are found nowhere in the output.
    for (const t of [1, 3.5, 6]) {
      const found = bestMatch(out, 0, out.length, b, at(t), at(0.5), 8)
      expect(found.value).toBeLessThan(0.5)
    }
  })

  it('joins without a click: no step at a join is larger than in the speech around it', () => {
    const spliced = splice.to - splice.from
    for (const join of [splice.from, lengths.a - spliced]) {
      const near = maxStep(out, at(join - 0.015), at(join + 0.015))
      const around = Math.max(
        maxStep(out, at(join - 0.5), at(join - 0.015)),
        maxStep(out, at(join + 0.015), at(join + 0.5)),
      )
      expect(near).toBeLessThanOrEqual(around)
    }
  })

  it('silences the redacted stretch where it is heard after the cuts', () => {
    const c = pcm(sources.c)
    const spliced = splice.to - splice.from
    const heard = lengths.a - spliced + 1.0
    // Speech in the source there; silence in the export (clear of the 10 ms redaction frames).
    expect(rms(c, at(1.05), at(1.45))).toBeGreaterThan(0.01)
    expect(rms(out, at(heard + 0.05), at(heard + 0.45))).toBeLessThan(0.001)
    expect(rms(out, at(heard - 0.6), at(heard - 0.1))).toBeGreaterThan(0.01)
  })

  it('writes the transcript as SRT, WebVTT and Podcasting 2.0 JSON on the cut clock, and lists them in the RSS item', () => {
    const base = path.join(dir, 'three voices')
    expect(result.sidecars).toEqual(
      expect.arrayContaining([
        `${base}.transcript.srt`,
        `${base}.transcript.vtt`,
        `${base}.transcript.json`,
        `${base}.rss-item.xml`,
      ]),
    )
    const spliced = splice.to - splice.from
    const cAt = lengths.a - spliced
    const json = JSON.parse(readFileSync(`${base}.transcript.json`, 'utf8')) as {
      version: string
      segments: Array<{ speaker?: string; startTime: number; endTime: number; body: string }>
    }
    expect(json.version).toBe('1.0.0')
    const all = json.segments.map((s) => s.body).join(' ')
    for (const word of ['arenas', 'blanquecinas', 'asistencia']) expect(all).not.toContain(word)
    expect(all).toContain('Americans')
    expect(json.segments.map((s) => s.speaker)).toEqual(['Kennedy', 'Narrator'])
    const narrator = json.segments[1]
    expect(narrator?.startTime).toBeCloseTo(cAt, 2)
    expect(narrator?.body).toContain('[redacted]')
    expect(json.segments[0]?.endTime).toBeLessThanOrEqual(cAt + 0.001)

    const srt = parseSrt(readFileSync(`${base}.transcript.srt`, 'utf8'))
    const vtt = parseVtt(readFileSync(`${base}.transcript.vtt`, 'utf8'))
    for (const cues of [srt, vtt]) {
      const text = cues.map((cue) => cue.text).join(' ')
      expect(text).not.toContain('arenas')
      expect(text).toContain('young man')
      expect(cues.at(-1)?.end ?? 0).toBeLessThanOrEqual(episode.duration + 0.001)
      const first = cues.find((cue) => cue.text.startsWith('He was'))
      expect(first?.start).toBeCloseTo(cAt, 1)
    }
    expect(vtt.map((cue) => cue.speaker)).toContain('Kennedy')

    const item = readFileSync(`${base}.rss-item.xml`, 'utf8')
    expect(item).toContain('<description>Three voices, cut.</description>')
    expect(item).toContain(
      '<podcast:transcript url="https://center.example.org/podcast/three%20voices.transcript.json" type="application/json" language="en"/>',
    )
    expect(item).toContain(
      '<podcast:transcript url="https://center.example.org/podcast/three%20voices.transcript.vtt" type="text/vtt" language="en" rel="captions"/>',
    )
    expect(item).toContain(
      '<podcast:transcript url="https://center.example.org/podcast/three%20voices.transcript.srt" type="application/x-subrip" language="en" rel="captions"/>',
    )
  })

  it('writes the Spanish translation on the cut clock, leaving out sentences an edit cut touched', () => {
    const base = path.join(dir, 'three voices')
    const json = JSON.parse(readFileSync(`${base}.transcript.es.json`, 'utf8')) as {
      segments: Array<{ startTime: number; endTime: number; body: string }>
    }
    // Kennedy's sentence had a stretch cut from its middle and the reader's was cut whole: a
    // translated sentence cannot lose only some words, so neither is published. The narrator's
    // first words are placed where they are heard; the rest lies over the redacted stretch.
    const spliced = splice.to - splice.from
    expect(json.segments.map((s) => s.body)).toEqual(['No era un joven', masks.es])
    expect(json.segments[0]?.startTime).toBeCloseTo(lengths.a - spliced, 2)
    const srt = parseSrt(readFileSync(`${base}.transcript.es.srt`, 'utf8'))
    expect(srt.map((cue) => cue.text).join(' ')).not.toMatch(/compatriotas|arenas/)
    expect(existsSync(`${base}.transcript.es.vtt`)).toBe(true)
    const item = readFileSync(`${base}.rss-item.xml`, 'utf8')
    expect(item).toContain(
      '<podcast:transcript url="https://center.example.org/podcast/three%20voices.transcript.es.vtt" type="text/vtt" language="es" rel="captions"/>',
    )
    // The spoken transcript is still the one in English.
    expect(item).toContain(
      'url="https://center.example.org/podcast/three%20voices.transcript.json" type="application/json" language="en"',
    )
  })
})

/** A real Whisper model: VOCES_TEST_MODEL, or a real ggml-*.bin in ../shared/models (as tests/transcription). */
function findRealModel(): string | null {
  const fromEnv = process.env.VOCES_TEST_MODEL
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  const found = existsSync(modelsDir)
    ? readdirSync(modelsDir).find((name) => /^ggml-.*\.bin$/.test(name))
    : undefined
  return found ? path.join(modelsDir, found) : null
}
const model = findRealModel()
if (!model) {
  console.log(
    'SKIPPED transcribing the cut export again: no real Whisper model (set VOCES_TEST_MODEL=/path/to/ggml-*.bin or put one in ../shared/models)',
  )
}

// The issue's own check: transcribe the export again and compare. Runs after the tests above,
// on the file they exported.
describe.skipIf(!model)('the cut export transcribed again with a real model', () => {
  it("has the outer voices' words, in order, and none of the cut Spanish voice", async () => {
    const wav = path.join(dir, 'again.wav')
    ffmpegMake(['-i', path.join(dir, 'three voices.mp3'), '-ar', '16000', '-ac', '1', wav])
    const header = await readModelHeader(model ?? '')
    const json = await runWhisper({
      binary: requireWhisperCli(),
      model: model ?? '',
      audio: wav,
      outBase: path.join(dir, 'again'),
      language: 'auto',
      translate: false,
      dtw: header ? dtwPreset(header) : null,
    })
    const words = normalizeText(
      segmentsFromWhisperJson(json, 0)
        .map((segment) => segment.text)
        .join(' '),
    ).split(' ')
    for (const cut of ['arenas', 'blanquecinas', 'grano', 'asistencia'])
      expect(words).not.toContain(cut)
    const americans = words.indexOf('americans')
    const young = words.indexOf('young')
    expect(americans).toBeGreaterThanOrEqual(0)
    expect(young).toBeGreaterThan(americans)
  }, 300_000)
})

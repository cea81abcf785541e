// The episode player (decision 0165): the export's own timeline streamed from a moment of it,
// with real recordings and real FFmpeg, compared with the export's graph rendered whole.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { partsFrom, previewArgs } from '../../src/core/export/preview.ts'
import { planFor, timeline, type Part } from '../../src/core/export/podcast.ts'
import { serveMedia } from '../../src/core/media/serve.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Episode, EpisodeTimeline } from '../../src/shared/contract/index.ts'
import { correlation, pcm, rate } from './signal.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

/** Where in x (within `window` samples of `near`) y's first `n` samples fit best. */
function bestLag(x: Float32Array, near: number, y: Float32Array, n: number, window: number) {
  let best = { at: near, value: -1 }
  for (let i = Math.max(0, near - window); i <= near + window; i++) {
    const value = correlation(x, i, y, 0, n)
    if (value > best.value) best = { at: i, value }
  }
  return best
}

const part = (over: Partial<Part>): Part => ({
  file: 'a.wav',
  start: 10,
  duration: 20,
  redactions: [],
  ...over,
})

describe('partsFrom: the export plan read from a moment of the episode', () => {
  const intro = part({ file: 'intro.wav', start: 0, duration: 4 })
  const cutClip = part({
    start: 10,
    kept: [
      { start: 0, end: 5 },
      { start: 8, end: 20 },
    ],
    duration: 17,
    redactions: [{ start: 9, end: 10, mode: 'tone' }],
  })
  const parts = [intro, cutClip, part({ file: 'outro.wav', start: 0, duration: 3 })]

  it('leaves out the parts before the moment and reads the one it falls in from there', () => {
    const { parts: from, from: at } = partsFrom(parts, 2)
    expect(at).toBe(2)
    expect(from[0]).toMatchObject({ file: 'intro.wav', start: 2, duration: 2 })
    expect(from).toHaveLength(3)
  })

  it('moves the kept stretches, redactions and the read start with the part clock', () => {
    // 4 s of intro, then 6 s heard of the clip: 1 s into its second kept stretch (8 + 1 = 9).
    const { parts: from, from: at } = partsFrom(parts, 10)
    expect(at).toBe(10)
    expect(from[0]).toMatchObject({
      start: 19,
      kept: [{ start: 0, end: 11 }],
      duration: 11,
      redactions: [{ start: 0, end: 1, mode: 'tone' }],
    })
  })

  it('starts on the next kept stretch when less than a crossfade of this one is left', () => {
    const { parts: from, from: at } = partsFrom(parts, 4 + 4.995)
    expect(at).toBe(9)
    expect(from[0]).toMatchObject({ start: 18, kept: [{ start: 0, end: 12 }], duration: 12 })
  })

  it('gives nothing past the end', () => {
    expect(partsFrom(parts, 24).parts).toEqual([])
  })
})

describe('the episode preview against the export graph', () => {
  let voces: Voces
  let dir: string
  let cleanup: () => void
  let episode: Episode
  const ctx = () => ({ voces, transport: 'cli' as const })

  async function call<T>(method: string, input: unknown): Promise<T> {
    const result = await dispatch(method, input, ctx())
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
    return result.value as T
  }

  beforeAll(async () => {
    ;({ dir, cleanup } = tempDir('voces-preview-'))
    voces = new Voces({ libraryDir: path.join(dir, 'library') })
    const jfk = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    const leopard = recordingIdOf(
      await ingestOne(voces, path.join(mediaDir, 'es', 'leopard_es.wav')),
    )
    const intro = path.join(dir, 'intro.wav')
    ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ar', '48000', intro])
    episode = await call<Episode>('episodes.create', {
      title: 'Two voices',
      clips: [
        { recordingId: jfk, start: 0, end: 11 },
        { recordingId: leopard, start: 0, end: 5 },
      ],
    })
    episode = await call<Episode>('episodes.update', { id: episode.id, patch: { intro } })
    episode = await call<Episode>('episodes.setCuts', {
      id: episode.id,
      cuts: [{ recordingId: jfk, start: 3, end: 5, kind: 'edit' }],
    })
    await call('episodes.setChapters', {
      id: episode.id,
      chapters: [{ start: 9, titleEn: 'The beach', titleEs: 'La playa' }],
    })
  }, 120_000)

  afterAll(async () => {
    await voces?.close()
    cleanup?.()
  })

  it('marks the intro, the cut, the next clip and the chapter on the export clock', async () => {
    const marks = await call<EpisodeTimeline>('episodes.timeline', { id: episode.id })
    expect(marks.intro).toBeCloseTo(2, 2)
    expect(marks.outro).toBe(0)
    // 2 s of intro, 9 s of the first clip once its 2 s cut is out, 5 s of the second.
    expect(marks.duration).toBeCloseTo(16, 2)
    expect(marks.joins).toEqual([
      { at: 5, kind: 'cut' },
      { at: 11, kind: 'clip' },
    ])
    expect(marks.chapters).toEqual([{ start: 11, titleEn: 'The beach', titleEs: 'La playa' }])
  })

  it('streams the episode from a moment before the cut as the export joins it', async () => {
    // The whole timeline as the export's graph makes it (before the loudness gain).
    const plan = await planFor(voces, episode.id)
    const whole = path.join(dir, 'whole.wav')
    try {
      const graph = timeline(plan.parts, 2)
      execFileSync('ffmpeg', [
        '-v',
        'error',
        ...graph.inputArgs,
        '-filter_complex',
        graph.filterComplex,
        '-map',
        '[out]',
        whole,
      ])
      // The arguments the player's stream is made with are the export's inputs from the moment.
      expect(previewArgs(partsFrom(plan.parts, 4).parts)).toContain('[out]')
    } finally {
      await plan.release()
    }
    const response = await serveMedia(
      voces,
      new Request(`http://voces.local/media/${episode.id}/preview?from=4`),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('audio/mpeg')
    expect(response.headers.get('x-voces-from')).toBe('4')
    const streamed = path.join(dir, 'streamed.mp3')
    writeFileSync(streamed, Buffer.from(await response.arrayBuffer()))
    const reference = pcm(whole)
    const heard = pcm(streamed)
    // Everything from 4 s to the end, give or take the MP3 encoder's padding.
    expect(heard.length / rate).toBeGreaterThan(16 - 4 - 0.05)
    expect(heard.length / rate).toBeLessThan(16 - 4 + 0.15)
    // Across the cut (5 s) and into the next clip (11 s): the same sound as the export's, at
    // one constant lag (the MP3 encoder's delay), so nothing is added, lost or moved on the way.
    const lags: number[] = []
    for (const second of [0, 0.5, 1, 2, 5.5, 7.5, 8, 9, 10]) {
      const y = heard.subarray(Math.round((second + 0.06) * rate))
      const expected = Math.round((4 + second + 0.06) * rate)
      const match = bestLag(reference, expected, y, rate / 2, 2000)
      expect(match.value, `at ${4 + second} s`).toBeGreaterThan(0.9)
      lags.push(match.at - expected)
    }
    const first = lags[0] ?? 0
    for (const lag of lags) expect(Math.abs(lag - first)).toBeLessThanOrEqual(2)
    // The encoder's delay, under 30 ms.
    expect(Math.abs(first)).toBeLessThan(0.03 * rate)
  }, 60_000)

  it('refuses a moment past the end and an episode that does not exist', async () => {
    const past = await serveMedia(
      voces,
      new Request(`http://voces.local/media/${episode.id}/preview?from=100`),
    )
    expect(past.status).toBe(416)
    const none = await serveMedia(voces, new Request('http://voces.local/media/nope/preview'))
    expect(none.status).toBe(404)
  })
})

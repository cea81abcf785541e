import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  episodeSegments,
  fromEpisodeTime,
  layoutEpisode,
  nextHeard,
  toEpisodeTime,
  type TranscriptSource,
} from '../../src/core/episodes/layout.ts'
import type { Segment } from '../../src/shared/contract/index.ts'

const clips = [
  { recordingId: 'a', start: 10, end: 20 },
  { recordingId: 'b', start: 0, end: 5 },
]
const cuts = [
  { recordingId: 'a', start: 12, end: 13 },
  { recordingId: 'a', start: 15, end: 16 },
  // Outside every clip of its recording: no effect.
  { recordingId: 'b', start: 7, end: 8 },
]

describe('episode clock', () => {
  const layout = layoutEpisode(clips, cuts)

  it('lays the kept stretches of the clips end to end', () => {
    expect(layout.duration).toBeCloseTo(13, 9)
    expect(layout.pieces.map((p) => [p.clipIndex, p.start, p.end, p.at])).toEqual([
      [0, 10, 12, 0],
      [0, 13, 15, 2],
      [0, 16, 20, 4],
      [1, 0, 5, 8],
    ])
  })

  it('maps recording time to episode time and back; a cut moment maps to nothing', () => {
    expect(toEpisodeTime(layout, 'a', 11)).toBe(1)
    expect(toEpisodeTime(layout, 'a', 13.5)).toBe(2.5)
    expect(toEpisodeTime(layout, 'a', 17)).toBe(5)
    expect(toEpisodeTime(layout, 'a', 12.5)).toBeNull()
    expect(toEpisodeTime(layout, 'b', 1)).toBe(9)
    expect(toEpisodeTime(layout, 'b', 1, 0)).toBeNull()
    expect(fromEpisodeTime(layout, 5)).toEqual({ clipIndex: 0, recordingId: 'a', time: 17 })
    expect(fromEpisodeTime(layout, 9)).toEqual({ clipIndex: 1, recordingId: 'b', time: 1 })
    expect(fromEpisodeTime(layout, 13)).toBeNull()
  })

  it('puts a moment inside a cut on the join that replaced it', () => {
    expect(nextHeard(layout, 0, 12.5)).toBe(2)
    expect(nextHeard(layout, 0, 14)).toBe(3)
    expect(nextHeard(layout, 0, 25)).toBe(8)
    const allCut = layoutEpisode(clips, [{ recordingId: 'a', start: 0, end: 30 }])
    expect(nextHeard(allCut, 0, 12)).toBe(0)
  })

  it('round-trips any heard moment, and keeps the order of moments, for any cuts', () => {
    const spans = fc
      .array(
        fc.tuple(
          fc.double({ min: 0, max: 30, noNaN: true }),
          fc.double({ min: 0.001, max: 4, noNaN: true }),
        ),
        {
          maxLength: 12,
        },
      )
      .map((list) =>
        list.map(([start, length]) => ({ recordingId: 'a', start, end: start + length })),
      )
    fc.assert(
      fc.property(spans, fc.double({ min: 10, max: 19.999, noNaN: true }), (random, t) => {
        const l = layoutEpisode(clips, random)
        const at = toEpisodeTime(l, 'a', t, 0)
        if (at === null) return
        const back = fromEpisodeTime(l, at)
        expect(back?.clipIndex).toBe(0)
        expect(back?.time).toBeCloseTo(t, 6)
        const later = toEpisodeTime(l, 'a', Math.min(19.9999, t + 0.0005), 0)
        if (later !== null) expect(later).toBeGreaterThanOrEqual(at)
      }),
    )
  })
})

const word = (start: number, end: number, text: string) => ({
  start,
  end,
  text,
  probability: 0.9,
})

describe("the episode's transcript", () => {
  const segments: Segment[] = [
    {
      start: 10,
      end: 12,
      speaker: 'Ana',
      language: 'en',
      text: 'We organized the union.',
      words: [
        word(10, 10.4, 'We'),
        word(10.5, 11, 'organized'),
        word(11.1, 11.3, 'the'),
        word(11.4, 11.9, 'union.'),
      ],
    },
    {
      start: 12.1,
      end: 14.5,
      speaker: 'Ana',
      language: 'en',
      text: 'Um, María López said no.',
      words: [
        word(12.1, 12.4, 'Um,'),
        word(12.6, 12.9, 'María'),
        word(13.0, 13.4, 'López'),
        word(13.5, 13.9, 'said'),
        word(14.0, 14.4, 'no.'),
      ],
    },
    { start: 16.2, end: 17, speaker: null, language: 'en', text: 'Typed, no timings.', words: [] },
  ]
  const source: TranscriptSource = { segments, redactions: [{ start: 12.52, end: 13.48 }] }

  it('leaves cut words out, masks redacted ones, and times the rest on the export clock', () => {
    const layout = layoutEpisode([clips[0] as (typeof clips)[0]], cuts)
    const out = episodeSegments(
      layout,
      [clips[0] as (typeof clips)[0]],
      new Map([['a', source]]),
      3,
    )
    // The first segment is untouched: its own text and times (+3 s of intro).
    expect(out[0]).toMatchObject({
      start: 3,
      end: 5,
      text: 'We organized the union.',
      speaker: 'Ana',
    })
    // "Um," and the name lie in the cut 12–13: gone; "López" (13.0–13.4) is masked once.
    expect(out[1]?.text).toBe('[redacted] said no.')
    expect(out[1]?.words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['[redacted]', 5, 5.4],
      ['said', 5.5, 5.9],
      ['no.', 6, 6.4],
    ])
    // The typed segment's middle (16.6) is heard after the cut 15–16: at 4.6 + 3 … 5 + 3.
    expect(out[2]).toMatchObject({ start: 7.2, end: 8, text: 'Typed, no timings.' })
  })

  it('masks in Spanish with the Spanish mask', () => {
    const spanish: Segment = {
      start: 10,
      end: 11,
      speaker: null,
      language: 'es',
      text: 'Habló Rosa Pérez.',
      words: [word(10, 10.3, 'Habló'), word(10.4, 10.6, 'Rosa'), word(10.7, 10.9, 'Pérez.')],
    }
    const layout = layoutEpisode([clips[0] as (typeof clips)[0]], [])
    const out = episodeSegments(
      layout,
      [clips[0] as (typeof clips)[0]],
      new Map([['a', { segments: [spanish], redactions: [{ start: 10.35, end: 10.95 }] }]]),
    )
    expect(out[0]?.text).toBe('Habló [nombre omitido]')
  })
})

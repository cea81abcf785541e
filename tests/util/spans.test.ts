import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mergeSpans, type Span } from '../../src/core/util/spans.ts'

const covered = (spans: readonly Span[], t: number) => spans.some((s) => t >= s.start && t < s.end)

describe('mergeSpans', () => {
  it('leaves out empty and backwards spans: they cover nothing', () => {
    expect(
      mergeSpans([
        { start: 7, end: 7 },
        { start: 9, end: 8 },
        { start: 1, end: 2 },
      ]),
    ).toEqual([{ start: 1, end: 2 }])
  })

  it('joins spans closer than the gap, as disguise does between turns', () => {
    const spans = [
      { start: 0, end: 1 },
      { start: 1.05, end: 2 },
      { start: 2.2, end: 3 },
    ]
    expect(mergeSpans(spans, 0.06)).toEqual([
      { start: 0, end: 2 },
      { start: 2.2, end: 3 },
    ])
  })

  it('returns new spans holding only their times, and leaves its input alone', () => {
    const input = [{ start: 0, end: 1, label: 'cue 3' }]
    const [merged] = mergeSpans(input)
    expect(merged).toEqual({ start: 0, end: 1 })
    expect(merged).not.toBe(input[0])
  })

  it('covers exactly what its input covers, in sorted spans that stay apart', () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10 }))
      .map(([start, length]) => ({ start, end: start + length }))
    fc.assert(
      fc.property(fc.array(span, { maxLength: 20 }), (spans) => {
        const merged = mergeSpans(spans)
        for (let i = 1; i < merged.length; i++)
          expect(merged[i]?.start).toBeGreaterThan(merged[i - 1]?.end ?? Infinity)
        for (let t = 0; t <= 111; t += 0.5) expect(covered(merged, t)).toBe(covered(spans, t))
      }),
    )
  })
})

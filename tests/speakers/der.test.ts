import { describe, expect, it } from 'vitest'
import { bestAssignment, diarizationErrorRate } from '../../src/core/speakers/der.ts'
import { formatRttm, parseRttm } from '../../src/core/speakers/rttm.ts'
import { VocesError } from '../../src/shared/contract/index.ts'

const rttm = (...lines: Array<[string, number, number]>) =>
  lines
    .map(([who, start, length]) => `SPEAKER f 1 ${start} ${length} <NA> <NA> ${who} <NA> <NA>`)
    .join('\n')

describe('DER, on turns whose error is counted by hand', () => {
  const reference = parseRttm(rttm(['A', 0, 10], ['B', 10, 10]))

  it('is 0 for the reference itself, whatever the found voices are called', () => {
    const renamed = reference.map((turn) => ({
      ...turn,
      speaker: turn.speaker === 'A' ? '1' : '0',
    }))
    const result = diarizationErrorRate(reference, renamed)
    expect(result.der).toBe(0)
    expect(result.mapping).toEqual({ '1': 'A', '0': 'B' })
  })

  it('counts a boundary 2 s late as 2 s of confusion (no collar: 2/20)', () => {
    const found = parseRttm(rttm(['x', 0, 12], ['y', 12, 8]))
    const result = diarizationErrorRate(reference, found, 0)
    expect(result.total).toBeCloseTo(20, 9)
    expect(result.confusion).toBeCloseTo(2, 9)
    expect(result.der).toBeCloseTo(0.1, 9)
  })

  it('leaves 0.25 s either side of each reference boundary unscored', () => {
    // Scored: 0.25–9.75 and 10.25–19.75, 19 s; the late boundary costs 12 − 10.25 = 1.75 s.
    const found = parseRttm(rttm(['x', 0, 12], ['y', 12, 8]))
    const result = diarizationErrorRate(reference, found, 0.25)
    expect(result.total).toBeCloseTo(19, 9)
    expect(result.confusion).toBeCloseTo(1.75, 9)
    expect(result.der).toBeCloseTo(1.75 / 19, 9)
  })

  it('counts missed speech and false alarm', () => {
    const one = parseRttm(rttm(['A', 0, 10]))
    const shifted = parseRttm(rttm(['x', 2, 10]))
    const result = diarizationErrorRate(one, shifted, 0)
    expect(result.missed).toBeCloseTo(2, 9)
    expect(result.falseAlarm).toBeCloseTo(2, 9)
    expect(result.der).toBeCloseTo(0.4, 9)
  })

  it('scores overlapping speech once per voice: one voice found where two speak misses the other', () => {
    const overlap = parseRttm(rttm(['A', 0, 10], ['B', 5, 5]))
    const result = diarizationErrorRate(overlap, parseRttm(rttm(['x', 0, 10])), 0)
    expect(result.total).toBeCloseTo(15, 9)
    expect(result.missed).toBeCloseTo(5, 9)
    expect(result.der).toBeCloseTo(1 / 3, 9)
  })

  it('counts an extra found voice as confusion, mapped to nobody', () => {
    // A 0–10 found as x 0–6 and z 6–10: x maps to A, z's 4 s are confusion.
    const result = diarizationErrorRate(
      parseRttm(rttm(['A', 0, 10])),
      parseRttm(rttm(['x', 0, 6], ['z', 6, 4])),
      0,
    )
    expect(result.confusion).toBeCloseTo(4, 9)
    expect(result.der).toBeCloseTo(0.4, 9)
  })

  it('finds the best mapping where a greedy one fails', () => {
    // Greedy takes 3 (row 0 → column 0) and is left with 0; the best is 2 + 3 = 5.
    expect(
      bestAssignment([
        [3, 2],
        [3, 0],
      ]),
    ).toEqual([1, 0])
    expect(
      bestAssignment([
        [1, 5, 0],
        [4, 4, 4],
        [0, 6, 1],
      ]),
    ).toEqual([0, 2, 1])
    // More found voices than reference ones, and the other way round.
    expect(bestAssignment([[0, 1, 9]])).toEqual([2])
    expect(bestAssignment([[1], [7]])).toEqual([-1, 0])
  })

  it('is 1 when nothing is found, 0 for nothing against nothing', () => {
    expect(diarizationErrorRate(reference, [], 0).der).toBe(1)
    expect(diarizationErrorRate([], [], 0.25).der).toBe(0)
  })
})

describe('RTTM', () => {
  it('reads what it writes', () => {
    const turns = [
      { start: 0.5, end: 2.25, speaker: 'spk0' },
      { start: 3, end: 4.125, speaker: 'spk1' },
    ]
    const text = formatRttm('my file', turns)
    expect(text.split('\n')[0]).toBe('SPEAKER my_file 1 0.500 1.750 <NA> <NA> spk0 <NA> <NA>')
    expect(parseRttm(text)).toEqual(turns)
  })

  it('refuses a line that is not a turn, naming the line', () => {
    try {
      parseRttm('SPEAKER f 1 0 1 <NA> <NA> A <NA> <NA>\nSPEAKER f 1 zero 1 <NA> <NA> B')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(VocesError)
      expect((error as VocesError).code).toBe('RTTM_INVALID')
      expect((error as VocesError).params).toEqual({ line: 2 })
    }
  })
})

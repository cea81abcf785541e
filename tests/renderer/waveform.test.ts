import { describe, expect, it } from 'vitest'
import { seekTarget, timeAtX, waveformColumns } from '../../src/renderer/recording/waveform.ts'

describe('waveformColumns', () => {
  const peaks = [-0.1, 0.2, -0.5, 0.4, -0.3, 0.9, -0.2, 0.1]

  it('keeps the extremes of the buckets under each column', () => {
    expect([...waveformColumns(peaks, 2)]).toEqual([-0.5, 0.4, -0.3, 0.9].map(Math.fround))
    expect([...waveformColumns(peaks, 1)]).toEqual([-0.5, 0.9].map(Math.fround))
  })

  it('stretches a short waveform instead of leaving gaps', () => {
    const columns = waveformColumns(peaks, 8)
    for (let x = 0; x < 8; x += 1) expect(columns[2 * x + 1]).toBeGreaterThan(0)
  })

  it('draws nothing for no data', () => {
    expect([...waveformColumns([], 4)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    expect(waveformColumns(peaks, 0).length).toBe(0)
  })
})

describe('seeking', () => {
  it('maps a click to a time inside the recording', () => {
    expect(timeAtX(150, 600, 12)).toBe(3)
    expect(timeAtX(-5, 600, 12)).toBe(0)
    expect(timeAtX(700, 600, 12)).toBe(12)
  })

  it('moves 5 s with the arrows, 30 s with Shift or the page keys, and stays inside', () => {
    expect(seekTarget('ArrowRight', 2, 11, false)).toBe(7)
    expect(seekTarget('ArrowLeft', 2, 11, false)).toBe(0)
    expect(seekTarget('ArrowRight', 2, 100, true)).toBe(32)
    expect(seekTarget('End', 2, 11, false)).toBe(11)
    expect(seekTarget('a', 2, 11, false)).toBeNull()
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assClock,
  formatClockTime,
  parseClockTime,
  srtClock,
  stampClock,
  vttClock,
} from '../../src/shared/time.ts'

describe('formatClockTime', () => {
  it('writes each style the project uses', () => {
    expect(formatClockTime(62.3456, srtClock)).toBe('00:01:02,346')
    expect(formatClockTime(62.3456, vttClock)).toBe('00:01:02.346')
    expect(formatClockTime(62.3456, assClock)).toBe('0:01:02.35')
    expect(formatClockTime(62.9, stampClock)).toBe('0:01:02')
    expect(formatClockTime(62.5)).toBe('1:03')
    expect(formatClockTime(4.99, { round: 'down' })).toBe('0:04')
    expect(formatClockTime(75.3, { round: 'down', decimals: 1 })).toBe('1:15.3')
    expect(formatClockTime(65, { decimals: 1, dropZeroFraction: true })).toBe('1:05')
    expect(formatClockTime(65.25, { decimals: 1, dropZeroFraction: true })).toBe('1:05.3')
    expect(formatClockTime(4500, { hours: 'never' })).toBe('75:00')
  })

  it('writes hours past the first, and as many as there are', () => {
    expect(formatClockTime(3600)).toBe('1:00:00')
    expect(formatClockTime(3599.4)).toBe('59:59')
    expect(formatClockTime(3725)).toBe('1:02:05')
    expect(formatClockTime(36_000, { hours: 'always' })).toBe('10:00:00')
    expect(formatClockTime(123 * 3600 + 0.5, srtClock)).toBe('123:00:00,500')
    expect(formatClockTime(0, { hours: 'always' })).toBe('0:00:00')
  })

  it('never writes 60 seconds or 1000 ms: it rounds to whole units of the last digit first', () => {
    expect(formatClockTime(59.9996, srtClock)).toBe('00:01:00,000')
    expect(formatClockTime(3599.996, assClock)).toBe('1:00:00.00')
    expect(formatClockTime(59.6)).toBe('1:00')
    expect(formatClockTime(59.96, { decimals: 1 })).toBe('1:00.0')
  })

  it('writes a negative time or no number as zero, as a clock before the start', () => {
    expect(formatClockTime(-3, srtClock)).toBe('00:00:00,000')
    expect(formatClockTime(Number.NaN, { hours: 'always' })).toBe('0:00:00')
    expect(formatClockTime(Number.POSITIVE_INFINITY, { round: 'down' })).toBe('0:00')
  })
})

describe('parseClockTime', () => {
  it('reads what subtitle files write, and refuses the rest', () => {
    expect(parseClockTime('00:01:02,345')).toBeCloseTo(62.345, 9)
    expect(parseClockTime('1:02:03.5')).toBe(3723.5)
    expect(parseClockTime('01:02.05')).toBeCloseTo(62.05, 9)
    expect(parseClockTime('123:00:00,000')).toBe(123 * 3600)
    for (const bad of [
      '',
      '62',
      '-0:01',
      '00:60:00',
      '00:00:60',
      '1:2:3:4',
      '00:00:01,5000',
      'a:bc',
    ])
      expect(parseClockTime(bad), bad).toBeNull()
  })

  it('reads what a person types: plain seconds, minutes past 59 without hours, a comma', () => {
    expect(parseClockTime('75.5', { typed: true })).toBe(75.5)
    expect(parseClockTime('75:00', { typed: true })).toBe(4500)
    expect(parseClockTime(' 1:02,5 ', { typed: true })).toBe(62.5)
    expect(parseClockTime('1:02:03', { typed: true })).toBe(3723)
    for (const bad of ['', '-5', '1:60', '1:60:00', '1:-2', 'soon', '1:02:03:04'])
      expect(parseClockTime(bad, { typed: true }), bad).toBeNull()
  })

  it('reads back what it writes, in every style, to the written precision', () => {
    const styles = [srtClock, vttClock, assClock, stampClock, { decimals: 1 as const }, {}]
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200 * 3600, noNaN: true }),
        fc.constantFrom(...styles),
        (seconds, style) => {
          const text = formatClockTime(seconds, style)
          const step = 10 ** -(style.decimals ?? 0)
          for (const reading of [{}, { typed: true }]) {
            const back = parseClockTime(text, reading)
            if (back === null) throw new Error(`${text} was not read back`)
            expect(Math.abs(back - seconds)).toBeLessThanOrEqual(step + 1e-6)
            expect(formatClockTime(back, style)).toBe(text)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })
})

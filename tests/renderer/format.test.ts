import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatClock,
  formatDate,
  formatDuration,
  timeLeft,
} from '../../src/renderer/ui/format.ts'

describe('formatDuration', () => {
  it('writes h:mm:ss, rounded to the second', () => {
    expect(formatDuration(11.0)).toBe('0:00:11')
    expect(formatDuration(59.6)).toBe('0:01:00')
    expect(formatDuration(3723)).toBe('1:02:03')
    expect(formatDuration(36_000)).toBe('10:00:00')
    expect(formatDuration(Number.NaN)).toBe('0:00:00')
  })
})

describe('formatClock', () => {
  it('drops the hours under an hour and never rounds up past the playhead', () => {
    expect(formatClock(4.99)).toBe('0:04')
    expect(formatClock(65)).toBe('1:05')
    expect(formatClock(3600)).toBe('1:00:00')
  })
})

describe('timeLeft', () => {
  it('rounds up, to 5 s under a minute and whole minutes under an hour', () => {
    expect(timeLeft(0)).toEqual({ key: 'time.seconds', params: { count: 5 } })
    expect(timeLeft(12)).toEqual({ key: 'time.seconds', params: { count: 15 } })
    expect(timeLeft(58)).toEqual({ key: 'time.minutes', params: { count: 1 } })
    expect(timeLeft(61)).toEqual({ key: 'time.minutes', params: { count: 2 } })
    expect(timeLeft(5400)).toEqual({ key: 'time.hours', params: { count: 1.5 } })
  })
})

describe('formatBytes and formatDate', () => {
  it('use the person’s language', () => {
    expect(formatBytes(352_078, 'en')).toBe('352.1 kB')
    expect(formatBytes(999, 'en')).toBe('999 byte')
    expect(formatDate('1961-01-20', 'en')).toBe('Jan 20, 1961')
    expect(formatDate('1961-01-20', 'es')).toMatch(/^20 ene 1961$/)
  })
})

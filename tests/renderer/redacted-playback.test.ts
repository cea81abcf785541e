import { describe, expect, it } from 'vitest'
import {
  firstSource,
  inRedactedSpan,
  muteLead,
} from '../../src/renderer/recording/redacted-playback.ts'

describe('redacted playback', () => {
  it('plays the covered listening copy of a redacted audio recording, the original otherwise', () => {
    expect(firstSource(false, true)).toBe('audio')
    expect(firstSource(false, false)).toBe('original')
    expect(firstSource(true, true)).toBe('original')
  })

  it('mutes from just before a span to its end, and nowhere else', () => {
    const spans = [
      { start: 2, end: 4 },
      { start: 8, end: 9 },
    ]
    expect(inRedactedSpan(1.9, spans)).toBe(false)
    expect(inRedactedSpan(2 - muteLead, spans)).toBe(true)
    expect(inRedactedSpan(3, spans)).toBe(true)
    expect(inRedactedSpan(4, spans)).toBe(false)
    expect(inRedactedSpan(8.5, spans)).toBe(true)
    expect(inRedactedSpan(9.5, spans)).toBe(false)
    expect(inRedactedSpan(3, [])).toBe(false)
  })
})

// A recording can have hundreds of redacted words. FFmpeg's expression parser refuses a chain of
// more than about a hundred terms, so the redaction gate is a binary search on time: this runs
// the real filter over 250 spans, tone and silence, and measures what comes out.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redactionFilter, spanGate } from '../../src/core/redaction/audio.ts'
import type { RedactionSpan } from '../../src/core/redaction/redact.ts'
import { tempDir } from '../helpers.ts'
import { maxVolume } from '../media/media-fixtures.ts'

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

describe('redaction of many stretches', () => {
  it('covers 250 spans in one pass, each silent or toned, the speech between them kept', () => {
    // 250 spans of 0.2 s every 0.4 s over 100 s of a 440 Hz stand-in voice; every fifth a tone.
    const spans: RedactionSpan[] = Array.from({ length: 250 }, (_, i) => ({
      start: i * 0.4,
      end: i * 0.4 + 0.2,
      mode: i % 5 === 0 ? 'tone' : 'silence',
    }))
    const output = path.join(dir, 'covered.wav')
    const graph = [
      '[0:a]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=mono[in]',
      redactionFilter('in', 'out', spans, 1, 100),
    ].join(';')
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=100',
      '-filter_complex',
      graph,
      '-map',
      '[out]',
      '-c:a',
      'pcm_s16le',
      '-y',
      output,
    ])
    // A silenced span (the 102nd, past where a chain would have failed), a toned one, a gap.
    expect(maxVolume(output, 101 * 0.4 + 0.02, 0.16)).toBeLessThanOrEqual(-91)
    expect(maxVolume(output, 200 * 0.4 + 0.02, 0.16)).toBeCloseTo(-18, 0)
    expect(maxVolume(output, 101 * 0.4 + 0.22, 0.16)).toBeGreaterThan(-20)
  })

  it('builds the gate as a search tree that joins overlapping spans', () => {
    expect(spanGate([])).toBe('0')
    expect(spanGate([{ start: 1, end: 2 }])).toBe('between(t,1.000,2.000)')
    expect(
      spanGate([
        { start: 5, end: 6 },
        { start: 1, end: 3 },
        { start: 2, end: 4 },
      ]),
    ).toBe('if(lt(t,5.000),between(t,1.000,4.000),between(t,5.000,6.000))')
    const deep = spanGate(Array.from({ length: 1000 }, (_, i) => ({ start: i, end: i + 0.5 })))
    expect(deep.match(/between/g)).toHaveLength(1000)
  })
})

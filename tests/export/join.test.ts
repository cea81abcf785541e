// The filter graph that joins a clip's kept stretches, run by the real FFmpeg on real speech and
// checked sample by sample: exact lengths, untouched samples outside the crossfades, and
// equal-power crossfades centred on each cut point.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { joinRate, keptFilter } from '../../src/core/episodes/join.ts'
import { crossfade, keptRanges } from '../../src/core/episodes/spans.ts'
import { mediaDir } from '../helpers.ts'

const source = path.join(mediaDir, 'en', 'jfk.wav')
const format = `aformat=sample_fmts=fltp:sample_rates=${joinRate}:channel_layouts=mono`

function run(args: string[]): Float32Array {
  const bytes = execFileSync('ffmpeg', ['-v', 'error', ...args, '-f', 'f32le', '-'], {
    maxBuffer: 1 << 27,
  })
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
}

describe('keptFilter', () => {
  const input = run(['-i', source, '-af', format])
  const n = (t: number) => Math.round(t * joinRate)

  it('keeps exactly the kept samples and crossfades each join with equal power', () => {
    const kept = keptRanges({ start: 0, end: 10 }, [
      { start: 0, end: 0.5 },
      { start: 2.1234, end: 3.5 },
      { start: 5, end: 5.05 },
      { start: 9, end: 10 },
    ])
    const output = run([
      '-t',
      String(kept.at(-1)?.end),
      '-i',
      source,
      '-filter_complex',
      `[0:a:0]${format}[in];${keptFilter('in', 'out', kept)}`,
      '-map',
      '[out]',
    ])
    const total = kept.reduce((sum, k) => sum + n(k.end) - n(k.start), 0)
    expect(output.length).toBe(total)
    const fade = n(crossfade)
    const half = fade / 2
    let at = 0
    kept.forEach((span, k) => {
      const from = n(span.start)
      const length = n(span.end) - from
      // Outside the crossfades: the input's own samples, untouched.
      const clear = { from: k > 0 ? half : 0, to: k < kept.length - 1 ? length - half : length }
      let worst = 0
      for (let i = clear.from; i < clear.to; i++)
        worst = Math.max(worst, Math.abs((output[at + i] ?? 0) - (input[from + i] ?? 0)))
      expect(worst).toBe(0)
      if (k > 0) {
        // Inside: the end of the last stretch fading out (cos) plus this one fading in (sin).
        const previous = kept[k - 1] as { end: number }
        let error = 0
        for (let j = 0; j < fade; j++) {
          const x = j / fade
          const tail = input[n(previous.end) - half + j] ?? 0
          const head = input[from - half + j] ?? 0
          const expected = tail * Math.cos((Math.PI / 2) * x) + head * Math.sin((Math.PI / 2) * x)
          error = Math.max(error, Math.abs((output[at - half + j] ?? 0) - expected))
        }
        expect(error).toBeLessThan(0.01)
      }
      at += length
    })
  })

  it('trims a clip cut only at its edges without any crossfade', () => {
    const kept = [{ start: 1, end: 4 }]
    const output = run([
      '-t',
      '4',
      '-i',
      source,
      '-filter_complex',
      `[0:a:0]${format}[in];${keptFilter('in', 'out', kept)}`,
      '-map',
      '[out]',
    ])
    expect(output.length).toBe(n(3))
    expect(output.every((value, i) => value === input[n(1) + i])).toBe(true)
  })
})

import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audiogramAss } from '../../src/core/export/audiogram.ts'
import { burnInAss } from '../../src/core/export/captions.ts'
import { writeAss } from '../../src/core/subtitles/ass.ts'
import { writeSrt } from '../../src/core/subtitles/srt.ts'
import type { Cue } from '../../src/core/subtitles/types.ts'
import { writeVtt } from '../../src/core/subtitles/vtt.ts'
import { tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

const cues: Cue[] = [
  { start: 0.5, end: 2.345, text: 'Hola, compañera.\n¿Cómo está?', speaker: 'Ana' },
  { start: 61.25, end: 63, text: 'We organised — 20,000 of us', speaker: null },
  { start: 3725.01, end: 3727.999, text: 'A back\\slash', speaker: null },
]

interface Read {
  start: number
  end: number
  /** FFmpeg's SubRip text, its <font>, <i>, <b> marks and {\an} codes as it wrote them. */
  raw: string
  text: string
}

/**
 * What FFmpeg's own reader for the format (its srt, webvtt and ass demuxers, not Voces's parsers)
 * finds in a file, written back out by its SubRip encoder: times in milliseconds and the text.
 */
function readByFfmpeg(name: string, content: string): Read[] {
  const file = path.join(dir, name)
  writeFileSync(file, content)
  const srt = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'srt', '-'], {
    encoding: 'utf8',
  })
  const ms = (h: string, m: string, s: string, f: string) =>
    Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(f) / 1000
  return srt
    .replace(/\r\n/g, '\n')
    .trim()
    .split(/\n\n+/)
    .map((block) => {
      const [, timing = '', ...lines] = block.split('\n')
      const t = /^(\d+):(\d\d):(\d\d),(\d{3}) --> (\d+):(\d\d):(\d\d),(\d{3})$/.exec(timing)
      if (!t) throw new Error(`FFmpeg wrote no timing: ${block}`)
      const raw = lines.join('\n')
      const [, h1 = '', m1 = '', s1 = '', f1 = '', h2 = '', m2 = '', s2 = '', f2 = ''] = t
      return {
        start: ms(h1, m1, s1, f1),
        end: ms(h2, m2, s2, f2),
        raw,
        text: raw.replace(/<[^>]*>/g, '').replace(/\{\\an\d\}/g, ''),
      }
    })
}

/** The cues' times at the format's resolution (1 ms, or 10 ms for ASS). */
function expectTimes(read: readonly Read[], expected: readonly Cue[], step: number) {
  expect(read.length).toBe(expected.length)
  read.forEach((cue, i) => {
    const want = expected[i]
    if (!want) throw new Error('more cues read than written')
    expect(cue.start).toBeCloseTo(Math.round(want.start / step) * step, 6)
    expect(cue.end).toBeCloseTo(Math.round(want.end / step) * step, 6)
    expect(cue.text).toBe(want.text)
  })
}

describe('the one SRT/WebVTT/ASS writer, read by FFmpeg', () => {
  it('SubRip and WebVTT keep every time to the millisecond and every line', () => {
    expectTimes(readByFfmpeg('cues.srt', writeSrt(cues)), cues, 0.001)
    expectTimes(readByFfmpeg('cues.vtt', writeVtt(cues)), cues, 0.001)
  })

  it('ASS subtitle files keep times to the centisecond, lines and the style', () => {
    const read = readByFfmpeg('cues.ass', writeAss(cues))
    expectTimes(read, cues, 0.01)
    expect(read[0]?.raw).toContain('size="54"')
  })

  it('burned-in captions: the second language italic and yellow above the first', () => {
    const second = cues.slice(0, 1)
    const read = readByFfmpeg('burn.ass', burnInAss([cues, second], 1280, 720))
    expectTimes(
      read.filter((cue) => !cue.raw.includes('<i>')),
      cues,
      0.01,
    )
    const italic = read.filter((cue) => cue.raw.includes('<i>'))
    expectTimes(italic, second, 0.01)
    expect(italic[0]?.raw).toContain('color="#ffe500"')
    expect(read[0]?.raw).toContain('face="DejaVu Sans" size="40"')
  })

  it('the audiogram: the title on top, bold, for the whole clip; captions below', () => {
    const read = readByFfmpeg('audiogram.ass', audiogramAss('Título', cues, 3730, 1080, 1080))
    const [title, ...captions] = read
    expect(title?.raw).toContain('<b>{\\an8}Título</b>')
    expect([title?.start, title?.end]).toEqual([0, 3730])
    expectTimes(captions, cues, 0.01)
  })
})

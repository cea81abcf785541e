import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { burnInAss, filterPath } from '../../src/core/export/captions.ts'
import { parseAss, writeAss } from '../../src/core/subtitles/ass.ts'
import { tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

const width = 640
const height = 240

/**
 * Where libass (through FFmpeg's subtitles filter, as the video export burns them) draws a
 * caption on a black frame: the box of lit pixels, as {left, right, top, bottom}.
 */
function drawn(text: string): { width: number; height: number } {
  const ass = path.join(dir, 'caption.ass')
  writeFileSync(ass, burnInAss([[{ start: 0, end: 5, text }]], width, height))
  const raw = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=black:s=${width}x${height}:d=1`,
    '-vf',
    `subtitles=filename=${filterPath(ass)},format=gray`,
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-',
  ])
  let [left, right, top, bottom] = [width, -1, height, -1]
  raw.forEach((value, i) => {
    if (value < 128) return
    const x = i % width
    const y = Math.floor(i / width)
    left = Math.min(left, x)
    right = Math.max(right, x)
    top = Math.min(top, y)
    bottom = Math.max(bottom, y)
  })
  if (right < 0) return { width: 0, height: 0 }
  return { width: right - left, height: bottom - top }
}

/** The same box, give or take a pixel or two of glyph shape (a backslash mirrors a slash). */
function expectSameBox(a: { width: number; height: number }, b: { width: number; height: number }) {
  expect(Math.abs(a.width - b.width), `width ${a.width} vs ${b.width}`).toBeLessThanOrEqual(3)
  expect(Math.abs(a.height - b.height), `height ${a.height} vs ${b.height}`).toBeLessThanOrEqual(2)
}

describe('burned-in text shows what the person typed', () => {
  it('a backslash is one backslash, as wide as a slash', () => {
    expectSameBox(drawn('C:\\Nuevo\\datos'), drawn('C:/Nuevo/datos'))
  })

  it('a typed \\N, \\n or \\h is text, not a line break or a space', () => {
    const oneLine = drawn('salario/Nmínimo')
    expectSameBox(drawn('salario\\Nmínimo'), oneLine)
    expectSameBox(drawn('salario\\nmínimo'), oneLine)
    expectSameBox(drawn('salario\\hmínimo'), oneLine)
    // A line break the person made is still a line break.
    expect(drawn('salario\nmínimo').height).toBeGreaterThan(oneLine.height * 1.5)
  })

  it('braces show as braces, and what is between them is not taken as a style code', () => {
    const plain = drawn('b')
    const braced = drawn('{b}')
    expect(braced.width).toBeGreaterThan(plain.width * 2)
    expectSameBox(drawn('{\\i1}b'), drawn('{/i1}b'))
  })

  it('an .ass file keeps the typed backslash codes as text through its own reading', () => {
    const text = 'C:\\Nuevo {x} \\h'
    const written = writeAss([{ start: 0, end: 2, text, speaker: null }] as never)
    expect(parseAss(written).cues[0]?.text).toBe('C:\\Nuevo (x) \\h')
  })
})

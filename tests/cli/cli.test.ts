import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'

const capture = captureIo

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

describe('voces CLI', () => {
  it('ingests a batch as JSON: one object per file, non-zero exit when one failed', async () => {
    const bad = path.join(dir, 'not audio.mp3')
    writeFileSync(bad, 'this is a text file, not an mp3\n')
    const library = path.join(dir, 'lib')
    const c = capture()
    const code = await runCli(
      ['--library', library, 'ingest', path.join(mediaDir, 'en/jfk.wav'), bad, '--json'],
      c.io,
    )
    expect(code).toBe(1)
    const results = JSON.parse(c.out()) as Array<{
      file: string
      id?: string
      error?: { code: string; message: string }
    }>
    expect(results).toHaveLength(2)
    const good = results.find((r) => r.file.endsWith('jfk.wav'))
    const failed = results.find((r) => r.file === bad)
    expect(good?.id).toMatch(/^[0-9a-z]{12}$/)
    expect(failed?.error?.code).toBe('MEDIA_UNREADABLE')
    expect(failed?.error?.message).toContain('not audio.mp3')

    const listed = capture()
    expect(await runCli(['--library', library, 'list', '--json'], listed.io)).toBe(0)
    expect((JSON.parse(listed.out()) as Array<{ id: string }>).map((r) => r.id)).toEqual([good?.id])

    const shown = capture()
    expect(await runCli(['--library', library, 'show', good!.id!, '--json'], shown.io)).toBe(0)
    const recording = JSON.parse(shown.out()) as {
      id: string
      title: string
      path: string
      duration: number
    }
    expect(recording).toMatchObject({
      id: good?.id,
      title: 'jfk',
      path: path.join(mediaDir, 'en/jfk.wav'),
    })
    expect(recording.duration).toBeCloseTo(11, 0)
  })

  it('reads the library from VOCES_LIBRARY and explains unknown commands and options', async () => {
    const c = capture()
    expect(await runCli(['frobnicate'], c.io)).toBe(2)
    expect(c.err()).toMatch(/Unknown command: frobnicate/)
    const d = capture()
    expect(await runCli(['--library', path.join(dir, 'lib2'), 'list', '--colour'], d.io)).toBe(2)
    expect(d.err()).toMatch(/Unknown option '--colour'/)
    const e = capture()
    expect(await runCli(['--library', path.join(dir, 'lib2'), 'show', 'nope'], e.io)).toBe(1)
    expect(e.err()).toMatch(/no recording nope/)
  })
})

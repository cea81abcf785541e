import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { captureIo, tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void

beforeAll(() => {
  ;({ dir, cleanup } = tempDir('voces-special-'))
})
afterAll(() => cleanup())

describe('ingest reads only regular files', () => {
  it('names a FIFO, /dev/zero and /proc/self/environ as not regular files, not as empty ones', async () => {
    const fifo = path.join(dir, 'interview.mp3')
    execFileSync('mkfifo', [fifo])
    const files = [fifo, '/dev/zero', '/proc/self/environ']
    const c = captureIo()
    const code = await runCli(
      ['--library', path.join(dir, 'lib'), 'ingest', ...files, '--json'],
      c.io,
    )
    expect(code).toBe(1)
    const results = JSON.parse(c.out()) as Array<{
      file: string
      error?: { code: string; message: string }
    }>
    expect(results.map((result) => result.file)).toEqual(files)
    for (const result of results) {
      expect(result.error?.code, result.file).toBe('FILE_NOT_REGULAR')
      expect(result.error?.message).toMatch(
        new RegExp(`^${path.basename(result.file)} is not a regular file`),
      )
      expect(result.error?.message).not.toMatch(/empty/)
    }
    const listed = captureIo()
    await runCli(['--library', path.join(dir, 'lib'), 'list', '--json'], listed.io)
    expect(JSON.parse(listed.out())).toEqual([])
  }, 60_000)
})

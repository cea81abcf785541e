import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runWhisper, type WhisperRun } from '../../src/core/transcription/engine.ts'
import { tempDir } from '../helpers.ts'
import { waitGone } from '../process/gone.ts'

// whisper-cli on the one process runner (decisions 0200, 0201), with stand-in engines: a real one
// never hangs or crashes on cue. The real engine's runs are in job.test.ts and glossary.test.ts.

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

function standIn(body: string): string {
  const file = path.join(dir, 'whisper-cli')
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

function run(binary: string, more: Partial<WhisperRun> = {}): WhisperRun {
  return {
    binary,
    model: path.join(dir, 'model.bin'),
    audio: path.join(dir, 'audio.wav'),
    outBase: path.join(dir, 'out'),
    language: 'en',
    translate: false,
    threads: 1,
    ...more,
  }
}

describe('whisper-cli through the process runner', () => {
  it('is stopped, with its own child, once it has gone quiet; the error carries its last words', async () => {
    const pidFile = path.join(dir, 'child.pid')
    const binary = standIn(
      `echo 'whisper_init_from_file: loading model' >&2\necho 'whisper_print_progress_callback: progress =   5%' >&2\nsleep 300 &\necho $! > ${pidFile}\nwait`,
    )
    const seen: number[] = []
    const started = Date.now()
    const error = await runWhisper(
      run(binary, { quietTimeoutMs: 800, onProgress: (f) => seen.push(f) }),
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ENGINE_FAILED' })
    expect((error as Error).message).toMatch(/wrote nothing for 0.8 s and was stopped/)
    expect((error as Error).message).toContain('loading model')
    expect((error as Error).message).not.toContain('progress =')
    expect(seen).toEqual([0.05])
    expect(Date.now() - started).toBeLessThan(20_000)
    const child = Number(readFileSync(pidFile, 'utf8'))
    expect(await waitGone(child)).toBe(true)
  })

  it('a crash reads as a crash, from the tail of stderr', async () => {
    const binary = standIn("echo 'Segmentation fault' >&2\nexit 139")
    await expect(runWhisper(run(binary))).rejects.toMatchObject({ code: 'ENGINE_CRASHED' })
  })

  it('an engine that cannot be started says so', async () => {
    await expect(runWhisper(run(path.join(dir, 'missing')))).rejects.toMatchObject({
      code: 'ENGINE_NOT_FOUND',
    })
  })
})

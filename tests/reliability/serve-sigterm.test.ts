import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Voces } from '../../src/core/voces.ts'
import { repoRoot, tempDir } from '../helpers.ts'
import { exportableLibrary, partialsIn, processesMentioning, within } from './kills.ts'

// Under `serve`, an export of a title holding a NUL left FFmpeg running, and SIGTERM then no
// longer stopped the server (decisions 0091, 0093). SIGTERM is a quit there: the job resumes at
// the next start, nothing of it is left running or half-written meanwhile.

let dir: string
let cleanup: () => void
let libraryDir: string
let recordingId: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-serve-'))
  mkdirSync(path.join(dir, 'out'))
  ;({ libraryDir, recordingId } = await exportableLibrary(dir, 6))
  const library = new Voces({ libraryDir, startJobs: false })
  await library.storage.recordings.update(recordingId, {
    title: 'Huelga\u0000 del calor',
    notes: 'a\u0000b',
  })
  await library.close()
}, 120_000)
afterAll(() => cleanup())

describe('serve and SIGTERM', () => {
  it('stops the server after an export of hostile text, leaving no FFmpeg and no partial file', async () => {
    const server = spawn(path.join(repoRoot, 'bin', 'voces'), ['--library', libraryDir, 'serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) =>
      server.once('exit', (code) => resolve(code)),
    )
    server.stderr.resume()
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk
        const found = /running at (\S+)/.exec(out)?.[1]
        if (found) resolve(found)
      })
      server.once('exit', () => reject(new Error(`serve ended: ${out}`)))
    })
    const origin = new URL(url).origin
    const login = await fetch(url, { redirect: 'manual' })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const outDir = path.join(dir, 'out')
    const call = async (method: string, input: unknown) =>
      (await (
        await fetch(`${origin}/api/${method}`, {
          method: 'POST',
          headers: { cookie, origin, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        })
      ).json()) as { ok: boolean; value: unknown }
    const started = await call('export.podcast', {
      source: recordingId,
      output: path.join(outDir, 'huelga.mp3'),
    })
    expect(started.ok).toBe(true)
    const jobId = (started.value as { jobId: string }).jobId
    // The export ends (before: failed at once, its first FFmpeg left blocked on a pipe)…
    let state: string | undefined
    for (
      let i = 0;
      i < 600 && (state === undefined || state === 'queued' || state === 'running');
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const jobs = (await call('jobs.list', {})).value as Array<{ id: string; state: string }>
      state = jobs.find((job) => job.id === jobId)?.state
    }
    expect(state).toBe('succeeded')
    // …and SIGTERM stops the server, with nothing of the export left running.
    server.kill('SIGTERM')
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 15_000)),
    ])
    if (code === 'still running') server.kill('SIGKILL')
    expect(code).toBe(0)
    const left = await within(2_000, () => {
      const found = processesMentioning(dir)
      return found.length === 0 ? found : undefined
    })
    expect(left ?? processesMentioning(dir)).toEqual([])
    expect(partialsIn(outDir)).toEqual([])
  }, 60_000)
})

// Workers for real (decision 0147): `voces worker` processes sharing one library's queue, with
// whisper.cpp's weightless test model. One is killed with SIGKILL mid-transcription and another
// finishes the job from its last stored window; a cancel recorded by another process stops the
// worker's job within seconds; `transcribe --no-wait` queues and returns.
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTranscription } from '../../src/core/transcription/register.ts'
import { startHttpServer } from '../../src/server/http-server.ts'
import type { Job } from '../../src/shared/contract/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, mediaDir, modelsDir, repoRoot, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

const bin = path.join(repoRoot, 'bin', 'voces')
const testModel = 'for-tests-ggml-tiny.bin'

interface Worker {
  child: ChildProcess
  out: () => string
  exited: Promise<number | null>
}

let dir: string
let cleanup: () => void
let libraryDir: string
let env: NodeJS.ProcessEnv
const workers: Worker[] = []

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
  libraryDir = path.join(dir, 'library')
  const models = path.join(dir, 'models')
  mkdirSync(models)
  copyFileSync(path.join(modelsDir, testModel), path.join(models, testModel))
  env = { ...process.env, VOCES_MODELS: models }
  process.env.VOCES_MODELS = models
})
afterEach(async () => {
  for (const worker of workers.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null)
      worker.child.kill('SIGKILL')
    await worker.exited
  }
  cleanup()
})

function startWorker(...args: string[]): Worker {
  const child = spawn(bin, ['--library', libraryDir, 'worker', '--json', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr?.on('data', () => undefined)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const worker = { child, out: () => out, exited }
  workers.push(worker)
  return worker
}

async function until<T>(what: string, test: () => T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = test()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

interface JobLook {
  state: string
  owner: string | null
  windows: number
  error: string | null
}

/** The job's row as another process sees it, read through a library opened without jobs. */
function look(peek: Voces, id: string): JobLook {
  const row = databaseOf(peek)
    .prepare('SELECT state, owner, checkpoint, error FROM jobs WHERE id = ?')
    .get(id) as { state: string; owner: string | null; checkpoint: string | null; error: string }
  const checkpoint = row.checkpoint
    ? (JSON.parse(row.checkpoint) as { transcript: unknown[] })
    : null
  return {
    state: row.state,
    owner: row.owner,
    windows: checkpoint?.transcript.length ?? 0,
    error: row.error,
  }
}

function whisperRuns(): string[] {
  const log = path.join(libraryDir, 'logs', 'voces.log')
  if (!existsSync(log)) return []
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"message":"whisper-cli"'))
}

/** A 60 s Spanish recording, queued for transcription in three windows of ~20 s. */
async function queuedTranscription(
  windowSeconds = 18,
): Promise<{ recordingId: string; jobId: string }> {
  const ingesting = new Voces({ libraryDir })
  const recordingId = recordingIdOf(
    await ingestOne(ingesting, path.join(mediaDir, 'es', 'silero_vad_es_60s.wav')),
  )
  await ingesting.close()
  // Queued by a process that runs no jobs: only the workers take it.
  const voces = new Voces({ libraryDir, startJobs: false })
  try {
    const { jobs } = await startTranscription(voces, {
      recordingIds: [recordingId],
      language: 'es',
      translate: false,
      windowSeconds,
    })
    return { recordingId, jobId: jobs[0]?.jobId ?? '' }
  } finally {
    await voces.close()
  }
}

describe('voces worker', () => {
  it('a worker killed mid-transcription has its job finished by another from the last stored window', async () => {
    const { recordingId, jobId } = await queuedTranscription()
    const a = startWorker('--kinds', 'transcribe', '--threads', '1')
    const b = startWorker('--kinds', 'transcribe', '--threads', '1')
    const peek = new Voces({ libraryDir, startJobs: false })
    try {
      // Whichever took it holds it alone; it is killed once a window is stored.
      expect(look(peek, jobId).state).toBe('queued')
      const held = await until('a window stored', () => {
        const row = look(peek, jobId)
        return row.windows >= 1 && row.state === 'running' ? row : undefined
      })
      const pids = new Map([
        [a.child.pid, a],
        [b.child.pid, b],
      ])
      const holderPid = Number(held.owner?.split(':')[1])
      const victim = pids.get(holderPid)
      const survivor = victim === a ? b : a
      expect(victim).toBeDefined()
      const doneBefore = held.windows
      victim?.child.kill('SIGKILL')
      const killedAt = Date.now()
      await victim?.exited

      const taken = await until('the job taken over', () => {
        const row = look(peek, jobId)
        return row.owner && !row.owner.includes(`:${holderPid}:`) ? row : undefined
      })
      const takeOverMs = Date.now() - killedAt
      expect(taken.owner).toContain(`:${survivor.child.pid}:`)
      // The same host sees the holder is gone: no waiting for the lease to run out.
      expect(takeOverMs).toBeLessThan(10_000)
      const ended = await until('the job ended', () => {
        const row = look(peek, jobId)
        return row.state === 'running' || row.state === 'queued' ? undefined : row
      })
      expect(ended.state).toBe('succeeded')
      expect(ended.windows).toBe(3)
      // The survivor says it finished it; the killed worker never did.
      await until('the survivor’s word', () =>
        survivor.out().includes(`"id":"${jobId}","kind":"transcribe","state":"succeeded"`)
          ? true
          : undefined,
      )
      expect(victim?.out()).not.toContain('"state":"succeeded"')
      // Each window stored before the kill ran once: the survivor went on from there.
      const runs = whisperRuns()
      for (let i = 0; i < doneBefore; i++)
        expect(runs.filter((line) => line.includes(`window-${i}.wav`))).toHaveLength(1)
      expect(runs.filter((line) => line.includes('window-2.wav')).length).toBeGreaterThanOrEqual(1)
      // The track is complete and stored once; nothing is left in the temp folder.
      const tracks = await peek.storage.transcripts.listTracks(recordingId)
      expect(tracks.filter((track) => track.kind === 'transcript')).toHaveLength(1)
      expect((await peek.storage.transcripts.requireTrack(recordingId)).model).toBe(
        'for-tests-ggml-tiny',
      )
      expect(readdirSync(path.join(libraryDir, 'tmp'))).toEqual([])
    } finally {
      await peek.close()
    }
  }, 180_000)

  it('a cancel recorded by another process stops the worker’s job within seconds', async () => {
    const { jobId } = await queuedTranscription()
    const worker = startWorker('--kinds', 'transcribe', '--threads', '1')
    const peek = new Voces({ libraryDir, startJobs: false })
    try {
      expect(look(peek, jobId).state).toBe('queued')
      await until('the worker holding the job', () =>
        look(peek, jobId).owner?.includes(`:${worker.child.pid}:`) ? true : undefined,
      )
      // As the app or `serve` does on a person's cancel: recorded on the row, nothing else.
      const cancelledAt = Date.now()
      await peek.jobs.cancel(jobId)
      const ended = await until(
        'the job cancelled',
        () => {
          const row = look(peek, jobId)
          return row.state === 'cancelled' ? row : undefined
        },
        10_000,
      )
      expect(Date.now() - cancelledAt).toBeLessThan(5_000)
      expect(ended.error).toContain('CANCELLED')
      // The worker itself ended it (not a start that found it abandoned), and says so.
      await until('the worker’s word', () =>
        worker.out().includes(`"id":"${jobId}","kind":"transcribe","state":"cancelled"`)
          ? true
          : undefined,
      )
      // The worker goes on taking work: it is still running.
      expect(worker.child.exitCode).toBeNull()
      expect(readdirSync(path.join(libraryDir, 'tmp'))).toEqual([])
    } finally {
      await peek.close()
    }
  }, 120_000)

  it('`transcribe --no-wait` queues and returns with the job ids; a worker then does the job', async () => {
    const voces = new Voces({ libraryDir })
    const recordingId = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    await voces.close()
    const run = spawn(
      bin,
      ['--library', libraryDir, 'transcribe', recordingId, '--no-wait', '--json'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve))
    expect(code).toBe(0)
    const queued = JSON.parse(out) as Array<{ recordingId: string; jobId: string }>
    expect(queued).toEqual([{ recordingId, jobId: expect.any(String) as string }])
    const jobId = queued[0]?.jobId ?? ''
    const peek = new Voces({ libraryDir, startJobs: false })
    try {
      expect(look(peek, jobId).state).toBe('queued')
      startWorker('--kinds', 'transcribe')
      const ended = await until('the job done', () => {
        const row = look(peek, jobId)
        return row.state === 'succeeded' || row.state === 'failed' ? row : undefined
      })
      expect(ended.state).toBe('succeeded')
      expect(await peek.storage.transcripts.listTracks(recordingId)).toHaveLength(1)
    } finally {
      await peek.close()
    }
  }, 120_000)

  it('a browser of a server that runs none of the work sees the worker’s progress, time left and end', async () => {
    // Twelve windows of 5 s: a time left is first estimated 2 s into the job (src/core/jobs/eta.ts),
    // and four windows of the test model had ended inside those 2 s on a quiet machine.
    const { jobId } = await queuedTranscription(5)
    // As `serve` on a shared archive: it reads the job rows, it runs no transcription.
    const serving = new Voces({ libraryDir, jobs: { except: ['transcribe'] } })
    const server = await startHttpServer({ voces: serving, rendererDir: path.join(dir, 'none') })
    const controller = new AbortController()
    try {
      const stream = await fetch(`${server.origin}/api/events`, {
        headers: { authorization: `Bearer ${server.token}` },
        signal: controller.signal,
      })
      const events: Job[] = []
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
      void (async () => {
        let buffer = ''
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: '', done: true }))
          if (done) return
          buffer += value
          const frames = buffer.split('\n\n')
          buffer = frames.pop() ?? ''
          for (const frame of frames)
            if (frame.startsWith('data: ')) {
              const frameData = JSON.parse(frame.slice(6)) as { event: string; payload: Job }
              if (frameData.event === 'job') events.push(frameData.payload)
            }
        }
      })()
      startWorker('--kinds', 'transcribe', '--threads', '1')
      await until('the job’s end in the browser', () =>
        events.some((job) => job.id === jobId && job.state === 'succeeded') ? true : undefined,
      )
      const running = events.filter((job) => job.id === jobId && job.state === 'running')
      expect(running.some((job) => job.progress > 0 && job.progress < 1)).toBe(true)
      expect(running.some((job) => job.eta !== null && job.eta > 0)).toBe(true)
      // The server's own runner ran nothing of it.
      expect(serving.jobs.runsHere(jobId)).toBe(false)
    } finally {
      controller.abort()
      await server.close()
      await serving.close()
    }
  }, 120_000)

  it('refuses a kind it does not know and a count that is not a whole number', async () => {
    for (const args of [
      ['--kinds', 'transcribe,dance'],
      ['--concurrency', '0'],
      ['--threads', 'many'],
    ]) {
      const run = spawn(bin, ['--library', libraryDir, 'worker', ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let err = ''
      run.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
      const code = await new Promise<number | null>((resolve) => run.on('exit', resolve))
      expect(code).toBe(2)
      expect(err).toMatch(/--kinds is a list of transcribe, ingest, export|whole number/)
    }
  })
})

// Workers sharing a queue (decision 0147), as real `voces worker` processes on one library with
// whisper.cpp's weightless test model: how long after a kill -9 of the worker holding a
// transcription another one takes it over (and how much of the work it did not have to redo),
// and how many seconds of audio two workers transcribe per second against one. The machine's
// cores are what bound the second figure: on 2 shared cores two workers of 1 thread each are
// compared with one of 1 thread.
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startIngest } from '../src/core/media/ingest.ts'
import { startTranscription } from '../src/core/transcription/register.ts'
import { Voces } from '../src/core/voces.ts'
import { media } from './common.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = path.join(root, 'bin', 'voces')
const model = fileURLToPath(new URL('../../shared/models/for-tests-ggml-tiny.bin', import.meta.url))
const files = [
  'es/silero_vad_es_60s.wav',
  'en/silero_vad_en_60s.wav',
  'es/leopard_es.wav',
  'en/sense_and_sensibility_01_austen_64kb-0870.wav',
  'en/sense_and_sensibility_01_austen_64kb-0880.wav',
  'en/sense_and_sensibility_01_austen_64kb-0890.wav',
].map((file) => path.join(media, file))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function worker(libraryDir: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(
    bin,
    ['--library', libraryDir, 'worker', '--kinds', 'transcribe', '--threads', '1'],
    {
      env,
      stdio: 'ignore',
    },
  )
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGTERM')
        }),
    ),
  )
}

interface Row {
  state: string
  owner: string | null
  checkpoint: unknown
}

/** A library with the recordings ingested; the transcriptions queued by a process running none. */
async function library(
  dir: string,
  list: string[],
  windowSeconds?: number,
): Promise<{ libraryDir: string; jobIds: string[]; seconds: number }> {
  const libraryDir = path.join(dir, `library-${Math.random().toString(36).slice(2)}`)
  const ingesting = new Voces({ libraryDir })
  const { jobs } = await startIngest(ingesting, list)
  const ids: string[] = []
  for (const job of jobs) {
    const done = await ingesting.jobs.waitFor(job.jobId)
    ids.push((done.result as { recordingId: string }).recordingId)
  }
  let seconds = 0
  for (const id of ids) seconds += (await ingesting.storage.recordings.require(id)).duration
  await ingesting.close()
  const queueing = new Voces({ libraryDir, startJobs: false })
  const started = await startTranscription(queueing, {
    recordingIds: ids,
    language: 'auto',
    translate: false,
    ...(windowSeconds ? { windowSeconds } : {}),
  })
  await queueing.close()
  return { libraryDir, jobIds: started.jobs.map((job) => job.jobId), seconds }
}

/** The jobs as another process sees them, through the port; `owner` of the first running one. */
async function rows(peek: Voces, ids: string[]): Promise<Row[]> {
  const [owner] = await peek.storage.jobQueue.owners()
  const found: Row[] = []
  for (const id of ids) {
    const row = await peek.storage.jobQueue.get(id)
    if (!row) throw new Error(`no job ${id}`)
    found.push({ state: row.state, owner: owner ?? null, checkpoint: row.checkpoint })
  }
  return found
}

const windowsDone = (row: Row) =>
  (row.checkpoint as { transcript?: unknown[] } | null)?.transcript?.length ?? 0

async function takeOver(dir: string, env: NodeJS.ProcessEnv) {
  const { libraryDir, jobIds } = await library(dir, [files[0] ?? ''], 18)
  const id = jobIds[0] ?? ''
  const a = worker(libraryDir, env)
  const b = worker(libraryDir, env)
  const peek = new Voces({ libraryDir, startJobs: false })
  try {
    let row = (await rows(peek, [id]))[0]
    while (!row || windowsDone(row) < 1) {
      await sleep(20)
      row = (await rows(peek, [id]))[0]
    }
    const holder = Number(row.owner?.split(':')[1])
    const victim = [a, b].find((child) => child.pid === holder)
    if (!victim) throw new Error('no worker holds the job')
    const kept = windowsDone(row)
    const killed = performance.now()
    victim.kill('SIGKILL')
    for (;;) {
      row = (await rows(peek, [id]))[0]
      if (row?.owner && !row.owner.includes(`:${holder}:`)) break
      await sleep(10)
    }
    const takenAfter = (performance.now() - killed) / 1000
    while ((await rows(peek, [id]))[0]?.state === 'running') await sleep(50)
    return {
      takeOverSeconds: Number(takenAfter.toFixed(2)),
      windowsKeptOf3: kept,
      endedAs: (await rows(peek, [id]))[0]?.state,
      leaseSeconds: 15,
      note: 'same host: the holder is seen dead at the next poll (1 s); on another host the lease runs out first (15 s, then the next poll)',
    }
  } finally {
    await peek.close()
    await stop([a, b])
  }
}

async function throughput(dir: string, env: NodeJS.ProcessEnv, count: number) {
  const { libraryDir, jobIds, seconds } = await library(dir, files)
  const peek = new Voces({ libraryDir, startJobs: false })
  const started = performance.now()
  const children = Array.from({ length: count }, () => worker(libraryDir, env))
  try {
    while (
      (await rows(peek, jobIds)).some((row) => row.state === 'queued' || row.state === 'running')
    )
      await sleep(50)
    const wall = (performance.now() - started) / 1000
    const failed = (await rows(peek, jobIds)).filter((row) => row.state !== 'succeeded').length
    return {
      workers: count,
      audioSeconds: Number(seconds.toFixed(1)),
      wallSeconds: Number(wall.toFixed(2)),
      audioSecondsPerSecond: Number((seconds / wall).toFixed(2)),
      failed,
    }
  } finally {
    await peek.close()
    await stop(children)
  }
}

export async function benchWorkers() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-workers-'))
  const models = path.join(dir, 'models')
  mkdirSync(models)
  copyFileSync(model, path.join(models, path.basename(model)))
  const env = { ...process.env, VOCES_MODELS: models }
  const previous = process.env.VOCES_MODELS
  process.env.VOCES_MODELS = models
  try {
    const takeOvers = []
    for (let i = 0; i < 3; i++) takeOvers.push(await takeOver(dir, env))
    const one = await throughput(dir, env, 1)
    const two = await throughput(dir, env, 2)
    return {
      model: path.basename(model),
      cores: os.availableParallelism(),
      takeOvers,
      throughput: { one, two, speedup: Number((one.wallSeconds / two.wallSeconds).toFixed(2)) },
    }
  } finally {
    if (previous === undefined) delete process.env.VOCES_MODELS
    else process.env.VOCES_MODELS = previous
    rmSync(dir, { recursive: true, force: true })
  }
}

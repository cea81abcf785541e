// Workers on the shared archive for real (decisions 0147, 0148): PostgreSQL and an S3-compatible
// store (Swift) from scripts/services.sh, `voces worker` processes each with a working folder of
// its own, as on separate machines, and whisper.cpp's weightless test model. A worker killed
// with SIGKILL mid-transcription has the job finished by the other from its last stored window;
// `voces transcribe` on the archive leaves the work to a worker and waits for it.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngest } from '../../src/core/media/ingest.ts'
import { resolveLibraryLocation } from '../../src/core/storage/open.ts'
import { startTranscription } from '../../src/core/transcription/register.ts'
import { openVoces, type Voces } from '../../src/core/voces.ts'
import { mediaDir, modelsDir, repoRoot, tempDir } from '../helpers.ts'
import { exited, until } from './processes.ts'
import { freshDatabase } from '../storage/pg-fixture.ts'
import { s3Service, type S3Service } from '../storage/s3-service.ts'

const bin = path.join(repoRoot, 'bin', 'voces')
const testModel = 'for-tests-ggml-tiny.bin'

let dir: string
let cleanup: () => void
let database: Awaited<ReturnType<typeof freshDatabase>>
let s3: S3Service
let env: NodeJS.ProcessEnv
let voces: Voces
const children: ChildProcess[] = []

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  database = await freshDatabase()
  s3 = await s3Service()
  const models = path.join(dir, 'models')
  mkdirSync(models)
  copyFileSync(path.join(modelsDir, testModel), path.join(models, testModel))
  env = {
    ...process.env,
    ...s3.env,
    VOCES_MODELS: models,
    VOCES_LIBRARY: database.url,
    VOCES_MEDIA: `${s3.env.VOCES_TEST_MEDIA_URL}/workers-${randomBytes(4).toString('hex')}`,
    VOCES_S3_ENDPOINT: s3.env.VOCES_TEST_S3_ENDPOINT,
    VOCES_WORK_DIR: path.join(dir, 'work-test'),
  }
  process.env.VOCES_MODELS = models
  // This process queues and watches: it leaves transcription to the workers, as a command does.
  voces = await openVoces({
    location: resolveLibraryLocation({}, env),
    jobs: { except: ['transcribe'] },
  })
}, 120_000)
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await voces?.close()
  await database?.drop()
  await s3?.stop()
  cleanup()
})

function run(
  args: string[],
  work: string,
  more: NodeJS.ProcessEnv = {},
): { child: ChildProcess; out: () => string } {
  const child = spawn(bin, args, {
    env: { ...env, VOCES_WORK_DIR: path.join(dir, work), ...more },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr?.on('data', () => undefined)
  children.push(child)
  return { child, out: () => out }
}

async function ingest(file: string): Promise<string> {
  const { jobs } = await startIngest(voces, [path.join(mediaDir, file)])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  const id = (job.result as { recordingId?: string } | null)?.recordingId
  if (!id) throw new Error(`ingest ${job.state}: ${JSON.stringify(job.error)}`)
  return id
}

const windowsOf = (checkpoint: unknown) =>
  (checkpoint as { transcript?: unknown[] } | null)?.transcript?.length ?? 0

describe('voces worker on a shared archive (PostgreSQL, S3)', () => {
  it('a worker killed mid-transcription has its job finished by another from the last stored window', async () => {
    const recordingId = await ingest('es/silero_vad_es_60s.wav')
    const { jobs } = await startTranscription(voces, {
      recordingIds: [recordingId],
      language: 'es',
      translate: false,
      windowSeconds: 18,
    })
    const jobId = jobs[0]?.jobId ?? ''
    const a = run(['worker', '--kinds', 'transcribe', '--threads', '1', '--json'], 'work-a')
    const b = run(['worker', '--kinds', 'transcribe', '--threads', '1', '--json'], 'work-b')
    const queue = voces.storage.jobQueue
    const holder = await until('a window stored', async () => {
      const row = await queue.get(jobId)
      const [owner] = await queue.owners()
      return row && windowsOf(row.checkpoint) >= 1 && owner ? owner : undefined
    })
    const holderPid = Number(holder.split(':')[1])
    const victim = [a, b].find((worker) => worker.child.pid === holderPid)
    const survivor = victim === a ? b : a
    expect(victim).toBeDefined()
    const kept = windowsOf((await queue.get(jobId))?.checkpoint)
    victim?.child.kill('SIGKILL')
    await exited(victim?.child ?? a.child)
    await until('the other worker holding it', async () => {
      const [owner] = await queue.owners()
      return owner?.includes(`:${survivor.child.pid}:`) ? true : undefined
    })
    // It went on from the stored windows, not from the start.
    expect(windowsOf((await queue.get(jobId))?.checkpoint)).toBeGreaterThanOrEqual(kept)
    const done = await voces.jobs.waitFor(jobId)
    expect(done.state).toBe('succeeded')
    expect(done.result).toMatchObject({ track: 'es', windows: 3 })
    await until('the survivor’s word', async () =>
      survivor.out().includes(`"id":"${jobId}","kind":"transcribe","state":"succeeded"`)
        ? true
        : undefined,
    )
    const tracks = await voces.storage.transcripts.listTracks(recordingId)
    expect(tracks.filter((track) => track.kind === 'transcript')).toHaveLength(1)
    survivor.child.kill('SIGTERM')
    expect(await exited(survivor.child)).toBe(0)
  }, 240_000)

  it('`voces transcribe` on the archive queues for the workers and waits; --no-wait returns; --local does it here', async () => {
    const recordingId = await ingest('en/jfk.wav')
    const worker = run(['worker', '--kinds', 'transcribe', '--json'], 'work-c')
    // The person's machine has no model: the worker finds the one named in its own folder.
    const noModels = path.join(dir, 'no-models')
    mkdirSync(noModels, { recursive: true })
    const command = run(
      ['transcribe', recordingId, '--model', 'for-tests-ggml-tiny', '--json'],
      'work-d',
      { VOCES_MODELS: noModels },
    )
    expect(await exited(command.child)).toBe(0)
    const [outcome] = JSON.parse(command.out()) as Array<{ jobId: string; track: string }>
    expect(outcome).toMatchObject({ recordingId, track: 'en' })
    // The worker did it, not the command.
    expect(worker.out()).toContain(
      `"id":"${outcome?.jobId}","kind":"transcribe","state":"succeeded"`,
    )
    const queued = run(['transcribe', recordingId, '--no-wait', '--json'], 'work-d')
    expect(await exited(queued.child)).toBe(0)
    const [again] = JSON.parse(queued.out()) as Array<{ jobId: string }>
    const done = await voces.jobs.waitFor(again?.jobId ?? '')
    expect(done.state).toBe('succeeded')
    worker.child.kill('SIGTERM')
    await exited(worker.child)
    // With no worker running, --local does it in the command's own process.
    const local = run(['transcribe', recordingId, '--local', '--json'], 'work-d')
    expect(await exited(local.child)).toBe(0)
    expect(JSON.parse(local.out())).toMatchObject([{ recordingId, track: 'en' }])
  }, 300_000)
})

import Database from 'better-sqlite3'
import os from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { JobRunner, type JobHandler } from '../../src/core/jobs/runner.ts'
import { migrate } from '../../src/core/storage/sqlite/migrations/index.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { SqliteStorage } from '../../src/core/storage/sqlite/storage.ts'
import { VocesError, type Job } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((fn) => fn()))

function openDb(file = ':memory:') {
  const db = new Database(file)
  migrate(db)
  return db
}

/** The job queue's port on a database (the runner's storage). */
const storageOn = (db: Database.Database) =>
  new SqliteStorage({ db, media: new LocalMediaStore(os.tmpdir()) })

/** A job that counts up to `steps`, checkpointing each step, until cancelled. */
function counter(record: number[][] = []): JobHandler<{ steps: number }, { counted: number }> {
  return {
    kind: 'count',
    input: z.object({ steps: z.number().int() }),
    concurrency: 1,
    label: ({ steps }) => `count to ${steps}`,
    async run(ctx) {
      const start = (ctx.checkpoint as { done?: number } | null)?.done ?? 0
      const seen: number[] = []
      record.push(seen)
      for (let i = start; i < ctx.input.steps; i++) {
        if (ctx.signal.aborted) throw ctx.signal.reason
        await sleep(5)
        seen.push(i)
        await ctx.saveCheckpoint({ done: i + 1 })
        ctx.progress((i + 1) / ctx.input.steps)
      }
      return { counted: ctx.input.steps - start }
    },
  }
}

describe('JobRunner', () => {
  it('runs a job to success with progress events and its result stored', async () => {
    const runner = new JobRunner(storageOn(openDb()))
    runner.register(counter())
    runner.start()
    const events: Job[] = []
    runner.on('job', (job) => events.push(job))
    const job = await runner.enqueue('count', { steps: 5 })
    const done = await runner.waitFor(job.id)
    expect(done.state).toBe('succeeded')
    expect(done.progress).toBe(1)
    expect(done.result).toEqual({ counted: 5 })
    expect(events.map((e) => e.state)).toContain('running')
    expect((await runner.get(job.id))?.state).toBe('succeeded')
  })

  it('rejects input its handler does not accept, before anything is stored', async () => {
    const runner = new JobRunner(storageOn(openDb()))
    runner.register(counter())
    await expect(runner.enqueue('count', { steps: 'many' })).rejects.toThrow()
    expect(await runner.list()).toEqual([])
  })

  it('cancels a running job through its AbortSignal', async () => {
    const runner = new JobRunner(storageOn(openDb()))
    runner.register(counter())
    runner.start()
    const job = await runner.enqueue('count', { steps: 10_000 })
    await new Promise<void>((resolve) =>
      runner.on('job', (j) => j.id === job.id && j.progress > 0 && resolve()),
    )
    await runner.cancel(job.id)
    const done = await runner.waitFor(job.id)
    expect(done.state).toBe('cancelled')
    expect(done.error?.code).toBe('CANCELLED')
  })

  it('cancels a queued job without running it, and honours per-kind concurrency', async () => {
    const runs: number[][] = []
    const runner = new JobRunner(storageOn(openDb()))
    runner.register(counter(runs))
    runner.start()
    const first = await runner.enqueue('count', { steps: 20 })
    const second = await runner.enqueue('count', { steps: 20 })
    expect((await runner.get(second.id))?.state).toBe('queued')
    await runner.cancel(second.id)
    await runner.waitFor(first.id)
    expect((await runner.waitFor(second.id)).state).toBe('cancelled')
    expect(runs).toHaveLength(1)
  })

  it('records a failure with its code and message', async () => {
    const runner = new JobRunner(storageOn(openDb()))
    runner.register({
      kind: 'fail',
      input: z.object({}),
      concurrency: 1,
      label: () => 'fail',
      run: async () => {
        throw new VocesError('MEDIA_EMPTY', 'The file is empty.', { file: 'a.mp3' })
      },
    })
    runner.start()
    const done = await runner.waitFor((await runner.enqueue('fail', {})).id)
    expect(done.state).toBe('failed')
    expect(done.error).toEqual({
      code: 'MEDIA_EMPTY',
      message: 'The file is empty.',
      params: { file: 'a.mp3' },
    })
  })

  it('resumes an interrupted job from its checkpoint after a restart', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const file = `${dir}/jobs.sqlite`
    const firstRuns: number[][] = []
    const db1 = openDb(file)
    const runner1 = new JobRunner(storageOn(db1))
    runner1.register(counter(firstRuns))
    runner1.start()
    const job = await runner1.enqueue('count', { steps: 200 })
    await new Promise<void>((resolve) => runner1.on('job', (j) => j.progress >= 0.1 && resolve()))
    await runner1.stop() // as at a quit: the job stays "running" in the store
    db1.close()

    const secondRuns: number[][] = []
    const runner2 = new JobRunner(storageOn(openDb(file)))
    runner2.register(counter(secondRuns))
    runner2.start()
    const done = await runner2.waitFor(job.id)
    expect(done.state).toBe('succeeded')
    const before = firstRuns.flat()
    const after = secondRuns.flat()
    expect(after[0]).toBe(before.length) // picks up at the next step, not from zero
    expect([...before, ...after]).toEqual(Array.from({ length: 200 }, (_, i) => i))
  })
})

describe('JobRunner on the storage port', () => {
  it('checks and queues in one transaction: of two checked enqueues at once, one passes', async () => {
    const runner = new JobRunner(storageOn(openDb()))
    runner.register(counter())
    const onlyOne = async (queue: { active(kind: string): Promise<unknown[]> }) => {
      if ((await queue.active('count')).length > 0) throw new VocesError('BUSY', 'Busy.')
    }
    const tries = await Promise.allSettled([
      runner.enqueue('count', { steps: 1 }, onlyOne),
      runner.enqueue('count', { steps: 2 }, onlyOne),
    ])
    expect(tries.map((t) => t.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(await runner.list()).toHaveLength(1)
  })

  it('emits no progress after a job has ended, and resolves a wait begun as it ends', async () => {
    const runner = new JobRunner(storageOn(openDb()))
    let late: (() => void) | undefined
    runner.register({
      kind: 'late',
      input: z.object({}),
      concurrency: 1,
      label: () => 'late',
      async run(ctx) {
        late = () => ctx.progress(0.5)
        ctx.progress(1)
        return 'done'
      },
    })
    await runner.start()
    const events: Job[] = []
    runner.on('job', (job) => events.push(job))
    const job = await runner.enqueue('late', {})
    const done = await runner.waitFor(job.id)
    late?.()
    expect(done.state).toBe('succeeded')
    expect(events.at(-1)?.state).toBe('succeeded')
    expect((await runner.get(job.id))?.progress).toBe(1)
    expect((await runner.waitFor(job.id)).state).toBe('succeeded')
  })
})

describe('JobRunner sharing a queue with other runners (decision 0147)', () => {
  const fileDb = () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    return `${dir}/jobs.sqlite`
  }
  const at = (ms: number) => new Date(Date.now() + ms).toISOString()

  it('takes over a job whose holder on another machine stopped renewing, from its checkpoint', async () => {
    const file = fileDb()
    const storage = storageOn(openDb(file))
    const created = new Date().toISOString()
    await storage.jobQueue.insert({
      id: 'far-job',
      kind: 'count',
      state: 'queued',
      recordingId: null,
      label: 'count to 60',
      input: { steps: 60 },
      checkpoint: { done: 50 },
      result: null,
      error: null,
      progress: 0.5,
      createdAt: created,
      updatedAt: created,
      finishedAt: null,
    })
    // A worker on another host claimed it and then went silent: its lease runs out in 600 ms.
    const lease = { owner: 'far-host:4242:gone', until: at(600) }
    expect(await storage.jobQueue.claim('count', 1, created, lease)).toHaveLength(1)
    const runs: number[][] = []
    const runner = new JobRunner(storageOn(openDb(file)), undefined, undefined, { pollMs: 100 })
    runner.register(counter(runs))
    const started = Date.now()
    await runner.start()
    // Not while the lease holds: the holder may be alive, just far away.
    await sleep(300)
    expect(runs).toEqual([])
    const done = await runner.waitFor('far-job')
    expect(Date.now() - started).toBeGreaterThanOrEqual(550)
    expect(done.state).toBe('succeeded')
    expect(runs.flat()).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59])
    await runner.stop()
  })

  it('a runner whose job was taken over stops it and writes nothing more', async () => {
    const file = fileDb()
    const runs: number[][] = []
    const runner = new JobRunner(storageOn(openDb(file)), undefined, undefined, {
      heartbeatMs: 50,
    })
    runner.register(counter(runs))
    await runner.start()
    const job = await runner.enqueue('count', { steps: 100_000 })
    const other = storageOn(openDb(file))
    while (
      ((await other.jobQueue.get(job.id))?.checkpoint as { done?: number } | null)?.done ===
      undefined
    )
      await sleep(10)
    // As when its lease ran out and another runner took the job and stored its own checkpoint.
    const db = other.statements.db
    db.prepare(`UPDATE jobs SET owner = 'far-host:1:new', checkpoint = ? WHERE id = ?`).run(
      JSON.stringify({ done: 7 }),
      job.id,
    )
    await until(() => runs.length === 1 && !runner.runsHere(job.id))
    const row = await other.jobQueue.get(job.id)
    expect(row).toMatchObject({ state: 'running', checkpoint: { done: 7 } })
    await runner.stop()
  })

  it('a runner that takes only some kinds goes on to the next queued job of them', async () => {
    // Its pumps, with every kind it takes full and the others left, await nothing: such a pump
    // once left the runner believing a pump still ran, and it never claimed again.
    const runner = new JobRunner(storageOn(openDb()), undefined, undefined, { kinds: ['count'] })
    runner.register(counter())
    runner.register({ ...counter(), kind: 'other' })
    await runner.start()
    const first = await runner.enqueue('count', { steps: 5 })
    const second = await runner.enqueue('count', { steps: 5 })
    const other = await runner.enqueue('other', { steps: 5 })
    expect((await runner.waitFor(first.id)).state).toBe('succeeded')
    expect((await runner.waitFor(second.id)).state).toBe('succeeded')
    expect((await runner.get(other.id))?.state).toBe('queued')
    await runner.stop()
  })

  it('tells its listeners the progress and end of a job another runner runs', async () => {
    const file = fileDb()
    const worker = new JobRunner(storageOn(openDb(file)))
    worker.register(counter())
    // As `serve` on a shared archive: it runs nothing, it reads the job rows.
    const watcher = new JobRunner(storageOn(openDb(file)), undefined, undefined, {
      kinds: [],
      pollMs: 50,
    })
    watcher.register(counter())
    await watcher.start()
    const seen: Job[] = []
    watcher.on('job', (job) => seen.push(job))
    // Long enough (600 steps of at least 5 ms) for the estimate's two seconds of samples
    // (jobs/eta.ts), however late the watcher's first poll lands on a busy machine.
    const job = await watcher.enqueue('count', { steps: 600 })
    await sleep(200)
    expect((await watcher.get(job.id))?.state).toBe('queued')
    await worker.start()
    const done = await watcher.waitFor(job.id)
    expect(done.state).toBe('succeeded')
    const progress = seen.filter((j) => j.id === job.id && j.state === 'running')
    expect(progress.length).toBeGreaterThan(2)
    expect(progress.some((j) => j.eta !== null && j.eta > 0)).toBe(true)
    expect(seen.at(-1)).toMatchObject({ id: job.id, state: 'succeeded' })
    await worker.stop()
    await watcher.stop()
  })
})

async function until(test: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out')
    await sleep(10)
  }
}

import { EventEmitter } from 'node:events'
import { readFileSync, rmSync } from 'node:fs'
import type { z } from 'zod'
import { VocesError, type ApiError, type Job } from '../../shared/contract/index.ts'
import { newId } from '../util/ids.ts'
import { EtaEstimator } from './eta.ts'
import type { JobRow, JobStore } from './job-store.ts'

export interface JobContext<I> {
  id: string
  input: I
  /** What the job stored last time it ran (null on a first run): resume from there. */
  checkpoint: unknown
  signal: AbortSignal
  /** 0..1; persisted and emitted at most a few times a second. */
  progress(fraction: number): void
  /** Stored at once, so a restart can resume from it. */
  saveCheckpoint(data: unknown): void
  /**
   * Records, before they are made, the half-written files and folders this run writes beside
   * its target (decision 0091). The runner removes them when the run ends, whichever way, and
   * a later start removes them when the process that wrote them was killed.
   */
  recordPartials(paths: readonly string[]): void
}

export interface JobHandler<I = unknown, R = unknown> {
  kind: string
  input: z.ZodType<I>
  /** How many of this kind run at once. */
  concurrency: number
  label(input: I): string
  recordingId?(input: I): string | null
  run(ctx: JobContext<I>): Promise<R>
}

export class CancelledError extends VocesError {
  constructor() {
    super('CANCELLED', 'Cancelled.')
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof VocesError) return error.toApiError()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message }
}

interface Running {
  kind: string
  controller: AbortController
  partials: string[]
  eta: EtaEstimator
  lastEmit: number
  eta_s: number | null
  done: Promise<void>
}

export interface JobRunnerEvents {
  job: [Job]
}

/**
 * The one job runner: a persistent queue with per-kind concurrency, progress with time left,
 * cancel through AbortSignal, and resume after a restart (running jobs go back to the queue and
 * see their last checkpoint).
 */
export class JobRunner extends EventEmitter<JobRunnerEvents> {
  private readonly handlers = new Map<string, JobHandler>()
  private readonly running = new Map<string, Running>()
  private readonly waiters = new Map<string, Array<(job: Job) => void>>()
  /** Jobs this runner queued that have not ended: what `cancelOwn` cancels. */
  private readonly own = new Set<string>()
  /** Set by `cancelOwn`: what is queued after it is cancelled as it comes. */
  private ownCancelled = false
  private started = false
  private stopping = false

  private readonly store: JobStore
  private readonly now: () => Date
  constructor(store: JobStore, now: () => Date = () => new Date()) {
    super()
    this.store = store
    this.now = now
  }

  register<I, R>(handler: JobHandler<I, R>): void {
    this.handlers.set(handler.kind, handler as unknown as JobHandler)
  }

  /**
   * Removes what killed processes half-wrote, puts back jobs a crash left running (a job with a
   * cancel recorded ends cancelled instead) and begins work.
   */
  start(): void {
    if (this.started) return
    this.started = true
    this.sweepPartials()
    this.store.requeueInterrupted(this.stamp())
    this.pump()
  }

  enqueue<I>(kind: string, input: I): Job {
    const [job] = this.enqueueMany(kind, [input])
    if (!job) throw new Error('unreachable')
    return job
  }

  /**
   * Queues one job per input, all or none: every input is checked first, then the rows go in
   * one transaction and the queue is looked at once (decision 0090).
   */
  enqueueMany<I>(kind: string, inputs: readonly I[]): Job[] {
    const handler = this.handlers.get(kind)
    if (!handler) throw new Error(`No job handler for ${kind}`)
    if (this.ownCancelled) throw new CancelledError()
    const at = this.stamp()
    const rows = inputs.map((input): JobRow => {
      const parsed = handler.input.parse(input)
      return {
        id: newId(),
        kind,
        state: 'queued',
        recordingId: handler.recordingId?.(parsed) ?? null,
        label: handler.label(parsed),
        input: parsed,
        checkpoint: null,
        result: null,
        error: null,
        progress: 0,
        createdAt: at,
        updatedAt: at,
        finishedAt: null,
      }
    })
    this.store.insertMany(rows)
    const jobs = rows.map((row) => this.toJob(row))
    for (const job of jobs) {
      this.own.add(job.id)
      this.emit('job', job)
    }
    if (this.started) this.pump()
    return jobs
  }

  get(id: string): Job | undefined {
    const row = this.store.get(id)
    return row && this.toJob(row)
  }

  list(): Job[] {
    return this.store.list().map((row) => this.toJob(row))
  }

  cancel(id: string): Job {
    const row = this.store.get(id)
    if (!row) throw new VocesError('JOB_NOT_FOUND', `No job ${id}.`, { id })
    if (row.state === 'queued') {
      this.finish(id, 'cancelled', { error: new CancelledError().toApiError() })
    } else if (row.state === 'running') {
      // The cancel is stored before the work stops: should this process die before the job
      // ends, the next start ends it cancelled rather than resuming it (decision 0092).
      this.store.update(id, { error: new CancelledError().toApiError(), updatedAt: this.stamp() })
      this.running.get(id)?.controller.abort(new CancelledError())
    }
    return this.toJob(this.store.get(id) ?? row)
  }

  /**
   * Cancels every job this runner queued that has not ended: what a person's Ctrl-C on a command
   * that started them means (decision 0092); what the command would queue after it is refused
   * as cancelled. Jobs resumed from an earlier run are left to `stop`.
   */
  cancelOwn(): void {
    this.ownCancelled = true
    for (const id of [...this.own]) {
      const row = this.store.get(id)
      if (row && !isFinal(row.state)) this.cancel(id)
      else this.own.delete(id)
    }
  }

  /** Resolves when the job ends, whichever way. */
  waitFor(id: string): Promise<Job> {
    const row = this.store.get(id)
    if (!row) return Promise.reject(new VocesError('JOB_NOT_FOUND', `No job ${id}.`, { id }))
    if (isFinal(row.state)) return Promise.resolve(this.toJob(row))
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? []
      list.push(resolve)
      this.waiters.set(id, list)
    })
  }

  /**
   * Stops taking work and interrupts what runs; interrupted jobs stay `running` in the store,
   * exactly as after a crash, so the next start resumes them. Waits for the runs to end, at most
   * `graceMs`: a run that ignores its signal must not keep the process from closing (its
   * children end with the process, decision 0091).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true
    const all = [...this.running.values()]
    for (const run of all) run.controller.abort(new StopError())
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(all.map((run) => run.done)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs).unref())),
    ])
    clearTimeout(timer)
  }

  /**
   * Starts queued jobs into free places: per kind, only as many rows as there are places are
   * read, so a long queue costs nothing here (decision 0090).
   */
  private pump(): void {
    if (this.stopping) return
    for (const handler of this.handlers.values()) {
      let busy = 0
      for (const run of this.running.values()) if (run.kind === handler.kind) busy++
      for (const row of this.store.nextQueued(handler.kind, handler.concurrency - busy))
        this.launch(handler, row)
    }
  }

  /**
   * Removes what runs of dead processes half-wrote (decision 0091). A record whose process is
   * still alive (another window or command on the same library) is left alone.
   */
  private sweepPartials(): void {
    for (const { id, partials } of this.store.withPartials()) {
      if (processAlive(partials.pid)) continue
      for (const file of partials.paths) rmSync(file, { recursive: true, force: true })
      this.store.setPartials(id, null)
    }
  }

  private launch(handler: JobHandler, row: JobRow): void {
    const controller = new AbortController()
    const run: Running = {
      kind: handler.kind,
      controller,
      partials: [],
      eta: new EtaEstimator(),
      lastEmit: 0,
      eta_s: null,
      done: Promise.resolve(),
    }
    this.running.set(row.id, run)
    this.store.update(row.id, { state: 'running', updatedAt: this.stamp() })
    this.emit('job', this.toJob({ ...row, state: 'running' }))

    const ctx: JobContext<unknown> = {
      id: row.id,
      input: row.input,
      checkpoint: row.checkpoint,
      signal: controller.signal,
      progress: (fraction) => this.reportProgress(row.id, run, fraction),
      saveCheckpoint: (data) =>
        this.store.update(row.id, { checkpoint: data, updatedAt: this.stamp() }),
      recordPartials: (paths) => {
        run.partials.push(...paths)
        this.store.setPartials(row.id, { pid: process.pid, paths: run.partials })
      },
    }
    run.done = (async () => {
      try {
        const result = await handler.run(ctx)
        // A cancel or a stop that came once the work was done changes nothing: an export whose
        // file is in place has succeeded, and says so (decision 0092).
        this.finish(row.id, 'succeeded', { result: result ?? null, progress: 1 })
      } catch (error) {
        const reason: unknown = controller.signal.aborted ? controller.signal.reason : error
        if (reason instanceof StopError) {
          // Left as `running`: the next start resumes it.
        } else if (reason instanceof CancelledError) {
          this.finish(row.id, 'cancelled', { error: reason.toApiError() })
        } else {
          this.finish(row.id, 'failed', { error: toApiError(error) })
        }
      } finally {
        if (run.partials.length > 0) {
          for (const file of run.partials) rmSync(file, { recursive: true, force: true })
          this.store.setPartials(row.id, null)
        }
        this.running.delete(row.id)
        setImmediate(() => this.pump())
      }
    })()
  }

  private reportProgress(id: string, run: Running, fraction: number): void {
    const progress = Math.min(1, Math.max(0, fraction))
    const at = Date.now()
    run.eta_s = run.eta.sample(progress, at)
    if (at - run.lastEmit < 200 && progress < 1) return
    run.lastEmit = at
    this.store.update(id, { progress, updatedAt: this.stamp() })
    const row = this.store.get(id)
    if (row) this.emit('job', this.toJob(row))
  }

  private finish(
    id: string,
    state: 'succeeded' | 'failed' | 'cancelled',
    patch: Partial<JobRow>,
  ): void {
    const at = this.stamp()
    this.store.update(id, { ...patch, state, updatedAt: at, finishedAt: at })
    this.own.delete(id)
    const row = this.store.get(id)
    if (!row) return
    const job = this.toJob(row)
    this.emit('job', job)
    for (const resolve of this.waiters.get(id) ?? []) resolve(job)
    this.waiters.delete(id)
  }

  private toJob(row: JobRow): Job {
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      label: row.label,
      recordingId: row.recordingId,
      progress: row.progress,
      eta: row.state === 'running' ? (this.running.get(row.id)?.eta_s ?? null) : null,
      error: row.error,
      result: row.result,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }
  }

  private stamp(): string {
    return this.now().toISOString()
  }
}

class StopError extends Error {
  constructor() {
    super('Voces is closing; the job resumes next time.')
  }
}

/** Whether a process still runs (a zombie, killed but not yet collected, does not). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  if (process.platform !== 'linux') return true
  try {
    // /proc/PID/stat: "PID (NAME) STATE …"; the name may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

function isFinal(state: string): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled'
}

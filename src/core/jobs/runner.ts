import { EventEmitter } from 'node:events'
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
  controller: AbortController
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

  /** Puts back jobs a crash left running and begins work. */
  start(): void {
    if (this.started) return
    this.started = true
    this.store.requeueInterrupted(this.stamp())
    this.pump()
  }

  enqueue<I>(kind: string, input: I): Job {
    const handler = this.handlers.get(kind)
    if (!handler) throw new Error(`No job handler for ${kind}`)
    const parsed = handler.input.parse(input)
    const at = this.stamp()
    const row: JobRow = {
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
    this.store.insert(row)
    this.emit('job', this.toJob(row))
    if (this.started) this.pump()
    return this.toJob(row)
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
      this.running.get(id)?.controller.abort(new CancelledError())
    }
    return this.toJob(this.store.get(id) ?? row)
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
   * exactly as after a crash, so the next start resumes them.
   */
  async stop(): Promise<void> {
    this.stopping = true
    const all = [...this.running.values()]
    for (const run of all) run.controller.abort(new StopError())
    await Promise.all(all.map((run) => run.done))
  }

  private pump(): void {
    if (this.stopping) return
    for (const row of this.store.queued()) {
      const handler = this.handlers.get(row.kind)
      if (!handler) continue
      const busy = [...this.running.keys()].filter(
        (id) => this.store.get(id)?.kind === row.kind,
      ).length
      if (busy >= handler.concurrency) continue
      this.launch(handler, row)
    }
  }

  private launch(handler: JobHandler, row: JobRow): void {
    const controller = new AbortController()
    const run: Running = {
      controller,
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
    }
    run.done = (async () => {
      try {
        const result = await handler.run(ctx)
        if (controller.signal.aborted) throw controller.signal.reason
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

function isFinal(state: string): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled'
}

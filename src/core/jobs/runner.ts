import { EventEmitter } from 'node:events'
import { readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import type { z } from 'zod'
import { VocesError, type Job } from '../../shared/contract/index.ts'
import { CancelledError, toApiError } from '../errors.ts'
import { newId } from '../util/ids.ts'
import { EtaEstimator } from './eta.ts'
import type { Logger } from '../log.ts'
import type { JobQueueStore, JobRow, Storage } from '../storage/ports.ts'

export interface JobContext<I> {
  id: string
  input: I
  /** What the job stored last time it ran (null on a first run): resume from there. */
  checkpoint: unknown
  /**
   * Whether this process queued the job (a command doing its own work, `--local`), rather than
   * taking one another process queued (a worker): what a job whose result must reach the person
   * who asked decides by (decision 0192).
   */
  queuedHere: boolean
  signal: AbortSignal
  /**
   * 0..1; emitted and stored at most a few times a second. The write is not waited for: it is
   * in the store before the job's end is (a write that fails fails the job).
   */
  progress(fraction: number): void
  /** Stored when the promise resolves, so a restart can resume from it. */
  saveCheckpoint(data: unknown): Promise<void>
  /**
   * Records, before they are made, the half-written files and folders this run writes beside
   * its target (decision 0091): await it before making them. The runner removes them when the
   * run ends, whichever way, and a later start removes them when the process that wrote them
   * was killed.
   */
  recordPartials(paths: readonly string[]): Promise<void>
  /**
   * Throws unless this runner still holds the job, through the queue given (a transaction's):
   * called in the transaction that stores a job's work, so a runner whose lease was taken over
   * stores nothing (decision 0147).
   */
  confirmHeld(queue: JobQueueStore): Promise<void>
}

export interface JobHandler<I = unknown, R = unknown> {
  kind: string
  input: z.ZodType<I>
  /** How many of this kind run at once. */
  concurrency: number
  label(input: I): string
  recordingId?(input: I): string | null
  run(ctx: JobContext<I>): Promise<R>
  /**
   * Removes what a job brought with it before any runner took it (an ingest's upload, decision
   * 0205): called when it is cancelled while queued, by whichever process cancels it.
   */
  discard?(input: I): Promise<void>
}

/** A job this runner no longer holds: another runner took it over; nothing more is written. */
export class LeaseLostError extends Error {
  constructor() {
    super('Another runner took this job over.')
  }
}

interface Running {
  kind: string
  /** The job as this runner last wrote it: what its progress events carry, with no read. */
  row: JobRow
  controller: AbortController
  partials: string[]
  eta: EtaEstimator
  lastEmit: number
  eta_s: number | null
  /** The progress writes not waited for; the job's end is written after them. */
  writes: Promise<void>
  writeError: unknown
  /** Set when the handler has settled: a late progress call writes nothing. */
  ended: boolean
  done: Promise<void>
}

export interface JobRunnerEvents {
  job: [Job]
}

/** How a runner shares the queue with others (decision 0147). */
export interface JobRunnerOptions {
  /**
   * The kinds this runner claims (`export` stands for every `export.*`); all it has handlers for
   * unless told, none when empty.
   */
  kinds?: readonly string[] | undefined
  /** Kinds this runner leaves to others (on a shared archive, a command leaves `transcribe`). */
  except?: readonly string[] | undefined
  /**
   * Jobs this runner queues are claimed by it alone (a command's `--local` work reads the
   * command's own files: no worker may take it, decision 0205).
   */
  pinOwn?: boolean | undefined
  /** How many jobs of each kind at once, instead of each handler's own. */
  concurrency?: number | undefined
  /** How long a claim holds a job unless renewed (15 s; `VOCES_JOB_LEASE_SECONDS`). */
  leaseMs?: number | undefined
  /** How often held jobs are renewed and checked for a cancel (1 s). */
  heartbeatMs?: number | undefined
  /** How often the queue is looked at for work, take-overs and others' jobs (1 s). */
  pollMs?: number | undefined
}

/** What the runner needs of storage: the queue, and a transaction for a checked enqueue. */
export type JobStorage = Pick<Storage, 'jobQueue' | 'transaction'>

/**
 * Run inside the enqueue's transaction, before the rows go in: throw to refuse them all
 * (`startTranscription` refuses a recording already being transcribed).
 */
export type EnqueueCheck = (queue: JobQueueStore) => Promise<void>

/**
 * The one job runner: a persistent queue with per-kind concurrency, progress with time left,
 * cancel through AbortSignal, and resume after a restart (running jobs go back to the queue and
 * see their last checkpoint). The queue is the storage port `jobQueue` (decision 0118).
 */
export class JobRunner extends EventEmitter<JobRunnerEvents> {
  private readonly handlers = new Map<string, JobHandler>()
  private readonly running = new Map<string, Running>()
  private readonly waiters = new Map<string, Array<(job: Job) => void>>()
  /** Jobs this runner queued that have not ended: what `cancelOwn` cancels. */
  private readonly own = new Set<string>()
  /** Set by `cancelOwn`: what is queued after it is cancelled as it comes. */
  private ownCancelled = false
  private starting: Promise<void> | null = null
  /** Set once a start has swept and requeued: only then are jobs claimed. */
  private ready = false
  private stopping = false
  private pumping: Promise<void> | null = null
  private pumpAgain = false
  /** Work begun without a caller waiting (cancelOwn, pumps): `stop` lets it end. */
  private readonly background = new Set<Promise<unknown>>()

  private readonly storage: JobStorage
  private readonly queue: JobQueueStore
  private readonly now: () => Date
  private readonly log: Logger | undefined
  /** This runner's name on the leases it holds: host, process and a token (decision 0147). */
  readonly owner: string
  private readonly kinds: ReadonlySet<string> | null
  private readonly except: ReadonlySet<string>
  private readonly concurrency: number | undefined
  private readonly pinOwn: boolean
  private readonly leaseMs: number
  private readonly heartbeatMs: number
  private readonly pollMs: number
  private timers: NodeJS.Timeout[] = []
  private polling: Promise<void> | null = null
  /** Jobs other runners run, as last seen: what their progress events carry. */
  private readonly observed = new Map<
    string,
    { row: JobRow; eta: EtaEstimator; eta_s: number | null }
  >()
  constructor(
    storage: JobStorage,
    now: () => Date = () => new Date(),
    log?: Logger,
    options: JobRunnerOptions = {},
  ) {
    super()
    this.storage = storage
    this.queue = storage.jobQueue
    this.now = now
    this.log = log
    this.owner = `${os.hostname()}:${process.pid}:${newId().slice(0, 8)}`
    this.kinds = options.kinds ? new Set(options.kinds) : null
    this.except = new Set(options.except ?? [])
    this.concurrency = options.concurrency
    this.pinOwn = options.pinOwn ?? false
    const leaseSeconds = Number(process.env.VOCES_JOB_LEASE_SECONDS)
    this.leaseMs = options.leaseMs ?? (leaseSeconds > 0 ? leaseSeconds * 1000 : 15_000)
    this.heartbeatMs = options.heartbeatMs ?? Math.min(1000, this.leaseMs / 3)
    this.pollMs = options.pollMs ?? 1000
  }

  register<I, R>(handler: JobHandler<I, R>): void {
    this.handlers.set(handler.kind, handler as unknown as JobHandler)
  }

  /**
   * Removes what killed processes half-wrote, puts back jobs a crash left running (a job with a
   * cancel recorded ends cancelled instead) and begins work. Resolves once resumed jobs are
   * launched.
   */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await this.sweepPartials()
      await this.releaseDead()
      await this.queue.requeueInterrupted(this.stamp())
      this.ready = true
      if (!this.stopping)
        this.timers = [
          setInterval(() => void this.heartbeat(), this.heartbeatMs).unref(),
          setInterval(() => void this.poll(), this.pollMs).unref(),
        ]
      await this.pump()
    })()
    return this.starting
  }

  async enqueue<I>(kind: string, input: I, check?: EnqueueCheck): Promise<Job> {
    const [job] = await this.enqueueMany(kind, [input], check)
    if (!job) throw new Error('unreachable')
    return job
  }

  /**
   * Queues one job per input, all or none: every input is checked first, then the rows go in
   * one transaction and the queue is looked at once (decision 0090). `check`, when given, runs in
   * that transaction first.
   */
  async enqueueMany<I>(kind: string, inputs: readonly I[], check?: EnqueueCheck): Promise<Job[]> {
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
        ...(this.pinOwn ? { pinnedTo: this.owner } : {}),
      }
    })
    // Counted as own before they are stored: a Ctrl-C while they go in cancels them too (its
    // reads come after this write).
    for (const row of rows) this.own.add(row.id)
    try {
      if (check)
        await this.storage.transaction(async (tx) => {
          await check(tx.jobQueue)
          await tx.jobQueue.insertMany(rows)
        })
      else await this.queue.insertMany(rows)
    } catch (error) {
      for (const row of rows) this.own.delete(row.id)
      throw error
    }
    const jobs = rows.map((row) => this.toJob(row))
    for (const job of jobs) this.emit('job', job)
    await this.pump()
    return jobs
  }

  /** Whether this runner is doing the job (rather than another process). */
  runsHere(id: string): boolean {
    return this.running.has(id)
  }

  /** Whether this runner claims jobs of a kind: `export` stands for every `export.*` kind. */
  private claims(kind: string): boolean {
    const matches = (word: string) => kind === word || kind.startsWith(`${word}.`)
    if ([...this.except].some(matches)) return false
    if (!this.kinds) return true
    for (const allowed of this.kinds)
      if (kind === allowed || kind.startsWith(`${allowed}.`)) return true
    return false
  }

  async get(id: string): Promise<Job | undefined> {
    const row = await this.queue.get(id)
    return row && this.toJob(row)
  }

  async list(): Promise<Job[]> {
    return (await this.queue.list()).map((row) => this.toJob(row))
  }

  async cancel(id: string): Promise<Job> {
    // The cancel is stored before the work stops: should this process die before the job ends,
    // the next start ends it cancelled rather than resuming it (decision 0092).
    const change = await this.queue.cancel(id, new CancelledError().toApiError(), this.stamp())
    if (!change) throw new VocesError('JOB_NOT_FOUND', `No job ${id}.`, { id })
    const { previous, row } = change
    if (previous === 'queued') {
      // No runner took it, and none will: what it brought along goes now (decision 0205).
      await this.handlers
        .get(row.kind)
        ?.discard?.(row.input)
        .catch((error: unknown) =>
          this.log?.error('job queue: could not remove what a cancelled job left', {
            job: id,
            message: error instanceof Error ? error.message : String(error),
          }),
        )
      this.ended(row)
    } else if (previous === 'running') {
      const run = this.running.get(id)
      if (run) {
        run.row = { ...run.row, error: row.error, updatedAt: row.updatedAt }
        run.controller.abort(new CancelledError())
      }
    }
    return this.toJob(row)
  }

  /**
   * Cancels every job this runner queued that has not ended: what a person's Ctrl-C on a command
   * that started them means (decision 0092); what the command would queue after it is refused
   * as cancelled (at once: the promise is for the cancels to be stored). Jobs resumed from an
   * earlier run are left to `stop`.
   */
  cancelOwn(): Promise<void> {
    this.ownCancelled = true
    return this.track(
      (async () => {
        for (const id of [...this.own]) {
          const row = await this.queue.get(id)
          if (row && !isFinal(row.state)) await this.cancel(id)
          else this.own.delete(id)
        }
      })(),
    )
  }

  /** Resolves when the job ends, whichever way. */
  waitFor(id: string): Promise<Job> {
    return new Promise<Job>((resolve, reject) => {
      // Listening before reading: a job that ends between the read and here is not missed.
      const list = this.waiters.get(id) ?? []
      list.push(resolve)
      this.waiters.set(id, list)
      const forget = () => {
        const left = (this.waiters.get(id) ?? []).filter((waiter) => waiter !== resolve)
        if (left.length > 0) this.waiters.set(id, left)
        else this.waiters.delete(id)
      }
      this.queue.get(id).then(
        (row) => {
          if (!row) {
            forget()
            reject(new VocesError('JOB_NOT_FOUND', `No job ${id}.`, { id }))
          } else if (isFinal(row.state)) {
            forget()
            resolve(this.toJob(row))
          }
        },
        (error: unknown) => {
          forget()
          reject(error instanceof Error ? error : new Error(String(error)))
        },
      )
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
    await this.starting?.catch(() => undefined)
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
    await this.polling
    await this.pumping
    const all = [...this.running.values()]
    for (const run of all) run.controller.abort(new StopError())
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(all.map((run) => run.done)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs).unref())),
    ])
    clearTimeout(timer)
    await Promise.allSettled([...this.background])
    // What was interrupted is let go at once, for the next start or another runner to resume
    // without waiting for the leases to run out (decision 0147).
    if (this.ready)
      await this.queue.release(this.owner, this.stamp()).catch((error: unknown) =>
        this.log?.error('job queue: could not release leases', {
          message: error instanceof Error ? error.message : String(error),
        }),
      )
  }

  /** Other runners' leases on this host whose process is gone are let go (decision 0147). */
  private async releaseDead(): Promise<void> {
    const host = os.hostname()
    for (const owner of await this.queue.owners()) {
      const [ownerHost, pid] = owner.split(':')
      if (ownerHost !== host || owner === this.owner) continue
      if (pid && processAlive(Number(pid))) continue
      await this.queue.release(owner, this.stamp())
    }
  }

  /**
   * Renews the leases of the jobs running here; a job with a cancel recorded (from any process)
   * is stopped, and one this runner no longer holds is given up without writing.
   */
  private heartbeat(): void {
    const ids = [...this.running.keys()]
    if (ids.length === 0 || this.stopping) return
    void this.track(
      this.queue.renew(this.owner, ids, this.leaseUntil()).then(
        ({ held, cancelled }) => {
          const holds = new Set(held)
          for (const id of ids) {
            const run = this.running.get(id)
            if (!run || run.ended) continue
            if (!holds.has(id)) run.controller.abort(new LeaseLostError())
            else if (cancelled.includes(id)) run.controller.abort(new CancelledError())
          }
        },
        (error: unknown) =>
          this.log?.error('job queue: could not renew leases', {
            message: error instanceof Error ? error.message : String(error),
          }),
      ),
    )
  }

  /**
   * Looks at the queue: takes back jobs whose holder died or let its lease run out, claims what
   * others queued, and tells listeners how the jobs other runners run are going.
   */
  private poll(): void {
    if (this.polling || this.stopping) return
    this.polling = this.track(
      (async () => {
        try {
          await this.releaseDead()
          const requeued = await this.queue.requeueInterrupted(this.stamp())
          if (requeued > 0) this.log?.info('job queue: took jobs back', { jobs: requeued })
          await this.pump()
          await this.observe()
        } catch (error) {
          this.log?.error('job queue: could not look at the queue', {
            message: error instanceof Error ? error.message : String(error),
          })
        } finally {
          this.polling = null
        }
      })(),
    )
  }

  /** Progress of jobs running elsewhere, and the end of those someone here waits for. */
  private async observe(): Promise<void> {
    const seen = new Set<string>()
    for (const row of await this.queue.running()) {
      if (this.running.has(row.id)) continue
      seen.add(row.id)
      const last = this.observed.get(row.id)
      if (last && last.row.updatedAt === row.updatedAt && last.row.progress === row.progress)
        continue
      const entry = last ?? { row, eta: new EtaEstimator(), eta_s: null }
      entry.row = row
      entry.eta_s = entry.eta.sample(row.progress, Date.now())
      this.observed.set(row.id, entry)
      this.emit('job', this.toJob(row))
    }
    const ids = new Set([...this.observed.keys(), ...this.waiters.keys()])
    for (const id of ids) {
      if (seen.has(id) || this.running.has(id)) continue
      this.observed.delete(id)
      const row = await this.queue.get(id)
      if (row && isFinal(row.state)) this.ended(row)
    }
  }

  private leaseUntil(): string {
    return new Date(this.now().getTime() + this.leaseMs).toISOString()
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.background.add(work)
    const forget = () => this.background.delete(work)
    work.then(forget, forget)
    return work
  }

  /**
   * Starts queued jobs into free places: per kind, only as many rows as there are places are
   * claimed, so a long queue costs nothing here (decision 0090). One pump at a time; a pump asked
   * for while one runs makes it look once more. It never rejects: what fails is logged, and the
   * next pump tries again.
   */
  private pump(): Promise<void> {
    if (!this.ready || this.stopping) return Promise.resolve()
    if (this.pumping) {
      this.pumpAgain = true
      return this.pumping
    }
    // A pump that finds every kind full or left to others ends without awaiting anything: its
    // `finally` then runs before the assignment below, which must not outlive it.
    let settled = false
    const pumping = this.track(
      (async () => {
        try {
          do {
            this.pumpAgain = false
            for (const handler of this.handlers.values()) {
              if (this.stopping) return
              if (!this.claims(handler.kind)) continue
              let busy = 0
              for (const run of this.running.values()) if (run.kind === handler.kind) busy++
              const free = (this.concurrency ?? handler.concurrency) - busy
              if (free <= 0) continue
              const claimed = await this.queue.claim(handler.kind, free, this.stamp(), {
                owner: this.owner,
                until: this.leaseUntil(),
              })
              // Claimed as `stop` began: left running, as a stop leaves what runs, to resume.
              if (this.stopping) return
              for (const row of claimed) this.launch(handler, row)
            }
          } while (this.pumpAgain)
        } catch (error) {
          this.log?.error('job queue: could not start queued jobs', {
            message: error instanceof Error ? error.message : String(error),
          })
        } finally {
          settled = true
          this.pumping = null
        }
      })(),
    )
    if (!settled) this.pumping = pumping
    return pumping
  }

  /**
   * Removes what runs of dead processes half-wrote (decision 0091). A record whose process is
   * still alive (another window or command on the same library) is left alone.
   */
  private async sweepPartials(): Promise<void> {
    for (const { id, partials } of await this.queue.withPartials()) {
      // Another machine's worker (a shared archive): its process id says nothing here, and its
      // files are on its own disk, for its own next start to remove (decision 0147).
      if (partials.host !== undefined && partials.host !== os.hostname()) continue
      if (processAlive(partials.pid)) continue
      for (const file of partials.paths) rmSync(file, { recursive: true, force: true })
      await this.queue.setPartials(id, null)
    }
  }

  /** Runs a job `claim` has marked running. */
  private launch(handler: JobHandler, row: JobRow): void {
    const controller = new AbortController()
    const run: Running = {
      kind: handler.kind,
      row,
      controller,
      partials: [],
      eta: new EtaEstimator(),
      lastEmit: 0,
      eta_s: null,
      writes: Promise.resolve(),
      writeError: null,
      ended: false,
      done: Promise.resolve(),
    }
    this.running.set(row.id, run)
    this.emit('job', this.toJob(row))

    const ctx: JobContext<unknown> = {
      id: row.id,
      input: row.input,
      checkpoint: row.checkpoint,
      queuedHere: this.own.has(row.id),
      signal: controller.signal,
      progress: (fraction) => this.reportProgress(run, fraction),
      // Written only while this runner holds the job: a runner whose lease was taken over cannot
      // overwrite the checkpoint of the one that took it (decision 0147).
      saveCheckpoint: async (data) => {
        if (
          !(await this.queue.updateHeld(row.id, this.owner, {
            checkpoint: data,
            updatedAt: this.stamp(),
          }))
        ) {
          controller.abort(new LeaseLostError())
          throw new LeaseLostError()
        }
      },
      confirmHeld: async (queue) => {
        if (!(await queue.updateHeld(row.id, this.owner, { updatedAt: this.stamp() }))) {
          controller.abort(new LeaseLostError())
          throw new LeaseLostError()
        }
      },
      recordPartials: (paths) => {
        run.partials.push(...paths)
        return this.queue.setPartials(row.id, {
          pid: process.pid,
          host: os.hostname(),
          paths: [...run.partials],
        })
      },
    }
    run.done = (async () => {
      let outcome: { state: 'succeeded' | 'failed' | 'cancelled'; patch: Partial<JobRow> } | null
      try {
        const result = await handler.run(ctx)
        // A cancel or a stop that came once the work was done changes nothing: an export whose
        // file is in place has succeeded, and says so (decision 0092).
        outcome = { state: 'succeeded', patch: { result: result ?? null, progress: 1 } }
      } catch (error) {
        const reason: unknown = controller.signal.aborted ? controller.signal.reason : error
        if (reason instanceof StopError || reason instanceof LeaseLostError) {
          // Left as `running`: the next start resumes it, or the runner that took it over ends it.
          outcome = null
        } else if (reason instanceof CancelledError) {
          outcome = { state: 'cancelled', patch: { error: reason.toApiError() } }
        } else {
          outcome = { state: 'failed', patch: { error: toApiError(error) } }
        }
      }
      run.ended = true
      try {
        await run.writes
        if (outcome?.state === 'succeeded' && run.writeError !== null)
          outcome = { state: 'failed', patch: { error: toApiError(run.writeError) } }
        // The half-written files go before the job's end is told: whoever waits for it finds
        // none left.
        if (run.partials.length > 0) {
          for (const file of run.partials) rmSync(file, { recursive: true, force: true })
          await this.queue.setPartials(row.id, null)
        }
        if (outcome) await this.finish(row.id, outcome.state, outcome.patch)
      } finally {
        this.running.delete(row.id)
        setImmediate(() => void this.pump())
      }
    })()
  }

  private reportProgress(run: Running, fraction: number): void {
    if (run.ended) return
    const progress = Math.min(1, Math.max(0, fraction))
    const at = Date.now()
    run.eta_s = run.eta.sample(progress, at)
    if (at - run.lastEmit < 200 && progress < 1) return
    run.lastEmit = at
    const updatedAt = this.stamp()
    run.row = { ...run.row, progress, updatedAt }
    const written = this.queue
      .updateHeld(run.row.id, this.owner, { progress, updatedAt })
      .then((held) => {
        if (!held) run.controller.abort(new LeaseLostError())
      })
      .catch((error: unknown) => {
        run.writeError ??= error
      })
    run.writes = Promise.all([run.writes, written]).then(() => undefined)
    this.emit('job', this.toJob(run.row))
  }

  private async finish(
    id: string,
    state: 'succeeded' | 'failed' | 'cancelled',
    patch: Partial<JobRow>,
  ): Promise<void> {
    const at = this.stamp()
    const held = await this.queue.updateHeld(id, this.owner, {
      ...patch,
      state,
      updatedAt: at,
      finishedAt: at,
    })
    if (!held) {
      // Taken over meanwhile: the runner that holds it now ends it.
      this.log?.info('job queue: job taken over before it ended here', { job: id })
      return
    }
    const row = await this.queue.get(id)
    if (row) this.ended(row)
    else this.own.delete(id)
  }

  /** Tells everyone a job has ended. */
  private ended(row: JobRow): void {
    this.own.delete(row.id)
    const job = this.toJob(row)
    this.emit('job', job)
    for (const resolve of this.waiters.get(row.id) ?? []) resolve(job)
    this.waiters.delete(row.id)
  }

  private toJob(row: JobRow): Job {
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      label: row.label,
      recordingId: row.recordingId,
      progress: row.progress,
      eta:
        row.state === 'running'
          ? (this.running.get(row.id)?.eta_s ?? this.observed.get(row.id)?.eta_s ?? null)
          : null,
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

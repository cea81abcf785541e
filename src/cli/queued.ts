import type { Voces } from '../core/voces.ts'
import type { CommandContext } from './command.ts'

/*
 * Who does a command's heavy work (decisions 0148, 0192). On a shared archive `transcribe`,
 * `ingest` and `export` queue it for `voces worker` processes and wait, showing the workers'
 * progress; `--local` does it in the command's own process; `--no-wait` prints the job ids and
 * returns (on a folder library too: the next process that runs jobs takes them).
 */

/** The options every command that queues work takes. */
export const queueOptions = {
  'no-wait': { type: 'boolean' },
  local: { type: 'boolean' },
} as const

/** The kinds a command on a shared archive leaves to the workers. */
export const workerKinds = ['transcribe', 'ingest', 'export'] as const

export interface QueueMode {
  noWait: boolean
  local: boolean
  /** Whether the workers do the work: a shared archive, without --local. */
  byWorkers: boolean
}

/** Reads --no-wait and --local; null (with the reason written) when they are given together. */
export function queueMode(ctx: CommandContext): QueueMode | null {
  const noWait = ctx.values['no-wait'] === true
  const local = ctx.values.local === true
  if (noWait && local) {
    ctx.io.stderr.write('--no-wait and --local do not go together: --local does the work here.\n')
    return null
  }
  return { noWait, local, byWorkers: ctx.location.kind === 'postgres' && !local }
}

/** Opens the library so that the right process does the work the command queues. */
export function openFor(ctx: CommandContext, mode: QueueMode): Promise<Voces> {
  // --no-wait queues and leaves the work to whatever runs jobs on this library.
  if (mode.noWait) return ctx.open({ startJobs: false })
  // Its jobs read this machine's files: no worker may take one while it waits its turn (0205).
  if (mode.local) return ctx.open({ jobs: { pinOwn: true } })
  if (mode.byWorkers) return ctx.open({ jobs: { except: [...workerKinds] } })
  return ctx.open()
}

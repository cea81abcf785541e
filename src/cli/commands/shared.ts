import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Job } from '../../shared/contract/index.ts'
import { removeStaleExports } from '../../core/export/stored.ts'
import { copyLibrary } from '../../core/library/copy.ts'
import { libraryLayout } from '../../core/paths.ts'
import { openVoces } from '../../core/voces.ts'
import { latestPostgresSchema } from '../../core/storage/postgres/migrations/index.ts'
import { latestSchemaVersion } from '../../core/storage/sqlite/migrations/index.ts'
import { printJson, type CliIo, type Command } from '../command.ts'

/** A whole number of at least 1, or undefined when not given; throws what is wrong. */
function count(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} is a whole number of at least 1.`)
  return n
}

function say(io: CliIo, json: boolean, job: Job, text: string): void {
  if (json)
    io.stdout.write(
      JSON.stringify({ id: job.id, kind: job.kind, state: job.state, error: job.error }) + '\n',
    )
  else io.stdout.write(`${text}\n`)
}

const worker: Command = {
  path: ['worker'],
  usage: 'worker [--kinds transcribe,ingest,export] [--concurrency N] [--threads N] [--json]',
  summary:
    'Take jobs from the library’s queue and do them here until stopped (Ctrl-C); several workers never do the same job twice.',
  options: {
    kinds: { type: 'string' },
    concurrency: { type: 'string' },
    threads: { type: 'string' },
  },
  async run({ values, json, io, open }) {
    const kinds =
      typeof values.kinds === 'string'
        ? values.kinds
            .split(',')
            .map((kind) => kind.trim())
            .filter((kind) => kind !== '')
        : undefined
    const known = ['transcribe', 'ingest', 'export']
    const unknown = kinds?.find((kind) => !known.includes(kind))
    if (unknown !== undefined || (kinds && kinds.length === 0)) {
      io.stderr.write(`--kinds is a list of ${known.join(', ')} (given: ${values.kinds}).\n`)
      return 2
    }
    let concurrency: number | undefined
    let threads: number | undefined
    try {
      concurrency = count(values.concurrency, 'concurrency')
      threads = count(values.threads, 'threads')
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n`)
      return 2
    }
    const voces = await open({
      jobs: { kinds: kinds ?? known, concurrency },
      ...(threads ? { threads } : {}),
    })
    const started = new Set<string>()
    voces.jobs.on('job', (job) => {
      if (job.state === 'running' && voces.jobs.runsHere(job.id) && !started.has(job.id)) {
        started.add(job.id)
        say(io, json, job, `▶ ${job.id}  ${job.kind}  ${job.label}`)
      } else if (job.state !== 'running' && job.state !== 'queued' && started.delete(job.id)) {
        const mark = job.state === 'succeeded' ? '✓' : job.state === 'cancelled' ? '■' : '✗'
        say(io, json, job, `${mark} ${job.id}  ${job.kind}  ${job.error?.message ?? job.state}`)
      }
    })
    io.stderr.write(`Worker ${voces.jobs.owner} is taking ${(kinds ?? known).join(', ')} jobs.\n`)
    // Exports nobody will fetch leave the store: at the start, then every hour (decision 0205).
    const housekeeping = () =>
      void removeStaleExports(voces).then(
        (removed) => {
          if (removed > 0)
            io.stderr.write(`Removed ${removed} export files nobody fetched in time.\n`)
        },
        (error: unknown) =>
          voces.log.error('worker: could not remove stale exports', {
            message: error instanceof Error ? error.message : String(error),
          }),
      )
    housekeeping()
    const hourly = setInterval(housekeeping, 3_600_000)
    // The runner's timers do not hold a process open: this does, until a signal comes.
    const awake = setInterval(() => undefined, 60_000)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    clearInterval(awake)
    clearInterval(hourly)
    // Stopping lets go of what runs here, for another worker to go on from its checkpoint.
    io.stderr.write('Worker stopping; its jobs go back to the queue.\n')
    return 0
  },
}

const migrate: Command = {
  path: ['migrate'],
  usage: 'migrate [--json]',
  summary:
    'Create the library’s schema, or bring it up to date (a shared archive: run once per upgrade, before the workers).',
  async run({ json, io, open, location }) {
    // Opening migrates, one migration at a time, under a lock on a shared archive.
    await open({ startJobs: false })
    const schema = location.kind === 'postgres' ? latestPostgresSchema : latestSchemaVersion
    const where = location.kind === 'postgres' ? location.shown : location.dir
    if (json) printJson(io, { library: where, schema })
    else io.stdout.write(`The library at ${where} is up to date (schema ${schema}).\n`)
    return 0
  },
}

const copy: Command = {
  path: ['library', 'copy'],
  usage: 'library copy DIR [--json]',
  summary:
    'Copy a desktop library (its folder) into the library given with --library: recordings with their media (checked by sha256), transcripts, subtitles, redactions, episodes and the export log. Run again to go on after a cut.',
  async run({ positionals, json, io, open, location }) {
    const dir = positionals[0]
    if (!dir || positionals.length > 1) {
      io.stderr.write('Name one library folder to copy: voces library copy DIR\n')
      return 2
    }
    const from = path.resolve(dir)
    if (location.kind === 'folder' && path.resolve(location.dir) === from) {
      io.stderr.write('The library to copy is the one named with --library: name another.\n')
      return 2
    }
    if (!existsSync(libraryLayout(from).database)) {
      io.stderr.write(`There is no Voces library in ${from} (no voces.sqlite there).\n`)
      return 2
    }
    // The archive first: a wrong bucket or database is said before the folder is touched.
    const target = await open({ startJobs: false })
    const source = await openVoces({
      location: { kind: 'folder', dir: from, media: { kind: 'folder', dir: from } },
      startJobs: false,
    })
    try {
      const report = await copyLibrary(source.storage, target.storage, {
        onRecording: (done, index, total) => {
          if (!json)
            io.stdout.write(
              `${done.outcome === 'copied' ? '✓' : '='} ${index + 1}/${total}  ${done.id}  ${done.title}${done.outcome === 'skipped' ? '  (already there)' : ''}\n`,
            )
        },
      })
      const copied = report.recordings.filter((r) => r.outcome === 'copied').length
      if (json) printJson(io, report)
      else
        io.stdout.write(
          `${copied} copied, ${report.recordings.length - copied} already there, ${report.episodes} episodes, ${report.exportLog} export log entries and ${report.audit} audit entries added.\n`,
        )
      return 0
    } finally {
      await source.close()
    }
  },
}

/** The shared archive's commands (decision 0148): its schema, and the workers that do its jobs. */
export const sharedArchiveCommands: Command[] = [migrate, worker, copy]

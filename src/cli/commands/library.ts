import path from 'node:path'
import { dispatch } from '../../core/api/index.ts'
import { toApiError } from '../../core/errors.ts'
import { startIngest } from '../../core/media/ingest.ts'
import type { Job, Recording, Result } from '../../shared/contract/index.ts'
import { openFor, queueMode, queueOptions } from '../queued.ts'
import { formatDuration, printJson, type Command } from '../command.ts'
import { ProgressBars } from '../progress-bar.ts'

interface IngestOutcome {
  file: string
  id?: string
  error?: { code: string; message: string }
}

function recordingIdOf(job: Job): string | undefined {
  const result = job.result as { recordingId?: unknown } | null
  return typeof result?.recordingId === 'string' ? result.recordingId : undefined
}

const ingest: Command = {
  path: ['ingest'],
  usage: 'ingest FILE_OR_FOLDER... [--no-wait] [--local] [--json]',
  summary:
    'Add recordings to the library (folders are searched for media files; on a shared archive each file is uploaded and its workers decode it: --local decodes here; --no-wait prints the job ids and returns).',
  options: { ...queueOptions },
  async run(ctx) {
    const { positionals, json, io } = ctx
    if (positionals.length === 0) {
      io.stderr.write('Name at least one file or folder to ingest.\n')
      return 2
    }
    const mode = queueMode(ctx)
    if (!mode) return 2
    const voces = await openFor(ctx, mode)
    const bars = new ProgressBars(io, !json)
    voces.jobs.on('job', (job) => bars.update(job))
    // On a shared archive the worker cannot read this machine's disk: each file goes into the
    // archive's store first, and the job decodes it from there (decision 0192).
    const started: Result<unknown> = mode.byWorkers
      ? await startIngest(voces, positionals, {
          upload: true,
          // The upload is this machine's work, before any worker's bar: say what it is doing.
          onUpload: (file) => {
            if (!json) io.stderr.write(`Uploading ${path.basename(file)} to the archive…\n`)
          },
        }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error: toApiError(error) }),
        )
      : await dispatch('library.ingest', { paths: positionals }, { voces, transport: 'cli' })
    if (!started.ok) {
      if (json) printJson(io, [{ file: positionals.join(' '), error: started.error }])
      else io.stderr.write(`${started.error.message}\n`)
      return 1
    }
    const { jobs, skipped } = started.value as {
      jobs: Array<{ file: string; jobId: string; upload?: string }>
      skipped: Array<{ file: string; code: string; message: string }>
    }
    if (mode.noWait) {
      if (json) printJson(io, { jobs, skipped })
      else {
        for (const job of jobs) io.stdout.write(`${job.file}  job ${job.jobId}\n`)
        for (const { file, message } of skipped) io.stderr.write(`✗ ${file}: ${message}\n`)
      }
      return skipped.length > 0 ? 1 : 0
    }
    const outcomes: IngestOutcome[] = skipped.map(({ file, code, message }) => ({
      file,
      error: { code, message },
    }))
    const finished = await Promise.all(
      // A job cancelled before a worker took it has its upload deleted by the cancel itself,
      // whoever cancels (decision 0205); one that fails, by its worker.
      jobs.map(async ({ file, jobId }) => ({ file, job: await voces.jobs.waitFor(jobId) })),
    )
    for (const { file, job } of finished) {
      const id = recordingIdOf(job)
      if (job.state === 'succeeded' && id) outcomes.push({ file, id })
      else
        outcomes.push({
          file,
          error: {
            code: job.error?.code ?? 'FAILED',
            message: job.error?.message ?? `Ingest ${job.state}.`,
          },
        })
    }
    const failed = outcomes.filter((outcome) => outcome.error)
    if (json) printJson(io, outcomes)
    else {
      for (const outcome of outcomes) {
        if (outcome.id) io.stdout.write(`✓ ${outcome.id}  ${outcome.file}\n`)
        else io.stderr.write(`✗ ${outcome.file}: ${outcome.error?.message}\n`)
      }
      io.stdout.write(`${outcomes.length - failed.length} added, ${failed.length} failed.\n`)
    }
    return failed.length > 0 ? 1 : 0
  },
}

function describe(recording: Recording): string {
  const kind = recording.hasVideo ? 'video' : 'audio'
  return `${recording.id}  ${formatDuration(recording.duration).padStart(8)}  ${kind}  ${recording.title}`
}

const list: Command = {
  path: ['list'],
  usage: 'list [--json]',
  summary: 'List the recordings in the library.',
  async run({ json, io, open }) {
    const recordings = await (await open({ startJobs: false })).storage.recordings.list()
    if (json) printJson(io, recordings)
    else if (recordings.length === 0)
      io.stdout.write('The library is empty. Add recordings with: voces ingest FOLDER\n')
    else for (const recording of recordings) io.stdout.write(describe(recording) + '\n')
    return 0
  },
}

const show: Command = {
  path: ['show'],
  usage: 'show RECORDING_ID [--json]',
  summary: "Show one recording's details.",
  async run({ positionals, json, io, open }) {
    const id = positionals[0]
    if (!id) {
      io.stderr.write('Name the recording to show: voces show RECORDING_ID\n')
      return 2
    }
    const result = await dispatch(
      'library.get',
      { id },
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )
    if (!result.ok) {
      io.stderr.write(`${result.error.message}\n`)
      return 1
    }
    const recording = result.value as Recording
    if (json) printJson(io, recording)
    else {
      const rows: Array<[string, string]> = [
        ['Title', recording.title],
        ['Id', recording.id],
        ['File', recording.path],
        ['Duration', formatDuration(recording.duration)],
        [
          'Format',
          `${recording.format}${recording.hasVideo ? ` video ${recording.width}x${recording.height}` : ''}`,
        ],
        ['Interviewees', recording.interviewees.join(', ')],
        ['Interviewer', recording.interviewer],
        ['Date', recording.interviewDate ?? ''],
        ['Place', recording.place],
        ['Languages', recording.languages],
        [
          'Consent',
          recording.consentStatus + (recording.consentNote ? ` (${recording.consentNote})` : ''),
        ],
        ['Tags', recording.tags.join(', ')],
      ]
      for (const [name, value] of rows) io.stdout.write(`${name.padEnd(13)}${value}\n`)
    }
    return 0
  },
}

export const libraryCommands: Command[] = [ingest, list, show]

import { promises as fs } from 'node:fs'
import path from 'node:path'
import { VocesError, type Job } from '../../shared/contract/index.ts'
import type { JobContext } from '../jobs/runner.ts'
import { tempPathFor } from '../util/atomic-file.ts'
import type { CoreContext } from '../context.ts'
import { checkConsent, exportedRecordings } from './consent.ts'
import { CancelledError } from '../errors.ts'

/*
 * Exports on a shared archive (decision 0192). The person asks on their machine and a worker
 * does the work on another: the worker cannot write where the person asked, so it writes into a
 * folder of its own and puts every file it made (the export and what it writes beside it) into
 * the media store under `exports/JOB_ID/`; the command that waits, or `voces export fetch
 * JOB_ID` later, downloads them to the folder asked for and deletes them from the store.
 */

/** Where an export writes and what its log says it wrote, when those differ (a worker's). */
export interface ExportTarget {
  /** The file the person asked for, as the export log records it. */
  loggedOutput?: string | undefined
}

/** One file a worker's export left in the media store. */
export interface StoredExportFile {
  key: string
  /** Its name in the folder it goes to. */
  name: string
}

interface ExportLike {
  output: string
  sidecars?: string[] | undefined
}

/**
 * Runs an export job: as before when this process queued it or the library is a folder; else
 * into a folder here, then into the media store. Its result names the files where the person
 * asked for them, with `stored` listing the objects to download.
 */
export async function exportThroughStore<I extends { output: string }, R extends ExportLike>(
  voces: CoreContext,
  ctx: JobContext<I>,
  run: (ctx: JobContext<I> & ExportTarget) => Promise<R>,
): Promise<R | (R & { stored: StoredExportFile[] })> {
  if (!voces.shared || ctx.queuedHere) return run(ctx)
  // What the export was made under, checked again when it is fetched (decision 0205).
  const made = await madeUnder(voces, ctx.input)
  // The command resolved it on the person's machine before queuing it.
  const requested = ctx.input.output
  const staging = path.join(voces.layout.temp, `export-${ctx.id}`)
  // Removed by the runner when the run ends, whichever way, and by a later start after a kill.
  await ctx.recordPartials([staging])
  await fs.rm(staging, { recursive: true, force: true })
  await fs.mkdir(staging, { recursive: true })
  const result = await run({
    ...ctx,
    input: { ...ctx.input, output: path.join(staging, path.basename(requested)) },
    loggedOutput: requested,
  })
  const stored: StoredExportFile[] = []
  // What the export left there: its file and what it wrote beside it (its temp names are gone).
  try {
    for (const name of (await fs.readdir(staging)).sort()) {
      if (ctx.signal.aborted) throw ctx.signal.reason
      const key = path.posix.join('exports', ctx.id, name)
      stored.push({ key, name })
      await voces.storage.media.putFile(key, path.join(staging, name))
    }
  } catch (error) {
    // A failed or cancelled export leaves no part of itself for anyone to fetch (decision 0205);
    // a stop or a take-over leaves its keys, which the run that goes on writes over.
    const reason: unknown = ctx.signal.reason
    if (!ctx.signal.aborted || reason instanceof CancelledError)
      for (const file of stored) await voces.storage.media.delete(file.key).catch(() => false)
    throw error
  }
  const beside = (file: string) => path.join(path.dirname(requested), path.basename(file))
  return {
    ...result,
    output: requested,
    ...(result.sidecars ? { sidecars: result.sidecars.map(beside) } : {}),
    stored,
    made,
  }
}

/** How many days a worker's export waits in the store for `voces export fetch` (decision 0205). */
export const keepExportsDays = 7

/**
 * Removes from the store the exports nobody will fetch (decision 0205): those of failed or
 * cancelled jobs, of jobs no longer in the queue, and those done more than `keepExportsDays`
 * ago. Queued and running jobs' files are left for the run that goes on. How many files went.
 */
export async function removeStaleExports(voces: CoreContext, now = new Date()): Promise<number> {
  const before = now.getTime() - keepExportsDays * 86_400_000
  const byJob = new Map<string, string[]>()
  for (const key of await voces.storage.media.list('exports')) {
    const id = key.split('/')[1] ?? ''
    byJob.set(id, [...(byJob.get(id) ?? []), key])
  }
  let removed = 0
  for (const [id, keys] of byJob) {
    const job = await voces.storage.jobQueue.get(id)
    const stale =
      !job ||
      job.state === 'failed' ||
      job.state === 'cancelled' ||
      (job.state === 'succeeded' && Date.parse(job.finishedAt ?? job.updatedAt) < before)
    if (!stale) continue
    for (const key of keys) if (await voces.storage.media.delete(key)) removed++
  }
  return removed
}

/** The recordings an export is made of and how many redacted stretches each had then. */
interface MadeUnder {
  recordingIds: string[]
  /** The reason given for the export, which a restricted recording needs. */
  reason: string
  redactions: Record<string, number>
}

async function madeUnder(voces: CoreContext, input: unknown): Promise<MadeUnder> {
  const { source, recordingId, reason } = input as {
    source?: unknown
    recordingId?: unknown
    reason?: unknown
  }
  const recordingIds =
    typeof recordingId === 'string'
      ? [recordingId]
      : typeof source === 'string'
        ? await exportedRecordings(voces, source)
        : []
  const redactions: Record<string, number> = {}
  for (const id of recordingIds) redactions[id] = (await voces.storage.redactions.list(id)).length
  return { recordingIds, reason: typeof reason === 'string' ? reason : '', redactions }
}

/**
 * A stored export is handed out only as it would be made now: consent withdrawn since, or a
 * stretch redacted since (redactions are only added to), and its files are deleted, not given.
 */
async function checkStillExportable(voces: CoreContext, job: Job, stored: StoredExportFile[]) {
  const made = (job.result as { made?: MadeUnder } | null)?.made
  if (!made) return
  const forget = async () => {
    for (const file of stored) await voces.storage.media.delete(file.key)
  }
  try {
    await checkConsent(voces, made.recordingIds, made.reason)
  } catch (error) {
    await forget()
    throw error
  }
  for (const id of made.recordingIds) {
    if ((await voces.storage.redactions.list(id)).length === (made.redactions[id] ?? 0)) continue
    await forget()
    const title = (await voces.storage.recordings.get(id))?.title ?? id
    throw new VocesError(
      'EXPORT_REDACTED_SINCE',
      `Part of "${title}" was redacted after export ${job.id} was made, so its files were deleted instead of fetched. Run the export again.`,
      { id: job.id, title },
    )
  }
}

/** The files a finished export job left in the store, or null when it wrote them itself. */
export function storedFilesOf(job: Job): StoredExportFile[] | null {
  const stored = (job.result as { stored?: unknown } | null)?.stored
  return Array.isArray(stored) ? (stored as StoredExportFile[]) : null
}

/**
 * Downloads a worker's export into `dir` (the folder the person asked for when none is given),
 * each file whole or absent, then deletes it from the store. The paths written.
 */
export async function fetchStoredExport(
  voces: CoreContext,
  job: Job,
  dir?: string | undefined,
): Promise<string[]> {
  if (!job.kind.startsWith('export.'))
    throw new VocesError('JOB_NOT_AN_EXPORT', `Job ${job.id} is not an export.`, { id: job.id })
  if (job.state === 'failed' || job.state === 'cancelled')
    throw new VocesError(
      'EXPORT_NOT_DONE',
      `Export ${job.id} ${job.state === 'failed' ? 'failed' : 'was cancelled'}: ${job.error?.message ?? ''} Run the export again.`,
      { id: job.id, state: job.state },
    )
  if (job.state !== 'succeeded')
    throw new VocesError(
      'EXPORT_NOT_READY',
      `Export ${job.id} is still ${job.state}: fetch it once a worker has done it.`,
      { id: job.id, state: job.state },
    )
  const output = (job.result as { output?: unknown } | null)?.output
  const stored = storedFilesOf(job)
  if (!stored || typeof output !== 'string') return []
  await checkStillExportable(voces, job, stored)
  const folder = path.resolve(dir ?? path.dirname(output))
  const written: string[] = []
  for (const file of stored) {
    if ((await voces.storage.media.size(file.key)) === null)
      throw new VocesError(
        'EXPORT_FETCHED',
        `The files of export ${job.id} are no longer in the archive: they were fetched already, or removed ${keepExportsDays} days after the export was done.`,
        { id: job.id },
      )
  }
  for (const file of stored) {
    const target = path.join(folder, file.name)
    const local = await voces.storage.media.localPath(file.key)
    const temp = tempPathFor(target)
    try {
      await fs.copyFile(local.path, temp)
      await fs.rename(temp, target)
    } finally {
      await fs.rm(temp, { force: true })
      await local.release()
    }
    written.push(target)
  }
  // The person has them now: the archive keeps no second copy of every export.
  for (const file of stored) await voces.storage.media.delete(file.key)
  return written
}

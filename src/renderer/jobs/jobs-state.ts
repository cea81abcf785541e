import type { ApiError, Job } from '../../shared/contract/index.ts'

/** One file a person added in this window, from upload to a finished ingest job. */
export type ImportEntry =
  | { key: string; file: string; status: 'uploading' }
  | { key: string; file: string; status: 'started'; jobId: string }
  | { key: string; file: string; status: 'refused'; error: ApiError }

export interface JobsState {
  jobs: Readonly<Record<string, Job>>
  imports: readonly ImportEntry[]
  /** Jobs that ended while this window watched, newest first: the tray's "Finished" list. */
  finishedHere: readonly string[]
}

export type JobsAction =
  | { type: 'jobsLoaded'; jobs: readonly Job[] }
  | { type: 'job'; job: Job }
  | { type: 'importsAdded'; entries: readonly { key: string; file: string }[] }
  /** What the core made of one added file or folder: a job per recording found, or refusals. */
  | {
      type: 'importResolved'
      key: string
      jobs: readonly { file: string; jobId: string }[]
      refused: readonly { file: string; error: ApiError }[]
    }
  | { type: 'importRefused'; key: string; error: ApiError }
  | { type: 'importDismissed'; key: string }
  | { type: 'finishedCleared' }

export const initialJobsState: JobsState = { jobs: {}, imports: [], finishedHere: [] }

const finishedRemembered = 20

export function isActive(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running'
}

/**
 * The newer of two reports on one job. The list fetched at start can cross a live event on the
 * way, so an older report never replaces a newer one, and nothing reopens a finished job.
 */
function newer(existing: Job | undefined, incoming: Job): Job {
  if (!existing) return incoming
  if (!isActive(existing) && isActive(incoming)) return existing
  return incoming.updatedAt < existing.updatedAt ? existing : incoming
}

export function jobsReducer(state: JobsState, action: JobsAction): JobsState {
  switch (action.type) {
    case 'jobsLoaded': {
      const jobs: Record<string, Job> = { ...state.jobs }
      for (const job of action.jobs) jobs[job.id] = newer(jobs[job.id], job)
      return { ...state, jobs }
    }
    case 'job': {
      const before = state.jobs[action.job.id]
      const job = newer(before, action.job)
      const endedNow = (!before || isActive(before)) && !isActive(job)
      const finishedHere = endedNow
        ? [job.id, ...state.finishedHere.filter((id) => id !== job.id)].slice(0, finishedRemembered)
        : state.finishedHere
      return { ...state, jobs: { ...state.jobs, [job.id]: job }, finishedHere }
    }
    case 'importsAdded':
      return {
        ...state,
        imports: [
          ...action.entries.map((entry) => ({ ...entry, status: 'uploading' as const })),
          ...state.imports,
        ],
      }
    case 'importResolved':
      return {
        ...state,
        imports: state.imports.flatMap((entry): ImportEntry[] =>
          entry.key === action.key
            ? [
                ...action.jobs.map((job, i) => ({
                  key: i === 0 ? entry.key : `${entry.key}/${job.jobId}`,
                  file: job.file,
                  status: 'started' as const,
                  jobId: job.jobId,
                })),
                ...action.refused.map((refusal, i) => ({
                  key: `${entry.key}/refused/${i}`,
                  file: refusal.file,
                  status: 'refused' as const,
                  error: refusal.error,
                })),
              ]
            : [entry],
        ),
      }
    case 'importRefused':
      return {
        ...state,
        imports: state.imports.map((entry) =>
          entry.key === action.key
            ? { key: entry.key, file: entry.file, status: 'refused', error: action.error }
            : entry,
        ),
      }
    case 'importDismissed':
      return { ...state, imports: state.imports.filter((entry) => entry.key !== action.key) }
    case 'finishedCleared':
      return {
        ...state,
        finishedHere: [],
        imports: state.imports.filter((entry) => !importFinished(entry, state.jobs)),
      }
  }
}

/** An import is finished once it was refused or its job ended, whichever way. */
export function importFinished(entry: ImportEntry, jobs: JobsState['jobs']): boolean {
  if (entry.status === 'refused') return true
  if (entry.status === 'uploading') return false
  const job = jobs[entry.jobId]
  return job !== undefined && !isActive(job)
}

export function activeJobs(state: JobsState): Job[] {
  return Object.values(state.jobs)
    .filter(isActive)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

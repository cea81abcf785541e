import { createContext, useContext } from 'react'
import type { JobsAction, JobsState } from './jobs-state.ts'

export interface JobsApi {
  state: JobsState
  dispatch: (action: JobsAction) => void
  /** Files or folders the person dropped or picked; each goes on alone, whatever the others do. */
  addFiles: (files: readonly File[]) => Promise<void>
  /** Paths on the computer running Voces (the browser build's path field). */
  addPaths: (paths: readonly string[]) => Promise<void>
  cancel: (jobId: string) => Promise<void>
}

export const JobsContext = createContext<JobsApi | null>(null)

export function useJobs(): JobsApi {
  const jobs = useContext(JobsContext)
  if (!jobs) throw new Error('useJobs outside <JobsProvider>')
  return jobs
}

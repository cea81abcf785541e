import { useState } from 'react'
import type { ApiError, Job, Result } from '../../shared/contract/index.ts'
import { useJobs } from './context.ts'
import { isActive } from './jobs-state.ts'
import { JobRow } from './JobRow.tsx'

export interface FollowedJob {
  /** The job this button started, or one like it already under way (another page, a reload). */
  job: Job | undefined
  /** Started and not finished: also while the job's first event has not come yet. */
  running: boolean
  /** The core refused to start it. */
  refused: ApiError | null
  /** The start call is on its way. */
  busy: boolean
  start: () => Promise<void>
}

/**
 * A button that starts one background job and then follows it through the jobs tray's own
 * subscription: the engine build and a model's download. `alike` picks up a job of the same kind
 * started elsewhere, so the page shows its progress instead of a second button.
 */
export function useFollowedJob(
  alike: (job: Job) => boolean,
  call: () => Promise<Result<{ jobId: string }>>,
): FollowedJob {
  const jobs = useJobs()
  const [jobId, setJobId] = useState<string | null>(null)
  const [refused, setRefused] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const job: Job | undefined = jobId
    ? jobs.state.jobs[jobId]
    : Object.values(jobs.state.jobs).find((each) => alike(each) && isActive(each))
  const running = (jobId !== null && job === undefined) || (job !== undefined && isActive(job))

  const start = async () => {
    setBusy(true)
    setRefused(null)
    const result = await call()
    setBusy(false)
    if (result.ok) setJobId(result.value.jobId)
    else setRefused(result.error)
  }
  return { job, running, refused, busy, start }
}

/** A followed job's progress, time left and Cancel: the jobs tray's row, in a list of one. */
export function FollowedJobRow({
  name,
  job,
  className,
}: {
  name: string
  job: Job | undefined
  className: string
}) {
  const jobs = useJobs()
  return (
    <ul className={`job-list ${className}`}>
      <JobRow
        name={name}
        subject={{ kind: 'job', job }}
        {...(job ? { onCancel: () => void jobs.cancel(job.id) } : {})}
      />
    </ul>
  )
}

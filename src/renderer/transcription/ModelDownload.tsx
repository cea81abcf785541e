import { useState } from 'react'
import type { ApiError, Job } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useJobs } from '../jobs/context.ts'
import { isActive } from '../jobs/jobs-state.ts'
import { JobRow } from '../jobs/JobRow.tsx'
import { transcriptionErrorLine } from './errors.ts'
import { isDownloadOf } from './recommended.ts'
import { useSection } from '../i18n/useSection.ts'

/**
 * A model's Download button, and once pressed the download job's progress, time left and
 * Cancel (the jobs tray's own row, fed by the same job subscription). A download already under way
 * (started on another page, or before a reload) is picked up by its label.
 */
export function ModelDownload({
  name,
  primary = false,
  labelled = false,
}: {
  name: string
  primary?: boolean
  /** Says the model's name on the button ("Download small-q5_1") where nothing else does. */
  labelled?: boolean
}) {
  const client = useClient()
  const { s, errorText } = useSection('transcription')
  const jobs = useJobs()
  const [jobId, setJobId] = useState<string | null>(null)
  const [refused, setRefused] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const job: Job | undefined = jobId
    ? jobs.state.jobs[jobId]
    : Object.values(jobs.state.jobs).find((each) => isDownloadOf(each, name) && isActive(each))
  const running = (jobId !== null && job === undefined) || (job !== undefined && isActive(job))
  const error = refused ?? (job?.state === 'failed' ? job.error : null)

  const start = async () => {
    setBusy(true)
    setRefused(null)
    const result = await client.call('models.download', { name })
    setBusy(false)
    if (result.ok) setJobId(result.value.jobId)
    else setRefused(result.error)
  }

  if (running) {
    return (
      <ul className="job-list model-download">
        <JobRow
          name={name}
          subject={{ kind: 'job', job }}
          {...(job ? { onCancel: () => void jobs.cancel(job.id) } : {})}
        />
      </ul>
    )
  }
  return (
    <div className="model-download">
      <button
        type="button"
        className={`button button--small${primary ? ' button--primary' : ''}`}
        disabled={busy}
        onClick={() => void start()}
        aria-label={s('downloadNamed', { name })}
      >
        {labelled ? s('downloadNamed', { name }) : s('download')}
      </button>
      {error && (
        <p className="model-download__error" role="alert">
          {transcriptionErrorLine(s, errorText, error)}
        </p>
      )}
    </div>
  )
}

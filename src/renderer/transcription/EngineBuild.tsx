import { useEffect, useState } from 'react'
import type { ApiError, Job } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useJobs } from '../jobs/context.ts'
import { isActive } from '../jobs/jobs-state.ts'
import { JobRow } from '../jobs/JobRow.tsx'
import { transcriptionErrorLine } from './errors.ts'
import { optionalMessage } from '../../shared/i18n/sections.ts'
import { useSection } from '../i18n/useSection.ts'

/**
 * In a source checkout with no engine (decision 0189): the tools the build lacks, each with how to
 * install it, or the Build button, then the build job's progress and Cancel, and its log on failure.
 */
export function EngineBuild({
  missingTools,
  onBuilt,
}: {
  missingTools: readonly string[]
  onBuilt: () => void
}) {
  const client = useClient()
  const { s, errorText } = useSection('transcription')
  const jobs = useJobs()
  const [jobId, setJobId] = useState<string | null>(null)
  const [refused, setRefused] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const job: Job | undefined = jobId
    ? jobs.state.jobs[jobId]
    : Object.values(jobs.state.jobs).find((each) => each.kind === 'engine-build' && isActive(each))
  const running = (jobId !== null && job === undefined) || (job !== undefined && isActive(job))
  const failed = job?.state === 'failed' ? job.error : null
  const succeeded = job?.state === 'succeeded'
  useEffect(() => {
    if (succeeded) onBuilt()
  }, [succeeded, onBuilt])

  if (missingTools.length > 0) {
    return (
      <div className="engine-build" role="alert">
        <p>{s('buildMissing')}</p>
        <ul className="engine-build__tools">
          {missingTools.map((tool) => (
            <li key={tool}>{optionalMessage(s, 'transcription', `buildTools.${tool}`) ?? tool}</li>
          ))}
        </ul>
        <p className="hint">{s('buildInstall')}</p>
        <p className="hint">{s('buildAgain')}</p>
      </div>
    )
  }

  const start = async () => {
    setBusy(true)
    setRefused(null)
    const result = await client.call('engine.build', {})
    setBusy(false)
    if (result.ok) setJobId(result.value.jobId)
    else setRefused(result.error)
  }

  if (running) {
    return (
      <ul className="job-list engine-build">
        <JobRow
          name="whisper.cpp"
          subject={{ kind: 'job', job }}
          {...(job ? { onCancel: () => void jobs.cancel(job.id) } : {})}
        />
      </ul>
    )
  }
  const log = failed?.params?.log
  return (
    <div className="engine-build">
      <p className="hint">{s('buildIntro')}</p>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={() => void start()}
      >
        {s('buildEngine')}
      </button>
      {refused && (
        <p className="notice notice--error" role="alert">
          {transcriptionErrorLine(s, errorText, refused)}
        </p>
      )}
      {failed && (
        <div className="notice notice--error" role="alert">
          <p>{s('buildFailed')}</p>
          {typeof log === 'string' && <pre className="models-engine__hint">{log}</pre>}
        </div>
      )}
    </div>
  )
}

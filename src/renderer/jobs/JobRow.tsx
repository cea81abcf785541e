import type { ApiError, Job } from '../../shared/contract/index.ts'
import { routeHref } from '../app/route.ts'
import { useT } from '../i18n/useT.ts'
import { timeLeft } from '../ui/format.ts'

/** What one row shows: a file still being sent, a job the core runs, or a refusal. */
export type RowSubject =
  | { kind: 'uploading' }
  | { kind: 'job'; job: Job | undefined }
  | { kind: 'refused'; error: ApiError }

interface Props {
  name: string
  subject: RowSubject
  /** Shown before the name, e.g. "Adding" in the tasks tray. */
  prefix?: string
  onCancel?: () => void
  onDismiss?: () => void
}

function resultRecordingId(job: Job): string | null {
  const result = job.result as { recordingId?: unknown } | null
  return typeof result?.recordingId === 'string' ? result.recordingId : job.recordingId
}

/** One file or task: its name, a progress bar, time left, and Cancel while it runs. */
export function JobRow({ name, subject, prefix, onCancel, onDismiss }: Props) {
  const { t, errorText } = useT()
  const job = subject.kind === 'job' ? subject.job : undefined
  const active =
    subject.kind === 'uploading' || !job || job.state === 'queued' || job.state === 'running'
  const error =
    subject.kind === 'refused' ? subject.error : job?.state === 'failed' ? job.error : null

  let status: string
  if (subject.kind === 'uploading') status = t('jobs.uploading')
  else if (error) status = errorText(error).text
  else if (!job || job.state === 'queued') status = t('jobs.queued')
  else if (job.state === 'running') {
    const percent = Math.floor(job.progress * 100)
    const left = job.eta === null ? t('jobs.estimating') : timeLeft(job.eta)
    const leftText =
      typeof left === 'string' ? left : t('jobs.timeLeft', { time: t(left.key, left.params) })
    status = `${t('jobs.running', { percent })} · ${leftText}`
  } else if (job.state === 'succeeded') status = t('jobs.succeeded')
  else status = t('jobs.cancelled')

  const state = error ? 'failed' : active ? 'active' : (job?.state ?? 'active')
  const recordingId = job?.state === 'succeeded' ? resultRecordingId(job) : null
  // An indeterminate bar (no value) while the length of the wait is unknown.
  const progress = job?.state === 'running' ? job.progress : undefined

  return (
    <li className={`job-row job-row--${state}`}>
      <div className="job-row__text">
        <span className="job-row__name">
          {prefix && <span className="job-row__prefix">{prefix} </span>}
          {name}
        </span>
        <span className="job-row__status">{status}</span>
      </div>
      {active && (
        <progress
          className="job-row__bar"
          max={1}
          value={progress}
          aria-label={t('jobs.progressLabel', { name })}
        />
      )}
      <div className="job-row__actions">
        {recordingId && (
          <a
            className="button button--small"
            href={routeHref({ page: 'recording', id: recordingId })}
          >
            {t('jobs.open')}
          </a>
        )}
        {active && onCancel && job && (
          <button
            type="button"
            className="button button--small"
            onClick={onCancel}
            aria-label={t('jobs.cancelNamed', { name })}
          >
            {t('jobs.cancel')}
          </button>
        )}
        {!active && onDismiss && (
          <button type="button" className="button button--small button--quiet" onClick={onDismiss}>
            {t('jobs.dismiss')}
          </button>
        )}
      </div>
    </li>
  )
}

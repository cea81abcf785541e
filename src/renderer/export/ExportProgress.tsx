import type { ApiError, Job } from '../../shared/contract/index.ts'
import { baseName } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'
import { timeLeft } from '../ui/format.ts'
import { ExportFigures } from './ExportFigures.tsx'
import { figuresOf } from './results.ts'

/** A running export (progress, time left), or how it ended: its figures, or why it failed. */
export function ExportProgress({
  job,
  name = '',
  refused,
}: {
  job?: Job | undefined
  name?: string
  refused?: ApiError
}) {
  const { t, errorText } = useT()
  const error = refused ?? (job?.state === 'failed' ? job.error : null)
  if (error)
    return (
      <div className="notice notice--error export-progress" role="alert">
        <p>
          <strong>{t('export.failed')}</strong>
        </p>
        <p>{errorText(error).text}</p>
      </div>
    )
  if (job?.state === 'succeeded')
    return (
      <div className="export-progress export-progress--done">
        <p className="notice export-progress__done" role="status">
          {t('export.done', { file: baseName(name) })}
        </p>
        <ExportFigures figures={figuresOf(job.kind, job.result)} />
      </div>
    )
  if (job?.state === 'cancelled')
    return (
      <p className="notice export-progress" role="status">
        {t('export.cancelled')}
      </p>
    )

  let status = t('jobs.queued')
  if (job?.state === 'running') {
    const left = job.eta === null ? t('jobs.estimating') : timeLeft(job.eta)
    const leftText =
      typeof left === 'string' ? left : t('jobs.timeLeft', { time: t(left.key, left.params) })
    status = `${t('jobs.running', { percent: Math.floor(job.progress * 100) })} · ${leftText}`
  }
  return (
    <div className="export-progress">
      <p className="export-progress__name">{t('export.exporting', { file: baseName(name) })}</p>
      <progress
        max={1}
        value={job?.state === 'running' ? job.progress : undefined}
        aria-label={t('jobs.progressLabel', { name: baseName(name) })}
      />
      <p className="hint" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  )
}

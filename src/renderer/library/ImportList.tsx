import { useJobs } from '../jobs/context.ts'
import { importFinished, isActive } from '../jobs/jobs-state.ts'
import { JobRow } from '../jobs/JobRow.tsx'
import { useT } from '../i18n/useT.ts'

/** The files added in this window: sending, preparing, ready, or why not. */
export function ImportList() {
  const { t } = useT()
  const { state, dispatch, cancel } = useJobs()
  if (state.imports.length === 0) return null
  const active = state.imports.filter((entry) => !importFinished(entry, state.jobs)).length
  const failed = state.imports.filter(
    (entry) =>
      entry.status === 'refused' ||
      (entry.status === 'started' && state.jobs[entry.jobId]?.state === 'failed'),
  ).length
  const anyFinished = state.imports.some((entry) => importFinished(entry, state.jobs))

  return (
    <section className="imports" aria-labelledby="imports-heading">
      <div className="section-header">
        <h2 id="imports-heading">{t('jobs.heading')}</h2>
        {anyFinished && (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => dispatch({ type: 'finishedCleared' })}
          >
            {t('jobs.clear')}
          </button>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {active > 0 ? t('jobs.active', { count: active }) : ''}
      </p>
      <ul className="job-list" aria-label={t('jobs.heading')}>
        {state.imports.map((entry) => {
          const job = entry.status === 'started' ? state.jobs[entry.jobId] : undefined
          return (
            <JobRow
              key={entry.key}
              name={entry.file}
              subject={
                entry.status === 'uploading'
                  ? { kind: 'uploading' }
                  : entry.status === 'refused'
                    ? { kind: 'refused', error: entry.error }
                    : { kind: 'job', job }
              }
              {...(job && isActive(job) ? { onCancel: () => void cancel(job.id) } : {})}
              onDismiss={() => dispatch({ type: 'importDismissed', key: entry.key })}
            />
          )
        })}
      </ul>
      {/* Failures are announced once, politely, with the file they concern in the list above. */}
      <p className="visually-hidden" role="status">
        {failed > 0 ? `${t('jobs.failed')}: ${failed}` : ''}
      </p>
    </section>
  )
}

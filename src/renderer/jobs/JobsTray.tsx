import { useEffect, useId, useRef, useState } from 'react'
import type { Job } from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'
import { useJobs } from './context.ts'
import { jobKindKey, jobSubject } from './job-name.ts'
import { activeJobs } from './jobs-state.ts'
import { JobRow } from './JobRow.tsx'

/** The header's tasks button and the panel it opens: every queued and running job, any kind. */
export function JobsTray() {
  const { t } = useT()
  const { state, cancel, dispatch } = useJobs()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const buttonRef = useRef<HTMLButtonElement>(null)
  const active = activeJobs(state)
  const finished = state.finishedHere
    .map((id) => state.jobs[id])
    .filter((job): job is Job => job !== undefined)

  useEffect(() => {
    if (!open) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      setOpen(false)
      buttonRef.current?.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])

  const row = (job: Job) => {
    const key = jobKindKey(job)
    return (
      <JobRow
        key={job.id}
        name={jobSubject(job)}
        subject={{ kind: 'job', job }}
        {...(key ? { prefix: t(key) } : {})}
        onCancel={() => void cancel(job.id)}
      />
    )
  }

  return (
    <div className="tray">
      <button
        ref={buttonRef}
        type="button"
        className={`tray__button${active.length > 0 ? ' tray__button--busy' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        {active.length > 0 && <span className="tray__spinner" aria-hidden="true" />}
        {active.length > 0 ? t('tray.button', { count: active.length }) : t('tray.idle')}
      </button>
      {/* Announces how many tasks run, not every percent: progress bars speak for themselves. */}
      <p className="visually-hidden" aria-live="polite">
        {active.length > 0 ? t('tray.button', { count: active.length }) : ''}
      </p>
      <section id={panelId} className="tray__panel" hidden={!open} aria-label={t('tray.heading')}>
        <header className="tray__header">
          <h2>{t('tray.heading')}</h2>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => setOpen(false)}
          >
            {t('tray.close')}
          </button>
        </header>
        {active.length === 0 && <p className="muted">{t('tray.empty')}</p>}
        <ul className="job-list">{active.map(row)}</ul>
        {finished.length > 0 && (
          <>
            <div className="tray__header">
              <h3>{t('tray.recent')}</h3>
              <button
                type="button"
                className="button button--small button--quiet"
                onClick={() => dispatch({ type: 'finishedCleared' })}
              >
                {t('jobs.clear')}
              </button>
            </div>
            <ul className="job-list">{finished.map(row)}</ul>
          </>
        )}
      </section>
    </div>
  )
}

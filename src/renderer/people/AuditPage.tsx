import { useCallback, useId, useState } from 'react'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { useRecordings } from '../library/useRecordings.ts'
import { DateField } from '../ui/DateField.tsx'
import { ErrorNotice, PageHeader, useListed } from './parts.tsx'
import { localeOf } from '../../shared/i18n/index.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import './people.css'

/**
 * The archivists' page: the audit log, newest first, filtered by a day and a recording. The log
 * holds who, when, what and about whom; never transcript text (the core writes none into it).
 */
export function AuditPage() {
  const { language } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const id = useId()
  const { state: library } = useRecordings()
  const recordings = library.status === 'ready' ? library.recordings : []
  const titleOf = (rid: string) => recordings.find((r) => r.id === rid)?.title ?? rid
  const [since, setSince] = useState('')
  const [recordingId, setRecordingId] = useState('')
  const { state } = useListed(
    useCallback(async () => {
      const result = await client.call('audit.list', {
        ...(since ? { since } : {}),
        ...(recordingId ? { recordingId } : {}),
        limit: 500,
      })
      return result.ok
        ? { ...result, value: [...result.value].sort((a, b) => b.id - a.id) }
        : result
    }, [client, since, recordingId]),
  )

  const when = (at: string) =>
    new Date(at).toLocaleString(localeOf(language), {
      dateStyle: 'short',
      timeStyle: 'medium',
    })

  return (
    <div className="page page--audit">
      <PageHeader title={s('auditTitle')} lead={s('auditLead')} />
      <div className="people-form people-form__fields" role="search">
        <span className="people-form__field">
          <label htmlFor={`${id}-since`}>{s('since')}</label>
          <DateField id={`${id}-since`} value={since} language={language} onChange={setSince} />
        </span>
        <label>
          {s('recording')}
          <select value={recordingId} onChange={(event) => setRecordingId(event.target.value)}>
            <option value="">{s('anyRecording')}</option>
            {recordings.map((recording) => (
              <option key={recording.id} value={recording.id}>
                {recording.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.status === 'loading' && <p role="status">{s('loading')}</p>}
      <ErrorNotice error={state.status === 'failed' ? state.error : null} />
      {state.status === 'ready' && state.items.length === 0 && <p>{s('noEntries')}</p>}
      {state.status === 'ready' && state.items.length > 0 && (
        <>
          <p className="page__subtitle">{s('entries', { count: state.items.length })}</p>
          <table className="people-table audit-table">
            <thead>
              <tr>
                <th scope="col">{s('when')}</th>
                <th scope="col">{s('who')}</th>
                <th scope="col">{s('what')}</th>
                <th scope="col">{s('recording')}</th>
                <th scope="col">{s('about')}</th>
                <th scope="col">{s('details')}</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{when(entry.at)}</td>
                  <td>{entry.actor}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.recordingId === null ? '' : titleOf(entry.recordingId)}</td>
                  <td>{entry.subject ?? ''}</td>
                  <td>
                    {Object.entries(entry.details)
                      .map(([key, value]) => `${key}: ${value}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  )
}

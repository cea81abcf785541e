import type { Language } from '../../shared/language.ts'
import { useCallback, useEffect, useId, useState } from 'react'
import type { ApiError, Grant } from '../../shared/contract/index.ts'
import { formatDateNumeric } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { useRecordings } from '../library/useRecordings.ts'
import { DateField } from '../ui/DateField.tsx'
import { useMay } from './context.ts'
import { EmailInput, ErrorNotice, PageHeader, PeopleTable, useListed, useSubmit } from './parts.tsx'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import './people.css'

/** The archivists' page: who may see which restricted recording, until when; grant and revoke. */
export function AccessPage() {
  const { language } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const may = useMay()
  const { state: library } = useRecordings()
  const recordings = library.status === 'ready' ? library.recordings : []
  const titleOf = (id: string) => recordings.find((r) => r.id === id)?.title ?? id
  const [error, setError] = useState<ApiError | null>(null)
  const {
    state,
    reload: load,
    drop,
  } = useListed(useCallback(() => client.call('grants.list', {}), [client]))
  // A removed recording takes its grants with it (the database cascades): its rows go at once,
  // not at the next reload.
  useEffect(
    () =>
      client.on('library', (event) => {
        if (event.change === 'removed') drop((grant) => grant.recordingId === event.recordingId)
      }),
    [client, drop],
  )

  const revoke = async (grant: Grant) => {
    setError(null)
    const result = await client.call('grants.remove', {
      recordingId: grant.recordingId,
      email: grant.email,
    })
    if (!result.ok) setError(result.error)
    await load()
  }

  const shown = error ?? (state.status === 'failed' ? state.error : null)
  return (
    <div className="page page--access">
      <PageHeader title={s('accessTitle')} lead={s('accessLead')} />
      {may('grants.add') && (
        <GrantForm
          recordings={recordings.map((r) => ({
            id: r.id,
            title: r.title,
            restricted: r.consentStatus === 'restricted',
          }))}
          onGranted={() => void load()}
        />
      )}
      <ErrorNotice error={shown} />
      {state.status === 'loading' && <p role="status">{s('loading')}</p>}
      {state.status === 'ready' && state.items.length === 0 && <p>{s('noGrants')}</p>}
      {state.status === 'ready' && state.items.length > 0 && (
        <PeopleTable
          columns={[s('recording'), s('person'), s('ends'), s('grantedBy'), s('state')]}
          action={s('revoke')}
        >
          {state.items.map((grant) => (
            <tr key={`${grant.recordingId} ${grant.email}`}>
              <td>{titleOf(grant.recordingId)}</td>
              <td>{grant.email}</td>
              <td>{lastDay(language, grant.expiresAt)}</td>
              <td>{grant.grantedBy}</td>
              <td>{grant.active ? s('active') : s('ended')}</td>
              <td>
                {may('grants.remove') && (
                  <button
                    type="button"
                    className="button button--small button--danger-quiet"
                    aria-label={`${s('revoke')}: ${grant.email}, ${titleOf(grant.recordingId)}`}
                    onClick={() => void revoke(grant)}
                  >
                    {s('revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </PeopleTable>
      )}
    </div>
  )
}

/** A grant ends at the start of the day after its date (UTC): shown as the last day it works. */
function lastDay(language: Language, expiresAt: string): string {
  const last = new Date(new Date(expiresAt).getTime() - 1).toISOString().slice(0, 10)
  return formatDateNumeric(language, last)
}

function GrantForm({
  recordings,
  onGranted,
}: {
  recordings: { id: string; title: string; restricted: boolean }[]
  onGranted: () => void
}) {
  const { language } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const id = useId()
  const [recordingId, setRecordingId] = useState('')
  const [email, setEmail] = useState('')
  const [until, setUntil] = useState('')
  // Restricted recordings first: those are the ones a grant opens.
  const ordered = [...recordings].sort((a, b) => Number(b.restricted) - Number(a.restricted))

  const { busy, error, submit } = useSubmit(
    () => client.call('grants.add', { recordingId, email, until }),
    () => {
      setEmail('')
      onGranted()
    },
  )

  return (
    <form className="people-form" onSubmit={submit}>
      <div className="people-form__fields">
        <label>
          {s('recording')}
          <select
            required
            value={recordingId}
            onChange={(event) => setRecordingId(event.target.value)}
          >
            <option value="">{s('chooseRecording')}</option>
            {ordered.map((recording) => (
              <option key={recording.id} value={recording.id}>
                {recording.title}
              </option>
            ))}
          </select>
        </label>
        <EmailInput label={s('person')} value={email} onChange={setEmail} />
        <span className="people-form__field">
          <label htmlFor={`${id}-until`}>{s('until')}</label>
          <DateField id={`${id}-until`} value={until} language={language} onChange={setUntil} />
        </span>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || until === '' || recordingId === ''}
        >
          {busy ? s('granting') : s('grant')}
        </button>
      </div>
      <ErrorNotice error={error} />
    </form>
  )
}

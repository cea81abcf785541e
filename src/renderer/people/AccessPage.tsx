import type { Language } from '../../shared/language.ts'
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { ApiError, Grant } from '../../shared/contract/index.ts'
import { formatDateNumeric } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { useRecordings } from '../library/useRecordings.ts'
import { DateField } from '../ui/DateField.tsx'
import { useMay } from './context.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import './people.css'

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; grants: Grant[] }

/** The archivists' page: who may see which restricted recording, until when; grant and revoke. */
export function AccessPage() {
  const { language, errorText } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const may = useMay()
  const { state: library } = useRecordings()
  const recordings = library.status === 'ready' ? library.recordings : []
  const titleOf = (id: string) => recordings.find((r) => r.id === id)?.title ?? id
  const [state, setState] = useState<State>({ status: 'loading' })
  const [error, setError] = useState<ApiError | null>(null)

  const load = useCallback(async () => {
    const result = await client.call('grants.list', {})
    setState(
      result.ok
        ? { status: 'ready', grants: result.value }
        : { status: 'failed', error: result.error },
    )
  }, [client])
  useEffect(() => void load(), [load])

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
      <div className="page__header">
        <h1>{s('accessTitle')}</h1>
        <p className="page__subtitle">{s('accessLead')}</p>
      </div>
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
      {shown && (
        <p className="notice notice--error" role="alert">
          {errorText(shown).text}
        </p>
      )}
      {state.status === 'loading' && <p role="status">{s('loading')}</p>}
      {state.status === 'ready' && state.grants.length === 0 && <p>{s('noGrants')}</p>}
      {state.status === 'ready' && state.grants.length > 0 && (
        <table className="people-table">
          <thead>
            <tr>
              <th scope="col">{s('recording')}</th>
              <th scope="col">{s('person')}</th>
              <th scope="col">{s('ends')}</th>
              <th scope="col">{s('grantedBy')}</th>
              <th scope="col">{s('state')}</th>
              <th scope="col">
                <span className="visually-hidden">{s('revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.grants.map((grant) => (
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
          </tbody>
        </table>
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
  const { language, errorText } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const id = useId()
  const [recordingId, setRecordingId] = useState('')
  const [email, setEmail] = useState('')
  const [until, setUntil] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  // Restricted recordings first: those are the ones a grant opens.
  const ordered = [...recordings].sort((a, b) => Number(b.restricted) - Number(a.restricted))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const result = await client.call('grants.add', { recordingId, email, until })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setEmail('')
    onGranted()
  }

  return (
    <form className="people-form" onSubmit={(event) => void submit(event)}>
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
        <label>
          {s('person')}
          <input
            type="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
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
      {error && (
        <p className="notice notice--error" role="alert">
          {errorText(error).text}
        </p>
      )}
    </form>
  )
}

import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { roles, type ApiError, type Person, type Role } from '../../shared/contract/index.ts'
import { formatDateNumeric } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { DangerDialog } from '../ui/DangerDialog.tsx'
import { useMay, useMe } from './context.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import './people.css'

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; people: Person[] }

/** The admins' page: everyone with an account, their role, and adding, changing and removing. */
export function PeoplePage() {
  const { language, errorText } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const may = useMay()
  const { whoami } = useMe()
  const [state, setState] = useState<State>({ status: 'loading' })
  const [rowError, setRowError] = useState<ApiError | null>(null)

  const load = useCallback(async () => {
    const result = await client.call('people.list', {})
    setState(
      result.ok
        ? { status: 'ready', people: result.value }
        : { status: 'failed', error: result.error },
    )
  }, [client])
  useEffect(() => void load(), [load])

  const setRole = async (email: string, role: Role) => {
    setRowError(null)
    const result = await client.call('people.setRole', { email, role })
    if (!result.ok) setRowError(result.error)
    await load()
  }

  return (
    <div className="page page--people">
      <div className="page__header">
        <h1>{s('peopleTitle')}</h1>
        <p className="page__subtitle">{s('peopleLead')}</p>
      </div>
      {may('people.add') && <AddPerson onAdded={() => void load()} />}
      {state.status === 'loading' && <p role="status">{s('loading')}</p>}
      {state.status === 'failed' && (
        <p className="notice notice--error" role="alert">
          {errorText(state.error).text}
        </p>
      )}
      {rowError && (
        <p className="notice notice--error" role="alert">
          {errorText(rowError).text}
        </p>
      )}
      {state.status === 'ready' && (
        <table className="people-table">
          <thead>
            <tr>
              <th scope="col">{s('email')}</th>
              <th scope="col">{s('name')}</th>
              <th scope="col">{s('role')}</th>
              <th scope="col">{s('added')}</th>
              <th scope="col">
                <span className="visually-hidden">{s('removeConfirm')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.people.map((person) => (
              <tr key={person.email}>
                <td>
                  {person.email}{' '}
                  {person.email === whoami?.email && <span className="people-you">{s('you')}</span>}
                </td>
                <td>{person.name}</td>
                <td>
                  {may('people.setRole') ? (
                    <select
                      aria-label={s('changeRole', { email: person.email })}
                      value={person.role}
                      onChange={(event) => void setRole(person.email, event.target.value as Role)}
                    >
                      {roles.map((role) => (
                        <option key={role} value={role}>
                          {s(`roles.${role}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    s(`roles.${person.role}`)
                  )}
                </td>
                <td>{formatDateNumeric(language, person.createdAt.slice(0, 10))}</td>
                <td>
                  {may('people.remove') && (
                    <DangerDialog
                      id={`remove-${person.email}`}
                      label={s('remove')}
                      title={s('removeTitle', { email: person.email })}
                      body={s('removeBody')}
                      confirm={s('removeConfirm')}
                      keep={s('removeKeep')}
                      working={s('removing')}
                      action={async () => {
                        const result = await client.call('people.remove', { email: person.email })
                        if (!result.ok) return result.error
                        await load()
                        return null
                      }}
                    />
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

function AddPerson({ onAdded }: { onAdded: () => void }) {
  const { language, errorText } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const id = useId()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const result = await client.call('people.add', {
      email,
      role,
      password,
      ...(name.trim() ? { name } : {}),
    })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setEmail('')
    setName('')
    setPassword('')
    onAdded()
  }

  return (
    <form className="people-form" onSubmit={(event) => void submit(event)}>
      <h2>{s('addPerson')}</h2>
      <div className="people-form__fields">
        <label>
          {s('email')}
          <input
            type="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label>
          {s('name')}
          <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          {s('role')}
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {roles.map((option) => (
              <option key={option} value={option}>
                {s(`roles.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s('password')}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            aria-describedby={`${id}-hint`}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? s('adding') : s('add')}
        </button>
      </div>
      <p className="people-form__hint" id={`${id}-hint`}>
        {s('passwordHint')}
      </p>
      {error && (
        <p className="notice notice--error" role="alert">
          {errorText(error).text}
        </p>
      )}
    </form>
  )
}

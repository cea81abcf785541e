import { useCallback, useId, useState } from 'react'
import { roles, type ApiError, type Role } from '../../shared/contract/index.ts'
import { formatDateNumeric } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { DangerDialog } from '../ui/DangerDialog.tsx'
import { useMay, useMe } from './context.ts'
import { EmailInput, ErrorNotice, PageHeader, PeopleTable, useListed, useSubmit } from './parts.tsx'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import './people.css'

/** The admins' page: everyone with an account, their role, and adding, changing and removing. */
export function PeoplePage() {
  const { language } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const may = useMay()
  const { whoami } = useMe()
  const [rowError, setRowError] = useState<ApiError | null>(null)
  const { state, reload: load } = useListed(
    useCallback(() => client.call('people.list', {}), [client]),
  )

  const setRole = async (email: string, role: Role) => {
    setRowError(null)
    const result = await client.call('people.setRole', { email, role })
    if (!result.ok) setRowError(result.error)
    await load()
  }

  return (
    <div className="page page--people">
      <PageHeader title={s('peopleTitle')} lead={s('peopleLead')} />
      {may('people.add') && <AddPerson onAdded={() => void load()} />}
      {state.status === 'loading' && <p role="status">{s('loading')}</p>}
      <ErrorNotice error={state.status === 'failed' ? state.error : null} />
      <ErrorNotice error={rowError} />
      {state.status === 'ready' && (
        <PeopleTable
          columns={[s('email'), s('name'), s('role'), s('added')]}
          action={s('removeConfirm')}
        >
          {state.items.map((person) => (
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
        </PeopleTable>
      )}
    </div>
  )
}

function AddPerson({ onAdded }: { onAdded: () => void }) {
  const { language } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const id = useId()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [password, setPassword] = useState('')
  const { busy, error, submit } = useSubmit(
    () => client.call('people.add', { email, role, password, ...(name.trim() ? { name } : {}) }),
    () => {
      setEmail('')
      setName('')
      setPassword('')
      onAdded()
    },
  )

  return (
    <form className="people-form" onSubmit={submit}>
      <h2>{s('addPerson')}</h2>
      <div className="people-form__fields">
        <EmailInput label={s('email')} value={email} onChange={setEmail} />
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
      <ErrorNotice error={error} />
    </form>
  )
}

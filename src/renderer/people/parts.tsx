import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react'
import type { ApiError, Result } from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'

export type Listed<T> =
  { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; items: T[] }

/**
 * A list the people pages show (people, grants, the audit log): loaded by `fetch` and again
 * whenever `fetch` changes; `drop` takes rows away at once, for an event that says they are gone.
 */
export function useListed<T>(fetch: () => Promise<Result<T[]>>): {
  state: Listed<T>
  reload: () => Promise<void>
  drop: (gone: (item: T) => boolean) => void
} {
  const [state, setState] = useState<Listed<T>>({ status: 'loading' })
  const reload = useCallback(async () => {
    const result = await fetch()
    setState(
      result.ok
        ? { status: 'ready', items: result.value }
        : { status: 'failed', error: result.error },
    )
  }, [fetch])
  useEffect(() => void reload(), [reload])
  const drop = useCallback(
    (gone: (item: T) => boolean) =>
      setState((now) =>
        now.status === 'ready' ? { ...now, items: now.items.filter((item) => !gone(item)) } : now,
      ),
    [],
  )
  return { state, reload, drop }
}

/** A form's submit: busy while the call is out, its refusal kept to show, `done` on success. */
export function useSubmit(
  call: () => Promise<Result<unknown>>,
  done: () => void,
): { busy: boolean; error: ApiError | null; submit: (event: FormEvent) => void } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    void call().then((result) => {
      setBusy(false)
      if (result.ok) done()
      else setError(result.error)
    })
  }
  return { busy, error, submit }
}

/** A refusal from the core, said in the person's language. */
export function ErrorNotice({ error }: { error: ApiError | null }) {
  const { errorText } = useT()
  if (!error) return null
  return (
    <p className="notice notice--error" role="alert">
      {errorText(error).text}
    </p>
  )
}

/** A people page's title and the line under it. */
export function PageHeader({ title, lead }: { title: string; lead: string }) {
  return (
    <div className="page__header">
      <h1>{title}</h1>
      <p className="page__subtitle">{lead}</p>
    </div>
  )
}

/** The table of the people and access pages: named columns, then one for each row's action. */
export function PeopleTable({
  columns,
  action,
  children,
}: {
  columns: readonly string[]
  action: string
  children: ReactNode
}) {
  return (
    <table className="people-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">{action}</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}

/** A person's email in a people form, the label around it. */
export function EmailInput({
  label,
  value,
  onChange,
}: {
  label: string
  value: string
  onChange: (value: string) => void
}) {
  return (
    <label>
      {label}
      <input
        type="email"
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  )
}

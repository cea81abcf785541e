import { useRef, useState } from 'react'
import type { ApiError } from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'

/**
 * A quiet red button that opens a modal asking before something final: the title, what happens
 * and what stays, a red confirm button, and the error in the person's language if it fails.
 * Focus starts on the safe choice.
 */
export function DangerDialog({
  id,
  label,
  title,
  body,
  confirm,
  keep,
  working,
  action,
}: {
  id: string
  label: string
  title: string
  body: string
  confirm: string
  keep: string
  working: string
  /** Does the thing; an error keeps the dialog open and shows it. */
  action: () => Promise<ApiError | null>
}) {
  const { errorText } = useT()
  const dialog = useRef<HTMLDialogElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const run = async () => {
    setBusy(true)
    const failed = await action()
    setBusy(false)
    if (failed) setError(failed)
    else dialog.current?.close()
  }

  return (
    <>
      <button
        type="button"
        className="button button--danger-quiet"
        onClick={() => {
          setError(null)
          dialog.current?.showModal()
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p>{body}</p>
        {error && (
          <p className="notice notice--error" role="alert">
            {errorText(error).text}
          </p>
        )}
        <div className="dialog__buttons">
          <button
            type="button"
            className="button"
            autoFocus
            onClick={() => dialog.current?.close()}
          >
            {keep}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void run()}
          >
            {busy ? working : confirm}
          </button>
        </div>
      </dialog>
    </>
  )
}

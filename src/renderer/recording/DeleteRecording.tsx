import { useRef, useState } from 'react'
import type { ApiError, Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'

/** Delete, behind a modal dialog that says the original file stays. Focus starts on "Keep it". */
export function DeleteRecording({ recording }: { recording: Recording }) {
  const { t, errorText } = useT()
  const client = useClient()
  const dialog = useRef<HTMLDialogElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const remove = async () => {
    setBusy(true)
    const result = await client.call('library.remove', { id: recording.id })
    setBusy(false)
    if (result.ok) {
      dialog.current?.close()
      window.location.hash = '#/'
    } else setError(result.error)
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
        {t('recording.delete')}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('recording.deleteTitle', { title: recording.title })}</h2>
        <p>{t('recording.deleteBody')}</p>
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
            {t('recording.deleteCancel')}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void remove()}
          >
            {busy ? t('recording.deleting') : t('recording.deleteConfirm')}
          </button>
        </div>
      </dialog>
    </>
  )
}

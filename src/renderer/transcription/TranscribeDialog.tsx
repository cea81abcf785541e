import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { ApiError, SpokenLanguage } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { routeHref } from '../app/route.ts'
import { formatBytes } from '../ui/format.ts'
import { transcriptionErrorLine } from './errors.ts'
import { useSection } from '../i18n/useSection.ts'
import { useModels } from './useModels.ts'
import './transcription.css'

interface Props {
  recordingIds: readonly string[]
  open: boolean
  onClose: () => void
  /** After `transcription.start` accepted, its jobs: they are in the tray from here on. */
  onStarted: (jobIds: readonly string[]) => void
}

/** Language, model and translation for a batch of recordings, then `transcription.start`. */
export function TranscribeDialog({ recordingIds, open, onClose, onStarted }: Props) {
  const client = useClient()
  const { s, language: ui, errorText } = useSection('transcription')
  const { state: models, reload } = useModels()
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [language, setLanguage] = useState<SpokenLanguage>('auto')
  const [model, setModel] = useState<string>('')
  const [translate, setTranslate] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) {
      setError(null)
      reload()
      element.showModal()
    } else if (!open && element.open) element.close()
  }, [open, reload])

  const list = models.status === 'ready' ? models.list : null
  const installed = list?.models.filter((each) => each.installed) ?? []
  const chosen = installed.some((each) => each.name === model) ? model : (list?.defaultModel ?? '')
  const canTranslate = language !== 'en'
  const ready = list !== null && installed.length > 0 && list.engine.found

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const result = await client.call('transcription.start', {
      recordingIds: [...recordingIds],
      language,
      ...(chosen ? { model: chosen } : {}),
      translate: canTranslate && translate,
    })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    onStarted(result.value.jobs.map((job) => job.jobId))
  }

  return (
    <dialog
      ref={dialog}
      className="dialog transcribe-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id={titleId}>{s('dialogTitle', { count: recordingIds.length })}</h2>
        <fieldset className="transcribe-dialog__field">
          <legend>{s('spoken')}</legend>
          {(
            [
              ['auto', s('detect')],
              ['en', s('english')],
              ['es', s('spanish')],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="transcribe-dialog__choice">
              <input
                type="radio"
                name="spoken-language"
                value={value}
                checked={language === value}
                onChange={() => setLanguage(value)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <div className="transcribe-dialog__field">
          <label htmlFor={`${titleId}-model`}>{s('model')}</label>
          {models.status === 'loading' && <p className="muted">{s('loadingModels')}</p>}
          {models.status === 'failed' && (
            <p className="notice notice--error">
              {transcriptionErrorLine(s, errorText, models.error)}
            </p>
          )}
          {list && installed.length > 0 && (
            <select
              id={`${titleId}-model`}
              className="select"
              value={chosen}
              onChange={(event) => setModel(event.target.value)}
            >
              {installed.map((each) => (
                <option key={each.file} value={each.name}>
                  {s('modelOption', { name: each.name, size: formatBytes(each.sizeBytes, ui) })}
                  {each.name === list.defaultModel ? s('defaultSuffix') : ''}
                </option>
              ))}
            </select>
          )}
          {list && installed.length === 0 && (
            <p className="notice">
              {s('noModelYet')} <a href={routeHref({ page: 'models' })}>{s('openModels')}</a>
            </p>
          )}
          {list && !list.engine.found && (
            <p className="notice">
              {s('engineMissing')} <a href={routeHref({ page: 'models' })}>{s('openModels')}</a>
            </p>
          )}
        </div>
        <div className="transcribe-dialog__field">
          <label className="transcribe-dialog__choice">
            <input
              type="checkbox"
              checked={canTranslate && translate}
              disabled={!canTranslate}
              aria-describedby={`${titleId}-translate`}
              onChange={(event) => setTranslate(event.target.checked)}
            />
            {s('translate')}
          </label>
          <p id={`${titleId}-translate`} className="hint">
            {canTranslate ? s('translateHint') : s('translateOff')}
          </p>
        </div>
        <p className="hint">{s('local')}</p>
        {error && (
          <p className="notice notice--error" role="alert">
            {transcriptionErrorLine(s, errorText, error)}
          </p>
        )}
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onClose}>
            {s('cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={!ready || busy}>
            {busy ? s('starting') : s('start')}
          </button>
        </div>
      </form>
    </dialog>
  )
}

import { useRef, useState } from 'react'
import type { ApiError } from '../../shared/contract/index.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { pathOfPickedFile } from '../editor/subtitle-files.ts'
import { useT } from '../i18n/useT.ts'
import type { FieldsDraft, FieldsErrors, FileField } from './fields.ts'

interface Props {
  idPrefix: string
  draft: FieldsDraft
  errors: FieldsErrors
  onChange: (draft: FieldsDraft) => void
}

/** A field's message: the form's own, or the core's refusal with the file it names. */
function FieldError({ id, error }: { id: string; error: MessageKey | ApiError }) {
  const { t, errorText } = useT()
  if (typeof error === 'string')
    return (
      <p id={id} className="field__error">
        {t(error)}
      </p>
    )
  const { text, file } = errorText(error)
  return (
    <p id={id} className="field__error">
      {text}
      {file && <code className="field__file">{file}</code>}
    </p>
  )
}

/** Why an upload failed, as the core said it when it did. */
const uploadRefusal = (picked: { error: string; apiError?: ApiError }): ApiError =>
  picked.apiError ?? { code: 'UPLOAD_FAILED', message: picked.error }

/**
 * A cover, intro or outro, chosen with the file picker rather than typed (decision 0079): the app
 * hands over the chosen file's own path, the browser build a copy uploaded into the library.
 * The path is shown, read-only, so the person sees which file the episode uses.
 */
function FileInput({
  id,
  label,
  accept,
  hint,
  value,
  error,
  onChange,
}: {
  id: string
  label: string
  accept: string
  hint?: string | undefined
  value: string
  error: MessageKey | ApiError | undefined
  onChange: (path: string) => void
}) {
  const { t } = useT()
  const client = useClient()
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState<MessageKey | ApiError | null>(null)
  // A failed pick is newer than the save's refusal.
  const shown = failed ?? error
  const described = [shown ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(' ')
  const choose = async (file: File) => {
    setBusy(true)
    setFailed(null)
    const picked = await pathOfPickedFile(client, file)
    setBusy(false)
    if (typeof picked === 'string' && picked !== '') onChange(picked)
    // An upload the server refused (a full disk) says so in the interface language.
    else setFailed(typeof picked === 'string' ? 'episode.fileUnreadable' : uploadRefusal(picked))
  }
  return (
    <div className="field field--wide">
      <label htmlFor={id}>{label}</label>
      <div className="file-field">
        <input
          id={id}
          type="text"
          readOnly
          value={value}
          title={value || undefined}
          placeholder={t('episode.noFile')}
          aria-invalid={shown ? true : undefined}
          aria-describedby={described || undefined}
        />
        <label className={`button file-button${busy ? ' button--busy' : ''}`}>
          <input
            type="file"
            className="visually-hidden"
            accept={accept}
            disabled={busy}
            data-testid={`${id}-choose`}
            aria-label={t('episode.chooseFor', { field: label })}
            onChange={(event) => {
              const file = event.target.files?.[0]
              event.target.value = ''
              if (file) void choose(file)
            }}
          />
          {busy ? t('episode.copyingFile') : t('episode.chooseFile')}
        </label>
        {value !== '' && (
          <button
            type="button"
            className="button"
            aria-label={t('episode.removeFor', { field: label })}
            onClick={() => onChange('')}
          >
            {t('episode.removeFile')}
          </button>
        )}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {shown && <FieldError id={`${id}-error`} error={shown} />}
    </div>
  )
}

/** Title, show, number, year, and the cover and the intro and outro music, chosen as files. */
export function FieldsForm({ idPrefix, draft, errors, onChange }: Props) {
  const { t } = useT()
  // A file chosen while another is still uploading must not undo it: each finished pick changes
  // the newest draft, not the one of the render where it was chosen.
  const latest = useRef(draft)
  latest.current = draft
  const field = (
    name: keyof FieldsDraft,
    label: string,
    options: { wide?: boolean; hint?: string; numeric?: boolean; required?: boolean } = {},
  ) => {
    const id = `${idPrefix}-${name}`
    const error = errors[name]
    const described = [error ? `${id}-error` : null, options.hint ? `${id}-hint` : null]
      .filter(Boolean)
      .join(' ')
    return (
      <div className={`field${options.wide ? ' field--wide' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="text"
          inputMode={options.numeric ? 'numeric' : undefined}
          required={options.required}
          value={draft[name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          onChange={(event) => onChange({ ...draft, [name]: event.target.value })}
        />
        {options.hint && (
          <p id={`${id}-hint`} className="hint">
            {options.hint}
          </p>
        )}
        {error && <FieldError id={`${id}-error`} error={error} />}
      </div>
    )
  }
  const fileField = (name: FileField, label: string, accept: string, hint?: string) => (
    <FileInput
      id={`${idPrefix}-${name}`}
      label={label}
      accept={accept}
      hint={hint}
      value={draft[name]}
      error={errors[name]}
      onChange={(path) => {
        const next = { ...latest.current, [name]: path }
        latest.current = next
        onChange(next)
      }}
    />
  )
  return (
    <div className="form-grid">
      {field('title', t('episode.title'), { wide: true, required: true })}
      {field('showTitle', t('episode.show'))}
      <div className="form-grid form-grid--pair">
        {field('number', t('episode.number'), { numeric: true })}
        {field('year', t('episode.year'), { numeric: true })}
      </div>
      {fileField('cover', t('episode.cover'), 'image/jpeg,image/png', t('episode.pathHint'))}
      {fileField('intro', t('episode.intro'), 'audio/*')}
      {fileField('outro', t('episode.outro'), 'audio/*')}
    </div>
  )
}

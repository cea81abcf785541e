import { useT } from '../i18n/useT.ts'
import type { FieldsDraft, FieldsErrors } from './fields.ts'

interface Props {
  idPrefix: string
  draft: FieldsDraft
  errors: FieldsErrors
  onChange: (draft: FieldsDraft) => void
}

/** Title, show, number, year, and the paths of the cover and the intro and outro music. */
export function FieldsForm({ idPrefix, draft, errors, onChange }: Props) {
  const { t } = useT()
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
        {error && (
          <p id={`${id}-error`} className="field__error">
            {t(error)}
          </p>
        )}
      </div>
    )
  }
  return (
    <div className="form-grid">
      {field('title', t('episode.title'), { wide: true, required: true })}
      {field('showTitle', t('episode.show'))}
      <div className="form-grid form-grid--pair">
        {field('number', t('episode.number'), { numeric: true })}
        {field('year', t('episode.year'), { numeric: true })}
      </div>
      {field('cover', t('episode.cover'), { wide: true, hint: t('episode.pathHint') })}
      {field('intro', t('episode.intro'))}
      {field('outro', t('episode.outro'))}
    </div>
  )
}

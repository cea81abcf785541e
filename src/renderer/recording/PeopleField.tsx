import { useEffect, useRef } from 'react'
import { useT } from '../i18n/useT.ts'

interface Props {
  id: string
  names: readonly string[]
  onChange: (names: string[]) => void
  describedBy?: string | undefined
}

/** The interviewees: one line per person, added and removed with buttons. */
export function PeopleField({ id, names, onChange, describedBy }: Props) {
  const { t } = useT()
  const list = useRef<HTMLUListElement>(null)
  const focusLast = useRef(false)

  useEffect(() => {
    if (!focusLast.current) return
    focusLast.current = false
    const inputs = list.current?.querySelectorAll('input')
    inputs?.[inputs.length - 1]?.focus()
  }, [names.length])

  const set = (index: number, value: string) =>
    onChange(names.map((name, i) => (i === index ? value : name)))

  return (
    <div className="people-field">
      {names.length === 0 && <p className="muted">{t('form.noInterviewees')}</p>}
      <ul ref={list} className="people-field__list" id={id}>
        {names.map((name, index) => (
          <li key={index} className="people-field__row">
            <input
              type="text"
              value={name}
              aria-label={`${t('form.interviewees')} ${index + 1}`}
              aria-describedby={describedBy}
              placeholder={t('form.intervieweePlaceholder')}
              onChange={(event) => set(index, event.target.value)}
              onKeyDown={(event) => {
                if (event.key !== 'Enter') return
                event.preventDefault()
                focusLast.current = true
                onChange([...names, ''])
              }}
            />
            <button
              type="button"
              className="button button--icon button--quiet"
              aria-label={t('form.removeInterviewee', { name: name.trim() || `${index + 1}` })}
              onClick={() => onChange(names.filter((_, i) => i !== index))}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          focusLast.current = true
          onChange([...names, ''])
        }}
      >
        + {t('form.addInterviewee')}
      </button>
    </div>
  )
}

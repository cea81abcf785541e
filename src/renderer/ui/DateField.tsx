import { useEffect, useRef, useState } from 'react'
import {
  datePatterns,
  formatDateNumeric,
  parseDateNumeric,
  type Language,
} from '../../shared/i18n/index.ts'

interface Props {
  /** The date as YYYY-MM-DD, or '' for none. */
  value: string
  language: Language
  /** A day that exists as YYYY-MM-DD, or '' when the field was emptied; not called for a half-typed date. */
  onChange: (value: string) => void
  /**
   * Called on each change that leaves text which is not a day (30/02/2024, or a date half typed).
   * After it, the next day that exists is passed to `onChange` even when it equals `value`.
   */
  onUnreadable?: () => void
  /** Marks the field as the form's own check refused it, besides while it holds no day. */
  invalid?: boolean
  id?: string
  'aria-describedby'?: string | undefined
}

/**
 * A date typed as the interface language writes it: dd/mm/aaaa in Spanish, mm/dd/yyyy in
 * English (decision 0082). Chromium's `<input type="date">` follows the browser's locale, not the
 * page's language, so a Spanish screen showed mm/dd/yyyy. What is typed stays on screen until it
 * is a day that exists; until then the field is marked and nothing is sent. The search filters and
 * the recording form's interview date use it (decision 0101).
 */
export function DateField({
  value,
  language,
  onChange,
  onUnreadable,
  invalid,
  id,
  ...rest
}: Props) {
  const [text, setText] = useState(() => formatDateNumeric(language, value))
  // A value set from outside (a saved search, another language) replaces what is shown; text
  // that is not a day stays through a change of language alone, still marked (decision 0101).
  const shownFor = useRef(value)
  useEffect(() => {
    const valueChanged = shownFor.current !== value
    shownFor.current = value
    setText((shown) => {
      const parsed = parseDateNumeric(language, shown)
      if (parsed === value || (parsed === null && !valueChanged)) return shown
      return formatDateNumeric(language, value)
    })
  }, [value, language])
  const parsed = parseDateNumeric(language, text)
  return (
    <input
      id={id}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      className="date-field"
      placeholder={datePatterns[language].placeholder}
      value={text}
      aria-invalid={parsed === null || invalid === true ? true : undefined}
      aria-describedby={rest['aria-describedby']}
      onChange={(event) => {
        setText(event.target.value)
        const next = parseDateNumeric(language, event.target.value)
        if (next === null) onUnreadable?.()
        else if (next !== value || parsed === null) onChange(next)
      }}
    />
  )
}

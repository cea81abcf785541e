import type { InputHTMLAttributes, ReactNode } from 'react'

type InputProps = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'className' | 'type' | 'inputMode' | 'placeholder' | 'disabled' | 'required'
>

/**
 * A labelled one-line field of a form grid: the label, the input, a hint it is described by, and
 * what follows (its problem, when there is one). Forms wrote these same lines for each field.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  invalid = false,
  describedBy,
  wide = false,
  children,
  type = 'text',
  ...input
}: InputProps & {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  hint?: ReactNode
  invalid?: boolean
  /** What the input is described by where a form says it its own way; else the hint, if any. */
  describedBy?: string | undefined
  wide?: boolean
  children?: ReactNode
}) {
  return (
    <div className={wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        {...input}
        value={value}
        aria-describedby={describedBy ?? (hint === undefined ? undefined : `${id}-hint`)}
        aria-invalid={invalid ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint !== undefined && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children}
    </div>
  )
}

import { useState } from 'react'
import { useT } from '../i18n/useT.ts'
import { addTags } from './metadata.ts'

interface Props {
  id: string
  tags: readonly string[]
  onChange: (tags: string[]) => void
  describedBy: string
}

/** Tags as chips: typed text becomes a chip on Enter or a comma (or on leaving the field). */
export function TagsField({ id, tags, onChange, describedBy }: Props) {
  const { t } = useT()
  const [text, setText] = useState('')

  const commit = (value: string) => {
    if (value.trim() === '') return
    onChange(addTags(tags, value))
    setText('')
  }

  return (
    <div className="tags-field">
      <ul className="chips">
        {tags.map((tag) => (
          <li key={tag} className="chip">
            {tag}
            <button
              type="button"
              className="chip__remove"
              aria-label={t('form.removeTag', { name: tag })}
              onClick={() => onChange(tags.filter((other) => other !== tag))}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        type="text"
        value={text}
        aria-describedby={describedBy}
        onChange={(event) => {
          const value = event.target.value
          if (value.includes(',')) commit(value)
          else setText(value)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            commit(text)
          } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
            onChange(tags.slice(0, -1))
          }
        }}
        onBlur={() => commit(text)}
      />
    </div>
  )
}

import { useRef, useState } from 'react'
import {
  consentStatusSchema,
  languagesSchema,
  type Recording,
} from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'
import { DateField } from '../ui/DateField.tsx'
import { FieldMessage } from './FieldMessage.tsx'
import { draftFromRecording, patchFor, type Draft } from './metadata.ts'
import { PeopleField } from './PeopleField.tsx'
import { SaveIndicator } from './SaveIndicator.tsx'
import { TagsField } from './TagsField.tsx'
import { TextField } from '../ui/TextField.tsx'
import { useAutosave } from './useAutosave.ts'

/**
 * Stands for a date the person typed that is not a day (30/02/2024, or one half typed): the field
 * keeps showing it, and queued in its place it fails the contract's date schema like any date
 * that is not a day, so the form marks it with the date's message, holds it and never saves
 * "no date" instead (decisions 0078 and 0101).
 */
const unreadableDate = 'unreadable'

interface Props {
  recording: Recording
  onSaved: (recording: Recording) => void
  /** Shown, not editable: the caller may not change a recording's details (decision 0170). */
  readOnly?: boolean
}

/** What a person knows about the interview. No Save button: every change is kept as typed. */
export function MetadataForm({ recording, onSaved, readOnly = false }: Props) {
  const { t, language } = useT()
  // The draft starts from the stored recording once; saved answers never overwrite typing.
  const [draft, setDraft] = useState<Draft>(() => draftFromRecording(recording))
  const { save, errors, queue, flush } = useAutosave(recording.id, onSaved)

  const update = <F extends keyof Draft>(field: F, value: Draft[F]) => {
    const next = { ...draft, [field]: value }
    setDraft(next)
    queue(patchFor(field, next))
  }
  // Whether the date field holds text that is not a day; see unreadableDate. The draft keeps the
  // last day typed, so the field is not given a value that would write over what is shown.
  const dateUnreadable = useRef(false)
  const dateUnread = () => {
    if (dateUnreadable.current) return
    dateUnreadable.current = true
    queue({ interviewDate: unreadableDate })
  }
  const dateTyped = (value: string) => {
    dateUnreadable.current = false
    update('interviewDate', value)
  }
  const invalid = (field: keyof Draft) => (errors[field] ? true : undefined)
  const describe = (field: keyof Draft, hint?: string) =>
    [errors[field] ? `${field}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined

  return (
    <section className="metadata" aria-labelledby="metadata-heading">
      <div className="section-header">
        <h2 id="metadata-heading">{t('form.heading')}</h2>
        <SaveIndicator save={save} />
      </div>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault()
          void flush()
        }}
        onBlur={() => void flush()}
      >
        <fieldset className="form-grid__all" disabled={readOnly}>
          <TextField
            id="title"
            wide
            label={t('form.title')}
            value={draft.title}
            required
            invalid={invalid('title')}
            describedBy={describe('title')}
            onChange={(value) => update('title', value)}
          >
            <FieldMessage id="title-error" error={errors.title} />
          </TextField>

          <fieldset className="field field--wide">
            <legend>{t('form.interviewees')}</legend>
            <PeopleField
              id="interviewees"
              names={draft.interviewees}
              describedBy={describe('interviewees')}
              onChange={(names) => update('interviewees', names)}
            />
            <FieldMessage id="interviewees-error" error={errors.interviewees} />
          </fieldset>

          <TextField
            id="interviewer"
            label={t('form.interviewer')}
            value={draft.interviewer}
            invalid={invalid('interviewer')}
            describedBy={describe('interviewer')}
            onChange={(value) => update('interviewer', value)}
          >
            <FieldMessage id="interviewer-error" error={errors.interviewer} />
          </TextField>

          <div className="field">
            <label htmlFor="interviewDate">{t('form.date')}</label>
            <DateField
              id="interviewDate"
              value={draft.interviewDate}
              language={language}
              invalid={invalid('interviewDate')}
              aria-describedby={describe('interviewDate')}
              onChange={dateTyped}
              onUnreadable={dateUnread}
            />
            <FieldMessage id="interviewDate-error" error={errors.interviewDate} />
          </div>

          <TextField
            id="place"
            label={t('form.place')}
            value={draft.place}
            invalid={invalid('place')}
            describedBy={describe('place')}
            onChange={(value) => update('place', value)}
          >
            <FieldMessage id="place-error" error={errors.place} />
          </TextField>

          <fieldset className="field">
            <legend>{t('form.languages')}</legend>
            <div className="segmented">
              {languagesSchema.options.map((option) => (
                <label key={option} className="segmented__option">
                  <input
                    type="radio"
                    name="languages"
                    value={option}
                    checked={draft.languages === option}
                    onChange={() => update('languages', option)}
                  />
                  <span>{t(`languages.${option}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset className="field field--wide consent">
            <legend>{t('form.consent')}</legend>
            <div className="segmented">
              {consentStatusSchema.options.map((option) => (
                <label key={option} className={`segmented__option consent--${option}`}>
                  <input
                    type="radio"
                    name="consentStatus"
                    value={option}
                    checked={draft.consentStatus === option}
                    onChange={() => update('consentStatus', option)}
                  />
                  <span>{t(`consent.${option}`)}</span>
                </label>
              ))}
            </div>
            <label htmlFor="consentNote" className="field__sublabel">
              {t('form.consentNote')}
            </label>
            <p id="consentNote-hint" className="hint">
              {t('form.consentNoteHint')}
            </p>
            <textarea
              id="consentNote"
              rows={2}
              value={draft.consentNote}
              aria-invalid={invalid('consentNote')}
              aria-describedby={describe('consentNote', 'consentNote-hint')}
              onChange={(event) => update('consentNote', event.target.value)}
            />
            <FieldMessage id="consentNote-error" error={errors.consentNote} />
          </fieldset>

          <div className="field field--wide">
            <label htmlFor="tags">{t('form.tags')}</label>
            <p id="tags-hint" className="hint">
              {t('form.tagsHint')}
            </p>
            <TagsField
              id="tags"
              tags={draft.tags}
              describedBy={describe('tags', 'tags-hint') ?? 'tags-hint'}
              onChange={(tags) => update('tags', tags)}
            />
            <FieldMessage id="tags-error" error={errors.tags} />
          </div>

          <div className="field field--wide">
            <label htmlFor="notes">{t('form.notes')}</label>
            <textarea
              id="notes"
              rows={6}
              value={draft.notes}
              aria-invalid={invalid('notes')}
              aria-describedby={describe('notes')}
              onChange={(event) => update('notes', event.target.value)}
            />
            <FieldMessage id="notes-error" error={errors.notes} />
          </div>
        </fieldset>
      </form>
    </section>
  )
}

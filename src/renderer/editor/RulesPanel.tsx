import { useEffect, useState } from 'react'
import {
  defaultSubtitleRulesValue,
  type ApiError,
  type MethodOutput,
  type SubtitleRuleField,
  type SubtitleRulesValue,
} from '../../shared/contract/index.ts'
import { errorLine } from '../../shared/i18n/index.ts'
import {
  formatRuleValue,
  parseRuleInput,
  ruleFieldSpecs,
  ruleInputProblem,
  rulePatch,
  ruleValue,
} from './rules-form.ts'
import type { EditorLanguage } from './strings.ts'
import { useEditorT } from './useEditorT.ts'
import { useClient } from '../app/client-context.ts'

type Settings = MethodOutput<'subtitles.settings'>

interface Props {
  recordingId: string
  language: EditorLanguage
  /** The rules changed: the cues are checked again. */
  onChanged(): void
  onClose(): void
}

const hasOwn = (settings: Settings) => Object.keys(settings.recording ?? {}).length > 0

/**
 * The subtitle rules of one recording (a project may need its own): the library's, or its
 * own numbers, each beside the passage of the Netflix Timed Text Style Guide it comes from.
 * Saved through subtitles.settings when a field is left; a bad number is refused on the spot.
 */
export function RulesPanel({ recordingId, language, onChanged, onClose }: Props) {
  const client = useClient()
  const { t } = useEditorT()
  const [settings, setSettings] = useState<Settings | null>(null)
  const [own, setOwn] = useState(false)
  const [drafts, setDrafts] = useState<Partial<Record<SubtitleRuleField, string>>>({})
  const [problems, setProblems] = useState<Partial<Record<SubtitleRuleField, string>>>({})
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)

  useEffect(() => {
    let live = true
    void client.call('subtitles.settings', { recordingId }).then((result) => {
      if (!live) return
      if (!result.ok) return setMessage({ text: errorLine(language, result.error), error: true })
      setSettings(result.value)
      setOwn(hasOwn(result.value))
    })
    return () => {
      live = false
    }
  }, [client, recordingId, language])

  const saved = (next: Settings) => {
    setSettings(next)
    setMessage({ text: t('rules.saved'), error: false })
    onChanged()
  }

  const followLibrary = async () => {
    setOwn(false)
    setDrafts({})
    setProblems({})
    if (!settings || !hasOwn(settings)) return
    const result = await client.call('subtitles.settings', { recordingId, reset: true })
    if (!result.ok) return setMessage({ text: errorLine(language, result.error), error: true })
    saved(result.value)
  }

  const serverProblem = (field: SubtitleRuleField, error: ApiError) => {
    if (
      error.params?.rule === field ||
      (error.code === 'SUBTITLE_RULES_DURATION' && field.endsWith('Duration'))
    )
      setProblems((was) => ({ ...was, [field]: errorLine(language, error) }))
    else setMessage({ text: errorLine(language, error), error: true })
  }

  const save = async (field: SubtitleRuleField) => {
    const text = drafts[field]
    if (text === undefined || !settings) return
    const problem = ruleInputProblem(field, text, settings.rules, language)
    if (problem) {
      setProblems((was) => ({ ...was, [field]: t(problem.key, problem.params) }))
      return
    }
    setProblems((was) => ({ ...was, [field]: undefined }))
    const value = parseRuleInput(text)
    if (
      value === null ||
      formatRuleValue(language, ruleValue(settings.rules, field)) === text.trim()
    )
      return
    const result = await client.call('subtitles.settings', {
      recordingId,
      patch: rulePatch(field, value),
    })
    if (!result.ok) return serverProblem(field, result.error)
    setDrafts((was) => ({ ...was, [field]: undefined }))
    saved(result.value)
  }

  const rules: SubtitleRulesValue | null = settings?.rules ?? null
  return (
    <section className="editor-panel rules-panel" aria-label={t('rules.title')}>
      <h3>{t('rules.title')}</h3>
      <p className="hint">{t('rules.hint')}</p>
      <fieldset className="rules-panel__scope">
        <legend>{t('rules.scope')}</legend>
        <label>
          <input
            type="radio"
            name={`rules-scope-${recordingId}`}
            checked={!own}
            onChange={() => void followLibrary()}
          />
          {t('rules.useLibrary')}
        </label>
        <label>
          <input
            type="radio"
            name={`rules-scope-${recordingId}`}
            checked={own}
            onChange={() => setOwn(true)}
          />
          {t('rules.own')}
        </label>
      </fieldset>
      {rules && (
        <div className="rules-panel__fields">
          {ruleFieldSpecs.map(({ field, label, source }) => {
            const id = `rule-${recordingId}-${field}`
            const problem = problems[field]
            const shown = drafts[field] ?? formatRuleValue(language, ruleValue(rules, field))
            return (
              <div key={field} className="rules-panel__field">
                <label htmlFor={id}>{t(label)}</label>
                <input
                  id={id}
                  type="text"
                  inputMode="decimal"
                  value={shown}
                  disabled={!own}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={`${id}-source${problem ? ` ${id}-problem` : ''}`}
                  onChange={(event) =>
                    setDrafts((was) => ({ ...was, [field]: event.target.value }))
                  }
                  onBlur={() => void save(field)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') void save(field)
                  }}
                />
                <span className="rules-panel__default">
                  {t('rules.default', {
                    value: formatRuleValue(language, ruleValue(defaultSubtitleRulesValue, field)),
                  })}
                </span>
                {problem && (
                  <span id={`${id}-problem`} className="field__error" role="alert">
                    {problem}
                  </span>
                )}
                <span id={`${id}-source`} className="rules-panel__source">
                  {t(source)}
                </span>
              </div>
            )
          })}
        </div>
      )}
      {message && (
        <p
          className={`notice${message.error ? ' notice--error' : ''}`}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      <button type="button" className="button button--small" onClick={onClose}>
        {t('rules.close')}
      </button>
    </section>
  )
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, MethodOutput, Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { clockText, parseClock } from '../episodes/time.ts'
import { useT } from '../i18n/useT.ts'
import { TextField } from '../ui/TextField.tsx'
import './redaction.css'

type Spans = MethodOutput<'redaction.list'>
type Applied = MethodOutput<'redaction.apply'>

interface Draft {
  target: 'word' | 'span'
  word: string
  from: string
  to: string
  mode: 'tone' | 'silence'
  typed: string
}

const fresh: Draft = { target: 'word', word: '', from: '', to: '', mode: 'tone', typed: '' }

/** The target for the core, or the message key of what is missing. */
function targetOf(
  draft: Draft,
  length: number,
):
  | { ok: true; target: { word: string } | { from: number; to: number } }
  | { ok: false; key: 'redact.wordTooShort' | 'redact.spanInvalid' } {
  if (draft.target === 'word')
    return draft.word.trim().length >= 2
      ? { ok: true, target: { word: draft.word.trim() } }
      : { ok: false, key: 'redact.wordTooShort' }
  const from = parseClock(draft.from)
  const to = parseClock(draft.to)
  if (from === null || to === null || to <= from || from >= length)
    return { ok: false, key: 'redact.spanInvalid' }
  return { ok: true, target: { from, to: Math.min(to, length) } }
}

/**
 * "Redact…": forget a name or a stretch of time everywhere in the library (decision 0007). Final, so it
 * asks twice: the choice, then the confirmation word (REDACT / TACHAR) before the red button
 * works. Lists the stretches already covered.
 */
export function RedactButton({
  recording,
  onRedacted,
}: {
  recording: Recording
  /** Lets the page reload what shows the words (the transcript). */
  onRedacted?: () => void
}) {
  const { t, errorText } = useT()
  const client = useClient()
  const dialog = useRef<HTMLDialogElement>(null)
  const [draft, setDraft] = useState<Draft>(fresh)
  const [step, setStep] = useState<'choose' | 'confirm'>('choose')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [applied, setApplied] = useState<Applied | null>(null)
  const [spans, setSpans] = useState<Spans | null>(null)

  const reload = useCallback(async () => {
    const result = await client.call('redaction.list', { recordingId: recording.id })
    if (result.ok) setSpans(result.value)
  }, [client, recording.id])

  useEffect(() => {
    void reload()
  }, [reload])

  const checked = targetOf(draft, recording.duration)
  const word = t('redact.confirmWord')
  const confirmed = draft.typed.trim().toUpperCase() === word.toUpperCase()
  const set = (patch: Partial<Draft>) => setDraft((before) => ({ ...before, ...patch }))

  const open = () => {
    setDraft(fresh)
    setStep('choose')
    setTried(false)
    setError(null)
    setApplied(null)
    void reload()
    dialog.current?.showModal()
  }

  const apply = async () => {
    if (!checked.ok || !confirmed) return
    setBusy(true)
    setError(null)
    const result = await client.call('redaction.apply', {
      recordingId: recording.id,
      target: checked.target,
      mode: draft.mode,
      confirm: true,
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    setApplied(result.value)
    // Ready for the next one of the same kind; the name or times typed are cleared.
    setDraft((before) => ({ ...fresh, target: before.target, mode: before.mode }))
    setStep('choose')
    setTried(false)
    await reload()
    onRedacted?.()
  }

  return (
    <>
      <button type="button" className="button button--danger-quiet" onClick={open}>
        {t('redact.button')}
      </button>
      <dialog ref={dialog} className="dialog redact-dialog" aria-labelledby="redact-title">
        <h2 id="redact-title">{t('redact.title', { title: recording.title })}</h2>
        <div className="notice notice--error redact-dialog__warning">
          <p>
            <strong>{t('redact.finalTitle')}</strong>
          </p>
          <p>{t('redact.finalBody')}</p>
        </div>

        {applied && (
          <p className="notice redact-dialog__done" role="status">
            {t('redact.done', {
              spans: applied.spans.length,
              segments: applied.segments,
              cues: applied.cues,
            })}
          </p>
        )}

        {step === 'choose' ? (
          <form
            noValidate
            className="redact-dialog__form"
            onSubmit={(event) => {
              event.preventDefault()
              setTried(true)
              if (checked.ok) setStep('confirm')
            }}
          >
            <fieldset className="field">
              <legend>{t('redact.what')}</legend>
              <div className="segmented">
                {(['word', 'span'] as const).map((target) => (
                  <label key={target} className="segmented__option">
                    <input
                      type="radio"
                      name="redact-target"
                      checked={draft.target === target}
                      onChange={() => set({ target })}
                    />
                    <span>{t(target === 'word' ? 'redact.aName' : 'redact.aStretch')}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            {draft.target === 'word' ? (
              <div className="field">
                <label htmlFor="redact-word">{t('redact.word')}</label>
                <input
                  id="redact-word"
                  type="text"
                  autoComplete="off"
                  value={draft.word}
                  aria-describedby="redact-word-hint"
                  onChange={(event) => set({ word: event.target.value })}
                />
                <p id="redact-word-hint" className="hint">
                  {t('redact.wordHint')}
                </p>
              </div>
            ) : (
              <div className="form-grid">
                <TextField
                  id="redact-from"
                  label={t('redact.from')}
                  inputMode="decimal"
                  placeholder="0:00"
                  value={draft.from}
                  onChange={(from) => set({ from })}
                />
                <TextField
                  id="redact-to"
                  label={t('redact.to')}
                  inputMode="decimal"
                  placeholder={clockText(recording.duration)}
                  value={draft.to}
                  onChange={(to) => set({ to })}
                />
              </div>
            )}
            <fieldset className="field">
              <legend>{t('redact.sound')}</legend>
              <div className="segmented">
                {(['tone', 'silence'] as const).map((mode) => (
                  <label key={mode} className="segmented__option">
                    <input
                      type="radio"
                      name="redact-mode"
                      checked={draft.mode === mode}
                      onChange={() => set({ mode })}
                    />
                    <span>{t(`redact.mode.${mode}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            {tried && !checked.ok && (
              <p className="field__error" role="alert">
                {t(checked.key, { length: clockText(recording.duration) })}
              </p>
            )}
            <div className="dialog__buttons">
              <button type="button" className="button" onClick={() => dialog.current?.close()}>
                {t('redact.close')}
              </button>
              <button type="submit" className="button button--primary">
                {t('redact.next')}
              </button>
            </div>
          </form>
        ) : (
          <form
            noValidate
            className="redact-dialog__form"
            onSubmit={(event) => {
              event.preventDefault()
              void apply()
            }}
          >
            <p className="redact-dialog__summary">
              {checked.ok && 'word' in checked.target
                ? t('redact.summaryWord', {
                    word: checked.target.word,
                    mode: t(`redact.mode.${draft.mode}`),
                  })
                : t('redact.summarySpan', {
                    from: clockText(
                      checked.ok && 'from' in checked.target ? checked.target.from : 0,
                    ),
                    to: clockText(checked.ok && 'to' in checked.target ? checked.target.to : 0),
                    mode: t(`redact.mode.${draft.mode}`),
                  })}
            </p>
            <div className="field">
              <label htmlFor="redact-confirm">{t('redact.typeToConfirm', { word })}</label>
              <input
                id="redact-confirm"
                type="text"
                autoComplete="off"
                autoFocus
                value={draft.typed}
                onChange={(event) => set({ typed: event.target.value })}
              />
            </div>
            {error && (
              <p className="notice notice--error" role="alert">
                {errorText(error).text}
              </p>
            )}
            <div className="dialog__buttons">
              <button type="button" className="button" onClick={() => setStep('choose')}>
                {t('redact.back')}
              </button>
              <button type="submit" className="button button--danger" disabled={!confirmed || busy}>
                {busy ? t('redact.working') : t('redact.apply')}
              </button>
            </div>
          </form>
        )}

        <section className="redact-dialog__list" aria-labelledby="redact-list-heading">
          <h3 id="redact-list-heading">{t('redact.listHeading')}</h3>
          {spans === null || spans.length === 0 ? (
            <p className="muted">{t('redact.listEmpty')}</p>
          ) : (
            <ul>
              {spans.map((span, index) => (
                <li key={`${span.start}-${span.end}-${index}`}>
                  {t('redact.listItem', {
                    from: clockText(span.start),
                    to: clockText(span.end),
                    mode: t(`redact.mode.${span.mode}`),
                  })}
                </li>
              ))}
            </ul>
          )}
        </section>
      </dialog>
    </>
  )
}

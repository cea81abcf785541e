import { otherLanguage, type Language } from '../../shared/language.ts'
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { SubtitleCue } from '../../shared/contract/index.ts'
import { useMay } from '../people/context.ts'
import { formatTime } from './strings.ts'
import { useEditorT } from './useEditorT.ts'

type Lang = Language

/** Where a person's text cursor was in one of the cue's texts. */
export interface CueCaret {
  language: Lang
  offset: number
}

export interface CueActions {
  text(cueId: number, language: Lang, text: string): void
  flush(cueId: number, language: Lang): void
  seek(time: number): void
  /** Marks one language's text as checked by a person, or back to the machine's. */
  review(cueId: number, language: Lang, verified: boolean): void
  /** At the caret when there is one, else at the playhead when it is inside the cue. */
  split(cue: SubtitleCue, caret: CueCaret | null): void
  merge(cueId: number): void
  insertAfter(cue: SubtitleCue): void
  remove(cueId: number): void
}

interface Props {
  cue: SubtitleCue
  index: number
  isLast: boolean
  problems: number
  /** Changes when an undo or redo changed texts: the cells show the saved text again. */
  revision: number
  /** The cues still holding Voces' unchecked machine translation, by language (decision 0157). */
  machine: Record<Lang, ReadonlySet<number>>
  actions: CueActions
}

function CueCell({
  cue,
  language,
  revision,
  machine,
  actions,
  onCaret,
  mayEdit,
}: {
  cue: SubtitleCue
  language: Lang
  revision: number
  machine: boolean
  actions: CueActions
  onCaret(caret: CueCaret | null): void
  /** Whether the caller's role may change subtitles (decision 0170): else the text is read-only. */
  mayEdit: boolean
}) {
  const { t } = useEditorT()
  const saved = cue.texts[language]?.text ?? ''
  const other = cue.texts[otherLanguage(language)]?.text ?? ''
  const [draft, setDraft] = useState(saved)
  const focused = useRef(false)
  useEffect(() => {
    if (!focused.current) setDraft(saved)
  }, [saved])
  // An undo or redo brings back the saved text even into the field being typed in.
  useEffect(() => {
    setDraft(saved)
    // Only a new revision does this; `saved` alone follows the rule above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revision])
  const untranslated = draft.trim() === '' && other.trim() !== ''
  const verified = cue.texts[language]?.review === 'verified'
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!mayEdit || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return
    event.preventDefault()
    if (event.shiftKey) actions.insertAfter(cue)
    else actions.split(cue, { language, offset: event.currentTarget.selectionStart })
  }
  return (
    <div className={`cue__cell${untranslated ? ' cue__cell--untranslated' : ''}`}>
      <textarea
        className="cue__text"
        lang={language}
        data-cue={cue.id}
        data-language={language}
        aria-label={`${language === 'en' ? t('subs.english') : t('subs.spanish')} ${formatTime(cue.start, true)}`}
        value={draft}
        readOnly={!mayEdit}
        onFocus={() => (focused.current = true)}
        onBlur={(event) => {
          focused.current = false
          // Kept only when the focus went to this cue's own buttons (Split uses it).
          const row = event.currentTarget.closest('.cue')
          const to = event.relatedTarget
          onCaret(
            to instanceof Node && row?.contains(to)
              ? { language, offset: event.currentTarget.selectionStart }
              : null,
          )
          if (mayEdit) actions.flush(cue.id, language)
        }}
        onKeyDown={onKeyDown}
        onChange={(event) => {
          if (!mayEdit) return
          setDraft(event.target.value)
          actions.text(cue.id, language, event.target.value)
        }}
      />
      {untranslated && <span className="cue__flag">{t('subs.untranslated')}</span>}
      {machine && !verified && saved.trim() !== '' && (
        <span className="cue__flag cue__flag--machine">{t('subs.machine')}</span>
      )}
      {saved.trim() !== '' && (
        <button
          type="button"
          className={`cue__review${verified ? ' cue__review--verified' : ''}`}
          aria-pressed={verified}
          disabled={!mayEdit}
          title={verified ? (cue.texts[language]?.reviewedBy ?? '') : undefined}
          onClick={() => actions.review(cue.id, language, !verified)}
        >
          {verified ? t('subs.verified') : t('subs.verify')}
        </button>
      )}
    </div>
  )
}

/** One cue: its shared timing and operations, then the English and the Spanish text side by side. */
export const CueRow = memo(function CueRow({
  cue,
  index,
  isLast,
  problems,
  revision,
  machine,
  actions,
}: Props) {
  const { t } = useEditorT()
  // What the caller's role may change here, as the core says (decision 0170).
  const may = useMay()
  const mayEdit = may('subtitles.updateCue')
  const caret = useRef<CueCaret | null>(null)
  const setCaret = (value: CueCaret | null) => (caret.current = value)
  const take = () => {
    const value = caret.current
    caret.current = null
    return value
  }
  // Each operation shows only where the role may make its call (decision 0170).
  const ops = [
    { method: 'subtitles.splitCue', name: 'split', run: () => actions.split(cue, take()) },
    { method: 'subtitles.mergeCue', name: 'merge', run: () => actions.merge(cue.id) },
    { method: 'subtitles.insertCue', name: 'insert', run: () => actions.insertAfter(cue) },
    { method: 'subtitles.deleteCue', name: 'delete', run: () => actions.remove(cue.id) },
  ] as const
  return (
    <div className={`cue${problems > 0 ? ' cue--problem' : ''}`} data-cue-row={cue.id}>
      <div className="cue__side">
        <button type="button" className="cue__time" onClick={() => actions.seek(cue.start)}>
          <span className="cue__n">{index + 1}</span>
          {formatTime(cue.start, true)}
          <span aria-hidden="true"> → </span>
          {formatTime(cue.end, true)}
        </button>
        <span className="cue__ops" role="group" aria-label={t('cue.actions', { n: index + 1 })}>
          {ops
            .filter((op) => may(op.method))
            .map((op) => (
              <button
                key={op.method}
                type="button"
                className={`cue__op${op.method === 'subtitles.deleteCue' ? ' cue__op--danger' : ''}`}
                title={t(`cue.${op.name}Hint`)}
                disabled={op.method === 'subtitles.mergeCue' && isLast}
                onClick={op.run}
              >
                {t(`cue.${op.name}`)}
              </button>
            ))}
        </span>
      </div>
      <CueCell
        cue={cue}
        language="en"
        revision={revision}
        machine={machine.en.has(cue.id)}
        actions={actions}
        onCaret={setCaret}
        mayEdit={mayEdit}
      />
      <CueCell
        cue={cue}
        language="es"
        revision={revision}
        machine={machine.es.has(cue.id)}
        actions={actions}
        onCaret={setCaret}
        mayEdit={mayEdit}
      />
    </div>
  )
})

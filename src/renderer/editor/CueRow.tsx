import { memo, useEffect, useRef, useState } from 'react'
import type { SubtitleCue } from '../../shared/contract/index.ts'
import { formatTime, type EditorT } from './strings.ts'

type Lang = 'en' | 'es'

interface Props {
  cue: SubtitleCue
  index: number
  problems: number
  t: EditorT
  onText(cueId: number, language: Lang, text: string): void
  onFlush(cueId: number, language: Lang): void
  onSeek(time: number): void
  /** Marks one language's text as checked by a person, or back to the machine's. */
  onReview(cueId: number, language: Lang, verified: boolean): void
}

function CueCell({
  cue,
  language,
  t,
  onText,
  onFlush,
  onReview,
}: { cue: SubtitleCue; language: Lang } & Pick<Props, 't' | 'onText' | 'onFlush' | 'onReview'>) {
  const saved = cue.texts[language]?.text ?? ''
  const other = cue.texts[language === 'en' ? 'es' : 'en']?.text ?? ''
  const [draft, setDraft] = useState(saved)
  const focused = useRef(false)
  useEffect(() => {
    if (!focused.current) setDraft(saved)
  }, [saved])
  const untranslated = draft.trim() === '' && other.trim() !== ''
  const verified = cue.texts[language]?.review === 'verified'
  return (
    <div className={`cue__cell${untranslated ? ' cue__cell--untranslated' : ''}`}>
      <textarea
        className="cue__text"
        lang={language}
        data-cue={cue.id}
        data-language={language}
        aria-label={`${language === 'en' ? t('subs.english') : t('subs.spanish')} ${formatTime(cue.start, true)}`}
        value={draft}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false
          onFlush(cue.id, language)
        }}
        onChange={(event) => {
          setDraft(event.target.value)
          onText(cue.id, language, event.target.value)
        }}
      />
      {untranslated && <span className="cue__flag">{t('subs.untranslated')}</span>}
      {saved.trim() !== '' && (
        <button
          type="button"
          className={`cue__review${verified ? ' cue__review--verified' : ''}`}
          aria-pressed={verified}
          title={verified ? (cue.texts[language]?.reviewedBy ?? '') : undefined}
          onClick={() => onReview(cue.id, language, !verified)}
        >
          {verified ? t('subs.verified') : t('subs.verify')}
        </button>
      )}
    </div>
  )
}

/** One cue: its shared timing, then the English and the Spanish text side by side. */
export const CueRow = memo(function CueRow({
  cue,
  index,
  problems,
  t,
  onText,
  onFlush,
  onSeek,
  onReview,
}: Props) {
  return (
    <div className={`cue${problems > 0 ? ' cue--problem' : ''}`} data-cue-row={cue.id}>
      <button type="button" className="cue__time" onClick={() => onSeek(cue.start)}>
        <span className="cue__n">{index + 1}</span>
        {formatTime(cue.start, true)}
        <span aria-hidden="true"> → </span>
        {formatTime(cue.end, true)}
      </button>
      <CueCell
        cue={cue}
        language="en"
        t={t}
        onText={onText}
        onFlush={onFlush}
        onReview={onReview}
      />
      <CueCell
        cue={cue}
        language="es"
        t={t}
        onText={onText}
        onFlush={onFlush}
        onReview={onReview}
      />
    </div>
  )
})

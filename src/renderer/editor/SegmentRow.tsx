import { memo, useEffect, useRef, useState } from 'react'
import type { EditorSegment, EditorSpeaker, TrackOrigin } from '../../shared/contract/index.ts'
import { shownSpeaker } from '../../shared/speakers.ts'
import { speakerLabel } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'
import { useMay } from '../people/context.ts'
import { formatTime, type EditorStringKey } from './strings.ts'
import { useEditorT } from './useEditorT.ts'

export interface SegmentActions {
  seek(time: number): void
  startEdit(segmentId: number): void
  endEdit(segmentId: number): void
  editText(segmentId: number, text: string): void
  split(segmentId: number, text: string, caret: number): void
  merge(segmentId: number): void
  setSpeaker(segmentId: number, speakerId: number | null): void
  /** Words `from`..`to` (exclusive) of a segment to another voice (decision 0153). */
  moveWords(segmentId: number, from: number, to: number, speakerId: number): void
  toggleReview(segment: EditorSegment): void
}

interface Props {
  segment: EditorSegment
  speakers: readonly EditorSpeaker[]
  editing: boolean
  /** Where the track came from: an unverified segment is labelled by it, not always "Machine". */
  origin: TrackOrigin
  isLast: boolean
  /** The first segment of a turn: its speaker differs from the segment before. */
  turnStart: boolean
  actions: SegmentActions
}

/** The words of `paragraph` the page's selection touches, as indices; null when none. */
function selectedWords(paragraph: HTMLElement): { from: number; to: number } | null {
  const selection = window.getSelection()
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null
  const range = selection.getRangeAt(0)
  const touched = [...paragraph.querySelectorAll('[data-word]')].flatMap((element, k) =>
    range.intersectsNode(element) ? [k] : [],
  )
  const first = touched[0]
  const last = touched[touched.length - 1]
  return first === undefined || last === undefined ? null : { from: first, to: last + 1 }
}

/** An unverified segment's label: the engine's text, an imported file's, or a person's typing. */
const unverifiedLabel = {
  whisper: 'review.machine',
  imported: 'review.imported',
  typed: 'review.typed',
} as const satisfies Record<TrackOrigin, EditorStringKey>

/** Engines' word probability under this is shown as unsure. */
export const UNSURE_BELOW = 0.5

/** The name exports publish too (src/shared/speakers.ts). */
export const speakerName = (speaker: EditorSpeaker) => shownSpeaker(speaker.label, speaker.name)

/** One segment: time, speaker, review state, and its words (or, while edited, its text). */
export const SegmentRow = memo(function SegmentRow({
  segment,
  speakers,
  editing,
  origin,
  isLast,
  turnStart,
  actions,
}: Props) {
  const { t } = useEditorT()
  const { language } = useT()
  // What the caller's role may change here, as the core says (decision 0170).
  const may = useMay()
  const mayEdit = may('editor.editText')
  const [draft, setDraft] = useState(segment.text)
  const [picked, setPicked] = useState<{ from: number; to: number } | null>(null)
  const voice = speakers.findIndex((speaker) => speaker.id === segment.speakerId)
  const area = useRef<HTMLTextAreaElement | null>(null)
  const time = formatTime(segment.start, true)

  useEffect(() => {
    if (!editing) setDraft(segment.text)
  }, [editing, segment.text])
  useEffect(() => {
    if (editing) area.current?.focus()
  }, [editing])

  const verified = segment.review === 'verified'
  return (
    <article
      className={`seg${verified ? ' seg--verified' : ''}${turnStart ? ' seg--turn' : ''}${voice >= 0 ? ` seg--voice-${voice % 6}` : ''}`}
      data-segment={segment.id}
    >
      <div className="seg__meta">
        <button type="button" className="seg__time" onClick={() => actions.seek(segment.start)}>
          {time}
        </button>
        <select
          className="seg__speaker"
          aria-label={t('segment.speaker')}
          disabled={!may('editor.setSpeaker')}
          value={segment.speakerId ?? ''}
          onChange={(event) =>
            actions.setSpeaker(
              segment.id,
              event.target.value === '' ? null : Number(event.target.value),
            )
          }
        >
          <option value="">{t('segment.noSpeaker')}</option>
          {speakers.map((speaker) => (
            <option key={speaker.id} value={speaker.id}>
              {speakerLabel(language, speakerName(speaker))}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`seg__review${verified ? ' is-verified' : ''}`}
          aria-pressed={verified}
          disabled={!may('editor.review')}
          title={
            verified ? t('review.unverify', { name: segment.reviewedBy ?? '' }) : t('review.verify')
          }
          onClick={() => actions.toggleReview(segment)}
        >
          <span aria-hidden="true">{verified ? '✓ ' : '○ '}</span>
          {verified ? t('review.verified') : t(unverifiedLabel[origin])}
        </button>
      </div>
      {editing && mayEdit ? (
        <textarea
          ref={area}
          className="seg__text"
          aria-label={t('segment.editLabel', { time })}
          value={draft}
          spellCheck
          lang={segment.language}
          onChange={(event) => {
            setDraft(event.target.value)
            actions.editText(segment.id, event.target.value)
          }}
          onBlur={() => actions.endEdit(segment.id)}
        />
      ) : (
        <p
          className="seg__words"
          lang={segment.language}
          aria-label={t('segment.words', { time })}
          onDoubleClick={mayEdit ? () => actions.startEdit(segment.id) : undefined}
          onMouseUp={(event) => setPicked(selectedWords(event.currentTarget))}
        >
          {segment.words.length === 0
            ? segment.text
            : segment.words.map((word, k) => (
                <span key={word.id}>
                  <span
                    className={
                      word.probability !== null && word.probability < UNSURE_BELOW
                        ? 'w w--unsure'
                        : 'w'
                    }
                    data-word={`${segment.id}:${k}`}
                    title={
                      word.probability !== null && word.probability < UNSURE_BELOW
                        ? t('segment.unsure')
                        : undefined
                    }
                    onClick={() => actions.seek(word.start)}
                  >
                    {word.text}
                  </span>{' '}
                </span>
              ))}
        </p>
      )}
      {picked && !editing && (
        <label className="seg__move">
          <span>{t('segment.moveWords', { count: picked.to - picked.from })}</span>
          <select
            value=""
            onChange={(event) => {
              if (event.target.value === '') return
              actions.moveWords(segment.id, picked.from, picked.to, Number(event.target.value))
              setPicked(null)
              window.getSelection()?.removeAllRanges()
            }}
          >
            <option value="">{t('voices.choose')}</option>
            {speakers
              .filter((speaker) => speaker.id !== segment.speakerId)
              .map((speaker) => (
                <option key={speaker.id} value={speaker.id}>
                  {speakerLabel(language, speakerName(speaker))}
                </option>
              ))}
          </select>
        </label>
      )}
      <div className="seg__actions">
        {!mayEdit ? null : editing ? (
          <button
            type="button"
            className="button button--small button--quiet"
            title={t('segment.splitHint')}
            // Keeps the focus (and the cursor) in the text while the button is pressed.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() =>
              actions.split(segment.id, draft, area.current?.selectionStart ?? draft.length)
            }
          >
            {t('segment.split')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => actions.startEdit(segment.id)}
          >
            {t('segment.edit')}
          </button>
        )}
        {!isLast && may('editor.merge') && (
          <button
            type="button"
            className="button button--small button--quiet"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => actions.merge(segment.id)}
          >
            {t('segment.merge')}
          </button>
        )}
      </div>
    </article>
  )
})

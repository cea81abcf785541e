import { otherLanguage } from '../../shared/language.ts'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import type { ApiError, SubtitleCue, SubtitleRulesValue } from '../../shared/contract/index.ts'
import { errorLine } from '../../shared/i18n/index.ts'
import type { CueStore } from '../editor/cue-store.ts'
import { undoKey } from '../editor/undo-keys.ts'
import { formatTime } from '../editor/strings.ts'
import { useEditorT } from '../editor/useEditorT.ts'
import {
  cueKey,
  cuesInView,
  dragCue,
  NUDGE_SECONDS,
  type CueSpan,
  type DragLimits,
  type DragMode,
} from './cue-drag.ts'
import type { WaveView } from './waveform.ts'

/** More cues than this in view are not drawn one by one: zooming in shows them. */
export const MAX_REGIONS = 300
/** An edge within this many pixels of the playhead or a neighbour's limit lands on it. */
const SNAP_PX = 8
/** A pointer that moves less than this is a click (seek), not a drag. */
const CLICK_PX = 3

interface Props {
  recordingId: string
  cues: readonly SubtitleCue[]
  rules: SubtitleRulesValue
  view: WaveView
  width: number
  /** The height of the waveform above, which the cues tint. */
  waveHeight: number
  duration: number
  media: HTMLMediaElement | null
  store: CueStore
  problems: ReadonlyMap<number, number>
  error: ApiError | null
  /** Brings a time into the waveform's view. */
  reveal(time: number): void
}

interface Drag {
  cueId: number
  index: number
  mode: DragMode
  originX: number
  pointerId: number
  moved: boolean
}

type Draft = CueSpan & { cueId: number }

/**
 * The subtitle cues under the waveform (decision 0033):
 * drag an edge to change the start or end, the middle to move the cue, with mouse, pen or touch;
 * or, on a focused cue, the keys of `cueKey`. A change is saved through subtitles.updateCue when
 * the pointer is released (or 0.5 s after the last key) and can be undone like every cue edit.
 */
export function CueOverlay(props: Props) {
  const { cues, rules, view, width, duration, media, store, problems } = props
  const { t, language } = useEditorT()
  const [draft, setDraftState] = useState<Draft | null>(null)
  const [focusId, setFocusId] = useState<number | null>(null)
  const [announce, setAnnounce] = useState('')
  const draftRef = useRef<Draft | null>(null)
  const drag = useRef<Drag | null>(null)
  const nudgeTimer = useRef(0)
  const lane = useRef<HTMLDivElement | null>(null)
  const setDraft = (value: Draft | null) => {
    draftRef.current = value
    setDraftState(value)
  }

  const to = view.start + view.span
  const visible = useMemo(() => cuesInView(cues, view.start, to), [cues, view.start, to])
  const tooMany = visible.length > MAX_REGIONS
  const x = (time: number) => ((time - view.start) / view.span) * width
  const spanOf = (cue: SubtitleCue): CueSpan => (draft?.cueId === cue.id ? draft : cue)
  const limits = (snap: number): DragLimits => ({
    minGap: rules.minGapFrames / rules.fps,
    minDuration: rules.minDuration,
    duration,
    snap,
    targets: media ? [media.currentTime] : [],
  })
  const describe = (n: number, span: CueSpan) =>
    t('lane.moved', { n, start: formatTime(span.start, true), end: formatTime(span.end, true) })

  /** Saves a cue's draft times; the draft stays shown until the store has them. */
  const commit = () => {
    window.clearTimeout(nudgeTimer.current)
    nudgeTimer.current = 0
    const final = draftRef.current
    if (!final) return
    void store.retime(final.cueId, final.start, final.end).finally(() => {
      if (draftRef.current === final) setDraft(null)
    })
  }
  useEffect(() => () => window.clearTimeout(nudgeTimer.current), [])

  const onPointerDown = (event: PointerEvent<HTMLDivElement>, cue: SubtitleCue, index: number) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return
    if (nudgeTimer.current) commit()
    const edge = (event.target as HTMLElement).dataset.edge
    event.currentTarget.setPointerCapture(event.pointerId)
    event.currentTarget.focus()
    event.preventDefault()
    setFocusId(cue.id)
    drag.current = {
      cueId: cue.id,
      index,
      mode: edge === 'start' || edge === 'end' ? edge : 'move',
      originX: event.clientX,
      pointerId: event.pointerId,
      moved: false,
    }
  }

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current
    if (!current || current.pointerId !== event.pointerId || width <= 0) return
    const dx = event.clientX - current.originX
    if (!current.moved && Math.abs(dx) < CLICK_PX) return
    current.moved = true
    const seconds = (px: number) => (px / width) * view.span
    const span = dragCue(cues, current.index, current.mode, seconds(dx), limits(seconds(SNAP_PX)))
    setDraft({ cueId: current.cueId, ...span })
  }

  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current
    if (!current || current.pointerId !== event.pointerId) return
    drag.current = null
    if (current.moved) {
      const final = draftRef.current
      if (final) setAnnounce(describe(current.index + 1, final))
      commit()
      return
    }
    // A click without a drag seeks, as on the waveform.
    const box = lane.current?.getBoundingClientRect()
    if (media && box && width > 0)
      media.currentTime = Math.min(
        duration,
        Math.max(0, view.start + ((event.clientX - box.left) / width) * view.span),
      )
  }

  const onPointerCancel = () => {
    drag.current = null
    setDraft(null)
  }

  const focusCue = (index: number) => {
    const cue = cues[index]
    if (!cue) return
    setFocusId(cue.id)
    props.reveal(cue.start)
    requestAnimationFrame(() =>
      lane.current?.querySelector<HTMLElement>(`[data-cue-id="${cue.id}"]`)?.focus(),
    )
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, cue: SubtitleCue, index: number) => {
    // AltGr arrives as Ctrl+Alt on Windows: it types `[` on Spanish keyboards, it is no modifier.
    const mod = (event.ctrlKey || event.metaKey) && !event.altKey
    const done = () => {
      event.preventDefault()
      event.stopPropagation()
    }
    const undoing = undoKey(event)
    if (undoing) {
      done()
      if (nudgeTimer.current) commit()
      void (undoing === 'redo' ? store.redo('waveform') : store.undo('waveform'))
      return
    }
    if (event.key === 'Enter' || event.key === ' ') {
      done()
      if (media) {
        media.currentTime = spanOf(cue).start
        void media.play().catch(() => undefined)
      }
      return
    }
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      done()
      if (nudgeTimer.current) commit()
      focusCue(index + (event.key === 'ArrowUp' ? -1 : 1))
      return
    }
    const key = cueKey(event)
    if (!key) return
    done()
    const step = (mod ? 1 / rules.fps : NUDGE_SECONDS) * key.direction
    const list: CueSpan[] = cues.slice()
    list[index] = spanOf(cue)
    const span = dragCue(list, index, key.mode, step, limits(0))
    setDraft({ cueId: cue.id, ...span })
    setAnnounce(describe(index + 1, span))
    window.clearTimeout(nudgeTimer.current)
    nudgeTimer.current = window.setTimeout(commit, 500)
  }

  const tabStop = visible.some(({ cue }) => cue.id === focusId) ? focusId : visible[0]?.cue.id
  const keysId = `cue-lane-keys-${props.recordingId}`
  return (
    <>
      {!tooMany && (
        <div className="cue-tints" style={{ height: props.waveHeight }} aria-hidden="true">
          {visible.map(({ cue }) => {
            const span = spanOf(cue)
            return (
              <span
                key={cue.id}
                className={`cue-tint${problems.has(cue.id) ? ' cue-tint--problem' : ''}${draft?.cueId === cue.id ? ' is-dragging' : ''}`}
                style={{ left: x(span.start), width: Math.max(1, x(span.end) - x(span.start)) }}
              />
            )
          })}
        </div>
      )}
      <div
        ref={lane}
        className="cue-lane"
        role="group"
        aria-label={t('lane.label')}
        aria-describedby={keysId}
      >
        {tooMany && <p className="cue-lane__hint">{t('lane.zoomHint')}</p>}
        {!tooMany &&
          visible.map(({ cue, index }) => {
            const span = spanOf(cue)
            const left = x(span.start)
            // The interface language's text where the cue has one, else the other language's.
            const other = otherLanguage(language)
            const text = (cue.texts[language]?.text || cue.texts[other]?.text || '').replace(
              /\n/g,
              ' ',
            )
            const flagged = problems.has(cue.id)
            return (
              <div
                key={cue.id}
                data-cue-id={cue.id}
                className={`cue-region${flagged ? ' cue-region--problem' : ''}${draft?.cueId === cue.id ? ' is-dragging' : ''}`}
                style={{ left, width: Math.max(6, x(span.end) - left) }}
                tabIndex={cue.id === tabStop ? 0 : -1}
                role="group"
                aria-roledescription={t('lane.role')}
                aria-label={t('lane.cue', {
                  n: index + 1,
                  start: formatTime(span.start, true),
                  end: formatTime(span.end, true),
                  text,
                })}
                aria-describedby={keysId}
                aria-keyshortcuts="[ ] Shift+[ Shift+] ArrowLeft ArrowRight ArrowUp ArrowDown Enter"
                onFocus={() => setFocusId(cue.id)}
                onBlur={() => {
                  if (nudgeTimer.current) commit()
                }}
                onPointerDown={(event) => onPointerDown(event, cue, index)}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
                onPointerCancel={onPointerCancel}
                onKeyDown={(event) => onKeyDown(event, cue, index)}
              >
                <span className="cue-region__edge cue-region__edge--start" data-edge="start" />
                <span className="cue-region__text">
                  <span className="cue-region__n">{index + 1}</span> {text}
                </span>
                <span className="cue-region__edge cue-region__edge--end" data-edge="end" />
              </div>
            )
          })}
      </div>
      <p id={keysId} className="visually-hidden">
        {t('lane.keys')}
      </p>
      <span className="visually-hidden" role="status">
        {announce}
      </span>
      {props.error && (
        <p className="notice notice--error" role="alert">
          {errorLine(language, props.error)}
        </p>
      )}
    </>
  )
}

import { useCallback, useMemo, useRef, useState } from 'react'
import type { EditorSegment, EditorTranscript } from '../../shared/contract/index.ts'
import { FindReplace } from './FindReplace.tsx'
import { HelpPopover } from './HelpPopover.tsx'
import { ReviewerNameLink } from './ReviewerNameLink.tsx'
import { lastAtOrBefore, playFrom, resolveMedia, type MediaSource } from './media.ts'
import { usePlayhead } from './playhead.ts'
import { SegmentRow, type SegmentActions } from './SegmentRow.tsx'
import { SpeakersPanel } from './SpeakersPanel.tsx'
import type { TranscriptModel } from './useTranscript.ts'
import { useShortcuts } from './useShortcuts.ts'
import { VirtualList, type VirtualListHandle } from './VirtualList.tsx'
import { useReviewerName } from '../settings/reviewer.ts'
import { useEditorT } from './useEditorT.ts'
import { ToolbarCheck } from './ToolbarCheck.tsx'
import { PanelToggle } from './PanelToggle.tsx'
import { UndoButtons } from './UndoButtons.tsx'

const segmentKey = (segment: EditorSegment) => segment.id

/** The word index the cursor is at: the word it is in or just before starts the second part. */
export function wordIndexAt(text: string, caret: number): number {
  const before = text.slice(0, caret)
  let n = before.split(/\s+/u).filter(Boolean).length
  const next = text[caret]
  if (n > 0 && !/\s$/u.test(before) && next !== undefined && !/\s/u.test(next)) n -= 1
  return n
}

interface Props {
  transcript: EditorTranscript
  model: TranscriptModel
  media: MediaSource
}

export function TranscriptPanel({ transcript, model, media }: Props) {
  const { t } = useEditorT()
  const root = useRef<HTMLDivElement | null>(null)
  const list = useRef<VirtualListHandle | null>(null)
  const [editing, setEditing] = useState<number | null>(null)
  const [panel, setPanel] = useState<'none' | 'find' | 'speakers' | 'help'>('none')
  const [follow, setFollow] = useState(true)
  const [rate, setRate] = useState(1)
  const reviewer = useReviewerName()
  const [needName, setNeedName] = useState(false)
  const { segments, speakers } = transcript
  const { send, flush, editText } = model

  const onSegment = useCallback(
    (index: number) => {
      const element = resolveMedia(media)
      if (!follow || index < 0 || !element || element.paused || editing !== null) return
      const row = root.current?.querySelector(`.vlist__row[data-index="${index}"]`)
      const box = root.current?.querySelector('.vlist')?.getBoundingClientRect()
      const rowBox = row?.getBoundingClientRect()
      if (!rowBox || !box || rowBox.top < box.top || rowBox.bottom > box.bottom)
        list.current?.scrollToIndex(index, 'center')
    },
    [media, follow, editing],
  )
  const { current } = usePlayhead(media, segments, root, onSegment)

  const goToSegment = useCallback(
    (step: number) => {
      const element = resolveMedia(media)
      // From where the media is now: the playhead's record lags a seek made a moment ago.
      // (A millisecond of slack: a time set to a segment's start can read back a hair before it.)
      const here = element
        ? lastAtOrBefore(
            segments.map((s) => s.start),
            element.currentTime + 1e-3,
          )
        : current.current.segment
      const target = Math.min(segments.length - 1, Math.max(0, here + step))
      const segment = segments[target]
      if (!segment) return
      if (element) element.currentTime = segment.start
      list.current?.scrollToIndex(target, 'center')
    },
    [segments, current, media],
  )

  useShortcuts(media, root, {
    undo: () => {
      setEditing(null)
      void model.undo()
    },
    redo: () => {
      setEditing(null)
      void model.redo()
    },
    previousSegment: () => goToSegment(-1),
    nextSegment: () => goToSegment(1),
    rateChanged: setRate,
  })

  const actions: SegmentActions = useMemo(
    () => ({
      seek: (time) => playFrom(resolveMedia(media), time),
      startEdit: (id) => setEditing(id),
      endEdit: (id) => {
        void flush(id)
        setEditing((was) => (was === id ? null : was))
      },
      editText,
      split: (id, text, caret) => {
        void flush(id).then(() => {
          const index = wordIndexAt(text, caret)
          const words = text.split(/\s+/u).filter(Boolean).length
          if (index < 1 || index >= words) return
          setEditing(null)
          void send('editor.split', { segmentId: id, wordIndex: index })
        })
      },
      merge: (id) => {
        setEditing(null)
        void flush().then(() => send('editor.merge', { segmentId: id }))
      },
      setSpeaker: (id, speakerId) => void send('editor.setSpeaker', { segmentId: id, speakerId }),
      moveWords: (id, from, to, speakerId) =>
        void flush(id).then(() => send('editor.moveWords', { segmentId: id, from, to, speakerId })),
      toggleReview: (segment: EditorSegment) => {
        if (segment.review === 'verified') {
          void send('editor.review', { segmentIds: [segment.id], review: 'machine' })
        } else if (reviewer.trim() === '') {
          setNeedName(true)
        } else {
          void send('editor.review', {
            segmentIds: [segment.id],
            review: 'verified',
            reviewedBy: reviewer.trim(),
          })
        }
      },
    }),
    [media, flush, editText, send, reviewer],
  )

  const verified = segments.filter((segment) => segment.review === 'verified').length
  const saveText =
    model.save.status === 'saving'
      ? t('save.saving')
      : model.save.status === 'saved'
        ? t('save.saved')
        : model.save.status === 'failed'
          ? t('save.failed', { message: model.save.message })
          : ''
  const toggle = (which: typeof panel) => setPanel((was) => (was === which ? 'none' : which))

  return (
    <div className="transcript" ref={root}>
      <div className="editor-toolbar" role="toolbar" aria-label={t('tabs.transcript')}>
        <UndoButtons
          depth={model.depth}
          onUndo={(redo) => void (redo ? model.redo() : model.undo())}
        />
        <PanelToggle
          label={t('toolbar.find')}
          open={panel === 'find'}
          onToggle={() => toggle('find')}
        />
        <PanelToggle
          label={t('toolbar.speakers')}
          open={panel === 'speakers'}
          onToggle={() => toggle('speakers')}
        />
        <PanelToggle
          label={t('toolbar.help')}
          icon="?"
          open={panel === 'help'}
          onToggle={() => toggle('help')}
        />
        <ToolbarCheck label={t('toolbar.follow')} checked={follow} onChange={setFollow} />
        {rate !== 1 && (
          <span className="editor-toolbar__rate">{t('rate.label', { rate: rate.toFixed(1) })}</span>
        )}
        <span className="editor-save" role="status">
          {saveText}
        </span>
      </div>
      <div className="editor-review">
        {segments.length > 0 && (
          <div className="editor-review__meter">
            <span>{t('review.meter', { done: verified, total: segments.length })}</span>
            <meter
              min={0}
              max={Math.max(1, segments.length)}
              value={verified}
              aria-label={t('review.meter', { done: verified, total: segments.length })}
            />
          </div>
        )}
        {needName && (
          <p className="notice" role="alert">
            {t('review.needName')} <ReviewerNameLink />
          </p>
        )}
      </div>
      {panel === 'help' && <HelpPopover onClose={() => setPanel('none')} />}
      {panel === 'find' && <FindReplace transcript={transcript} model={model} />}
      {panel === 'speakers' && (
        <SpeakersPanel transcript={transcript} model={model} media={media} />
      )}
      {segments.length === 0 && (
        // Not "0 of 0": why a transcript can come out empty, and what to try.
        <div className="notice transcript__empty" role="status">
          <p>
            <strong>{t('empty.none.title')}</strong>
          </p>
          <p>{t(transcript.origin === 'whisper' ? 'empty.none.whisper' : 'empty.none.imported')}</p>
        </div>
      )}
      <VirtualList
        items={segments}
        itemKey={segmentKey}
        estimate={112}
        label={t('tabs.transcript')}
        className="transcript__list"
        handle={list}
        renderItem={(segment, k) => (
          <SegmentRow
            segment={segment}
            speakers={speakers}
            editing={editing === segment.id}
            origin={transcript.origin}
            isLast={k === segments.length - 1}
            turnStart={k > 0 && segments[k - 1]?.speakerId !== segment.speakerId}
            actions={actions}
          />
        )}
      />
    </div>
  )
}

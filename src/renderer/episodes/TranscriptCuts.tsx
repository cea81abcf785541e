import { useEffect, useMemo, useState, type KeyboardEvent } from 'react'
import type { ApiError, Episode, EpisodeTranscript } from '../../shared/contract/index.ts'
import { speakerLabel } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { formatDuration } from '../ui/format.ts'
import {
  cutRuns,
  cutsUnder,
  flatWords,
  ordered,
  sentenceOf,
  spanOf,
  type FlatWord,
} from './cut-view.ts'
import type { SectionTranslate } from '../../shared/i18n/sections.ts'
import { clockText } from './time.ts'
import type { CutHistory } from './useCuts.ts'

interface Selection {
  clip: number
  anchor: number
  focus: number
}

/** The episode's transcript, loaded again whenever its clips or cuts change. */
function useEpisodeTranscript(episode: Episode) {
  const client = useClient()
  const [view, setView] = useState<EpisodeTranscript | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const key = JSON.stringify([episode.clips, episode.cuts])
  useEffect(() => {
    let live = true
    void client.call('episodes.transcript', { id: episode.id }).then((result) => {
      if (!live) return
      if (result.ok) {
        setView(result.value)
        setError(null)
      } else setError(result.error)
    })
    return () => {
      live = false
    }
  }, [client, episode.id, key])
  return { view, error }
}

const wordId = (clip: number, index: number) => `cut-word-${clip}-${index}`

/**
 * Cuts made in the transcript (decision 0050): each clip's words, with its speakers; select words and
 * press Delete (or Cut) to take them out of every export. Cut words stay, struck through: a click
 * on one restores its cut, Enter restores the selection, Ctrl+Z undoes. One tab stop per clip;
 * the arrow keys move through the words.
 */
export function TranscriptCuts({
  episode,
  history,
  titleOf,
  strings,
}: {
  episode: Episode
  history: CutHistory
  titleOf: (recordingId: string) => string
  strings: SectionTranslate<'cuts'>
}) {
  const { errorText, language } = useT()
  const { view, error } = useEpisodeTranscript(episode)
  const [selection, setSelection] = useState<Selection | null>(null)
  const [message, setMessage] = useState('')
  const clips = useMemo(() => (view ? view.clips.map(flatWords) : []), [view])
  // Each clip's words by sentence, grouped once: an hour has thousands of words.
  const sentences = useMemo(
    () =>
      clips.map((words) => {
        const groups: FlatWord[][] = []
        for (const word of words) (groups[word.segment] ??= []).push(word)
        return groups
      }),
    [clips],
  )

  const selected = (() => {
    if (!selection) return null
    const words = clips[selection.clip]
    const clip = view?.clips[selection.clip]
    if (!words || !clip) return null
    const [first, last] = ordered(selection.anchor, selection.focus)
    return { words: words.slice(first, last + 1), all: words, first, last, clip }
  })()

  useEffect(() => {
    if (selection)
      document
        .getElementById(wordId(selection.clip, selection.focus))
        ?.scrollIntoView?.({ block: 'nearest' })
  }, [selection])

  const cut = async () => {
    if (!selected) return
    const span = spanOf(selected.clip.recordingId, selected.all, selected.first, selected.last)
    if (!span) return
    if (await history.apply({ kind: 'cut', spans: [span], cutKind: 'edit' }))
      setMessage(strings('didCut', { count: selected.words.length }))
  }
  const restore = async (clipIndex: number, first: number, last: number) => {
    const clip = view?.clips[clipIndex]
    const words = clips[clipIndex]
    if (!clip || !words) return
    const span = spanOf(clip.recordingId, words, first, last)
    if (span && (await history.apply({ kind: 'restore', spans: [span] })))
      setMessage(strings('didRestore'))
  }
  /** A click on a struck word gives back the whole cut it belongs to. */
  const restoreRun = async (clipIndex: number, index: number) => {
    const clip = view?.clips[clipIndex]
    const words = clips[clipIndex]
    const run = words && cutRuns(words).find(([a, b]) => index >= a && index <= b)
    if (!clip || !words || !run) return
    const spans = cutsUnder(episode.cuts, clip.recordingId, words.slice(run[0], run[1] + 1))
    if (spans.length > 0 && (await history.apply({ kind: 'restore', spans })))
      setMessage(strings('didRestore'))
  }
  const undo = async () => {
    if (await history.undo()) setMessage(strings('didUndo'))
  }
  const redo = async () => {
    if (await history.redo()) setMessage(strings('didRedo'))
  }

  const onKeyDown = (clipIndex: number, words: readonly FlatWord[]) => (event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey
    if (mod && event.key.toLowerCase() === 'z') {
      event.preventDefault()
      void (event.shiftKey ? redo() : undo())
      return
    }
    if (mod && event.key.toLowerCase() === 'y') {
      event.preventDefault()
      void redo()
      return
    }
    const current = selection?.clip === clipIndex ? selection : null
    const focus = current?.focus ?? 0
    const move = (to: number) => {
      const target = Math.max(0, Math.min(words.length - 1, to))
      setSelection({
        clip: clipIndex,
        anchor: event.shiftKey && current ? current.anchor : target,
        focus: target,
      })
    }
    const [first, last] = sentenceOf(words, focus)
    switch (event.key) {
      case 'ArrowRight':
        move(current ? focus + 1 : 0)
        break
      case 'ArrowLeft':
        move(current ? focus - 1 : 0)
        break
      case 'ArrowDown':
        move(last + 1)
        break
      case 'ArrowUp':
        move(first > 0 ? sentenceOf(words, first - 1)[0] : 0)
        break
      case 'Home':
        move(first)
        break
      case 'End':
        move(last)
        break
      case 'Delete':
      case 'Backspace':
        void cut()
        break
      case 'Enter':
        if (selected) void restore(clipIndex, selected.first, selected.last)
        break
      case 'Escape':
        if (current) setSelection({ ...current, anchor: current.focus })
        break
      default:
        return
    }
    event.preventDefault()
  }

  const isSelected = (clip: number, index: number) =>
    selected !== null &&
    selection?.clip === clip &&
    index >= selected.first &&
    index <= selected.last

  return (
    <section className="panel cuts" aria-labelledby="cuts-heading">
      <div className="section-header">
        <h2 id="cuts-heading">{strings('heading')}</h2>
      </div>
      <p className="hint">{strings('help')}</p>
      <div className="cuts__toolbar" role="toolbar" aria-label={strings('heading')}>
        <button
          type="button"
          className="button button--small"
          disabled={!selected || history.busy}
          onClick={() => void cut()}
        >
          {strings('cut')}
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={!selected || !selected.words.some((w) => w.cut) || history.busy}
          onClick={() =>
            selected && void restore(selection?.clip ?? 0, selected.first, selected.last)
          }
        >
          {strings('restore')}
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={!history.canUndo || history.busy}
          onClick={() => void undo()}
        >
          {strings('undo')}
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={!history.canRedo || history.busy}
          onClick={() => void redo()}
        >
          {strings('redo')}
        </button>
        <span className="cuts__selection hint">
          {selected
            ? strings('selected', { count: selected.words.length })
            : strings('nothingSelected')}
        </span>
        {view && (
          <span className="hint cuts__heard">
            {strings('heard', { length: formatDuration(view.duration) })}
          </span>
        )}
      </div>
      <p className="cuts__status" role="status" aria-live="polite">
        {history.error ? `${strings('failed')} ${errorText(history.error).text}` : message}
      </p>
      {error && (
        <p className="notice notice--error" role="alert">
          {errorText(error).text}
        </p>
      )}
      {!view && !error && (
        <p className="muted" role="status">
          {strings('loading')}
        </p>
      )}
      {view?.clips.map((clip, clipIndex) => {
        const words = clips[clipIndex] ?? []
        const n = clipIndex + 1
        const active =
          selection?.clip === clipIndex ? wordId(clipIndex, selection.focus) : undefined
        return (
          <div key={clipIndex} className="cuts__clip">
            <h3 className="cuts__clip-title">
              {strings('clip', {
                n,
                title: titleOf(clip.recordingId),
                from: clockText(clip.start),
                to: clockText(clip.end),
              })}
            </h3>
            {words.length === 0 ? (
              <p className="hint">{strings('noTranscript')}</p>
            ) : (
              <div
                className="cuts__transcript"
                role="listbox"
                aria-multiselectable="true"
                aria-label={strings('transcriptOf', { n })}
                aria-activedescendant={active}
                tabIndex={0}
                lang={clip.track ?? undefined}
                onFocus={() => {
                  if (selection?.clip !== clipIndex)
                    setSelection({ clip: clipIndex, anchor: 0, focus: 0 })
                }}
                onKeyDown={onKeyDown(clipIndex, words)}
              >
                {clip.segments.map((segment, s) => (
                  <div
                    key={s}
                    className="cuts__segment"
                    role="group"
                    aria-label={
                      segment.speaker
                        ? speakerLabel(language, segment.speaker)
                        : strings('unknownSpeaker')
                    }
                    lang={segment.language}
                  >
                    <span className="cuts__speaker" aria-hidden="true">
                      {segment.speaker
                        ? speakerLabel(language, segment.speaker)
                        : strings('unknownSpeaker')}
                    </span>
                    {(sentences[clipIndex]?.[s] ?? []).map((word) => (
                      <span
                        key={word.index}
                        id={wordId(clipIndex, word.index)}
                        role="option"
                        aria-selected={isSelected(clipIndex, word.index)}
                        className={[
                          'cuts__word',
                          word.cut ? `cuts__word--cut cuts__word--${word.cut}` : '',
                          isSelected(clipIndex, word.index) ? 'cuts__word--selected' : '',
                          active === wordId(clipIndex, word.index) ? 'cuts__word--active' : '',
                        ].join(' ')}
                        onMouseDown={(event) => {
                          event.preventDefault()
                          ;(
                            event.currentTarget.closest('[role="listbox"]') as HTMLElement | null
                          )?.focus()
                          if (word.cut && !event.shiftKey) {
                            setSelection({
                              clip: clipIndex,
                              anchor: word.index,
                              focus: word.index,
                            })
                            void restoreRun(clipIndex, word.index)
                            return
                          }
                          setSelection((current) => ({
                            clip: clipIndex,
                            anchor:
                              event.shiftKey && current?.clip === clipIndex
                                ? current.anchor
                                : word.index,
                            focus: word.index,
                          }))
                        }}
                        onDoubleClick={() => {
                          const [first, last] = sentenceOf(words, word.index)
                          setSelection({ clip: clipIndex, anchor: first, focus: last })
                        }}
                      >
                        {word.cut ? <del>{word.text}</del> : word.text}
                      </span>
                    ))}
                  </div>
                ))}
              </div>
            )}
          </div>
        )
      })}
    </section>
  )
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Peaks } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { CueStore, useCueStore } from '../editor/cue-store.ts'
import { useEditorT } from '../editor/useEditorT.ts'
import { useT } from '../i18n/useT.ts'
import { formatClock } from '../ui/format.ts'
import { CueOverlay } from './CueLane.tsx'
import {
  followView,
  MIN_VIEW_SECONDS,
  seekTarget,
  viewColumns,
  zoomView,
  type WaveView,
} from './waveform.ts'
import './waveform-cues.css'

interface Props {
  recordingId: string
  media: HTMLMediaElement | null
  duration: number
}

const height = 96

function cssColor(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback
}

/**
 * The recording's waveform on a canvas, with the playhead. A click, or the arrow keys on the
 * focused waveform (a slider, to assistive technology), moves the player. Zoom buttons show a
 * stretch of it, following the playhead. Under it, the subtitle cues, which can be dragged
 * (CueLane.tsx).
 */
export function Waveform({ recordingId, media, duration }: Props) {
  const { t } = useT()
  const { t: editorT } = useEditorT()
  const client = useClient()
  const [cueState, store] = useCueStore(client, recordingId)
  const [peaks, setPeaks] = useState<Peaks | null | 'missing'>(null)
  const [width, setWidth] = useState(0)
  const whole = Math.max(duration, 0.001)
  const [view, setView] = useState<WaveView>({ start: 0, span: whole })
  const box = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const readout = useRef<HTMLSpanElement>(null)
  const zoomed = view.span < whole - 1e-6

  useEffect(() => {
    let live = true
    void client.call('library.peaks', { id: recordingId }).then((result) => {
      if (live) setPeaks(result.ok ? result.value : 'missing')
    })
    return () => {
      live = false
    }
  }, [client, recordingId])

  useEffect(() => {
    const element = box.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width))
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  const columns = useMemo(
    () =>
      peaks && peaks !== 'missing' && width > 0
        ? viewColumns(peaks.peaks, peaks.bucketsPerSecond, view, width)
        : null,
    [peaks, width, view],
  )

  useEffect(() => {
    const target = canvas.current
    const context = target?.getContext('2d')
    if (!target || !context || !columns) return
    const ratio = window.devicePixelRatio || 1
    target.width = width * ratio
    target.height = height * ratio
    const played = cssColor(target, '--wave-played', '#2f6f6a')
    const rest = cssColor(target, '--wave-rest', '#a9bdbb')
    const head = cssColor(target, '--wave-head', '#c2410c')
    let loudest = 0.05
    for (const value of columns) loudest = Math.max(loudest, Math.abs(value))
    let frame = 0

    const draw = () => {
      const time = media?.currentTime ?? 0
      // A zoomed view pages along with the playhead.
      const shown = followView(view, whole, time)
      if (shown !== view) {
        setView(shown)
        return
      }
      const headX = view.span > 0 ? ((time - view.start) / view.span) * width : 0
      const mid = (height * ratio) / 2
      // Quiet recordings are drawn to the full height: the shape matters here, not the level.
      const scale = (mid * 0.95) / loudest
      context.clearRect(0, 0, target.width, target.height)
      for (let x = 0; x < width; x += 1) {
        const min = columns[2 * x] ?? 0
        const max = columns[2 * x + 1] ?? 0
        const top = mid - max * scale
        const bottom = mid - min * scale
        context.fillStyle = x < headX ? played : rest
        context.fillRect(x * ratio, top, Math.max(1, ratio - 0.5), Math.max(ratio, bottom - top))
      }
      context.fillStyle = head
      context.fillRect(Math.round(headX * ratio) - ratio, 0, 2 * ratio, target.height)
      const slider = box.current
      if (slider) {
        slider.setAttribute('aria-valuenow', String(Math.round(time)))
        const text = t('player.time', { current: formatClock(time), total: formatClock(duration) })
        slider.setAttribute('aria-valuetext', text)
        if (readout.current) readout.current.textContent = text
      }
    }
    const loop = () => {
      draw()
      frame = media && !media.paused ? requestAnimationFrame(loop) : 0
    }
    const start = () => {
      if (!frame) frame = requestAnimationFrame(loop)
    }
    draw()
    const events = ['play', 'seeked', 'timeupdate', 'loadedmetadata'] as const
    media?.addEventListener('play', start)
    for (const name of events.slice(1)) media?.addEventListener(name, draw)
    if (media && !media.paused) start()
    return () => {
      cancelAnimationFrame(frame)
      media?.removeEventListener('play', start)
      for (const name of events.slice(1)) media?.removeEventListener(name, draw)
    }
  }, [columns, width, media, duration, whole, t, view])

  const seek = (time: number) => {
    if (media) media.currentTime = time
  }
  const zoom = (factor: number) =>
    setView((was) => zoomView(was, whole, factor, media?.currentTime ?? was.start + was.span / 2))
  const reveal = useCallback(
    (time: number) => setView((was) => followView(was, whole, time)),
    [whole],
  )
  const problems = useMemo(() => CueStore.problemsByCue(cueState.checks), [cueState.checks])
  const cues = cueState.subtitles?.cues ?? []
  const error = cueState.error?.place === 'waveform' ? cueState.error.error : null

  return (
    <div className="waveform">
      <div className="waveform__stage">
        <div
          ref={box}
          className="waveform__box"
          role="slider"
          tabIndex={0}
          aria-label={t('player.waveform')}
          aria-valuemin={0}
          aria-valuemax={Math.round(duration)}
          onClick={(event) => {
            const rect = event.currentTarget.getBoundingClientRect()
            if (rect.width <= 0) return
            const at = view.start + ((event.clientX - rect.left) / rect.width) * view.span
            seek(Math.min(duration, Math.max(0, at)))
          }}
          onKeyDown={(event) => {
            const target = seekTarget(event.key, media?.currentTime ?? 0, duration, event.shiftKey)
            if (target === null) return
            event.preventDefault()
            seek(target)
          }}
        >
          <canvas ref={canvas} className="waveform__canvas" style={{ height }} aria-hidden="true" />
          {peaks === null && <p className="waveform__message">{t('player.waveformLoading')}</p>}
          {peaks === 'missing' && (
            <p className="waveform__message">{t('player.waveformMissing')}</p>
          )}
        </div>
        {cues.length > 0 && cueState.subtitles && width > 0 && (
          <CueOverlay
            recordingId={recordingId}
            cues={cues}
            rules={cueState.subtitles.rules}
            view={view}
            width={width}
            waveHeight={height}
            duration={duration}
            media={media}
            store={store}
            problems={problems}
            error={error}
            reveal={reveal}
          />
        )}
      </div>
      <div className="waveform__bar">
        <span className="waveform__zoom">
          <button
            type="button"
            className="button button--small button--icon"
            aria-label={editorT('wave.zoomOut')}
            title={editorT('wave.zoomOut')}
            disabled={!zoomed}
            onClick={() => zoom(2)}
          >
            −
          </button>
          <button
            type="button"
            className="button button--small button--icon"
            aria-label={editorT('wave.zoomIn')}
            title={editorT('wave.zoomIn')}
            disabled={view.span <= Math.min(MIN_VIEW_SECONDS, whole) + 1e-6}
            onClick={() => zoom(0.5)}
          >
            +
          </button>
          {zoomed && (
            <>
              <button
                type="button"
                className="button button--small"
                onClick={() => setView({ start: 0, span: whole })}
              >
                {editorT('wave.zoomAll')}
              </button>
              <span className="waveform__view">
                {editorT('wave.view', {
                  from: formatClock(view.start),
                  to: formatClock(view.start + view.span),
                })}
              </span>
            </>
          )}
        </span>
        <span ref={readout} className="waveform__readout" aria-hidden="true" />
      </div>
    </div>
  )
}

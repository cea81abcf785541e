import { useEffect, useMemo, useRef, useState } from 'react'
import type { Peaks } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { formatClock } from '../ui/format.ts'
import { seekTarget, timeAtX, waveformColumns } from './waveform.ts'

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
 * focused waveform (a slider, to assistive technology), moves the player.
 */
export function Waveform({ recordingId, media, duration }: Props) {
  const { t } = useT()
  const client = useClient()
  const [peaks, setPeaks] = useState<Peaks | null | 'missing'>(null)
  const [width, setWidth] = useState(0)
  const box = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const readout = useRef<HTMLSpanElement>(null)

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
    () => (peaks && peaks !== 'missing' && width > 0 ? waveformColumns(peaks.peaks, width) : null),
    [peaks, width],
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
      const headX = duration > 0 ? (time / duration) * width : 0
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
  }, [columns, width, media, duration, t])

  const seek = (time: number) => {
    if (media) media.currentTime = time
  }

  return (
    <div className="waveform">
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
          seek(timeAtX(event.clientX - rect.left, rect.width, duration))
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
        {peaks === 'missing' && <p className="waveform__message">{t('player.waveformMissing')}</p>}
      </div>
      <span ref={readout} className="waveform__readout" aria-hidden="true" />
    </div>
  )
}

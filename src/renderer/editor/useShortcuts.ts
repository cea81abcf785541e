import { useEffect, useRef } from 'react'
import { resolveMedia, type MediaSource } from './media.ts'
import { useUndoKeys } from './undo-keys.ts'

export interface ShortcutActions {
  undo(): void
  redo(): void
  previousSegment(): void
  nextSegment(): void
  rateChanged(rate: number): void
}

/** Seconds Alt+←/→ move; the step of Alt+↑/↓ and its bounds, as transcription pedals offer. */
const SKIP_SECONDS = 5
const RATE_STEP = 0.1
const RATE_MIN = 0.5
const RATE_MAX = 2

export function togglePlay(media: HTMLMediaElement | null): void {
  if (!media) return
  if (media.paused) void media.play().catch(() => undefined)
  else media.pause()
}

/**
 * The transcriber's keys, which work while typing in a segment: Ctrl/Cmd+Space (or Esc, then
 * Space) plays and pauses; Alt+←/→ skip; Alt+↑/↓ change speed; Alt+PageUp/PageDown go by
 * segment. Undo and redo act only when the focus is in the editor (or nowhere), so the page's
 * other fields keep their own.
 */
export function useShortcuts(
  media: MediaSource,
  root: { current: HTMLElement | null },
  actions: ShortcutActions,
) {
  const latest = useRef(actions)
  useEffect(() => {
    latest.current = actions
  })
  useEffect(() => {
    let escapeAt = 0
    const onKey = (event: KeyboardEvent) => {
      const element = resolveMedia(media)
      const mod = event.ctrlKey || event.metaKey
      const space = event.code === 'Space' || event.key === ' '
      const done = () => {
        event.preventDefault()
        event.stopPropagation()
      }
      if (event.key === 'Escape') {
        escapeAt = event.timeStamp
        return
      }
      if (space && !mod && !event.altKey && escapeAt > 0 && event.timeStamp - escapeAt < 1500) {
        escapeAt = 0
        done()
        togglePlay(element)
        return
      }
      escapeAt = 0
      if (mod && space) {
        done()
        togglePlay(element)
      } else if (event.altKey && !mod && element) {
        if (event.key === 'ArrowLeft')
          element.currentTime = Math.max(0, element.currentTime - SKIP_SECONDS)
        else if (event.key === 'ArrowRight')
          element.currentTime = Math.min(
            element.duration || Infinity,
            element.currentTime + SKIP_SECONDS,
          )
        else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
          const step = event.key === 'ArrowUp' ? RATE_STEP : -RATE_STEP
          const rate =
            Math.round(Math.min(RATE_MAX, Math.max(RATE_MIN, element.playbackRate + step)) * 10) /
            10
          element.playbackRate = rate
          latest.current.rateChanged(rate)
        } else if (event.key === 'PageUp') latest.current.previousSegment()
        else if (event.key === 'PageDown') latest.current.nextSegment()
        else return
        done()
      }
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [media, root])
  useUndoKeys(root, (which) => (which === 'redo' ? latest.current.redo() : latest.current.undo()), {
    orNowhere: true,
  })
}

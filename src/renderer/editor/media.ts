import { useEffect, useRef } from 'react'

/** The page's media element, as an element, a ref to one, or nothing (then: the page's player). */
export type MediaSource =
  HTMLMediaElement | null | undefined | { readonly current: HTMLMediaElement | null }

export function resolveMedia(media: MediaSource): HTMLMediaElement | null {
  if (media instanceof HTMLMediaElement) return media
  if (media && 'current' in media) return media.current
  // Mounted without one: the recording page's own player.
  return document.querySelector<HTMLMediaElement>('.player__media, audio, video')
}

/** Seeks, and plays from there: what clicking a word does. */
export function playFrom(media: HTMLMediaElement | null, time: number): void {
  if (!media) return
  media.currentTime = time
  void media.play().catch(() => undefined)
}

/** The index of the last start ≤ t in a sorted list; -1 when t is before them all. */
export function lastAtOrBefore(starts: ArrayLike<number>, t: number): number {
  let lo = 0
  let hi = starts.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if ((starts[mid] ?? Infinity) <= t) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/**
 * Calls `onFrame(currentTime)` on each animation frame in which the media's time moved.
 * The callback is kept in a ref so the loop is started once.
 */
export function useMediaClock(media: MediaSource, onFrame: (time: number) => void): void {
  const callback = useRef(onFrame)
  useEffect(() => {
    callback.current = onFrame
  })
  useEffect(() => {
    let frame = 0
    let last = NaN
    const tick = () => {
      const element = resolveMedia(media)
      const time = element ? element.currentTime : NaN
      if (!Number.isNaN(time) && time !== last) {
        last = time
        callback.current(time)
      }
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(frame)
  }, [media])
}

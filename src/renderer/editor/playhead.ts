import { useMemo, useRef } from 'react'
import type { EditorSegment } from '../../shared/contract/index.ts'
import { lastAtOrBefore, useMediaClock, type MediaSource } from './media.ts'

/** Every word of the track in time order, for a binary search by time. */
export function wordIndex(segments: readonly EditorSegment[]) {
  const count = segments.reduce((sum, segment) => sum + segment.words.length, 0)
  const starts = new Float64Array(count)
  const keys: string[] = new Array<string>(count)
  const segmentOf = new Int32Array(count)
  let n = 0
  const entries: Array<[number, string, number]> = []
  segments.forEach((segment, s) =>
    segment.words.forEach((word, k) => entries.push([word.start, `${segment.id}:${k}`, s])),
  )
  // Segments are in time order and words within them; a stable sort mends any overlap.
  entries.sort((a, b) => a[0] - b[0])
  for (const [start, key, s] of entries) {
    starts[n] = start
    keys[n] = key
    segmentOf[n] = s
    n += 1
  }
  const segmentStarts = Float64Array.from(segments.map((segment) => segment.start))
  return { starts, keys, segmentOf, segmentStarts }
}

/**
 * Highlights the word being spoken, on each animation frame, by class on the word's span (no
 * React render per frame). Returns a ref holding the current segment's index.
 */
export function usePlayhead(
  media: MediaSource,
  segments: readonly EditorSegment[],
  root: { current: HTMLElement | null },
  onSegment: (index: number) => void,
) {
  const index = useMemo(() => wordIndex(segments), [segments])
  const current = useRef({ word: '', segment: -1 })
  useMediaClock(media, (time) => {
    const at = lastAtOrBefore(index.starts, time)
    const key = at >= 0 ? (index.keys[at] ?? '') : ''
    const container = root.current
    if (!container) return
    const shown = container.querySelector('.w.is-current')
    const wanted = key ? container.querySelector(`[data-word="${key}"]`) : null
    if (shown !== wanted) {
      shown?.classList.remove('is-current')
      wanted?.classList.add('is-current')
    }
    current.current.word = key
    const segment = Math.max(
      at >= 0 ? (index.segmentOf[at] ?? -1) : -1,
      lastAtOrBefore(index.segmentStarts, time),
    )
    if (segment !== current.current.segment) {
      current.current.segment = segment
      onSegment(segment)
    }
  })
  return { current, index }
}

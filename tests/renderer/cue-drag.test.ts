import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  cueBounds,
  cueKey,
  cuesInView,
  dragCue,
  type CueSpan,
  type DragLimits,
} from '../../src/renderer/recording/cue-drag.ts'
import { followView, viewColumns, zoomView } from '../../src/renderer/recording/waveform.ts'

/** The Netflix defaults (docs/decisions/0030-subtitle-rules.md): 2 frames at 24 fps, 5/6 s. */
const limits: DragLimits = { minGap: 2 / 24, minDuration: 5 / 6, duration: 60, snap: 0 }
const cues: CueSpan[] = [
  { start: 1, end: 3 },
  { start: 4, end: 6 },
  { start: 8, end: 10 },
]

describe('dragging a cue on the waveform', () => {
  it('stops an edge two frames from the neighbour, rounded to the millisecond away from it', () => {
    expect(dragCue(cues, 1, 'end', 10, limits)).toEqual({ start: 4, end: 7.916 })
    expect(dragCue(cues, 1, 'start', -10, limits)).toEqual({ start: 3.084, end: 6 })
    expect(dragCue(cues, 0, 'start', -10, limits)).toEqual({ start: 0, end: 3 })
    expect(dragCue(cues, 2, 'end', 100, limits)).toEqual({ start: 8, end: 60 })
  })

  it('never makes a cue shorter than the minimum duration', () => {
    expect(dragCue(cues, 1, 'end', -5, limits)).toEqual({ start: 4, end: 4.834 })
    expect(dragCue(cues, 1, 'start', 5, limits)).toEqual({ start: 5.166, end: 6 })
  })

  it('lets a cue already shorter than the minimum grow, never shrink', () => {
    const short = [{ start: 1, end: 1.5 }]
    expect(dragCue(short, 0, 'end', -0.3, limits)).toEqual({ start: 1, end: 1.5 })
    expect(dragCue(short, 0, 'end', 0.2, limits)).toEqual({ start: 1, end: 1.7 })
  })

  it('moves a whole cue keeping its length, between its neighbours', () => {
    expect(dragCue(cues, 1, 'move', 0.5, limits)).toEqual({ start: 4.5, end: 6.5 })
    expect(dragCue(cues, 1, 'move', 5, limits)).toEqual({ start: 5.916, end: 7.916 })
    expect(dragCue(cues, 1, 'move', -5, limits)).toEqual({ start: 3.084, end: 5.084 })
  })

  it('snaps an edge to the playhead and to the gap limit when near them, not otherwise', () => {
    const snapping = { ...limits, snap: 0.1, targets: [6.7] }
    expect(dragCue(cues, 1, 'end', 0.75, snapping)).toEqual({ start: 4, end: 6.7 })
    expect(dragCue(cues, 1, 'end', 0.5, snapping)).toEqual({ start: 4, end: 6.5 })
    expect(dragCue(cues, 1, 'end', 1.85, snapping)).toEqual({ start: 4, end: 7.916 })
    expect(dragCue(cues, 1, 'move', 0.65, snapping)).toEqual({ start: 4.7, end: 6.7 })
  })

  it('lets a cue that already overlaps its neighbour (an imported file) stay, but go no further in', () => {
    const overlapping = [
      { start: 1, end: 4.5 },
      { start: 4, end: 6 },
    ]
    expect(cueBounds(overlapping, 1, limits)).toEqual({ lo: 4, hi: 60 })
    expect(dragCue(overlapping, 1, 'start', -1, limits)).toEqual({ start: 4, end: 6 })
    expect(dragCue(overlapping, 1, 'start', 1, limits)).toEqual({ start: 5, end: 6 })
  })

  it('keeps every rule whatever the drag (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('start' as const, 'end' as const, 'move' as const),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (index, mode, delta, snap, playhead) => {
          const moved = dragCue(cues, index, mode, delta, { ...limits, snap, targets: [playhead] })
          const previous = cues[index - 1]
          const next = cues[index + 1]
          if (previous) expect(moved.start - previous.end).toBeGreaterThanOrEqual(2 / 24)
          if (next) expect(next.start - moved.end).toBeGreaterThanOrEqual(2 / 24)
          expect(moved.end - moved.start).toBeGreaterThanOrEqual(5 / 6 - 1e-9)
          expect(moved.start).toBeGreaterThanOrEqual(0)
          expect(moved.end).toBeLessThanOrEqual(60)
          for (const time of [moved.start, moved.end])
            expect(Math.abs(time * 1000 - Math.round(time * 1000))).toBeLessThan(1e-6)
        },
      ),
    )
  })
})

describe('the keys of a focused cue', () => {
  const key = (key: string, code: string, shiftKey = false) => cueKey({ key, code, shiftKey })
  it('lengthen with [ and ], shorten with Shift, move with the arrows', () => {
    expect(key('[', 'BracketLeft')).toEqual({ mode: 'start', direction: -1 })
    expect(key('{', 'BracketLeft', true)).toEqual({ mode: 'start', direction: 1 })
    expect(key(']', 'BracketRight')).toEqual({ mode: 'end', direction: 1 })
    expect(key('}', 'BracketRight', true)).toEqual({ mode: 'end', direction: -1 })
    expect(key('ArrowLeft', 'ArrowLeft')).toEqual({ mode: 'move', direction: -1 })
    expect(key('ArrowRight', 'ArrowRight')).toEqual({ mode: 'move', direction: 1 })
    expect(key('a', 'KeyA')).toBeNull()
  })
  it('work by the key on a Spanish keyboard, where [ needs AltGr', () => {
    // The key right of P types ` there; with AltGr it types [.
    expect(key('`', 'BracketLeft')).toEqual({ mode: 'start', direction: -1 })
    expect(key('[', 'Quote')).toEqual({ mode: 'start', direction: -1 })
  })
})

describe('what the waveform shows', () => {
  it('finds the cues in view, a long one from before included', () => {
    const list = [
      { start: 0, end: 30 },
      { start: 2, end: 3 },
      { start: 12, end: 14 },
      { start: 25, end: 26 },
    ]
    expect(cuesInView(list, 10, 20).map(({ index }) => index)).toEqual([0, 2])
    expect(cuesInView(list, 26.5, 40).map(({ index }) => index)).toEqual([0])
    expect(cuesInView([], 0, 10)).toEqual([])
  })

  it('zooms around a time, inside the recording, not closer than 4 s', () => {
    expect(zoomView({ start: 0, span: 100 }, 100, 0.5, 90)).toEqual({ start: 50, span: 50 })
    expect(zoomView({ start: 0, span: 5 }, 100, 0.5, 10)).toEqual({ start: 8, span: 4 })
    expect(zoomView({ start: 40, span: 50 }, 100, 4, 60)).toEqual({ start: 0, span: 100 })
  })

  it('pages a zoomed view to follow the playhead', () => {
    const view = { start: 10, span: 20 }
    expect(followView(view, 100, 15)).toBe(view)
    expect(followView(view, 100, 42)).toEqual({ start: 40, span: 20 })
    expect(followView(view, 100, 99)).toEqual({ start: 80, span: 20 })
  })

  it('draws only the peaks of the view', () => {
    // Four buckets a second over 2 s: loud in the second half.
    const peaks = [
      -0.1, 0.1, -0.1, 0.1, -0.1, 0.1, -0.1, 0.1, -0.9, 0.9, -0.9, 0.9, -0.9, 0.9, -0.9, 0.9,
    ]
    const second = viewColumns(peaks, 4, { start: 1, span: 1 }, 2)
    expect([...second]).toEqual([-0.9, 0.9, -0.9, 0.9].map(Math.fround))
    const first = viewColumns(peaks, 4, { start: 0, span: 1 }, 2)
    expect([...first]).toEqual([-0.1, 0.1, -0.1, 0.1].map(Math.fround))
  })
})

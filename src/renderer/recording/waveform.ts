/**
 * The min/max of the peaks that fall under each of `columns` pixel columns. `peaks` holds
 * min/max pairs, -1..1, one pair per bucket. Each column covers at least one bucket, so a
 * waveform wider than its data is stretched rather than left with gaps.
 */
export function waveformColumns(peaks: readonly number[], columns: number): Float32Array {
  const buckets = Math.floor(peaks.length / 2)
  const out = new Float32Array(Math.max(0, columns) * 2)
  if (buckets === 0 || columns <= 0) return out
  for (let x = 0; x < columns; x += 1) {
    const from = Math.floor((x * buckets) / columns)
    const to = Math.max(from + 1, Math.floor(((x + 1) * buckets) / columns))
    let min = 1
    let max = -1
    for (let b = from; b < to && b < buckets; b += 1) {
      min = Math.min(min, peaks[2 * b] ?? 0)
      max = Math.max(max, peaks[2 * b + 1] ?? 0)
    }
    out[2 * x] = min > max ? 0 : min
    out[2 * x + 1] = min > max ? 0 : max
  }
  return out
}

/** The time under an x position on a waveform `width` wide, clamped to the recording. */
export function timeAtX(x: number, width: number, duration: number): number {
  if (width <= 0 || !Number.isFinite(duration) || duration <= 0) return 0
  return Math.min(duration, Math.max(0, (x / width) * duration))
}

/** Where the arrow keys move the playhead: 5 s, or 30 s with Shift (page keys). */
export function seekTarget(
  key: string,
  current: number,
  duration: number,
  shift: boolean,
): number | null {
  const step = shift ? 30 : 5
  const clamp = (t: number) => Math.min(duration, Math.max(0, t))
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(current - step)
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(current + step)
    case 'PageDown':
      return clamp(current - 30)
    case 'PageUp':
      return clamp(current + 30)
    case 'Home':
      return 0
    case 'End':
      return duration
    default:
      return null
  }
}

/** The stretch of the recording the waveform shows: from `start`, `span` seconds. */
export interface WaveView {
  start: number
  span: number
}

/** The shortest stretch the waveform zooms to: a few words, where a cue's edge can be placed to the frame. */
export const MIN_VIEW_SECONDS = 4

/** The columns of the peaks under a view (the whole recording when the view is all of it). */
export function viewColumns(
  peaks: readonly number[],
  bucketsPerSecond: number,
  view: WaveView,
  columns: number,
): Float32Array {
  const buckets = Math.floor(peaks.length / 2)
  const from = Math.max(0, Math.floor(view.start * bucketsPerSecond))
  const to = Math.min(buckets, Math.ceil((view.start + view.span) * bucketsPerSecond))
  if (from === 0 && to === buckets) return waveformColumns(peaks, columns)
  return waveformColumns(peaks.slice(2 * from, 2 * Math.max(from, to)), columns)
}

/** The view `factor` times as long (0.5: zoom in), kept around `center` and inside the recording. */
export function zoomView(
  view: WaveView,
  duration: number,
  factor: number,
  center: number,
): WaveView {
  const span = Math.min(
    duration,
    Math.max(Math.min(MIN_VIEW_SECONDS, duration), view.span * factor),
  )
  const start = Math.min(Math.max(0, center - span / 2), Math.max(0, duration - span))
  return { start, span }
}

/**
 * The view that shows `time`: the same view when it does, else the page that starts a tenth of
 * a view before it (so the playhead does not sit on the edge while playing on).
 */
export function followView(view: WaveView, duration: number, time: number): WaveView {
  if (time >= view.start && time <= view.start + view.span) return view
  const start = Math.min(Math.max(0, time - view.span / 10), Math.max(0, duration - view.span))
  return { start, span: view.span }
}

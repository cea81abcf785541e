/** How the in-app player keeps redacted stretches out of what a person hears (decision 0007). */
export interface Span {
  start: number
  end: number
}

export type PlayerSource = 'original' | 'audio' | 'none'

/**
 * Audio recordings with redactions play the library's listening copy, which has every redacted
 * stretch covered (the same tone or silence as the exports); the original stays untouched where
 * the person keeps it. Video keeps its picture from the original and is muted in those stretches.
 */
export function firstSource(hasVideo: boolean, redacted: boolean): PlayerSource {
  return redacted && !hasVideo ? 'audio' : 'original'
}

/**
 * Muting starts this much before a span: the player reports its time a frame or two late, and
 * redacted words already carry an 80 ms margin on each side.
 */
export const muteLead = 0.05

/** Whether the sound at `time` (seconds) falls in a redacted stretch. */
export function inRedactedSpan(time: number, spans: readonly Span[]): boolean {
  return spans.some((span) => time >= span.start - muteLead && time < span.end)
}

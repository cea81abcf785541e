import { VocesError } from '../../shared/contract/index.ts'

/**
 * How far past the end of its recording a time may fall: 1 second. Tools measure a recording's
 * length differently (an MP3's encoder delay and padding, a container's duration against its
 * audio stream's: tens of milliseconds), Whisper rounds to 10 ms, and a subtitle's last cue often
 * lingers a moment after the sound stops. A second more is no recording's content: a cue at 5 h
 * on an 11-second interview is a wrong file (docs/decisions/0086-times-inside-the-recording.md).
 */
export const END_TOLERANCE_SECONDS = 1

/** What a time belongs to, for the message: a cue or segment by its 1-based place, or one by id. */
export type TimedThing =
  | { cue: number }
  | { segment: number }
  | { word: number; segment: number }
  | { cueId: number }
  | { segmentId: number }
  | { newCue: 1 }

const round = (seconds: number) => Math.round(seconds * 1000) / 1000

function describe(thing: TimedThing): string {
  if ('word' in thing) return `Word ${thing.word} of segment ${thing.segment}`
  if ('cue' in thing) return `Cue ${thing.cue}`
  if ('segment' in thing) return `Segment ${thing.segment}`
  if ('cueId' in thing) return 'The subtitle'
  if ('newCue' in thing) return 'The new subtitle'
  return 'The segment'
}

/**
 * Refuses a span that is not finite, starts before 0, ends before it starts, or ends more than
 * END_TOLERANCE_SECONDS after a recording of `duration` seconds (no end check when the duration
 * is unknown, 0). `extra` params (a file name) go into the error for the message.
 */
export function requireSpan(
  thing: TimedThing,
  start: number,
  end: number,
  duration: number,
  extra: Record<string, string> = {},
): void {
  const what = describe(thing)
  if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end < 0) {
    throw new VocesError('TIME_INVALID', `${what} has a time that is no moment of a recording.`, {
      ...thing,
      ...extra,
    })
  }
  if (end < start) {
    throw new VocesError(
      'TIME_REVERSED',
      `${what} ends (${round(end)} s) before it starts (${round(start)} s).`,
      { ...thing, start: round(start), end: round(end), ...extra },
    )
  }
  if (duration > 0 && end > duration + END_TOLERANCE_SECONDS) {
    throw new VocesError(
      'TIME_PAST_END',
      `${what} ends at ${round(end)} s, after the end of the recording (${round(duration)} s).`,
      { ...thing, end: round(end), duration: round(duration), ...extra },
    )
  }
}

/** Refuses a single moment (a split point, where to add a cue) outside the recording. */
export function requireMoment(thing: TimedThing, at: number, duration: number): void {
  requireSpan(thing, at, at, duration)
}

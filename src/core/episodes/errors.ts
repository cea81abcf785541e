import { VocesError, type Clip } from '../../shared/contract/index.ts'

/** What every backend's EpisodeStore rejects with when the episode is not in the library. */
export function episodeNotFound(id: string): VocesError {
  return new VocesError('EPISODE_NOT_FOUND', `There is no episode ${id} in this library.`, { id })
}

/**
 * A clip as every backend stores it: its end held to its recording's duration. A recording that
 * is not there (`duration` undefined) is RECORDING_NOT_FOUND; a clip starting at or after its
 * end, CLIP_OUT_OF_RANGE.
 */
export function heldClip(clip: Clip, duration: number | undefined): Clip {
  if (duration === undefined)
    throw new VocesError(
      'RECORDING_NOT_FOUND',
      `There is no recording ${clip.recordingId} in this library.`,
      { id: clip.recordingId },
    )
  if (clip.start >= duration) {
    throw new VocesError(
      'CLIP_OUT_OF_RANGE',
      `A clip starts at ${clip.start} s, after the end of recording ${clip.recordingId} (${Math.round(duration)} s).`,
      { id: clip.recordingId },
    )
  }
  return { ...clip, end: Math.min(clip.end, duration) }
}

import { VocesError, type TrackLanguage } from '../../shared/contract/index.ts'

/** What a reader of a track that is not there is told (every backend says the same). */
export function trackNotFound(recordingId: string, track: TrackLanguage | undefined): VocesError {
  const which = track === 'en' ? 'English track' : track === 'es' ? 'Spanish track' : 'transcript'
  return new VocesError(
    'TRANSCRIPT_NOT_FOUND',
    `Recording ${recordingId} has no ${which} yet. Transcribe it or import a transcript first.`,
    { recordingId, track: track ?? '' },
  )
}

export function segmentNotFound(segmentId: number): VocesError {
  return new VocesError(
    'SEGMENT_NOT_FOUND',
    `There is no segment ${segmentId}. It may have been removed.`,
    {
      segmentId,
    },
  )
}

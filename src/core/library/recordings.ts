import { VocesError } from '../../shared/contract/index.ts'

/*
 * The shapes of a recording as it enters the library and of its files. The SQL is the storage
 * backend's (src/core/storage/sqlite/recordings.ts, decision 0110); callers use
 * `voces.storage.recordings`.
 */

/** A recording as ingest hands it over, before a person has said anything about it. */
export interface NewRecording {
  id: string
  title: string
  path: string
  storedPath: string | null
  sha256: string
  sizeBytes: number
  duration: number
  format: string
  hasVideo: boolean
  width: number | null
  height: number | null
  audioCodec: string | null
  videoCodec: string | null
  sampleRate: number | null
  channels: number | null
  /** Relative to the library root. */
  workingAudio: string
  peaks: string
  poster: string | null
}

/** Library files of one recording, relative to the library root. */
export interface RecordingFiles {
  workingAudio: string
  peaks: string
  poster: string | null
  storedPath: string | null
}

export function recordingNotFound(id: string): VocesError {
  return new VocesError('RECORDING_NOT_FOUND', `There is no recording ${id} in this library.`, {
    id,
  })
}

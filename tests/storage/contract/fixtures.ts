import { createHash } from 'node:crypto'
import type { NewRecording } from '../../../src/core/library/recordings.ts'
import type { MediaStore, Storage } from '../../../src/core/storage/ports.ts'

/**
 * What a backend under test hands the contract suite (docs/decisions/0100-storage-seam.md). The
 * same suite runs against SQLite and the library folder (tests/storage/sqlite.test.ts), and
 * against PostgreSQL and an S3 store when the shared archive lands: write a factory, call the
 * suite's functions.
 */
export interface StorageFixture {
  storage: Storage
  /** A second, fresh connection to the same library (what was committed must be there). */
  reopen(): Promise<Storage>
  /** Closes everything opened and removes what the fixture made. */
  close(): Promise<void>
  /**
   * A recording for other rows to belong to (a minute long), made as the backend makes one; until
   * the recordings port moves, a fixture writes it its own way.
   */
  addRecording(id: string): Promise<void>
}

export interface StorageOptions {
  /** The clock the stores stamp rows with. */
  now?: () => Date
}

export type StorageFactory = (options?: StorageOptions) => Promise<StorageFixture>

export interface MediaFixture {
  media: MediaStore
  close(): Promise<void>
}

export type MediaFactory = () => Promise<MediaFixture>

/** A promise and the function that settles it: holds a transaction open for as long as a test says. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** A clock that moves one second a call, from a fixed day. */
export function tickingClock(): () => Date {
  let tick = 0
  return () => new Date(Date.UTC(2026, 11, 7, 10, 0, tick++))
}

/** The recording a fixture's addRecording writes: a minute of WAV, nothing more, its hash its own. */
export function bareRecording(id: string): NewRecording {
  return {
    id,
    title: id,
    path: `/recordings/${id}.wav`,
    storedPath: null,
    sha256: createHash('sha256').update(id).digest('hex'),
    sizeBytes: 1,
    duration: 60,
    format: 'wav',
    hasVideo: false,
    width: null,
    height: null,
    audioCodec: 'pcm_s16le',
    videoCodec: null,
    sampleRate: 16000,
    channels: 1,
    workingAudio: `media/${id}/audio.wav`,
    peaks: `media/${id}/peaks.json`,
    poster: null,
  }
}

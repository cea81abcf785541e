import type {
  Chapter,
  Clip,
  Cut,
  Episode,
  EpisodeFields,
  Recording,
  RecordingMetadata,
  SavedSearch,
  SearchFilters,
  SearchResult,
  Settings,
  ShowNotes,
  SubtitleCue,
  SubtitleTrack,
  TrackLanguage,
  TrackSummary,
  TranscriptTrack,
} from '../../shared/contract/index.ts'
import type { JobPartials, JobRow } from '../jobs/job-store.ts'
import type { SearchOptions } from '../search/service.ts'
import type { NewRecording, RecordingFiles } from '../library/recordings.ts'
import type { NewCue, TrackInfo } from '../subtitles/repository.ts'
import type { NewTrack } from '../transcripts/repository.ts'

/*
 * The storage seam (docs/decisions/0100-storage-seam.md): what any backend must do, whatever it
 * runs on. Every method returns a Promise of plain data in the contract's units (seconds, ISO
 * dates, numbers, booleans); a backend normalises at its boundary. tests/storage/contract/ states
 * the behaviour; SQLite and the library folder are the embedded default.
 *
 * Moved so far: settings, glossary, saved searches, export log, backup, and media. The other
 * areas (recordings, transcripts, subtitles, episodes, jobs, search, redaction masking) are
 * declared here as they will be served; until each area moves, its repository stays where it was
 * (synchronous, on `voces.db`) and its row types are imported from there. `grep -rn
 * "prepare(\|better-sqlite3" src` shows what is left.
 */

// ---- Moved: the small stores -------------------------------------------------------------

/** The library's settings (src/core/settings.ts holds the defaults and the merging). */
export interface SettingsStore {
  /** The stored settings over the defaults; a stored value that no longer parses gives the defaults. */
  get(): Promise<Settings>
  /** Checks the whole result, then writes the keys given, all or none; returns the result. */
  update(patch: Partial<Settings>): Promise<Settings>
}

/** The glossary's terms in the order they were added (src/core/transcription/glossary.ts). */
export interface GlossaryStore {
  list(): Promise<string[]>
  /** Replaces the whole list. */
  replace(terms: readonly string[]): Promise<void>
}

/** Named searches (src/core/search/saved.ts). */
export interface SavedSearchStore {
  /** By name, ignoring case. */
  list(): Promise<SavedSearch[]>
  /** Saving under a name that exists (ignoring case) replaces that search and keeps its id. */
  save(name: string, query: string, filters: SearchFilters): Promise<SavedSearch>
  remove(id: string): Promise<boolean>
}

/** What one exported recording was used under (src/core/export/consent.ts). */
export interface ExportLogRecording {
  id: string
  consent: Recording['consentStatus']
  consentNote: string
  /** The speakers whose voice was disguised (src/core/redaction/disguise.ts). */
  disguise?: unknown[]
}

export interface ExportLogRecord {
  /** ISO date. */
  at: string
  kind: string
  output: string
  sourceId: string
  recordings: ExportLogRecording[]
  reason: string
}

/** One row per finished export; rows are only added. */
export interface ExportLogStore {
  append(record: ExportLogRecord): Promise<void>
  /** Oldest first. */
  list(): Promise<ExportLogRecord[]>
}

// ---- Media ---------------------------------------------------------------------------------

/**
 * A library file held outside the database for as long as a tool needs it. For the library folder
 * it is the file itself; an S3 store downloads to a temporary file that `release` removes.
 */
export interface LocalFile {
  path: string
  release(): Promise<void>
}

/**
 * Every file of the library (working audio, peaks, posters, stored originals, renditions), named
 * by a key: a relative path with `/` between parts, as the database stores it (`media/ID/x.wav`).
 * Files a person chose to export to and FFmpeg's scratch files are not library files.
 * A key that is not there rejects with VocesError FILE_NOT_FOUND.
 */
export interface MediaStore {
  /** Writes the whole file or nothing; replaces a file under the same key. */
  put(key: string, data: Uint8Array | string): Promise<void>
  /** Copies a file from this machine in (a temp name, then a rename: whole or absent). */
  putFile(key: string, source: string): Promise<void>
  read(key: string): Promise<Buffer>
  /** Bytes `start` to `end`, both included, as HTTP ranges count; `end` past the file stops at its end. */
  readRange(key: string, start: number, end: number): Promise<Buffer>
  /** Size in bytes, or null when the key is not there. */
  size(key: string): Promise<number | null>
  /** True when there was a file to delete. */
  delete(key: string): Promise<boolean>
  /** A path FFmpeg and whisper.cpp can read; call `release` when done. */
  localPath(key: string): Promise<LocalFile>
}

// ---- Declared, not yet moved (their repositories still run SQL on voces.db) ----------------

/**
 * The library's recordings and their tags (moved: decision 0110). Plain data: `hasVideo` a
 * boolean, sizes, durations and dimensions numbers, `interviewDate` YYYY-MM-DD or null,
 * `createdAt`/`updatedAt` ISO dates, tags sorted.
 */
export interface RecordingStore {
  /** Rejects when a recording with the same sha256 is there (the library holds one copy). */
  insert(recording: NewRecording): Promise<Recording>
  get(id: string): Promise<Recording | undefined>
  /** Rejects with RECORDING_NOT_FOUND. */
  require(id: string): Promise<Recording>
  /** Newest first. */
  list(): Promise<Recording[]>
  /** The recording with this file's sha256, if the library holds it. */
  bySha256(sha256: string): Promise<Recording | undefined>
  /** Rejects with RECORDING_NOT_FOUND. */
  files(id: string): Promise<RecordingFiles>
  /** The library no longer keeps its own copy of the original (the caller deletes the file). */
  forgetStoredCopy(id: string): Promise<void>
  /** Saves the fields given, all or none; the rest stay. Rejects with RECORDING_NOT_FOUND. */
  update(id: string, patch: Partial<RecordingMetadata>): Promise<Recording>
  /** With its tags and everything else the library holds of it; false when it was not there. */
  remove(id: string): Promise<boolean>
}

export interface TranscriptStore {
  listTracks(recordingId: string): Promise<TrackSummary[]>
  getTrack(recordingId: string, language?: TrackLanguage): Promise<TranscriptTrack | undefined>
  /** A track with its segments, words and speakers, replaced whole. */
  replaceTrack(track: NewTrack): Promise<TrackSummary>
  removeTrack(recordingId: string, language: TrackLanguage): Promise<boolean>
}

export interface SubtitleStore {
  tracks(recordingId: string): Promise<SubtitleTrack[]>
  cues(recordingId: string): Promise<SubtitleCue[]>
  replaceCues(
    recordingId: string,
    cues: readonly NewCue[],
    tracks: readonly TrackInfo[],
  ): Promise<void>
  putCue(recordingId: string, cue: SubtitleCue): Promise<void>
  removeCue(cueId: number): Promise<boolean>
}

export interface EpisodeStore {
  create(
    fields: Partial<EpisodeFields> & { title: string },
    clips: readonly Clip[],
  ): Promise<Episode>
  get(id: string): Promise<Episode | undefined>
  list(): Promise<Episode[]>
  update(id: string, patch: Partial<EpisodeFields>, clips?: readonly Clip[]): Promise<Episode>
  setChapters(id: string, chapters: readonly Chapter[]): Promise<Episode>
  setCuts(id: string, cuts: readonly Cut[]): Promise<Episode>
  setNotes(id: string, notes: ShowNotes): Promise<ShowNotes>
  remove(id: string): Promise<boolean>
}

/** The job queue's rows (the synchronous `JobStore` of src/core/jobs/job-store.ts, made async). */
export interface JobQueueStore {
  insert(row: JobRow): Promise<void>
  insertMany(rows: readonly JobRow[]): Promise<void>
  update(
    id: string,
    patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
  ): Promise<void>
  get(id: string): Promise<JobRow | undefined>
  list(limit?: number): Promise<JobRow[]>
  requeueInterrupted(now: string): Promise<number>
  nextQueued(kind: string, limit: number): Promise<JobRow[]>
  setPartials(id: string, partials: JobPartials | null): Promise<void>
  withPartials(): Promise<Array<{ id: string; partials: JobPartials }>>
}

/**
 * Full-text search over what was said; each backend owns its engine (FTS5, tsvector) and keeps it
 * up to date as the owners' rows change.
 */
export interface SearchIndex {
  search(options: SearchOptions): Promise<SearchResult>
}

/**
 * What redaction needs from each port that holds text a person said (decision 0100: redaction
 * through the owners): mask a name, or everything said in a stretch of time, in that port's own
 * rows. Returns how many places changed.
 */
export interface TextMasking {
  maskName(recordingId: string, name: string): Promise<number>
  maskSpan(recordingId: string, start: number, end: number): Promise<number>
}

// ---- The whole -----------------------------------------------------------------------------

/** The ports a transaction may use: the database-held ones, never media. */
export interface StoragePorts {
  settings: SettingsStore
  glossary: GlossaryStore
  savedSearches: SavedSearchStore
  exportLog: ExportLogStore
  recordings: RecordingStore
}

export interface Storage extends StoragePorts {
  media: MediaStore
  /**
   * Runs `fn` with ports that act inside one transaction: committed when `fn` resolves, rolled back
   * when it throws. While it is open, every other call waits. `fn` must await nothing but these
   * ports (no FFmpeg, no file I/O, no network). A transaction inside `fn` (on `tx`) is a savepoint.
   */
  transaction<T>(fn: (tx: StoragePorts & Pick<Storage, 'transaction'>) => Promise<T>): Promise<T>
  /** A whole, consistent copy of the database at `file` (which must not exist). */
  backupTo(file: string): Promise<void>
  close(): Promise<void>
}

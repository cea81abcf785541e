import type {
  Chapter,
  Clip,
  Cut,
  DisguiseSpeakerInfo,
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

export interface RecordingStore {
  insert(recording: NewRecording): Promise<Recording>
  get(id: string): Promise<Recording | undefined>
  /** Rejects with RECORDING_NOT_FOUND. */
  require(id: string): Promise<Recording>
  list(): Promise<Recording[]>
  files(id: string): Promise<RecordingFiles>
  forgetStoredCopy(id: string): Promise<void>
  update(id: string, patch: Partial<RecordingMetadata>): Promise<Recording>
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

// ---- Redaction through the owners (decisions 0100 and 0122) -------------------------------

/** A stretch of a recording, in seconds of the recording. */
export interface Stretch {
  start: number
  end: number
}

export type RedactionMode = 'tone' | 'silence'

export interface RedactionSpan extends Stretch {
  mode: RedactionMode
}

/** The stretches of audio every export and the library's listening copy cover. Only added to. */
export interface RedactionStore {
  add(recordingId: string, spans: readonly Stretch[], mode: RedactionMode): Promise<void>
  /** By start. */
  list(recordingId: string): Promise<RedactionSpan[]>
}

/**
 * What is written where a name or a stretch was: the mask of each language for text in it, and
 * `names` for speaker names, which have no language of their own.
 */
export interface Masks {
  en: string
  es: string
  names: string
}

/** Where a masked name was said: its words' timings, or (`timed` false) a whole segment's. */
export interface SaidAt extends Stretch {
  timed: boolean
}

/**
 * The masking each owner of text a person said or typed offers redaction (decision 0122): a name
 * is found as whole words, case and accents ignored (src/core/redaction/fold.ts). Each owner
 * masks its own rows and whatever its backend derives from them (the search index included);
 * tests/storage/masking-coverage.test.ts fails on a column of text no owner masks.
 */
export interface TranscriptMasking {
  /**
   * The language of the recording's first transcript track (a translation only when there is no
   * transcript), 'en' when it has none: speaker names are masked in it.
   */
  namesLanguage(recordingId: string): Promise<TrackLanguage>
  /**
   * Every track: consecutive words that spell the name become one masked word over their time,
   * segment texts are masked, and so are speakers' names and affiliations (one that held nothing
   * but the name is cleared, so the speaker is shown under its label). Returns the segments and
   * speakers changed and where the name was said.
   */
  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ segments: number; speakers: number; said: SaidAt[] }>
  /**
   * Every segment that overlaps [from, to): its words inside become one mask; a segment without
   * words becomes the mask. Returns the segments changed.
   */
  maskSpan(recordingId: string, from: number, to: number, masks: Masks): Promise<number>
}

export interface SubtitleMasking {
  /** Cue texts of every language, and the speakers cues name. `said`: the cues whose text changed. */
  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ cues: number; said: Stretch[] }>
  /** The texts of every cue that overlaps [from, to) become their language's mask; returns how many. */
  maskSpan(recordingId: string, from: number, to: number, masks: Masks): Promise<number>
}

export interface EpisodeMasking {
  /** Show notes, description and chapter titles of every episode that uses the recording. */
  maskName(recordingId: string, name: string, masks: Masks): Promise<number>
}

export interface JobMasking {
  /**
   * The recording's finished transcription jobs forget their checkpoints and results, which hold
   * its words; an export's result (figures and a path) stays. Returns the jobs changed.
   */
  forgetText(recordingId: string): Promise<number>
}

/** Every owner's masking, called by src/core/redaction/redact.ts inside one transaction. */
export interface RedactionMasking {
  transcripts: TranscriptMasking
  subtitles: SubtitleMasking
  episodes: EpisodeMasking
  jobs: JobMasking
}

/** What voice disguise reads of a recording's speakers (decision 0060); the transcripts' rows. */
export interface SpeakerTurns {
  /** Each speaker's label and the name given in the editor ('' when none). */
  speakers(recordingId: string): Promise<Array<{ id: number; label: string; name: string }>>
  /** The segments of these speakers in every track, by start. */
  turns(recordingId: string, speakerIds: readonly number[]): Promise<Stretch[]>
  /** Seconds of transcript per speaker label over these recordings, most talkative first. */
  talkTime(recordingIds: readonly string[]): Promise<DisguiseSpeakerInfo[]>
}

// ---- The whole -----------------------------------------------------------------------------

/** The ports a transaction may use: the database-held ones, never media. */
export interface StoragePorts {
  settings: SettingsStore
  glossary: GlossaryStore
  savedSearches: SavedSearchStore
  exportLog: ExportLogStore
  redactions: RedactionStore
  masking: RedactionMasking
  speakerTurns: SpeakerTurns
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
  /**
   * After a redaction: what was masked is gone from the files on disk, not merely unused (SQLite:
   * freed pages were zeroed by secure_delete; the write-ahead log is checkpointed and truncated).
   */
  scrub(): Promise<void>
  close(): Promise<void>
}

import type {
  ApiError,
  AuditEntry,
  Person,
  Role,
  Chapter,
  Clip,
  Cut,
  EditorChange,
  EditorPatch,
  EditorTranscript,
  DisguiseSpeakerInfo,
  Episode,
  EpisodeFields,
  JobState,
  Recording,
  RecordingMetadata,
  RecordingState,
  SavedSearch,
  SearchFilters,
  SearchResult,
  Segment,
  Settings,
  ShownTurn,
  ShowNotes,
  DraftedWrite,
  SpeakersState,
  SubtitleChange,
  SubtitleCue,
  Subtitles,
  SubtitleTrack,
  TrackLanguage,
  TrackSummary,
  TranscriptTrack,
  Voice,
  VoiceProfile,
} from '../../shared/contract/index.ts'
import type { SearchOptions } from '../search/service.ts'
import type { NewRecording, RecordingFiles } from '../library/recordings.ts'
import type { SubtitleRules, SubtitleRulesPatch } from '../subtitles/rules.ts'
import type {
  CueStep,
  CueUpdate,
  Language,
  NewCue,
  TimedSegment,
  TrackInfo,
} from '../subtitles/types.ts'

/*
 * The storage seam (docs/decisions/0100-storage-seam.md): what any backend must do, whatever it
 * runs on. Every method returns a Promise of plain data in the contract's units (seconds, ISO
 * dates, numbers, booleans); a backend normalises at its boundary. tests/storage/contract/ states
 * the behaviour; SQLite and the library folder are the embedded default.
 *
 * Every area is served through these ports; only src/core/storage/sqlite/ holds SQL or imports
 * better-sqlite3 (an eslint rule says so). What is left is media: the library folder's files are
 * still read by path in some capabilities (decision 0124, when it lands).
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
  /**
   * Where FFmpeg can read the file without copying it first, for `seconds` (default 300): the
   * file's own path in the library folder, a presigned GET URL on an object store (decision
   * 0144). For tools on this machine, after the caller's access check; never sent to a browser.
   */
  readUrl(key: string, seconds?: number): Promise<string>
  /**
   * Removes every earlier version of the file that the store keeps, the current one staying:
   * once redaction has rewritten a file, the unredacted one must not live on as an older
   * version (decision 0144). How many went; the library folder keeps none.
   */
  forgetEarlierVersions(key: string): Promise<number>
  /**
   * The keys of every file under a folder key (`exports`), sorted: what housekeeping of a folder
   * the library writes for a while reads (decision 0205).
   */
  list(folder: string): Promise<string[]>
}

// ---- The areas -----------------------------------------------------------------------------

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
  /** Every recording's state (transcript, subtitles, speakers, checked segments), in list's order, in one read. */
  states(): Promise<RecordingState[]>
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

/** A whole track as it is written: replaceTrack stores all of it or nothing. */
export interface NewTrack {
  recordingId: string
  language: TrackLanguage
  kind: TrackSummary['kind']
  origin: TrackSummary['origin']
  model: string | null
  engineSettings: Record<string, unknown>
  segments: readonly Segment[]
}

/** Find-and-replace's options (editor.replace). */
export interface ReplaceOptions {
  matchCase: boolean
  wholeWord: boolean
}

/**
 * Transcript tracks with their segments, words and speakers (decision 0114). Every reader of a
 * track's text goes through `getTrack`, which gives each segment's speaker by the one rule
 * (src/shared/speakers.ts, decision 0075). The editor's edits are each one atomic unit that
 * returns what it changed and the patch that undoes it (decision 0040): `applyEdit` puts a patch
 * back and returns the patch that redoes it.
 */
export interface TranscriptStore {
  /** The source transcript first, then the translation. */
  listTracks(recordingId: string): Promise<TrackSummary[]>
  /** Without `language`, the source transcript. Segments in time order, speakers as shown. */
  getTrack(recordingId: string, language?: TrackLanguage): Promise<TranscriptTrack | undefined>
  /** The same; rejects with TRANSCRIPT_NOT_FOUND. */
  requireTrack(recordingId: string, language?: TrackLanguage): Promise<TranscriptTrack>
  /**
   * A track with its segments, words and speakers, replaced whole (a source transcript also
   * replaces the recording's previous one). Speakers are kept and found by label or shown name.
   */
  replaceTrack(track: NewTrack): Promise<TrackSummary>
  removeTrack(recordingId: string, language: TrackLanguage): Promise<boolean>
  /** How many segments of the recording's tracks in these languages a person verified. */
  verifiedSegments(recordingId: string, languages: readonly TrackLanguage[]): Promise<number>
  /**
   * A track's segments with words, each speaker by its label, not its shown name: what subtitle
   * cues keep, to be shown by the one rule when read. Empty when there is no such track.
   */
  labelledSegments(recordingId: string, language: TrackLanguage): Promise<Segment[]>

  // The editor: segments and speakers with their row ids.
  /** The track with ids; without `language`, the source transcript. null when there is none. */
  editorTrack(recordingId: string, language?: TrackLanguage): Promise<EditorTranscript | null>
  editText(segmentId: number, text: string): Promise<EditorChange>
  split(segmentId: number, wordIndex: number): Promise<EditorChange>
  merge(segmentId: number): Promise<EditorChange>
  setSpeaker(segmentId: number, speakerId: number | null): Promise<EditorChange>
  /** The name and affiliation a speaker is shown under; the label never changes. */
  renameSpeaker(speakerId: number, name: string, affiliation: string): Promise<EditorChange>
  addSpeaker(recordingId: string, name: string, affiliation: string): Promise<EditorChange>
  /** Words `from`..`to` (exclusive) of a segment to another speaker: split off as their own segment. */
  moveWords(segmentId: number, from: number, to: number, speakerId: number): Promise<EditorChange>
  /** The track's segments of one speaker go to another, which takes its place (decision 0153). */
  mergeSpeakers(speakerId: number, intoId: number): Promise<EditorChange>
  replaceText(
    recordingId: string,
    language: TrackLanguage,
    find: string,
    replacement: string,
    options: ReplaceOptions,
  ): Promise<EditorChange>
  /** Marks segments verified by a person (who, and when) or back to machine text. */
  review(
    segmentIds: readonly number[],
    review: 'machine' | 'verified',
    reviewedBy?: string,
  ): Promise<EditorChange>
  /** Puts back what an undo or redo patch holds, atomically; returns the patch that reverses it. */
  applyEdit(patch: EditorPatch): Promise<EditorChange>
}

/**
 * Subtitle tracks, cues with their texts and checked marks, and the rules (moved: decision 0116,
 * SQL in sqlite/subtitles.ts). Times in seconds; a cue's speaker is read under the name the
 * speaker is shown by now (decision 0075), and a shown name written back is stored as its label.
 */
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
  /** Tracks, cues and the rules in force: everything the editor shows of a recording. */
  get(recordingId: string): Promise<Subtitles>
  /** The language the cue timing was made or imported from; null before any track exists. */
  timingLanguage(recordingId: string): Promise<Language | null>
  /** How many cue texts of a recording a person verified (the checked marks). */
  verifiedCount(recordingId: string): Promise<number>
  /** One cue and its recording; null when there is no such cue. */
  findCue(cueId: number): Promise<{ recordingId: string; cue: SubtitleCue } | null>
  /** As findCue; rejects with SUBTITLE_CUE_NOT_FOUND. */
  cue(cueId: number): Promise<{ recordingId: string; cue: SubtitleCue }>
  /** The cue after this one in time order; null for the last. */
  nextCueId(cueId: number): Promise<number | null>
  /** Every cue's timing, in time order. */
  spans(recordingId: string): Promise<Array<{ id: number; start: number; end: number }>>
  /**
   * Sets one language's text on existing cues (by id) as machine text, and that track; cues not
   * named lose that language's text. All or nothing.
   */
  replaceTexts(
    recordingId: string,
    language: Language,
    texts: ReadonlyMap<number, string>,
    track: TrackInfo,
  ): Promise<void>
  /**
   * Changes one cue's times, speaker, or one language's text and checked mark (verified by a named
   * person, stamped now; a changed text keeps its state unless told). Refuses an end before the
   * start, a text or review without a language, a verification without a reviewer.
   */
  updateCue(cueId: number, change: CueUpdate): Promise<{ recordingId: string; cue: SubtitleCue }>
  /**
   * A cue operation, all or nothing (decision 0116): its steps in order, each touched cue's state
   * recorded first; returns the cues now, those removed, and the patch that puts them back
   * (applied through `edit` too). A step on another recording's cue rejects with EDIT_STALE.
   */
  edit(recordingId: string, steps: readonly CueStep[]): Promise<SubtitleChange>
  /** The rules overrides of the library (null) or one recording; null when none are stored. */
  rulesPatch(recordingId: string | null): Promise<SubtitleRulesPatch | null>
  /**
   * Merges `patch` into a scope's overrides (or replaces them, with `reset`), checks the rules
   * that result (SUBTITLE_RULE_* errors) and writes all or nothing.
   */
  setRulesPatch(
    recordingId: string | null,
    patch: SubtitleRulesPatch,
    reset: boolean,
  ): Promise<void>
  /** The rules in force: defaults, then the library's overrides, then the recording's. */
  rules(recordingId: string | null): Promise<SubtitleRules>
  /** The transcript tracks cues can be made from, transcripts before translations. */
  transcriptTracks(
    recordingId: string,
  ): Promise<Array<{ language: Language; kind: 'transcript' | 'translation' }>>
  /** A transcript track's segments with words and speaker labels, as the cue maker reads them. */
  transcript(recordingId: string, language: Language): Promise<TimedSegment[]>
}

/**
 * Episodes (moved, decision 0112): each with its clips in order, chapters by time, cuts, and show
 * notes. Every change is whole or absent. An id that is not there rejects with EPISODE_NOT_FOUND;
 * a clip of a recording that is not there, RECORDING_NOT_FOUND; one starting at or after its
 * recording's end, CLIP_OUT_OF_RANGE (a clip's end is held to the recording's duration).
 */
export interface EpisodeStore {
  /** `id`, when given, is kept (a library copied whole keeps its ids, decision 0180). */
  create(
    fields: Partial<EpisodeFields> & { title: string },
    clips: readonly Clip[],
    id?: string,
  ): Promise<Episode>
  get(id: string): Promise<Episode | undefined>
  /** Rejects with EPISODE_NOT_FOUND. */
  require(id: string): Promise<Episode>
  /** Newest first. */
  list(): Promise<Episode[]>
  /** Sets the fields given (null empties a nullable one); clips, when given, replace them all. */
  update(id: string, patch: Partial<EpisodeFields>, clips?: readonly Clip[]): Promise<Episode>
  setChapters(id: string, chapters: readonly Chapter[]): Promise<Episode>
  /**
   * Replaces the cuts: each must lie in a clip of its recording (CUT_OUTSIDE_CLIP); overlapping and
   * touching cuts merge. Chapters move with the words they marked, in the same transaction.
   */
  setCuts(id: string, cuts: readonly Cut[]): Promise<Episode>
  notes(id: string): Promise<ShowNotes>
  setNotes(id: string, notes: ShowNotes): Promise<ShowNotes>
  /**
   * A drafted text and its marks in one transaction (decision 0208): the texts given, and the
   * write's group's marks replaced (core/episodes/drafts.ts). A mark of another group rejects with
   * EPISODE_DRAFT_MARK_REFUSED, and nothing of the write is stored.
   */
  saveDrafted(id: string, write: DraftedWrite): Promise<{ episode: Episode; notes: ShowNotes }>
  /** Its clips, chapters and cuts go with it; true when there was one. */
  remove(id: string): Promise<boolean>
}

/** One job as the queue stores it (src/core/jobs/runner.ts makes the contract's `Job` of it). */
export interface JobRow {
  id: string
  kind: string
  state: JobState
  recordingId: string | null
  label: string
  input: unknown
  checkpoint: unknown
  result: unknown
  error: ApiError | null
  /** 0..1. */
  progress: number
  /** ISO dates. */
  createdAt: string
  updatedAt: string
  finishedAt: string | null
  /**
   * The one runner (its lease owner name) that may claim the job: a command's `--local` work,
   * which reads that command's files (decision 0205). Written with the row; `claim` reads it.
   */
  pinnedTo?: string | undefined
}

/** The half-written files a job makes beside its target, and the process that writes them. */
export interface JobPartials {
  pid: number
  /** The machine the process runs on; absent in records written before workers (this one). */
  host?: string
  paths: string[]
}

/**
 * A runner's hold on the jobs it claims (decision 0147): `owner` names the runner (host, process
 * and a token of its own), `until` is the ISO date its lease runs out unless renewed.
 */
export interface JobLease {
  owner: string
  until: string
}

/**
 * The job queue (decision 0118), so a queue cut off by a crash or a quit resumes. Shaped for a
 * queue that runners on other machines share: a job is taken with `claim`, which never gives one
 * job to two callers, and a cancel is recorded in one step whatever the job's state. No call
 * reads more rows than it returns to its caller, so a queue of any length costs each call the
 * same (decision 0090).
 */
export interface JobQueueStore {
  insert(row: JobRow): Promise<void>
  /** All the rows or none. */
  insertMany(rows: readonly JobRow[]): Promise<void>
  update(
    id: string,
    patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
  ): Promise<void>
  get(id: string): Promise<JobRow | undefined>
  /** The newest `limit` jobs (200 unless told), newest first. */
  list(limit?: number): Promise<JobRow[]>
  /** The queued and running jobs of one kind, oldest first. */
  active(kind: string): Promise<JobRow[]>
  /**
   * Takes the oldest `limit` queued jobs of one kind, oldest first, and marks them running at
   * `at`; returns them as they are now. Two claims, from this process or another, never take
   * the same job. With a lease, the claimer holds them until it runs out (decision 0147). A job
   * pinned to another runner is never taken (decision 0205).
   */
  claim(kind: string, limit: number, at: string, lease?: JobLease): Promise<JobRow[]>
  /**
   * Extends to `until` the leases `owner` still holds among `ids` (running, and not taken back):
   * returns those it holds, and which of them have a cancel recorded, for the holder to stop.
   */
  renew(
    owner: string,
    ids: readonly string[],
    until: string,
  ): Promise<{ held: string[]; cancelled: string[] }>
  /**
   * Ends every lease `owner` holds at `at` (a runner that stops, or one found dead), so that
   * `requeueInterrupted` puts its jobs back at once. Returns how many.
   */
  release(owner: string, at: string): Promise<number>
  /** The owners of running jobs' leases. */
  owners(): Promise<string[]>
  /** The running jobs, oldest first: as many as the runners hold, whatever the queue's length. */
  running(): Promise<JobRow[]>
  /**
   * `update`, only while `owner` still holds the running job: false, and nothing written, once
   * its lease was taken back (decision 0147: a window's checkpoint is written once).
   */
  updateHeld(
    id: string,
    owner: string,
    patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
  ): Promise<boolean>
  /**
   * Records a person's cancel at `at`: a queued job ends cancelled; a running one keeps running
   * with `error` set, for its runner to stop (should that runner die first, `requeueInterrupted`
   * ends it cancelled, decision 0092); a finished one is left alone. Returns the state before
   * and the row after, or undefined when there is no such job.
   */
  cancel(
    id: string,
    error: ApiError,
    at: string,
  ): Promise<{ previous: JobState; row: JobRow } | undefined>
  /**
   * Jobs left `running` by a runner that stopped or died go back to the queue, except those with
   * a cancel recorded (`error` CANCELLED), which end cancelled. Returns how many were requeued.
   * A job whose lease has not run out by `now` is still held, and is left alone (decision 0147).
   */
  requeueInterrupted(now: string): Promise<number>
  /** Records (or, with null, forgets) where a job's half-written files go (decision 0091). */
  setPartials(id: string, partials: JobPartials | null): Promise<void>
  /** Every job with half-written files recorded. */
  withPartials(): Promise<Array<{ id: string; partials: JobPartials }>>
  /**
   * Forgets the checkpoint and result of a recording's ended jobs of one kind: a transcription's
   * keep the words, which redaction must not leave behind (decision 0100: through the owners).
   * Returns how many jobs changed.
   */
  forgetWork(recordingId: string, kind: string): Promise<number>
}

/**
 * Full-text search over what was said (moved: decision 0120). Each backend owns its engine (FTS5
 * on SQLite, a tsvector index on PostgreSQL) and keeps it up to date as the owners' rows change,
 * without a call from them (on SQLite, migration 002's triggers on `segments`). What a query means
 * is src/core/search/query.ts's for every engine, and tests/storage/contract/search.ts states it:
 * words, phrases, prefixes, OR, exclusion, case and accents folded, every filter, withdrawn
 * recordings left out unless asked for, paging.
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
  /** Show notes, descriptions and chapter titles of every episode that uses the recording. */
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

/** One detected turn, its speaker by label ("Speaker 1"). */
export interface LabelledTurn {
  start: number
  end: number
  label: string
}

/**
 * Speaker detection's rows (decision 0153) and the voices the center remembers (decision 0155).
 * A voice profile's embedding is read only to find the same voice again: never exported, never
 * logged, and forgetting it deletes it.
 */
export interface SpeakerStore {
  state(recordingId: string): Promise<SpeakersState>
  /**
   * A detection stored whole, in one transaction: the recording's speakers replaced by the
   * turns' labels (names and proposals go with the old ones), the turns kept, and every
   * track's segments split where their words change speaker (decision 0153), each part keeping
   * its review. `turns` sorted by start.
   */
  saveDetection(
    recordingId: string,
    engine: string,
    turns: readonly LabelledTurn[],
  ): Promise<{ speakers: number; segments: number }>
  /** The recording's voices that speak or are named, by label. */
  voices(recordingId: string): Promise<Voice[]>
  /** Who spoke when: the source transcript's segments when there is one, else the detected turns. */
  turns(recordingId: string): Promise<ShownTurn[]>
  /** The stretches of one speaker (segments of the source transcript, else turns), by start. */
  stretchesOf(speakerId: number): Promise<Array<{ start: number; end: number }>>
  /** The name and affiliation a speaker is shown under, with or without a transcript. */
  rename(speakerId: number, name: string, affiliation: string): Promise<void>
  /** All of one speaker's rows (segments of every track, turns) go to another; the first is removed. */
  merge(speakerId: number, intoId: number): Promise<void>
  setProposals(
    recordingId: string,
    proposals: ReadonlyArray<{ speakerId: number; profileId: number; similarity: number }>,
  ): Promise<void>
  profiles(): Promise<VoiceProfile[]>
  /** Every profile's embedding, to compare a new voice with. */
  profileEmbeddings(): Promise<Array<{ id: number; name: string; embedding: Float32Array }>>
  /** Keeps (or replaces) the profile of this name. */
  saveProfile(name: string, affiliation: string, embedding: Float32Array): Promise<VoiceProfile>
  /** Deletes the profile and its proposals; false when there was none of that name. */
  forgetProfile(name: string): Promise<boolean>
  /** A recording's speaker rows as `library copy` carries them (decision 0194). */
  record(recordingId: string): Promise<SpeakerRecord>
  /**
   * Writes a record read from another library: each speaker added by label or, when its label is
   * there, renamed; the turns replace the recording's; the state is written as it was (absent
   * when null). Voice-profile proposals are not part of it.
   */
  restore(recordingId: string, record: SpeakerRecord): Promise<void>
}

/**
 * A recording's speakers (in the order they were added), the turns detection found, and
 * detection's state with its times (decision 0194): everything the speakers area stores of a
 * recording except proposals, which point at voice profiles that stay where they were made.
 */
export interface SpeakerRecord {
  speakers: Array<{ label: string; name: string; affiliation: string }>
  /** By start. */
  turns: LabelledTurn[]
  state: { engine: string | null; detectedAt: string | null; correctedAt: string | null } | null
}

// ---- Times as they were (decision 0194) -----------------------------------------------------

/**
 * When a recording's rows were made, changed and checked. Lists follow each area's read order,
 * so the same rows written in that order elsewhere take the same times: segments and cues by
 * start (then as added), redactions by start, end and mode.
 */
export interface RecordingTimes {
  createdAt: string
  updatedAt: string
  tracks: Array<{
    language: TrackLanguage
    createdAt: string
    updatedAt: string
    /** Each segment's check time, null for one never checked. */
    reviewedAt: Array<string | null>
  }>
  subtitleTracks: Array<{ language: Language; createdAt: string; updatedAt: string }>
  /** Each cue's check time per language (null: not checked). */
  cues: Array<Record<Language, string | null>>
  redactions: string[]
}

/** When an episode was made and last changed, and when each of its cuts was made (by recording, then start). */
export interface EpisodeTimes {
  createdAt: string
  updatedAt: string
  cuts: string[]
}

/**
 * Reads and writes the times rows carry (decision 0194), for `library copy`: every other port
 * stamps what it writes with the time it writes it. A list whose length is not the rows' rejects,
 * and a recording or episode that is not there gives undefined or rejects with its NOT_FOUND.
 */
export interface TimesStore {
  recording(id: string): Promise<RecordingTimes | undefined>
  setRecording(id: string, times: RecordingTimes): Promise<void>
  episode(id: string): Promise<EpisodeTimes | undefined>
  setEpisode(id: string, times: EpisodeTimes): Promise<void>
}

// ---- People (decision 0161) ---------------------------------------------------------------

/** An account as stored; `passwordHash` never leaves the core. */
export interface StoredPerson extends Person {
  id: string
  passwordHash: string
}

/** A signed-in session or an API key, found by the SHA-256 of its secret (decision 0162). */
export interface StoredSession {
  idHash: string
  personId: string
  kind: 'session' | 'key'
  label: string
  createdAt: string
  /** null: an API key, which lasts until removed. */
  expiresAt: string | null
}

export interface StoredGrant {
  recordingId: string
  personId: string
  expiresAt: string
  grantedBy: string
  createdAt: string
}

export interface NewAuditEntry {
  actor: string
  action: string
  recordingId?: string | null
  subject?: string | null
  /** Ids, codes, counts, reasons: never transcript text (tests/people grep for it). */
  details?: Record<string, string | number>
}

/**
 * Accounts, sessions, access grants and the audit log (decisions 0161, 0162). Emails are stored
 * lower case; every time is an ISO string with `Z`. A person's removal removes their sessions,
 * keys and grants with them.
 */
export interface PeopleStore {
  add(person: StoredPerson): Promise<void>
  list(): Promise<Person[]>
  count(): Promise<number>
  byEmail(email: string): Promise<StoredPerson | undefined>
  byId(id: string): Promise<StoredPerson | undefined>
  setRole(id: string, role: Role): Promise<void>
  remove(id: string): Promise<boolean>
  addSession(session: StoredSession): Promise<void>
  /** The person a live session or key belongs to: none once it expired (at `at`) or was removed. */
  sessionPerson(idHash: string, at: string): Promise<StoredPerson | undefined>
  removeSession(idHash: string): Promise<boolean>
  /** Adds or replaces the grant of one recording to one person. */
  putGrant(grant: StoredGrant): Promise<void>
  removeGrant(recordingId: string, personId: string): Promise<boolean>
  grants(recordingId?: string): Promise<Array<StoredGrant & { email: string }>>
  /** The recordings granted to a person that are still granted at `at`. */
  grantedRecordings(personId: string, at: string): Promise<string[]>
  audit(entry: NewAuditEntry, at: string): Promise<void>
  auditLog(filter: { since?: string; recordingId?: string; limit?: number }): Promise<AuditEntry[]>
}

/** A lock taken with `Storage.holdLock`. */
export interface HeldLock {
  release(): Promise<void>
}

// ---- The whole -----------------------------------------------------------------------------

/** The ports a transaction may use: the database-held ones, never media. */
export interface StoragePorts {
  settings: SettingsStore
  glossary: GlossaryStore
  savedSearches: SavedSearchStore
  exportLog: ExportLogStore
  search: SearchIndex
  jobQueue: JobQueueStore
  subtitles: SubtitleStore
  episodes: EpisodeStore
  transcripts: TranscriptStore
  redactions: RedactionStore
  masking: RedactionMasking
  speakerTurns: SpeakerTurns
  speakers: SpeakerStore
  recordings: RecordingStore
  people: PeopleStore
  times: TimesStore
}

export interface Storage extends StoragePorts {
  media: MediaStore
  /**
   * Runs `fn` with ports that act inside one transaction: committed when `fn` resolves, rolled back
   * when it throws. While it is open, every other call waits. `fn` must await nothing but these
   * ports (no FFmpeg, no file I/O, no network). A transaction inside `fn` (on `tx`) is a savepoint.
   */
  transaction<T>(fn: (tx: StoragePorts & Pick<Storage, 'transaction'>) => Promise<T>): Promise<T>
  /**
   * Takes the library's lock of this name, held until `release`: null, at once, when another
   * holder has it. On a shared archive every process on the database sees it, and it ends with
   * the process that holds it (decision 0181); on SQLite, within this process.
   */
  holdLock(name: string): Promise<HeldLock | null>
  /** A whole, consistent copy of the database at `file` (which must not exist). */
  backupTo(file: string): Promise<void>
  /**
   * After a redaction: what was masked is gone from the files on disk, not merely unused (SQLite:
   * freed pages were zeroed by secure_delete; the write-ahead log is checkpointed and truncated).
   */
  scrub(): Promise<void>
  close(): Promise<void>
}

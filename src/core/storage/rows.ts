import type {
  ApiError,
  JobState,
  EditorSegment,
  EditorSpeaker,
  EditorTranscript,
  EditorWord,
  Recording,
  SavedSearch,
  SearchRecording,
  TrackLanguage,
  TrackOrigin,
  TrackSummary,
} from '../../shared/contract/index.ts'
import { searchFiltersSchema, VocesError } from '../../shared/contract/index.ts'
import type { JobRow } from './ports.ts'

/*
 * Rows as both SQL backends read them, turned into the contract's values (decisions 0100 and
 * 0136). The tables are the same on SQLite and PostgreSQL; what differs is how a driver hands a
 * column over (SQLite: 0/1, JSON text, maybe bigint; PostgreSQL: boolean, parsed jsonb, numbers),
 * so each mapper takes either and gives one answer.
 */

type Int = number | bigint
/** A JSON column: its text (SQLite) or its value (PostgreSQL's jsonb). */
type Json<T> = string | T

function fromJson<T>(value: Json<T>): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value
}

function numberOrNull(value: Int | null): number | null {
  return value === null ? null : Number(value)
}

/** Times into order: start ≥ 0, end ≥ start (the schema's CHECK), rounded to the millisecond. */
export function clampTimes<T extends { start: number; end: number }>(item: T): T {
  const start = Math.max(0, Math.round(item.start * 1000) / 1000)
  const end = Math.max(start, Math.round(item.end * 1000) / 1000)
  return { ...item, start, end }
}

/** A patch's keys that say something: `undefined` leaves the stored value (null clears it). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as Partial<T>
}

// ---- Recordings ------------------------------------------------------------------------------

export interface RecordingRow {
  id: string
  title: string
  original_path: string
  stored_path: string | null
  sha256: string
  size_bytes: Int
  duration: number
  format: string
  has_video: Int | boolean
  width: Int | null
  height: Int | null
  audio_codec: string | null
  video_codec: string | null
  sample_rate: Int | null
  channels: Int | null
  working_audio: string
  peaks: string
  poster: string | null
  interviewees: Json<string[]>
  interviewer: string
  interview_date: string | null
  place: string
  languages: Recording['languages']
  consent_status: Recording['consentStatus']
  consent_note: string
  notes: string
  created_at: string
  updated_at: string
  /** The tags sorted: a JSON array's text, an array, or null for none. */
  tags: Json<string[]> | null
}

export function recordingFromRow(row: RecordingRow): Recording {
  return {
    id: row.id,
    title: row.title,
    path: row.original_path,
    storedPath: row.stored_path,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    duration: Number(row.duration),
    format: row.format,
    hasVideo: row.has_video === true || Number(row.has_video) === 1,
    width: numberOrNull(row.width),
    height: numberOrNull(row.height),
    audioCodec: row.audio_codec,
    videoCodec: row.video_codec,
    sampleRate: numberOrNull(row.sample_rate),
    channels: numberOrNull(row.channels),
    hasPoster: row.poster !== null,
    interviewees: fromJson(row.interviewees),
    interviewer: row.interviewer,
    interviewDate: row.interview_date,
    place: row.place,
    languages: row.languages,
    consentStatus: row.consent_status,
    consentNote: row.consent_note,
    tags: row.tags ? fromJson(row.tags) : [],
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** What a search's results show of a recording above its hits (both search engines). */
export interface SearchRecordingRow {
  id: string
  title: string
  interview_date: string | null
  interviewees: Json<string[]>
  place: string
  consent_status: SearchRecording['consentStatus']
  duration: number
  /** The tags sorted: a JSON array's text or an array. */
  tags: Json<string[]>
}

export function searchRecordingFromRow(row: SearchRecordingRow): SearchRecording {
  return {
    id: row.id,
    title: row.title,
    interviewDate: row.interview_date,
    interviewees: fromJson(row.interviewees),
    place: row.place,
    consentStatus: row.consent_status,
    tags: fromJson(row.tags),
    duration: Number(row.duration),
  }
}

// ---- Saved searches --------------------------------------------------------------------------

export interface SavedRow {
  id: string
  name: string
  query: string
  filters: Json<unknown>
  created_at: string
  updated_at: string
}

export function savedFromRow(row: SavedRow): SavedSearch {
  // Filters written by an older Voces may lack fields or hold ones it no longer knows: keep
  // what still parses rather than fail the whole list.
  const parsed = searchFiltersSchema.safeParse(fromJson(row.filters))
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    filters: parsed.success ? parsed.data : {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

// ---- Transcript tracks -----------------------------------------------------------------------

export interface TrackSummaryRow {
  id: number
  recording_id: string
  language: TrackLanguage
  kind: TrackSummary['kind']
  origin: TrackSummary['origin']
  model: string | null
  engine_settings: Json<Record<string, unknown>>
  created_at: string
  updated_at: string
  segment_count: number
  word_count: number
}

export function trackSummaryFromRow(row: TrackSummaryRow): TrackSummary {
  return {
    recordingId: row.recording_id,
    track: row.language,
    kind: row.kind,
    origin: row.origin,
    model: row.model,
    engineSettings: fromJson(row.engine_settings),
    segmentCount: Number(row.segment_count),
    wordCount: Number(row.word_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

// ---- The editor's rows -----------------------------------------------------------------------

export interface TrackRef {
  id: number
  recordingId: string
  language: TrackLanguage
  kind: 'transcript' | 'translation'
  origin: TrackOrigin
}

export interface TrackRow {
  id: number
  recording_id: string
  language: TrackLanguage
  kind: 'transcript' | 'translation'
  origin: TrackOrigin
}

export const toTrack = (row: TrackRow): TrackRef => ({
  id: row.id,
  recordingId: row.recording_id,
  language: row.language,
  kind: row.kind,
  origin: row.origin,
})

export interface SegmentRow {
  id: number
  track_id: number
  start: number
  end: number
  speaker_id: number | null
  language: TrackLanguage
  text: string
  review: 'machine' | 'verified'
  reviewed_by: string | null
  reviewed_at: string | null
}

export function toSegment(row: SegmentRow, words: EditorWord[]): EditorSegment {
  return {
    id: row.id,
    start: row.start,
    end: row.end,
    speakerId: row.speaker_id,
    language: row.language,
    text: row.text,
    review: row.review,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    words,
  }
}

/** A loaded track: its segments in time order, each with its words, and the recording's speakers. */
export function editorTranscriptFromRows(
  recordingId: string,
  track: TrackRef,
  rows: readonly SegmentRow[],
  words: ReadonlyArray<EditorWord & { segment_id: number }>,
  speakers: EditorSpeaker[],
): EditorTranscript {
  const bySegment = new Map<number, EditorWord[]>()
  for (const { segment_id: owner, ...word } of words) {
    const list = bySegment.get(owner) ?? []
    list.push(word)
    bySegment.set(owner, list)
  }
  return {
    recordingId,
    track: track.language,
    kind: track.kind,
    origin: track.origin,
    segments: rows.map((row) => toSegment(row, bySegment.get(row.id) ?? [])),
    speakers,
  }
}

/**
 * A segment's columns as the editor writes them, in this order: start, end (never before start),
 * speaker_id, language, text, review, reviewed_by, reviewed_at.
 */
export function segmentColumns(segment: Omit<EditorSegment, 'id' | 'words'>) {
  return [
    segment.start,
    Math.max(segment.start, segment.end),
    segment.speakerId,
    segment.language,
    segment.text,
    segment.review,
    segment.reviewedBy,
    segment.reviewedAt,
  ] as const
}

/** A word's columns: segment_id, start, end (never before start), text, probability. */
export function wordColumns(segmentId: number, word: EditorWord | Omit<EditorWord, 'id'>) {
  return [
    segmentId,
    word.start,
    Math.max(word.start, word.end),
    word.text,
    word.probability,
  ] as const
}

/** A segment put back into another track than its own: the transcript changed elsewhere. */
export function staleEdit(segmentId: number): VocesError {
  return new VocesError(
    'EDIT_STALE',
    'This change no longer fits the transcript; it was changed elsewhere.',
    { segmentId },
  )
}

// ---- Jobs ------------------------------------------------------------------------------------

/** The job fields an update may set, and their columns; never built from data. */
export const jobColumns: Record<string, string> = {
  state: 'state',
  recordingId: 'recording_id',
  label: 'label',
  checkpoint: 'checkpoint',
  result: 'result',
  error: 'error',
  progress: 'progress',
  updatedAt: 'updated_at',
  finishedAt: 'finished_at',
}
export const jobJsonColumns = new Set(['checkpoint', 'result', 'error'])

/** A JSON column's value to write: SQL NULL for none, else its text. */
export const jsonOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value)

/**
 * A jobs row as a driver hands it over: `J` is what a JSON column comes as (SQLite's text,
 * PostgreSQL's parsed jsonb), turned into its value by the backend's `json`. Not fromJson: a
 * job's input or result may itself be a string, which jsonb gives already parsed.
 */
export interface JobDbRow<J> {
  id: string
  kind: string
  state: JobState
  recording_id: string | null
  label: string
  input: J
  checkpoint: J | null
  result: J | null
  error: J | null
  progress: number
  created_at: string
  updated_at: string
  finished_at: string | null
}

export function jobFromRow<J>(row: JobDbRow<J>, json: (value: J | null) => unknown): JobRow {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    recordingId: row.recording_id,
    label: row.label,
    input: json(row.input),
    checkpoint: json(row.checkpoint),
    result: json(row.result),
    error: json(row.error) as ApiError | null,
    progress: row.progress,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  }
}

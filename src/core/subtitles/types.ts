import type { Language } from '../../shared/language.ts'
import type { CueText, SubtitleCue, SubtitleTrack } from '../../shared/contract/index.ts'

/**
 * One subtitle cue as Voces holds it, whatever file it came from.
 * `text` is plain text: its lines are joined with '\n'; formatting tags (<i>, {\an8}, …) are not
 * kept (docs/decisions/0031-subtitle-formats.md). Times are seconds.
 */
export interface Cue {
  start: number
  end: number
  text: string
  /** Who speaks: a WebVTT voice (`<v Ana>`) or an ASS Name field; null when the file does not say. */
  speaker: string | null
  /** WebVTT cue settings (`align:start line:10%`), kept for writing WebVTT back; other formats drop them. */
  settings?: string
  /** The ASS style the cue used, kept for writing ASS back with the same style block. */
  style?: string
}

export type SubtitleFormat = 'srt' | 'vtt' | 'ass'
export const subtitleFormats: readonly SubtitleFormat[] = ['srt', 'vtt', 'ass']

export type { Language }

/** An ASS style line, by its Format field names (`Name`, `Fontname`, `Fontsize`, …). */
export type AssStyle = Record<string, string>

/** A subtitle file read into memory. */
export interface SubtitleDocument {
  format: SubtitleFormat
  cues: Cue[]
  /** ASS/SSA only: the styles the file declared, in order. */
  styles?: AssStyle[]
}

/** The words a transcript segment holds, with their timings. */
export interface TimedWord {
  start: number
  end: number
  text: string
  probability?: number | null
}

/** A transcript segment as the cue maker reads it. */
export interface TimedSegment {
  start: number
  end: number
  text: string
  speaker: string | null
  words: TimedWord[]
}

export { languages } from '../../shared/language.ts'
export { otherLanguage } from '../../shared/language.ts'

/** A cue to store: shared timing, and the text of each language that has one. */
export interface NewCue {
  start: number
  end: number
  speaker: string | null
  texts: Partial<Record<Language, string>>
}

export interface TrackInfo {
  language: Language
  origin: SubtitleTrack['origin']
  source: string
  timing: boolean
}

/** A change to one cue: see the contract's subtitles.updateCue. */
export interface CueUpdate {
  start?: number
  end?: number
  speaker?: string | null
  language?: Language
  text?: string
  review?: CueText['review']
  reviewedBy?: string
}

/**
 * One step of a cue operation (docs/decisions/0032-cue-operations-and-undo.md): write a cue's
 * whole state under its id (inserted again when it is gone), add a cue under a new id, or remove
 * a cue (nothing when it is already gone).
 */
export type CueStep =
  { put: SubtitleCue } | { insert: Omit<SubtitleCue, 'id'> } | { remove: number }

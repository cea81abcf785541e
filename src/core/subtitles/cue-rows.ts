import {
  VocesError,
  type CueText,
  type SubtitleChange,
  type SubtitleCue,
} from '../../shared/contract/index.ts'
import { shownSpeaker } from '../../shared/speakers.ts'
import { checkRules, checkRulesPatch, mergeRules, type SubtitleRulesPatch } from './rules.ts'
import { languages, type CueUpdate, type Language } from './types.ts'

/*
 * What every backend's SubtitleStore does between its reads and its writes (decisions 0100 and
 * 0116), so SQLite (sqlite/subtitles.ts) and PostgreSQL (postgres/subtitles.ts) keep one rule:
 * cues folded from their rows, speakers read under their shown names, a cue change checked, the
 * rules overrides merged, and a cue operation's undo.
 */

/** A cue joined with one of its texts, as both backends read it. */
export interface CueRow {
  id: number
  start: number
  end: number
  speaker: string | null
  language: Language | null
  text: string | null
  review: CueText['review'] | null
  reviewed_by: string | null
  reviewed_at: string | null
}

export interface SpeakerNames {
  /** A stored speaker (a label, or a file's `<v Ana>`) as it is shown now. */
  shown: (stored: string | null) => string | null
  /** A shown name written back as its label. */
  stored: (shown: string | null) => string | null
}

/**
 * A cue keeps its speaker's label when it has one (cues are made from the transcript's labels)
 * and is read under the name the speaker is shown by now (shownSpeaker, decision 0075), so a
 * speaker named after the subtitles were made is named in them too. A text that is no label is
 * shown as it is. `speakers`: the recording's, by id.
 */
export function speakerNames(
  speakers: ReadonlyArray<{ label: string; name: string }>,
): SpeakerNames {
  const byLabel = new Map<string, string>()
  const labelOf = new Map<string, string>()
  for (const row of speakers) {
    const shown = shownSpeaker(row.label, row.name)
    byLabel.set(row.label, shown)
    if (!labelOf.has(shown)) labelOf.set(shown, row.label)
  }
  return {
    shown: (stored) => (stored === null ? null : (byLabel.get(stored) ?? stored)),
    stored: (shown) =>
      shown === null || byLabel.has(shown) ? shown : (labelOf.get(shown) ?? shown),
  }
}

/** Rows of cues joined with their texts (ordered by cue) folded into cues. */
export function foldCues(
  rows: readonly CueRow[],
  shown: (stored: string | null) => string | null,
): SubtitleCue[] {
  const cues: SubtitleCue[] = []
  for (const row of rows) {
    let cue = cues[cues.length - 1]
    if (cue?.id !== row.id) {
      cue = {
        id: row.id,
        start: row.start,
        end: row.end,
        speaker: shown(row.speaker),
        texts: { en: null, es: null },
      }
      cues.push(cue)
    }
    if (row.language && row.text !== null && row.review) {
      cue.texts[row.language] = {
        text: row.text,
        review: row.review,
        reviewedBy: row.reviewed_by,
        reviewedAt: row.reviewed_at,
      }
    }
  }
  return cues
}

/** The text rows a cue's whole state is written as: verified only with a reviewer. */
export function cueTextRows(
  texts: SubtitleCue['texts'],
  at: string,
): Array<{
  language: Language
  text: string
  review: CueText['review']
  reviewedBy: string | null
  reviewedAt: string | null
}> {
  return languages.flatMap((language) => {
    const text = texts[language]
    if (!text) return []
    const verified = text.review === 'verified' && text.reviewedBy !== null
    return [
      {
        language,
        text: text.text,
        review: verified ? 'verified' : 'machine',
        reviewedBy: verified ? text.reviewedBy : null,
        reviewedAt: verified ? (text.reviewedAt ?? at) : null,
      },
    ]
  })
}

export function staleCue(cueId: number): VocesError {
  return new VocesError(
    'EDIT_STALE',
    'This change no longer fits the subtitles; they were changed elsewhere.',
    { cueId },
  )
}

/**
 * A change to one cue (the contract's subtitles.updateCue), checked: an end before the start, a
 * text or review without a language, a verification without a reviewer are refused. Returns the
 * times and, when a language is named, that language's text row as it becomes (stamped `at` when
 * verified now).
 */
export function cueUpdate(
  cueId: number,
  cue: SubtitleCue,
  change: CueUpdate,
  at: string,
): {
  start: number
  end: number
  speaker: string | null
  text: {
    language: Language
    text: string
    review: CueText['review']
    reviewedBy: string | null
    reviewedAt: string | null
  } | null
} {
  const start = change.start ?? cue.start
  const end = change.end ?? cue.end
  if (end < start) {
    throw new VocesError(
      'SUBTITLE_CUE_TIMING',
      `A cue cannot end (${end} s) before it starts (${start} s).`,
      { cueId },
    )
  }
  if ((change.text !== undefined || change.review !== undefined) && !change.language) {
    throw new VocesError(
      'SUBTITLE_LANGUAGE_REQUIRED',
      'Say which language the text or review is for.',
      { cueId },
    )
  }
  if (change.review === 'verified' && !change.reviewedBy) {
    throw new VocesError('SUBTITLE_REVIEWER_REQUIRED', 'Say who verified the cue.', { cueId })
  }
  const speaker = change.speaker === undefined ? cue.speaker : change.speaker
  const language = change.language
  if (!language) return { start, end, speaker, text: null }
  const current = cue.texts[language]
  const review = change.review ?? current?.review ?? 'machine'
  const verified = review === 'verified'
  return {
    start,
    end,
    speaker,
    text: {
      language,
      text: change.text ?? current?.text ?? '',
      review,
      reviewedBy: verified ? (change.reviewedBy ?? current?.reviewedBy ?? null) : null,
      reviewedAt: verified
        ? change.review === 'verified'
          ? at
          : (current?.reviewedAt ?? at)
        : null,
    },
  }
}

/**
 * A scope's rules overrides (the library's when `recordingId` is null) after `patch`, or only
 * `patch` with `reset`, checked with the rules that result over the library's overrides.
 */
export function mergedRulesPatch(
  recordingId: string | null,
  current: SubtitleRulesPatch | null,
  patch: SubtitleRulesPatch,
  reset: boolean,
  library: SubtitleRulesPatch | null,
): SubtitleRulesPatch {
  const base = reset ? {} : (current ?? {})
  const merged: SubtitleRulesPatch = {
    ...base,
    ...patch,
    maxCharsPerSecond: { ...base.maxCharsPerSecond, ...patch.maxCharsPerSecond },
  }
  if (Object.keys(merged.maxCharsPerSecond ?? {}).length === 0) delete merged.maxCharsPerSecond
  checkRulesPatch(merged)
  checkRules(
    recordingId === null ? mergeRules(merged) : mergeRules(merged, mergeRules(library ?? {})),
  )
  return merged
}

/**
 * A cue operation's result (decision 0032) from each touched cue before and after: the cues now
 * (in time order), those removed, and the patch that puts them back.
 */
export function cueChange(
  recordingId: string,
  before: ReadonlyMap<number, SubtitleCue | null>,
  after: ReadonlyMap<number, SubtitleCue | null>,
): SubtitleChange {
  const cues: SubtitleCue[] = []
  const removed: number[] = []
  const undo: SubtitleChange['undo'] = { recordingId, put: [], remove: [] }
  for (const [id, was] of before) {
    const now = after.get(id) ?? null
    if (now) cues.push(now)
    else if (was) removed.push(id)
    if (was) undo.put.push(was)
    else if (now) undo.remove.push(id)
  }
  cues.sort((a, b) => a.start - b.start || a.id - b.id)
  return { cues, removed, undo }
}

import type { Database } from 'better-sqlite3'
import {
  VocesError,
  type CueText,
  type SubtitleChange,
  type SubtitleCue,
  type SubtitlePatch,
} from '../../shared/contract/index.ts'
import { layoutText } from './layout.ts'
import { languages, SubtitleRepository } from './repository.ts'
import type { SubtitleRules } from './rules.ts'
import { characterCount, wordsOf } from './text.ts'
import type { Language } from './types.ts'

/** How long a cue added in a gap is, when the gap allows: room to type a short line. */
export const NEW_CUE_SECONDS = 2

/** Times are kept to whole milliseconds, what SRT and WebVTT hold, so a file keeps them exactly. */
const ms = (seconds: number) => Math.round(seconds * 1000) / 1000
const msUp = (seconds: number) => Math.ceil(seconds * 1000 - 1e-6) / 1000
const msDown = (seconds: number) => Math.floor(seconds * 1000 + 1e-6) / 1000

/** The minimum gap in seconds (2 frames at 24 fps: docs/decisions/0030-subtitle-rules.md). */
const gapOf = (rules: SubtitleRules) => rules.minGapFrames / rules.fps

/**
 * A text split at a character offset. An offset inside a word moves to the start of that word
 * (it starts the second part, as in the transcript editor); lines become spaces.
 */
export function splitTextAt(text: string, offset: number): [string, string] {
  let at = Math.max(0, Math.min(text.length, offset))
  while (
    at > 0 &&
    at < text.length &&
    !/\s/u.test(text[at - 1] ?? '') &&
    !/\s/u.test(text[at] ?? '')
  )
    at -= 1
  return [wordsOf(text.slice(0, at)).join(' '), wordsOf(text.slice(at)).join(' ')]
}

/** A text split at the word boundary whose share of the characters is nearest `ratio`. */
export function splitTextByShare(text: string, ratio: number): [string, string] {
  const words = wordsOf(text)
  const total = characterCount(words.join(' '))
  if (words.length === 0 || total === 0) return ['', '']
  let best = 0
  let bestDistance = Infinity
  let before = 0
  for (let k = 0; k <= words.length; k++) {
    if (k > 0) before += characterCount(words[k - 1] ?? '') + (k > 1 ? 1 : 0)
    const distance = Math.abs(before / total - ratio)
    if (distance < bestDistance) {
      best = k
      bestDistance = distance
    }
  }
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')]
}

/**
 * A language's new text at a cue. A text that changed is the machine's again (issue 4: the
 * review state says whether a person checked *this* text); an unchanged one keeps its state.
 */
function retexted(was: CueText | null, text: string): CueText {
  if (was && was.text === text) return was
  return { text, review: 'machine', reviewedBy: null, reviewedAt: null }
}

/**
 * The cue operations of the subtitle editor: split, merge, insert, delete, and putting back an
 * undo patch. Each is one transaction that records every cue it touches before touching it and
 * returns the states to put back (docs/decisions/0032-cue-operations-and-undo.md).
 */
export class SubtitleCueEditor {
  private readonly db: Database
  private readonly repository: SubtitleRepository
  constructor(db: Database, repository: SubtitleRepository = new SubtitleRepository(db)) {
    this.db = db
    this.repository = repository
  }

  private change(
    recordingId: string,
    edit: (touch: (cueId: number) => void, created: (cueId: number) => void) => void,
  ): SubtitleChange {
    return this.db.transaction(() => {
      const before = new Map<number, SubtitleCue | null>()
      const touch = (cueId: number) => {
        if (!before.has(cueId)) before.set(cueId, this.repository.findCue(cueId)?.cue ?? null)
      }
      const created = (cueId: number) => {
        if (!before.has(cueId)) before.set(cueId, null)
      }
      edit(touch, created)
      const cues: SubtitleCue[] = []
      const removed: number[] = []
      const undo: SubtitlePatch = { recordingId, put: [], remove: [] }
      for (const [id, was] of before) {
        const now = this.repository.findCue(id)?.cue ?? null
        if (now) cues.push(now)
        else if (was) removed.push(id)
        if (was) undo.put.push(was)
        else if (now) undo.remove.push(id)
      }
      if (before.size > 0) this.repository.touchTracks(recordingId)
      cues.sort((a, b) => a.start - b.start || a.id - b.id)
      return { cues, removed, undo }
    })()
  }

  /** Splits at `time`, or at a text cursor; see the contract's subtitles.splitCue. */
  split(cueId: number, at: { time?: number; caret?: { language: Language; offset: number } }) {
    const { recordingId, cue } = this.repository.cue(cueId)
    const rules = this.repository.rules(recordingId)
    const span = cue.end - cue.start
    const parts: Partial<Record<Language, [string, string]>> = {}
    let time = at.time
    if (at.caret) {
      const text = cue.texts[at.caret.language]?.text ?? ''
      const [head, tail] = splitTextAt(text, at.caret.offset)
      if (head === '' || tail === '') throw splitOutOfRange(cueId)
      parts[at.caret.language] = [head, tail]
      const share = characterCount(head) / (characterCount(head) + 1 + characterCount(tail))
      time ??= cue.start + share * span
    }
    time = ms(time ?? cue.start + span / 2)
    const firstEnd = msDown(time - gapOf(rules))
    if (!(firstEnd - cue.start >= 0.001 && cue.end - time >= 0.001)) throw splitOutOfRange(cueId)
    const share = span > 0 ? (time - cue.start) / span : 0.5
    for (const language of languages) {
      const text = cue.texts[language]
      if (text && !parts[language]) parts[language] = splitTextByShare(text.text, share)
    }
    const layout = (text: string, language: Language) =>
      text === '' ? '' : layoutText(text, rules.maxCharsPerLine, rules.maxLines, language)
    const halves = (k: 0 | 1): SubtitleCue['texts'] => {
      const texts: SubtitleCue['texts'] = { en: null, es: null }
      for (const language of languages) {
        const part = parts[language]
        if (part) texts[language] = retexted(cue.texts[language], layout(part[k], language))
      }
      return texts
    }
    return this.change(recordingId, (touch, created) => {
      touch(cueId)
      this.repository.putCue(recordingId, { ...cue, end: firstEnd, texts: halves(0) })
      created(
        this.repository.insertCue(recordingId, {
          start: time,
          end: cue.end,
          speaker: cue.speaker,
          texts: halves(1),
        }),
      )
    })
  }

  /** Joins a cue with the next: the texts of each language one after the other, set on lines again. */
  merge(cueId: number): SubtitleChange {
    const { recordingId, cue } = this.repository.cue(cueId)
    const nextId = this.repository.nextCueId(cueId)
    if (nextId === undefined) {
      throw new VocesError(
        'SUBTITLE_MERGE_NO_NEXT',
        'This is the last cue; there is none after it to join.',
        {
          cueId,
        },
      )
    }
    const next = this.repository.cue(nextId).cue
    const rules = this.repository.rules(recordingId)
    const texts: SubtitleCue['texts'] = { en: null, es: null }
    for (const language of languages) {
      const a = cue.texts[language]
      const b = next.texts[language]
      if (!a && !b) continue
      const filled = [a, b].filter((text) => text && text.text.trim() !== '')
      const only = filled.length === 1 ? filled[0] : undefined
      if (only) {
        // One side has text: it moves over as it is, with its review state.
        texts[language] = only
        continue
      }
      const joined = filled.map((text) => text?.text ?? '').join(' ')
      const text =
        joined === '' ? '' : layoutText(joined, rules.maxCharsPerLine, rules.maxLines, language)
      texts[language] = retexted(a ?? null, text)
    }
    return this.change(recordingId, (touch) => {
      touch(cueId)
      touch(nextId)
      this.repository.removeCue(nextId)
      this.repository.putCue(recordingId, {
        ...cue,
        end: Math.max(cue.end, next.end),
        speaker: cue.speaker ?? next.speaker,
        texts,
      })
    })
  }

  /**
   * Adds an empty cue (both languages) in the gap at `at`: after the cue `at` falls in, at least
   * the minimum gap from both neighbours, NEW_CUE_SECONDS long where the gap allows.
   */
  insert(recordingId: string, at: number, recordingDuration: number): SubtitleChange {
    const rules = this.repository.rules(recordingId)
    const gap = gapOf(rules)
    const spans = this.repository.spans(recordingId)
    let time = at
    for (const span of spans) if (span.start <= time && time < span.end) time = span.end
    let previousEnd: number | null = null
    let nextStart: number | null = null
    for (const span of spans) {
      if (span.start <= time) previousEnd = Math.max(previousEnd ?? 0, span.end)
      else if (nextStart === null) nextStart = span.start
    }
    const lo = previousEnd === null ? 0 : msUp(previousEnd + gap)
    const limit = recordingDuration > 0 ? recordingDuration : Infinity
    const hi = nextStart === null ? limit : msDown(nextStart - gap)
    if (hi - lo < rules.minDuration - 1e-9) {
      throw new VocesError(
        'SUBTITLE_NO_ROOM',
        `There is no room for a cue here: a new cue needs ${ms(rules.minDuration + 2 * gap)} s between its neighbours.`,
        { seconds: ms(rules.minDuration + 2 * gap) },
      )
    }
    const start = ms(Math.min(Math.max(time, lo), msDown(hi - rules.minDuration)))
    const end = ms(Math.min(hi, start + Math.max(NEW_CUE_SECONDS, rules.minDuration)))
    const empty: CueText = { text: '', review: 'machine', reviewedBy: null, reviewedAt: null }
    return this.change(recordingId, (_touch, created) => {
      created(
        this.repository.insertCue(recordingId, {
          start,
          end,
          speaker: null,
          texts: { en: empty, es: empty },
        }),
      )
    })
  }

  remove(cueId: number): SubtitleChange {
    const { recordingId } = this.repository.cue(cueId)
    return this.change(recordingId, (touch) => {
      touch(cueId)
      this.repository.removeCue(cueId)
    })
  }

  /** Puts back what a patch holds; the change it returns carries the patch that reverses it. */
  apply(patch: SubtitlePatch): SubtitleChange {
    return this.change(patch.recordingId, (touch) => {
      for (const id of patch.remove) {
        const found = this.repository.findCue(id)
        if (!found) continue
        if (found.recordingId !== patch.recordingId) throw stale(id)
        touch(id)
        this.repository.removeCue(id)
      }
      for (const cue of patch.put) {
        touch(cue.id)
        this.repository.putCue(patch.recordingId, cue)
      }
    })
  }
}

function splitOutOfRange(cueId: number): VocesError {
  return new VocesError(
    'SUBTITLE_SPLIT_OUT_OF_RANGE',
    'A cue splits inside itself: put the text cursor between two words, or the playhead between its start and end.',
    { cueId },
  )
}

function stale(cueId: number): VocesError {
  return new VocesError(
    'EDIT_STALE',
    'This change no longer fits the subtitles; they were changed elsewhere.',
    { cueId },
  )
}

import {
  VocesError,
  type CueText,
  type SubtitleChange,
  type SubtitleCue,
  type SubtitlePatch,
} from '../../shared/contract/index.ts'
import { layoutText } from './layout.ts'
import type { Storage } from '../storage/ports.ts'
import type { SubtitleRules } from './rules.ts'
import { characterCount, wordsOf } from './text.ts'
import { languages, type Language } from './types.ts'

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
 * A language's new text at a cue. A text that changed is the machine's again (the
 * review state says whether a person checked *this* text); an unchanged one keeps its state.
 */
function retexted(was: CueText | null, text: string): CueText {
  if (was && was.text === text) return was
  return { text, review: 'machine', reviewedBy: null, reviewedAt: null }
}

/**
 * The cue operations of the subtitle editor: split, merge, insert, delete, and putting back an
 * undo patch. Each reads and writes in one storage transaction; the store records every cue a step
 * touches before touching it and returns the states to put back
 * (docs/decisions/0032-cue-operations-and-undo.md, decision 0116).
 */
export class SubtitleCueEditor {
  private readonly storage: Pick<Storage, 'subtitles' | 'transaction'>
  constructor(storage: Pick<Storage, 'subtitles' | 'transaction'>) {
    this.storage = storage
  }

  /** Splits at `time`, or at a text cursor; see the contract's subtitles.splitCue. */
  split(
    cueId: number,
    at: { time?: number; caret?: { language: Language; offset: number } },
  ): Promise<SubtitleChange> {
    return this.storage.transaction(async (tx) => {
      const { recordingId, cue } = await tx.subtitles.cue(cueId)
      const rules = await tx.subtitles.rules(recordingId)
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
      return tx.subtitles.edit(recordingId, [
        { put: { ...cue, end: firstEnd, texts: halves(0) } },
        { insert: { start: time, end: cue.end, speaker: cue.speaker, texts: halves(1) } },
      ])
    })
  }

  /** Joins a cue with the next: the texts of each language one after the other, set on lines again. */
  merge(cueId: number): Promise<SubtitleChange> {
    return this.storage.transaction(async (tx) => {
      const { recordingId, cue } = await tx.subtitles.cue(cueId)
      const nextId = await tx.subtitles.nextCueId(cueId)
      if (nextId === null) {
        throw new VocesError(
          'SUBTITLE_MERGE_NO_NEXT',
          'This is the last cue; there is none after it to join.',
          {
            cueId,
          },
        )
      }
      const next = (await tx.subtitles.cue(nextId)).cue
      const rules = await tx.subtitles.rules(recordingId)
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
      return tx.subtitles.edit(recordingId, [
        {
          put: {
            ...cue,
            end: Math.max(cue.end, next.end),
            speaker: cue.speaker ?? next.speaker,
            texts,
          },
        },
        { remove: nextId },
      ])
    })
  }

  /**
   * Adds an empty cue (both languages) in the gap at `at`: after the cue `at` falls in, at least
   * the minimum gap from both neighbours, NEW_CUE_SECONDS long where the gap allows.
   */
  insert(recordingId: string, at: number, recordingDuration: number): Promise<SubtitleChange> {
    return this.storage.transaction(async (tx) => {
      const rules = await tx.subtitles.rules(recordingId)
      const gap = gapOf(rules)
      const spans = await tx.subtitles.spans(recordingId)
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
      return tx.subtitles.edit(recordingId, [
        { insert: { start, end, speaker: null, texts: { en: empty, es: empty } } },
      ])
    })
  }

  remove(cueId: number): Promise<SubtitleChange> {
    return this.storage.transaction(async (tx) => {
      const { recordingId } = await tx.subtitles.cue(cueId)
      return tx.subtitles.edit(recordingId, [{ remove: cueId }])
    })
  }

  /** Puts back what a patch holds; the change it returns carries the patch that reverses it. */
  apply(patch: SubtitlePatch): Promise<SubtitleChange> {
    return this.storage.subtitles.edit(patch.recordingId, [
      ...patch.remove.map((id) => ({ remove: id })),
      ...patch.put.map((cue) => ({ put: cue })),
    ])
  }
}

function splitOutOfRange(cueId: number): VocesError {
  return new VocesError(
    'SUBTITLE_SPLIT_OUT_OF_RANGE',
    'A cue splits inside itself: put the text cursor between two words, or the playhead between its start and end.',
    { cueId },
  )
}

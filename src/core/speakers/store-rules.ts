/**
 * What both backends decide alike about speakers (decisions 0153 and 0175): how a detection's
 * turns split a segment between its words, when the speakers count as a person's work, each
 * voice's talk time and sample, the turns shown, and how moving words splits a segment. The
 * backends only read and write rows around these.
 */
import {
  VocesError,
  type EditorSegment,
  type ShownTurn,
  type Voice,
} from '../../shared/contract/index.ts'
import { shownSpeaker } from '../../shared/speakers.ts'
import type { LabelledTurn } from '../storage/ports.ts'
import { speakerRuns } from './assign.ts'
import type { SpeakerTurn } from './engines/types.ts'

/** A voice's sample to play: its longest stretch, cut to this many seconds. */
const sampleSeconds = 8

/** A stretch of one speaker: a segment of the source transcript, or a detected turn. */
export interface SpeakerStretch {
  speakerId: number | null
  start: number
  end: number
}

/** A detection's labels in order of first appearance, and its turns numbered by them. */
export function numberTurns(turns: readonly LabelledTurn[]): {
  labels: string[]
  numbered: SpeakerTurn[]
} {
  const numbers = new Map<string, number>()
  const numbered = turns.map((turn) => {
    let speaker = numbers.get(turn.label)
    if (speaker === undefined) {
      speaker = numbers.size
      numbers.set(turn.label, speaker)
    }
    return { start: turn.start, end: turn.end, speaker }
  })
  return { labels: [...numbers.keys()], numbered }
}

interface SplitWord {
  id: number
  start: number
  end: number
  text: string
}

/** One part of a segment after a detection: the first keeps the segment's row. */
export interface SegmentPart {
  speaker: number | null
  start: number
  end: number
  text: string
  /** The words that move to this part's new row (none for the first part). */
  wordIds: number[]
}

/**
 * A segment split where its words change speaker. One part: only its speaker changes (its text
 * and times stay as they are). More: the first part keeps the row (its end and text shortened),
 * each other part is a new row taking its words; the last part ends where the segment did.
 */
export function splitByTurns(
  segment: { start: number; end: number },
  words: readonly SplitWord[],
  turns: readonly SpeakerTurn[],
): SegmentPart[] {
  const runs = speakerRuns(segment, words, turns)
  const textOf = (from: number, to: number) =>
    words
      .slice(from, to)
      .map((word) => word.text)
      .join(' ')
  const endOf = (from: number, to: number) =>
    Math.max(...words.slice(from, to).map((word) => word.end))
  return runs.map((run, i) => {
    if (runs.length === 1) {
      return { speaker: run.speaker, start: segment.start, end: segment.end, text: '', wordIds: [] }
    }
    if (i === 0) {
      return {
        speaker: run.speaker,
        start: segment.start,
        end: Math.max(segment.start, endOf(run.from, run.to)),
        text: textOf(run.from, run.to),
        wordIds: [],
      }
    }
    const start = Math.max(segment.start, words[run.from]?.start ?? segment.start)
    const end = i === runs.length - 1 ? segment.end : endOf(run.from, run.to)
    return {
      speaker: run.speaker,
      start,
      end: Math.max(start, end),
      text: textOf(run.from, run.to),
      wordIds: words.slice(run.from, run.to).map((word) => word.id),
    }
  })
}

/**
 * Whether the speakers are a person's work, which a detection must not overwrite unasked: a
 * correction marked since the last detection, a voice named, or, before any detection, more
 * than one speaker in the segments (a person's or an imported file's).
 */
export function speakersCorrected(row: {
  detectedAt: string | null
  correctedAt: string | null
  named: boolean
  used: number
}): boolean {
  return row.correctedAt !== null || row.named || (row.detectedAt === null && row.used > 1)
}

/** A recording's speaker row with the voice proposed for it, if any. */
export interface VoiceRow {
  id: number
  label: string
  name: string
  affiliation: string
  proposed: string | null
  proposedAffiliation: string | null
  similarity: number | null
}

/** Each voice with its talk time and its longest stretch (cut to 8 s) as the sample. */
export function voicesOf(rows: readonly VoiceRow[], stretches: readonly SpeakerStretch[]): Voice[] {
  const seconds = new Map<number, number>()
  const longest = new Map<number, { start: number; end: number }>()
  for (const stretch of stretches) {
    if (stretch.speakerId === null) continue
    const length = stretch.end - stretch.start
    seconds.set(stretch.speakerId, (seconds.get(stretch.speakerId) ?? 0) + length)
    const best = longest.get(stretch.speakerId)
    if (!best || length > best.end - best.start) longest.set(stretch.speakerId, stretch)
  }
  return rows.map((row) => {
    const sample = longest.get(row.id)
    return {
      id: row.id,
      label: row.label,
      name: row.name,
      affiliation: row.affiliation,
      seconds: Math.round((seconds.get(row.id) ?? 0) * 1000) / 1000,
      sample: sample
        ? { start: sample.start, end: Math.min(sample.end, sample.start + sampleSeconds) }
        : null,
      proposal:
        row.proposed !== null && row.similarity !== null
          ? {
              name: row.proposed,
              affiliation: row.proposedAffiliation ?? '',
              similarity: row.similarity,
            }
          : null,
    }
  })
}

/** Who spoke when, each stretch under its speaker's shown name; stretches of no speaker left out. */
export function shownTurns(
  speakers: ReadonlyArray<{ id: number; label: string; name: string }>,
  stretches: readonly SpeakerStretch[],
): ShownTurn[] {
  const names = new Map(speakers.map((row) => [row.id, shownSpeaker(row.label, row.name)]))
  return stretches.flatMap((stretch) => {
    const speaker = stretch.speakerId === null ? undefined : names.get(stretch.speakerId)
    return speaker === undefined ? [] : [{ start: stretch.start, end: stretch.end, speaker }]
  })
}

/** One part of a segment after words moved to another voice: the first keeps the row. */
export interface MovedPart {
  start: number
  end: number
  speakerId: number | null
  text: string
  words: EditorSegment['words']
}

/**
 * Words `from` to `to` (exclusive) of a segment given to another speaker: the segment in up to
 * three parts, the words before, the moved ones, the words after. Words outside the segment are
 * WORDS_OUT_OF_RANGE; nothing to do (the same speaker) is no parts.
 */
export function moveWordParts(
  segment: EditorSegment,
  from: number,
  to: number,
  speakerId: number,
): MovedPart[] {
  const count = segment.words.length
  if (from < 0 || to > count || from >= to) {
    throw new VocesError(
      'WORDS_OUT_OF_RANGE',
      `Choose words of the segment: it has ${count}, and words ${from + 1} to ${to} were asked for.`,
      { segmentId: segment.id, from, to, count },
    )
  }
  if (segment.speakerId === speakerId) return []
  const parts = [
    { words: segment.words.slice(0, from), speakerId: segment.speakerId },
    { words: segment.words.slice(from, to), speakerId },
    { words: segment.words.slice(to), speakerId: segment.speakerId },
  ].filter((part) => part.words.length > 0)
  return parts.map((part, i) => {
    const first = part.words[0]
    const start = i === 0 ? segment.start : Math.max(segment.start, first?.start ?? 0)
    const end =
      i === parts.length - 1 ? segment.end : Math.max(start, ...part.words.map((word) => word.end))
    return {
      start,
      end,
      speakerId: part.speakerId,
      text: part.words.map((word) => word.text).join(' '),
      words: part.words,
    }
  })
}

/** A voice embedding as a profile row keeps it: its float32s' bytes (bytea on PostgreSQL). */
export function embeddingBytes(embedding: Float32Array): Buffer {
  return Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength)
}

/** A profile row's bytes as the embedding again (copied: a row's buffer may be shared). */
export function embeddingFromBytes(bytes: Buffer): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
}

/** A restored turn's speaker row by its label (decision 0194): the record names every speaker. */
export function speakerOfTurn(ids: ReadonlyMap<string, number>, turn: LabelledTurn): number {
  const id = ids.get(turn.label)
  if (id === undefined)
    throw new Error(`A speaker turn names "${turn.label}", which the speakers given do not hold.`)
  return id
}

import { formatClockTime, stampClock } from '../../shared/time.ts'
import path from 'node:path'
import { z } from 'zod'
import {
  VocesError,
  segmentSchema,
  trackLanguageSchema,
  type Segment,
  type TrackLanguage,
  type Transcript,
  type TranscriptFormat,
  type TranscriptTrack,
  type Word,
} from '../../shared/contract/index.ts'
import { parseSubtitles, writeSubtitles } from '../subtitles/formats.ts'
import type { Cue } from '../subtitles/types.ts'
import { languageOfText } from '../transcription/language.ts'
import { requireSpan } from '../util/times.ts'
import { docxMimeType, transcriptDocx, type DocxRecording } from './docx.ts'

/** Voces' transcript JSON, as printed by `transcript --format json`. */
export function toVocesJson(track: TranscriptTrack): Transcript {
  return {
    recordingId: track.recordingId,
    track: track.track,
    language: track.track,
    segments: track.segments.map((segment) => ({
      ...segment,
      words: segment.words.map((word) => ({ ...word })),
    })),
  }
}

function toCues(segments: readonly Segment[]): Cue[] {
  return segments.map((segment) => ({
    start: segment.start,
    end: segment.end,
    text: segment.text.trim(),
    speaker: segment.speaker,
  }))
}

/** Plain text for reading: one paragraph per speaker turn, each with its start time. */
export function toPlainText(segments: readonly Segment[]): string {
  const paragraphs: string[] = []
  let current: { speaker: string | null; start: number; texts: string[] } | null = null
  for (const segment of segments) {
    const text = segment.text.trim()
    if (text === '') continue
    if (!current || current.speaker !== segment.speaker) {
      if (current) paragraphs.push(paragraph(current))
      current = { speaker: segment.speaker, start: segment.start, texts: [] }
    }
    current.texts.push(text)
  }
  if (current) paragraphs.push(paragraph(current))
  return paragraphs.join('\n\n') + (paragraphs.length > 0 ? '\n' : '')
}

function paragraph(turn: { speaker: string | null; start: number; texts: string[] }): string {
  const who = turn.speaker ? `${turn.speaker}: ` : ''
  return `[${formatClockTime(turn.start, stampClock)}] ${who}${turn.texts.join(' ')}`
}

const mimeTypes: Record<TranscriptFormat, string> = {
  json: 'application/json',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
  txt: 'text/plain',
  docx: docxMimeType,
}

/**
 * A track in one of the transcript formats. Text formats come back as text; DOCX, a ZIP
 * package, as Base64 (`encoding: 'base64'`), so it travels through IPC and HTTP as JSON.
 * `recording` fills the DOCX's title and facts.
 */
export function exportTranscript(
  track: TranscriptTrack,
  format: TranscriptFormat,
  recording?: DocxRecording,
): { fileName: string; mimeType: string; text: string; encoding?: 'base64' } {
  const fileName = `${track.recordingId}.${track.track}.${format}`
  if (format === 'docx') {
    const about = recording ?? {
      title: track.recordingId,
      interviewDate: null,
      duration: track.segments.at(-1)?.end ?? 0,
      consentStatus: 'unknown' as const,
    }
    const bytes = transcriptDocx(track, about)
    return {
      fileName,
      mimeType: mimeTypes.docx,
      text: bytes.toString('base64'),
      encoding: 'base64',
    }
  }
  let text: string
  if (format === 'json') text = JSON.stringify(toVocesJson(track), null, 2) + '\n'
  else if (format === 'txt') text = toPlainText(track.segments)
  else text = writeSubtitles(toCues(track.segments), format)
  return { fileName, mimeType: mimeTypes[format], text }
}

/**
 * Words for a cue that came without any: the cue's time shared out by each word's length in
 * characters. Approximate by nature; the editor can retime them, and they keep word-level features
 * (search hits, redaction) working on imported tracks.
 */
export function spreadWords(text: string, start: number, end: number): Word[] {
  const tokens = text.split(/\s+/).filter((token) => token !== '')
  const total = tokens.reduce((sum, token) => sum + token.length, 0)
  const span = Math.max(0, end - start)
  const words: Word[] = []
  let at = start
  for (const token of tokens) {
    const length = total > 0 ? (span * token.length) / total : 0
    // Never past the end, whatever the rounding of the running sum: start ≤ end stays true.
    const from = Math.min(at, end)
    words.push({ start: from, end: Math.min(end, at + length), text: token, probability: null })
    at += length
  }
  return words
}

const importedJsonSchema = z.object({
  recordingId: z.string().optional(),
  track: trackLanguageSchema.optional(),
  language: trackLanguageSchema.optional(),
  segments: z.array(
    segmentSchema.extend({
      speaker: z.string().nullable().default(null),
      language: trackLanguageSchema.optional(),
      words: segmentSchema.shape.words.default([]),
    }),
  ),
})

export interface ImportedTranscript {
  format: 'json' | 'srt' | 'vtt' | 'ass'
  /** The language the file says (JSON) or its words suggest. */
  language: TrackLanguage
  segments: Segment[]
}

/**
 * Reads an SRT, WebVTT (speakers from `<v>`), ASS or Voces JSON transcript; refuses it whole if
 * malformed, if it holds no text, or if a segment or word ends before it starts or (given the
 * recording's `duration`) after the recording (docs/decisions/0086-times-inside-the-recording.md).
 */
export function importTranscript(
  text: string,
  fileName: string,
  language?: TrackLanguage,
  duration = 0,
): ImportedTranscript {
  const imported = readTranscript(text, fileName, language)
  const file = path.basename(fileName)
  if (!imported.segments.some((segment) => segment.text.trim() !== ''))
    throw new VocesError(
      'IMPORT_EMPTY',
      `${file} holds no transcript text, so nothing was imported.`,
      {
        file,
      },
    )
  imported.segments.forEach((segment, k) => {
    requireSpan({ segment: k + 1 }, segment.start, segment.end, duration, { file })
    segment.words.forEach((word, w) =>
      requireSpan({ word: w + 1, segment: k + 1 }, word.start, word.end, duration, { file }),
    )
  })
  return imported
}

function readTranscript(
  text: string,
  fileName: string,
  language?: TrackLanguage,
): ImportedTranscript {
  const body = text.replace(/^\uFEFF/, '')
  const looksJson = path.extname(fileName).toLowerCase() === '.json' || /^\s*\{/.test(body)
  if (looksJson) {
    let raw: unknown
    try {
      raw = JSON.parse(body)
    } catch (error) {
      throw new VocesError(
        'TRANSCRIPT_MALFORMED',
        `${path.basename(fileName)} is not valid JSON: ${(error as Error).message}`,
        {
          file: path.basename(fileName),
        },
      )
    }
    const parsed = importedJsonSchema.safeParse(raw)
    if (!parsed.success) {
      throw new VocesError(
        'TRANSCRIPT_MALFORMED',
        `${path.basename(fileName)} is not a Voces transcript: ${z.prettifyError(parsed.error)}`,
        { file: path.basename(fileName) },
      )
    }
    const chosen =
      language ??
      parsed.data.language ??
      parsed.data.track ??
      languageOfText(parsed.data.segments.map((s) => s.text)) ??
      'en'
    const segments = parsed.data.segments.map((segment) => ({
      ...segment,
      language: segment.language ?? chosen,
      words:
        segment.words.length > 0
          ? segment.words
          : spreadWords(segment.text, segment.start, segment.end),
    }))
    return { format: 'json', language: chosen, segments }
  }
  const document = parseSubtitles(body, undefined, fileName)
  const chosen = language ?? languageOfText(document.cues.map((cue) => cue.text)) ?? 'en'
  const segments = document.cues
    .filter((cue) => cue.text.trim() !== '')
    .map((cue) => {
      const flat = cue.text.replace(/\s*\n\s*/g, ' ').trim()
      return {
        start: cue.start,
        end: cue.end,
        speaker: cue.speaker,
        language: chosen,
        text: flat,
        words: spreadWords(flat, cue.start, cue.end),
      }
    })
  return { format: document.format, language: chosen, segments }
}

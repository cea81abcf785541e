import path from 'node:path'
import { parseAss, writeAss } from './ass.ts'
import { decodeText, type TextEncodingName } from './encoding.ts'
import { malformed } from './errors.ts'
import { parseSrt, writeSrt } from './srt.ts'
import { parseVtt, writeVtt } from './vtt.ts'
import type { Cue, SubtitleDocument, SubtitleFormat } from './types.ts'

/** The format a file's contents show; the file name's extension decides only when they do not. */
export function detectFormat(text: string, fileName?: string): SubtitleFormat | null {
  const head = text.replace(/^\uFEFF/, '').trimStart()
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(head)) return 'vtt'
  if (/^\[Script Info\]/i.test(head)) return 'ass'
  if (/^(?:\d+[ \t]*\r?\n)?[ \t]*(?:\d+:)?\d{1,2}:\d{1,2}[,.]\d{1,3}[ \t]+-->/.test(head))
    return 'srt'
  const extension = fileName ? path.extname(fileName).slice(1).toLowerCase() : ''
  if (extension === 'srt' || extension === 'vtt') return extension
  if (extension === 'ass' || extension === 'ssa') return 'ass'
  return null
}

/** Reads subtitle text in the given format, or the one its contents show. */
export function parseSubtitles(
  text: string,
  format?: SubtitleFormat,
  fileName?: string,
): SubtitleDocument {
  const body = text.replace(/^\uFEFF/, '')
  const chosen = format ?? detectFormat(body, fileName)
  if (chosen === 'srt') return { format: 'srt', cues: parseSrt(body) }
  if (chosen === 'vtt') return { format: 'vtt', cues: parseVtt(body) }
  if (chosen === 'ass') return parseAss(body)
  throw malformed(
    1,
    'this is not a subtitle file Voces reads (SubRip .srt, WebVTT .vtt, ASS/SSA .ass).',
  )
}

export interface ReadSubtitles extends SubtitleDocument {
  encoding: TextEncodingName
}

/** Reads a subtitle file's bytes: encoding detected, then the format. */
export function readSubtitles(bytes: Uint8Array, fileName?: string): ReadSubtitles {
  const { text, encoding } = decodeText(bytes)
  return { ...parseSubtitles(text, undefined, fileName), encoding }
}

/** Writes cues in a format; ASS takes the styles a document read from ASS carried. */
export function writeSubtitles(
  cues: readonly Cue[],
  format: SubtitleFormat,
  styles?: SubtitleDocument['styles'],
): string {
  if (format === 'srt') return writeSrt(cues)
  if (format === 'vtt') return writeVtt(cues)
  return writeAss(cues, styles)
}

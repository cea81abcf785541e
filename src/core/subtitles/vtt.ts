import { malformed } from './errors.ts'
import { cueLines, normalizeCueText } from './text.ts'
import { formatVttTime, isBlank, parseTimingLine, splitLines } from './time.ts'
import type { Cue } from './types.ts'

const example = '00:00:01.000 --> 00:00:02.500'

/** A block that is no cue (W3C WebVTT §4.1): comments, style sheets, region definitions. */
function isSkippedBlock(line: string): boolean {
  return /^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(line)
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
}

/** A numeric character reference's character, or null when it names none (past U+10FFFF, a surrogate, NUL). */
function characterOf(name: string): string | null {
  const code = /^#x/i.test(name) ? parseInt(name.slice(2), 16) : Number(name.slice(1))
  if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff) return null
  if (code >= 0xd800 && code <= 0xdfff) return null
  return String.fromCodePoint(code)
}

const entityPattern = /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi

function unescapeEntities(text: string): string {
  return text.replace(entityPattern, (whole, name: string) => {
    if (name.startsWith('#')) return characterOf(name) ?? '\ufffd'
    return entities[name.toLowerCase()] ?? whole
  })
}

/** Refuses a payload line with a character reference that names no character (`&#x110000;`). */
function checkReferences(line: string, lineNumber: number): void {
  for (const match of line.matchAll(entityPattern)) {
    const name = match[1] ?? ''
    if (name.startsWith('#') && characterOf(name) === null)
      throw malformed(lineNumber, `"${match[0]}" names no character.`)
  }
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * The cue payload as plain text and its speaker: the first voice span (`<v Ana>` or
 * `<v.loud Ana>`) names the speaker; every tag (voice, class, italics, timestamps) is dropped.
 */
function readPayload(lines: string[]): { text: string; speaker: string | null } {
  const raw = lines.join('\n')
  const voice = /<v(?:\.[^\s>]*)?[ \t]+([^>]*)>/.exec(raw)
  const speaker = voice?.[1] ? unescapeEntities(voice[1]).trim() : ''
  const text = unescapeEntities(raw.replace(/<[^>]*>/g, '')).replace(/\u00a0/g, ' ')
  return { text: normalizeCueText(text), speaker: speaker === '' ? null : speaker }
}

/**
 * Reads WebVTT: the WEBVTT header, then blocks separated by blank lines. NOTE, STYLE and REGION
 * blocks are skipped; a cue's identifier is optional; cue settings are kept as written.
 */
export function parseVtt(text: string): Cue[] {
  const lines = splitLines(text)
  if (!/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? '')) {
    throw malformed(1, 'a WebVTT file must begin with "WEBVTT".')
  }
  let i = 1
  while (i < lines.length && !isBlank(lines[i] ?? '')) i++ // header text and metadata
  const cues: Cue[] = []
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (isBlank(line)) {
      i++
      continue
    }
    if (isSkippedBlock(line)) {
      while (i < lines.length && !isBlank(lines[i] ?? '')) i++
      continue
    }
    if (!line.includes('-->')) {
      i++ // the cue identifier
      if (i >= lines.length || isBlank(lines[i] ?? ''))
        throw malformed(i, `cue "${line.trim()}" has no timing line.`)
    }
    const timing = parseTimingLine(lines[i] ?? '', i + 1, example)
    i++
    const payload: string[] = []
    // A line with "-->" ends the payload (§6.1): it is the next cue, its blank line forgotten.
    while (i < lines.length && !isBlank(lines[i] ?? '') && !(lines[i] ?? '').includes('-->')) {
      checkReferences(lines[i] ?? '', i + 1)
      payload.push(lines[i] ?? '')
      i++
    }
    const { text: cueText, speaker } = readPayload(payload)
    const cue: Cue = { start: timing.start, end: timing.end, text: cueText, speaker }
    if (timing.rest !== '') cue.settings = timing.rest
    cues.push(cue)
  }
  return cues
}

/** Writes WebVTT: numbered cues, millisecond times, `<v Speaker>` voices, settings kept. */
export function writeVtt(cues: readonly Cue[]): string {
  const blocks = cues.map((cue, index) => {
    const timing = `${formatVttTime(cue.start)} --> ${formatVttTime(cue.end)}`
    const lines = cueLines(normalizeCueText(cue.text)).map(escapeText)
    if (cue.speaker) {
      const voice = `<v ${escapeText(cue.speaker.replace(/\s+/g, ' ').trim())}>`
      lines[0] = voice + (lines[0] ?? '')
    }
    const settings = cue.settings ? ` ${cue.settings}` : ''
    return [String(index + 1), timing + settings, ...lines].join('\n') + '\n'
  })
  return ['WEBVTT\n', ...blocks].join('\n')
}

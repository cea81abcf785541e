import { malformed } from './errors.ts'
import { cueLines, normalizeCueText } from './text.ts'
import { formatAssTime, parseClock, requireFileTime, splitLines } from './time.ts'
import type { AssStyle, Cue, SubtitleDocument } from './types.ts'

// The [Events] Format line of ASS (V4+) and of SSA (V4), used when a file leaves it out.
const assEventFormat = [
  'Layer',
  'Start',
  'End',
  'Style',
  'Name',
  'MarginL',
  'MarginR',
  'MarginV',
  'Effect',
  'Text',
]
const ssaEventFormat = ['Marked', ...assEventFormat.slice(1)]

/** Splits `a, b, c` into `count` fields; the last field (Text) keeps any further commas. */
function splitFields(value: string, count: number): string[] | null {
  const fields: string[] = []
  let rest = value
  for (let k = 0; k < count - 1; k++) {
    const comma = rest.indexOf(',')
    if (comma < 0) return null
    fields.push(rest.slice(0, comma).trim())
    rest = rest.slice(comma + 1)
  }
  fields.push(rest)
  return fields
}

/**
 * Dialogue text as plain text: override blocks ({\i1}, {\an8}) dropped, \N a line break, \h a
 * space. \n is a break only under WrapStyle 2 and a space otherwise (libass does the same).
 */
function readDialogueText(text: string, hardSoftBreaks: boolean): string {
  return normalizeCueText(
    text
      .replace(/\{[^}]*\}/g, '')
      .replace(/\\N/g, '\n')
      .replace(/\\n/g, hardSoftBreaks ? '\n' : ' ')
      .replace(/\\h/g, ' ')
      // What assDialogueText put between a backslash and a letter to keep them from being a code.
      .replace(/\\\u2060/g, '\\'),
  )
}

/**
 * Reads ASS and SSA: the [Events] section's Dialogue lines become cues (Name is the speaker,
 * Style is kept), Comment lines are skipped, and the styles are returned for writing back.
 */
export function parseAss(text: string): SubtitleDocument {
  const lines = splitLines(text)
  let section = ''
  let eventFormat: string[] | null = null
  let styleFormat: string[] | null = null
  let wrapStyle2 = false
  let sawEvents = false
  let ssa = false
  const cues: Cue[] = []
  const styles: AssStyle[] = []
  lines.forEach((line, index) => {
    const number = index + 1
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith(';')) return
    const header = /^\[(.+)\]$/.exec(trimmed)
    if (header?.[1]) {
      section = header[1].toLowerCase()
      if (section === 'v4 styles') ssa = true
      if (section === 'events') sawEvents = true
      return
    }
    const colon = trimmed.indexOf(':')
    if (colon < 0) {
      if (section === 'events')
        throw malformed(number, `expected "Dialogue: …" in [Events], found "${trimmed}".`)
      return
    }
    const key = trimmed.slice(0, colon).trim().toLowerCase()
    const value = trimmed.slice(colon + 1).trim()
    if (section === 'script info' && key === 'wrapstyle') wrapStyle2 = value === '2'
    // SSA (V4) styles use other fields and alignment numbers; their cues take the default style.
    if (section === 'v4+ styles') {
      if (key === 'format') styleFormat = value.split(',').map((field) => field.trim())
      if (key === 'style') styles.push(readStyle(value, styleFormat, number))
    }
    if (section !== 'events') return
    if (key === 'format') eventFormat = value.split(',').map((field) => field.trim())
    if (key === 'dialogue')
      cues.push(
        readDialogue(
          value,
          eventFormat ?? (ssa ? ssaEventFormat : assEventFormat),
          number,
          wrapStyle2,
        ),
      )
  })
  if (!sawEvents) throw malformed(lines.length, 'the file has no [Events] section, so no dialogue.')
  return { format: 'ass', cues, styles }
}

function readStyle(value: string, format: string[] | null, number: number): AssStyle {
  if (!format) throw malformed(number, "a Style line comes before the styles' Format line.")
  const fields = splitFields(value, format.length)
  if (!fields)
    throw malformed(
      number,
      `the style has fewer fields than the ${format.length} its Format line names.`,
    )
  const style: AssStyle = {}
  format.forEach((name, k) => (style[name] = (fields[k] ?? '').trim()))
  return style
}

function readDialogue(value: string, format: string[], number: number, wrapStyle2: boolean): Cue {
  const fields = splitFields(value, format.length)
  if (!fields)
    throw malformed(
      number,
      `the Dialogue line has fewer fields than the ${format.length} its Format line names.`,
    )
  const field = (name: string) =>
    fields[format.findIndex((f) => f.toLowerCase() === name.toLowerCase())]
  const start = parseClock(field('Start') ?? '')
  const end = parseClock(field('End') ?? '')
  if (start === null || end === null)
    throw malformed(number, 'expected Start and End times such as "0:00:01.00".')
  requireFileTime(start, number)
  requireFileTime(end, number)
  if (end < start) throw malformed(number, 'the cue ends before it starts.')
  const speaker = (field('Name') ?? '').trim()
  const cue: Cue = {
    start,
    end,
    text: readDialogueText(field('Text') ?? '', wrapStyle2),
    speaker: speaker || null,
  }
  const style = (field('Style') ?? '').trim().replace(/^\*/, '')
  if (style !== '') cue.style = style
  return cue
}

/**
 * The style written when a track has none of its own: white text with a black outline and a
 * soft shadow, bottom centre (alignment 2), for a 1920×1080 canvas. Netflix places subtitles
 * centred at the bottom (Timed Text Style Guide: General Requirements, positioning); the font
 * size, 5 % of the picture height, is a common broadcast choice that keeps 42 characters on a line.
 */
export const defaultAssStyle: AssStyle = {
  Name: 'Default',
  Fontname: 'Arial',
  Fontsize: '54',
  PrimaryColour: '&H00FFFFFF',
  SecondaryColour: '&H000000FF',
  OutlineColour: '&H00000000',
  BackColour: '&H80000000',
  Bold: '0',
  Italic: '0',
  Underline: '0',
  StrikeOut: '0',
  ScaleX: '100',
  ScaleY: '100',
  Spacing: '0',
  Angle: '0',
  BorderStyle: '1',
  Outline: '2.5',
  Shadow: '1',
  Alignment: '2',
  MarginL: '96',
  MarginR: '96',
  MarginV: '54',
  Encoding: '1',
}
const styleFormat = Object.keys(defaultAssStyle)

/** U+2060 WORD JOINER: invisible, and it breaks an override code a person's text would make. */
const wordJoiner = '\u2060'

/**
 * A person's text as ASS Dialogue text, so that what they typed is what shows: lines joined by
 * \N; a backslash stays one backslash (libass shows `\\` as two), and where it would make a code
 * with the next letter (`\N`, `\n`, `\h`, `\{`, `\}`) a word joiner goes between them. Braces
 * would open an override block: for libass (burned in) they are escaped as `\{` `\}`, which
 * libass shows as braces; in an .ass file for any player they become parentheses, since
 * VSFilter-family players have no escape for them.
 */
export function assDialogueText(text: string, braces: 'escape' | 'parentheses'): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const codesBroken = line.replace(/\\(?=[Nnh{}])/g, `\\${wordJoiner}`)
      return braces === 'escape'
        ? codesBroken.replace(/[{}]/g, '\\$&')
        : codesBroken.replace(/\{/g, '(').replace(/\}/g, ')')
    })
    .join('\\N')
}

function escapeDialogue(text: string): string {
  return assDialogueText(cueLines(normalizeCueText(text)).join('\n'), 'parentheses')
}

/** One Dialogue line: `text` is already Dialogue text (assDialogueText). */
export interface AssEvent {
  layer: number
  start: number
  end: number
  style: string
  /** The Name field (a speaker); commas would end the field, so they become spaces. */
  name?: string
  text: string
}

/** A whole ASS (V4+) script: the .ass files of the subtitle formats and the burned-in captions. */
export interface AssScript {
  width: number
  height: number
  /** A `;` comment line under [Script Info]. */
  comment?: string
  /** `ScaledBorderAndShadow: yes` (outlines scale with the picture). Default true. */
  scaledBorders?: boolean
  /** Written in the Format order of defaultAssStyle; a field a style lacks takes the default's. */
  styles: readonly AssStyle[]
  events: readonly AssEvent[]
}

/** The one ASS writer: .ass subtitle files, burned-in video captions and the audiogram's. */
export function writeAssScript(script: AssScript): string {
  const styleLines = script.styles.map(
    (style) => `Style: ${styleFormat.map((key) => style[key] ?? defaultAssStyle[key]).join(',')}`,
  )
  const dialogue = script.events.map((event) => {
    const name = (event.name ?? '').replace(/,/g, ' ').replace(/\s+/g, ' ').trim()
    return `Dialogue: ${event.layer},${formatAssTime(event.start)},${formatAssTime(event.end)},${event.style},${name},0,0,0,,${event.text}`
  })
  return [
    '[Script Info]',
    ...(script.comment === undefined ? [] : [`; ${script.comment}`]),
    'ScriptType: v4.00+',
    `PlayResX: ${script.width}`,
    `PlayResY: ${script.height}`,
    'WrapStyle: 0',
    ...(script.scaledBorders === false ? [] : ['ScaledBorderAndShadow: yes']),
    '',
    '[V4+ Styles]',
    `Format: ${styleFormat.join(', ')}`,
    ...styleLines,
    '',
    '[Events]',
    `Format: ${assEventFormat.join(', ')}`,
    ...dialogue,
    '',
  ].join('\n')
}

/**
 * Writes ASS (V4+): a [Script Info] for 1920×1080, the given styles (or the default one), and one
 * Dialogue line per cue, centisecond times, the speaker in the Name field.
 */
export function writeAss(cues: readonly Cue[], styles: readonly AssStyle[] = []): string {
  const kept = styles.filter((style) => style.Name)
  const all = kept.length > 0 ? kept : [defaultAssStyle]
  const names = new Set(all.map((style) => style.Name))
  const fallback = all[0]?.Name ?? 'Default'
  return writeAssScript({
    width: 1920,
    height: 1080,
    comment: 'Written by Voces',
    styles: all,
    events: cues.map((cue) => ({
      layer: 0,
      start: cue.start,
      end: cue.end,
      style: cue.style && names.has(cue.style) ? cue.style : fallback,
      name: cue.speaker ?? '',
      text: escapeDialogue(cue.text),
    })),
  })
}

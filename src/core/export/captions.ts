import path from 'node:path'
import type { CoreContext } from '../context.ts'
import { VocesError } from '../../shared/contract/index.ts'
import { assDialogueText } from '../subtitles/ass.ts'

export type CaptionLanguage = 'en' | 'es'
export interface Caption {
  start: number
  end: number
  text: string
}

const languageName = { en: 'English', es: 'Spanish' } as const

/** One language's cues of a recording's subtitles, empty texts left out. */
export async function captionsFor(
  voces: CoreContext,
  recordingId: string,
  language: CaptionLanguage,
): Promise<Caption[]> {
  const captions = (await voces.storage.subtitles.cues(recordingId)).flatMap((cue) => {
    const text = cue.texts[language]?.text.trim() ?? ''
    return text ? [{ start: cue.start, end: cue.end, text }] : []
  })
  if (captions.length === 0) {
    throw new VocesError(
      'NO_SUBTITLES',
      `This recording has no ${languageName[language]} subtitles yet. Make or import them first.`,
      { language },
    )
  }
  return captions
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** SRT time, `00:01:02,345`. */
export function srtTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000))
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`
}

export function toSrt(captions: readonly Caption[]): string {
  return captions
    .map((c, i) => `${i + 1}\n${srtTime(c.start)} --> ${srtTime(c.end)}\n${c.text}\n`)
    .join('\n')
}

/** ASS time, `0:01:02.34` (centiseconds). */
export function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100))
  return `${Math.floor(cs / 360000)}:${pad(Math.floor(cs / 6000) % 60)}:${pad(Math.floor(cs / 100) % 60)}.${pad(cs % 100)}`
}

/** Text for a burned-in ASS Dialogue line: what the person typed shows as typed (libass). */
export const assText = (text: string) => assDialogueText(text, 'escape')

/**
 * Burn-in subtitles as ASS, for libass: the first language at the bottom in white, a second one
 * above it in yellow italics, so a viewer tells them apart at a glance. Sizes follow the picture
 * height (a line is about 1/18 of it, as broadcast subtitles are).
 */
export function burnInAss(
  tracks: ReadonlyArray<readonly Caption[]>,
  width: number,
  height: number,
): string {
  const size = Math.round(height / 18)
  const margin = Math.round(height / 24)
  const outline = Math.max(1, Math.round(size / 14))
  const styles = [
    `Style: First,DejaVu Sans,${size},&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,${outline},1,2,${margin},${margin},${margin},1`,
    // Above the first: two lines of the first language's height plus a gap.
    `Style: Second,DejaVu Sans,${size},&H0000E5FF,&H0000E5FF,&H00000000,&H80000000,0,1,0,0,100,100,0,0,1,${outline},1,2,${margin},${margin},${margin + Math.round(size * 2.6)},1`,
  ]
  const events = tracks.flatMap((captions, i) =>
    captions.map(
      (c) =>
        `Dialogue: ${i},${assTime(c.start)},${assTime(c.end)},${i === 0 ? 'First' : 'Second'},,0,0,0,,${assText(c.text)}`,
    ),
  )
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    ...styles,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events,
    '',
  ].join('\n')
}

/**
 * A path as a filter option inside a filter graph: FFmpeg unescapes twice (the graph, then the
 * filter's options), so `\\`, `:` and `'` are escaped for the options and every `\\`, `'`, `[`,
 * `]`, `,` and `;` again for the graph. On Windows backslashes separate folders and become
 * forward slashes first; elsewhere a backslash is a letter of a name (a TMPDIR may hold one).
 */
export function filterPath(file: string, separator: string = path.sep): string {
  const portable = separator === '\\' ? file.replace(/\\/g, '/') : file
  const option = portable.replace(/[\\':]/g, '\\$&')
  return option.replace(/[\\'[\],;]/g, '\\$&')
}

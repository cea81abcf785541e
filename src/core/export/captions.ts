import { languageNames, type Language } from '../../shared/language.ts'
import path from 'node:path'
import type { CoreContext } from '../context.ts'
import { VocesError } from '../../shared/contract/index.ts'
import { assDialogueText, defaultAssStyle, writeAssScript } from '../subtitles/ass.ts'
import type { AssStyle } from '../subtitles/types.ts'

export type CaptionLanguage = Language
export interface Caption {
  start: number
  end: number
  text: string
}

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
      `This recording has no ${languageNames[language]} subtitles yet. Make or import them first.`,
      { language },
    )
  }
  return captions
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
  const first = burnStyle('First', size, {
    Outline: String(Math.max(1, Math.round(size / 14))),
    MarginL: String(margin),
    MarginR: String(margin),
    MarginV: String(margin),
  })
  const second = {
    ...first,
    Name: 'Second',
    PrimaryColour: '&H0000E5FF',
    SecondaryColour: '&H0000E5FF',
    Italic: '1',
    // Above the first: two lines of the first language's height plus a gap.
    MarginV: String(margin + Math.round(size * 2.6)),
  }
  return writeAssScript({
    width,
    height,
    styles: [first, second],
    events: tracks.flatMap((captions, i) =>
      captions.map((c) => ({
        layer: i,
        start: c.start,
        end: c.end,
        style: i === 0 ? 'First' : 'Second',
        text: assText(c.text),
      })),
    ),
  })
}

/** A style for burned-in text: DejaVu Sans (always on the FFmpeg machines), white on the default. */
export function burnStyle(name: string, size: number, fields: AssStyle): AssStyle {
  return {
    ...defaultAssStyle,
    Name: name,
    Fontname: 'DejaVu Sans',
    Fontsize: String(size),
    SecondaryColour: '&H00FFFFFF',
    ...fields,
  }
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

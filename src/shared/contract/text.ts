import { z } from 'zod'

/**
 * The one rule for free text in the contract (decision 0093): titles, descriptions, names,
 * notes, chapter titles and the like refuse the characters the formats Voces writes cannot
 * carry. A NUL cannot go into an FFmpeg argument or an ID3 frame (it ends the string), XML 1.0
 * has no place for the other C0 controls, nor for U+FFFE/U+FFFF or half a surrogate pair. A
 * multi-line field keeps tab, line feed and carriage return; a one-line field refuses them too.
 */

/** Whether `code` (a UTF-16 unit) is a control character no format carries. */
function isControl(code: number, multiline: boolean): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return !multiline
  return code < 0x20 || code === 0x7f || code === 0xfffe || code === 0xffff
}

/**
 * Where the first character no format can carry is, or -1. Lone surrogates count: UTF-8 has no
 * encoding for them.
 */
export function uncarriedAt(text: string, multiline: boolean): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return i
    } else if (code >= 0xdc00 && code <= 0xdfff) return i
    else if (isControl(code, multiline)) return i
  }
  return -1
}

/**
 * What is left of `text` for a writer when something reached it past the contract (a tag read
 * from a file at ingest, a library from an older Voces): the characters no format carries are
 * dropped, as the XML writers drop them (util/xml.ts), so every file of an export says the same.
 * One-line text has each run of line breaks and tabs turned into one space.
 */
export function carriedText(text: string, multiline: boolean): string {
  if (uncarriedAt(text, multiline) < 0) return text
  let out = ''
  let spaced = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const lineBreak = code === 0x09 || code === 0x0a || code === 0x0d
    if (!multiline && lineBreak) {
      if (!spaced) out += ' '
      spaced = true
      continue
    }
    spaced = false
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) out += text.slice(i, ++i + 1)
    } else if (code >= 0xdc00 && code <= 0xdfff) continue
    else if (!isControl(code, multiline)) out += text[i]
  }
  return out
}

const refuse = (multiline: boolean) => (value: string, ctx: z.RefinementCtx) => {
  if (uncarriedAt(value, multiline) < 0) return
  ctx.addIssue({
    code: 'invalid_format',
    format: 'text',
    input: value,
    message: multiline
      ? 'contains an invisible control character (such as NUL) that cannot be saved or exported; remove it'
      : 'contains a line break, tab or invisible control character (such as NUL) that cannot be saved or exported; remove it',
  })
}

/** A one-line free-text field: a title, a name, a tag. Chain `.trim()`, `.max()` after it. */
export const lineText = () => z.string().superRefine(refuse(false))

/** A multi-line free-text field: notes, a description, a cue. Keeps tabs and line breaks. */
export const multilineText = () => z.string().superRefine(refuse(true))

import type { Language, Params } from './types.ts'
import { isMessageKey, translate } from './translate.ts'
import { validationMessage } from './validation.ts'

/** The shape of an error as the core returns it (the contract's ApiError). */
export interface ErrorLike {
  code: string
  message: string
  params?: Readonly<Record<string, string | number>> | undefined
}

export interface ErrorText {
  /** The file the error is about (`params.file`), shown beside the sentence; null when none. */
  file: string | null
  text: string
}

/**
 * An error in the person's language. Known codes come from the catalogue (`error.CODE`, or the
 * more precise `error.CODE.param` when the core sent that param); unknown codes fall back to
 * the core's English message, which is always written for a person.
 */
export function errorText(language: Language, error: ErrorLike): ErrorText {
  const params: Params = error.params ?? {}
  const file = typeof params.file === 'string' && params.file !== '' ? params.file : null
  // A value the contract refused names its field and what is wrong (decision 0083).
  if (error.code === 'INVALID_INPUT' && typeof params.issue === 'string')
    return { file, text: validationMessage(language, params) }
  const precise = Object.keys(params)
    .filter((name) => name !== 'file')
    .map((name) => `error.${error.code}.${name}`)
    .find(isMessageKey)
  const key = precise ?? `error.${error.code}`
  const text = isMessageKey(key) ? translate(language, key, params) : error.message
  return { file, text }
}

/** One line for places with room for text only: "fake.mp3: This is not an audio…". */
export function errorLine(language: Language, error: ErrorLike): string {
  const { file, text } = errorText(language, error)
  return file ? `${file}: ${text}` : text
}

/** The last part of a path, for naming a file without the folders around it. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

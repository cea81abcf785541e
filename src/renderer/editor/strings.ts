import type { Language } from '../../shared/language.ts'
import {
  sectionTranslator,
  type SectionKey,
  type SectionTranslate,
} from '../../shared/i18n/sections.ts'
import { formatClockTime } from '../../shared/time.ts'

/** The editor's words are the catalogue's `editor` section (src/shared/i18n, decision 0196). */
export type EditorStringKey = SectionKey<'editor'>

export type EditorLanguage = Language

export type EditorT = SectionTranslate<'editor'>

/** A translator for the editor's section of the catalogue in `language`. */
export function editorStrings(language: EditorLanguage): EditorT {
  return sectionTranslator(language, 'editor')
}

/** 75.3 → "1:15.3"; 3725 → "1:02:05". Tenths only under an hour, where a producer needs them. */
export const formatTime = (seconds: number, tenths = false) =>
  formatClockTime(seconds, { round: 'down', decimals: tenths ? 1 : 0 })

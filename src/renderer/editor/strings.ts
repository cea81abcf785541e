import type { Language } from '../../shared/i18n/index.ts'
import {
  sectionTranslator,
  type SectionKey,
  type SectionTranslate,
} from '../../shared/i18n/sections.ts'

/** The editor's words are the catalogue's `editor` section (src/shared/i18n, decision 0196). */
export type EditorStringKey = SectionKey<'editor'>

export type EditorLanguage = Language

export type EditorT = SectionTranslate<'editor'>

/** A translator for the editor's section of the catalogue in `language`. */
export function editorStrings(language: EditorLanguage): EditorT {
  return sectionTranslator(language, 'editor')
}

/** 75.3 → "1:15.3"; 3725 → "1:02:05". Tenths only under an hour, where a producer needs them. */
export function formatTime(seconds: number, tenths = false): string {
  const total = Math.max(0, seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = Math.floor(total % 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  const base = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
  return tenths ? `${base}.${Math.floor((total * 10) % 10)}` : base
}

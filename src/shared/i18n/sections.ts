import { enEditor, type EditorKey } from './en.ts'
import { esEditor } from './es.ts'
import { formatMessage } from './format.ts'
import type { Language, Params } from './types.ts'

/**
 * The catalogue's sections (decision 0196): each area's own keys, beside the main section of
 * `en`/`es`. A section is read through a translator scoped to it, so its calls name its keys
 * only (`t('tabs.label')`), typed.
 */
interface Sections {
  editor: Readonly<Record<EditorKey, string>>
}

export const sections: Readonly<Record<Language, Sections>> = {
  en: { editor: enEditor },
  es: { editor: esEditor },
}

export type Section = keyof Sections

export type SectionKey<S extends Section> = keyof Sections[S] & string

export type SectionTranslate<S extends Section> = (key: SectionKey<S>, params?: Params) => string

export function sectionTranslator<S extends Section>(
  language: Language,
  section: S,
): SectionTranslate<S> {
  const table: Readonly<Record<string, string>> = sections[language][section]
  return (key, params) => formatMessage(language, table[key] ?? key, params)
}

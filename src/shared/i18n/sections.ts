import {
  enCuts,
  enDisguise,
  enEditor,
  enPeople,
  enSearch,
  enTranscription,
  type CutsKey,
  type DisguiseKey,
  type EditorKey,
  type PeopleKey,
  type SearchKey,
  type TranscriptionKey,
} from './en.ts'
import { esCuts, esDisguise, esEditor, esPeople, esSearch, esTranscription } from './es.ts'
import { formatMessage } from './format.ts'
import type { Language, Params } from './types.ts'

/**
 * The catalogue's sections (decision 0196): each area's own keys, beside the main section of
 * `en`/`es`. A section is read through a translator scoped to it, so its calls name its keys
 * only (`t('tabs.label')`), typed.
 */
interface Sections {
  editor: Readonly<Record<EditorKey, string>>
  search: Readonly<Record<SearchKey, string>>
  people: Readonly<Record<PeopleKey, string>>
  disguise: Readonly<Record<DisguiseKey, string>>
  cuts: Readonly<Record<CutsKey, string>>
  transcription: Readonly<Record<TranscriptionKey, string>>
}

export const sections: Readonly<Record<Language, Sections>> = {
  en: {
    editor: enEditor,
    search: enSearch,
    people: enPeople,
    disguise: enDisguise,
    cuts: enCuts,
    transcription: enTranscription,
  },
  es: {
    editor: esEditor,
    search: esSearch,
    people: esPeople,
    disguise: esDisguise,
    cuts: esCuts,
    transcription: esTranscription,
  },
}

export type Section = keyof Sections

export type SectionKey<S extends Section> = keyof Sections[S] & string

export type SectionTranslate<S extends Section> = (key: SectionKey<S>, params?: Params) => string

const translators = new Map<string, (key: string, params?: Params) => string>()

/** The translator of one section in one language; the same function each time it is asked for. */
export function sectionTranslator<S extends Section>(
  language: Language,
  section: S,
): SectionTranslate<S> {
  const id = `${language} ${section}`
  let translator = translators.get(id)
  if (!translator) {
    const table: Readonly<Record<string, string>> = sections[language][section]
    translator = (key, params) => formatMessage(language, table[key] ?? key, params)
    translators.set(id, translator)
  }
  return translator
}

/** Whether `key` names a message of `section`. */
export function isSectionKey<S extends Section>(section: S, key: string): key is SectionKey<S> {
  return Object.hasOwn(sections.en[section], key)
}

/** A message whose key is made at run time (`errors.${code}`); undefined when there is none. */
export function optionalMessage<S extends Section>(
  translate: SectionTranslate<S>,
  section: S,
  key: string,
  params?: Params,
): string | undefined {
  return isSectionKey(section, key) ? translate(key, params) : undefined
}

import { en, type MessageKey } from './en.ts'
import { es } from './es.ts'
import { formatMessage } from './format.ts'
import type { Language, Params } from './types.ts'

export const catalogues: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  en,
  es,
}

export type Translate = (key: MessageKey, params?: Params) => string

export function translate(language: Language, key: MessageKey, params?: Params): string {
  return formatMessage(language, catalogues[language][key], params)
}

export function makeTranslator(language: Language): Translate {
  return (key, params) => translate(language, key, params)
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}

import { en, type MessageKey } from './en.ts'
import { es } from './es.ts'
import { formatNumber } from './locale.ts'
import type { Language, Message, Params } from './types.ts'

export const catalogues: Readonly<Record<Language, Readonly<Record<MessageKey, Message>>>> = {
  en,
  es,
}

export type Translate = (key: MessageKey, params?: Params) => string

const pluralRules = new Map<Language, Intl.PluralRules>()

function pluralCategory(language: Language, count: number): 'one' | 'other' {
  let rules = pluralRules.get(language)
  if (!rules) {
    rules = new Intl.PluralRules(language)
    pluralRules.set(language, rules)
  }
  // English and Spanish catalogues carry `one` and `other`; every other category reads as `other`.
  return rules.select(count) === 'one' ? 'one' : 'other'
}

/** The placeholders a message template uses, e.g. `{file}` → `file`. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '')
}

/** Fills `{name}` placeholders; a placeholder with no value stays visible rather than vanishing. */
export function interpolate(template: string, language: Language, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? formatNumber(language, value) : value
  })
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const message = catalogues[language][key]
  if (typeof message === 'string') return interpolate(message, language, params)
  const count = typeof params?.count === 'number' ? params.count : 0
  return interpolate(message[pluralCategory(language, count)], language, params)
}

export function makeTranslator(language: Language): Translate {
  return (key, params) => translate(language, key, params)
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}

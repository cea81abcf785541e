/** The languages of the interface. The same values as the contract's `uiLanguage` setting. */
export { languages, type Language } from '../language.ts'

/**
 * A message is plain text, or two forms chosen by `Intl.PluralRules` on `params.count`. English
 * and Spanish need only `one` and `other`; CLDR's Spanish `many` (for millions) falls back to
 * `other`, which reads correctly there ("1 000 000 grabaciones").
 */
export type Message = string | PluralMessage

export interface PluralMessage {
  one: string
  other: string
}

export type Params = Readonly<Record<string, string | number>>

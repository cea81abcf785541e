/** The languages of the interface. The same values as the contract's `uiLanguage` setting. */
export { languages, type Language } from '../language.ts'

/**
 * A message is an ICU message (decision 0196): `{name}`, `{count, plural, one {# …} other {# …}}`,
 * `{kind, select, … other {…}}`. English and Spanish need only `one` and `other`; CLDR's Spanish
 * `many` (for millions) falls back to `other`, which reads correctly there.
 */
export type Message = string

export type Params = Readonly<Record<string, string | number>>

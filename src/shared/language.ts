import { z } from 'zod'

/**
 * The archive's two languages, written once (decision 0199): of recordings, transcript tracks,
 * subtitles, show notes, and of the interface. A third language is added here.
 */
export const languages = ['en', 'es'] as const
export type Language = (typeof languages)[number]

/** The one schema for a language in the contract's calls. */
export const languageSchema = z.enum(languages)

/** Each language's name in each interface language: `languageNamesIn.es.en` is "Inglés". */
export const languageNamesIn: Readonly<Record<Language, Readonly<Record<Language, string>>>> = {
  en: { en: 'English', es: 'Spanish' },
  es: { en: 'Inglés', es: 'Español' },
}

/** Each language's English name, for the core's English messages (the interface says its own). */
export const languageNames: Readonly<Record<Language, string>> = languageNamesIn.en

/** How `language` is named in each interface language, as a field name ("English", "Inglés"). */
export const namesOf = (language: Language): Readonly<Record<Language, string>> => ({
  en: languageNamesIn.en[language],
  es: languageNamesIn.es[language],
})

/** Each language named in itself, for a switch a person who reads only that language can find. */
export const ownLanguageNames: Readonly<Record<Language, string>> = {
  en: languageNamesIn.en.en,
  es: languageNamesIn.es.es,
}

/** The other of the two: a recording's translation goes into it. */
export const otherLanguage = (language: Language): Language => (language === 'en' ? 'es' : 'en')

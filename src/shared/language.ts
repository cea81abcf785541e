import { z } from 'zod'

/**
 * The archive's two languages, written once (decision 0199): of recordings, transcript tracks,
 * subtitles, show notes, and of the interface. A third language is added here.
 */
export const languages = ['en', 'es'] as const
export type Language = (typeof languages)[number]

/** The one schema for a language in the contract's calls. */
export const languageSchema = z.enum(languages)

/** Each language's English name, for the core's English messages (the interface says its own). */
export const languageNames: Readonly<Record<Language, string>> = { en: 'English', es: 'Spanish' }

/** Each language named in itself, for a switch a person who reads only that language can find. */
export const ownLanguageNames: Readonly<Record<Language, string>> = {
  en: 'English',
  es: 'Español',
}

/** The other of the two: a recording's translation goes into it. */
export const otherLanguage = (language: Language): Language => (language === 'en' ? 'es' : 'en')

import { z } from 'zod'

/**
 * The archive's two languages, written once (decision 0199): of recordings, transcript tracks,
 * subtitles, show notes, and of the interface. A third language is added here.
 */
export const languages = ['en', 'es'] as const
export type Language = (typeof languages)[number]

/** The one schema for a language in the contract's calls. */
export const languageSchema = z.enum(languages)

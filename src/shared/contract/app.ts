import { languageSchema } from '../language.ts'
import { z } from 'zod'
import { method, patchOf } from './define.ts'

/** An http(s) address, or empty for "not given". */
export const publishUrlSchema = z.union([z.literal(''), z.url({ protocol: /^https?$/ })])

export const uiLanguageSchema = languageSchema
export type UiLanguage = z.infer<typeof uiLanguageSchema>

export const settingsSchema = z.object({
  uiLanguage: uiLanguageSchema,
  /** Copy each original into the library's own folder at ingest (the original stays untouched). */
  copyIntoLibrary: z.boolean(),
  /** An FFmpeg binary chosen by the person; empty means: bundled, then PATH. */
  ffmpegPath: z.string(),
  /** An Apertium binary chosen by the person; empty means: VOCES_APERTIUM, bundled, then PATH. */
  apertiumPath: z.string().default(''),
  /** Where the podcast's files are published (the RSS item's addresses); empty: not said yet. */
  podcastPublishUrl: publishUrlSchema.default(''),
  /** Detect who speaks when after each transcription (decision 0153). */
  detectSpeakers: z.boolean().default(true),
  /**
   * Who is recorded as having checked a segment or cue, in the single-user library (decision 0203).
   */
  reviewerName: z.string().trim().max(200),
})
export type Settings = z.infer<typeof settingsSchema>

export const appInfoSchema = z.object({
  version: z.string(),
  libraryDir: z.string(),
  transport: z.enum(['ipc', 'http']),
  ffmpeg: z.object({
    found: z.boolean(),
    path: z.string().nullable(),
    version: z.string().nullable(),
  }),
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const appMethods = {
  'app.info': method(z.object({}).default({}), appInfoSchema),
  'settings.get': method(z.object({}).default({}), settingsSchema),
  'settings.update': method(patchOf(settingsSchema), settingsSchema),
}

import { languageSchema } from '../language.ts'
import { z } from 'zod'
import { method, patchOf } from './define.ts'
import { lineText, multilineText } from './text.ts'

export const languagesSchema = z.enum(['en', 'es', 'en,es'])
export const consentStatusSchema = z.enum(['given', 'restricted', 'withdrawn', 'unknown'])
/**
 * A calendar day that exists, as YYYY-MM-DD: "1992-13-45" and "2024-02-30" are refused, not
 * compared as text. zod's own ISO date (leap years included), so every refusal is the date's
 * `invalid_format` issue and the forms say the date's message. The one date schema: a
 * recording's interview date and the search's range both use it (decision 0078).
 */
export const isoDateSchema = z.iso.date({ error: 'a date as YYYY-MM-DD, a day that exists' })

/** What a person fills in about an interview. Every field saves as they type. */
export const recordingMetadataSchema = z.object({
  title: lineText().trim().min(1).max(500),
  interviewees: z.array(lineText().trim().min(1).max(200)).max(50),
  interviewer: lineText().max(200),
  interviewDate: isoDateSchema.nullable(),
  place: lineText().max(300),
  languages: languagesSchema,
  consentStatus: consentStatusSchema,
  consentNote: multilineText().max(5000),
  tags: z.array(lineText().trim().min(1).max(100)).max(100),
  notes: multilineText().max(100_000),
})
export type RecordingMetadata = z.infer<typeof recordingMetadataSchema>

export const recordingSchema = recordingMetadataSchema.extend({
  id: z.string(),
  /** Where the original file is. Voces never modifies it. */
  path: z.string(),
  /** The library's own copy, when the "copy into library" setting was on at ingest. */
  storedPath: z.string().nullable(),
  sha256: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** Seconds. */
  duration: z.number().nonnegative(),
  format: z.string(),
  hasVideo: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  audioCodec: z.string().nullable(),
  videoCodec: z.string().nullable(),
  sampleRate: z.number().int().nullable(),
  channels: z.number().int().nullable(),
  hasPoster: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Recording = z.infer<typeof recordingSchema>

/** Waveform peaks: min/max pairs per bucket, normalised to -1..1, `bucketsPerSecond` buckets a second. */
export const peaksSchema = z.object({
  bucketsPerSecond: z.number().positive(),
  peaks: z.array(z.number()),
})
export type Peaks = z.infer<typeof peaksSchema>

/**
 * Where a recording stands, for the library's columns and filters (decision 0132): whether it
 * has a source transcript, which subtitle languages it has, whether every speaker is named, and
 * how many of its transcript segments a person checked.
 */
export const recordingStateSchema = z.object({
  id: z.string(),
  transcribed: z.boolean(),
  subtitles: z.array(languageSchema),
  speakers: z.number().int().nonnegative(),
  speakersNamed: z.number().int().nonnegative(),
  segments: z.number().int().nonnegative(),
  checkedSegments: z.number().int().nonnegative(),
})
export type RecordingState = z.infer<typeof recordingStateSchema>

export const idInput = z.object({ id: z.string().min(1) })

export const libraryMethods = {
  'library.list': method(z.object({}).default({}), z.array(recordingSchema)),
  /** Every recording's state, in one query however many there are. */
  'library.states': method(z.object({}).default({}), z.array(recordingStateSchema)),
  'library.get': method(idInput, recordingSchema),
  'library.update': method(
    z.object({ id: z.string().min(1), patch: patchOf(recordingMetadataSchema) }),
    recordingSchema,
  ),
  'library.remove': method(z.object({ id: z.string().min(1) }), z.object({ removed: z.boolean() })),
  'library.peaks': method(idInput, peaksSchema),
  /** Starts one ingest job per file found under the given files and folders. */
  'library.ingest': method(
    z.object({ paths: z.array(z.string().min(1)).min(1) }),
    z.object({
      jobs: z.array(z.object({ file: z.string(), jobId: z.string() })),
      skipped: z.array(z.object({ file: z.string(), code: z.string(), message: z.string() })),
    }),
  ),
}

import { z } from 'zod'
import { method } from './define.ts'

/** The two languages of the archive; every recording can have a subtitle track in each. */
export const subtitleLanguageSchema = z.enum(['en', 'es'])
export const subtitleFormatSchema = z.enum(['srt', 'vtt', 'ass'])
export const reviewStateSchema = z.enum(['machine', 'verified'])

/** One language's text at a cue, with whether a person has checked it (and who, and when). */
export const cueTextSchema = z.object({
  text: z.string(),
  review: reviewStateSchema,
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
})
export type CueText = z.infer<typeof cueTextSchema>

/**
 * A cue: its timing is shared by both languages; `texts` holds each language's text, null where
 * that language has none yet (an untranslated cue).
 */
export const subtitleCueSchema = z.object({
  id: z.number().int(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  speaker: z.string().nullable(),
  texts: z.object({ en: cueTextSchema.nullable(), es: cueTextSchema.nullable() }),
})
export type SubtitleCue = z.infer<typeof subtitleCueSchema>

export const subtitleTrackSchema = z.object({
  language: subtitleLanguageSchema,
  /** made from the transcript, imported from a file, or typed (started empty). */
  origin: z.enum(['made', 'imported', 'typed']),
  /** What it was made or imported from: a transcript track's language, a file name. */
  source: z.string(),
  /** Whether the cue timing was made or imported from this track. */
  timing: z.boolean(),
  cues: z.number().int().nonnegative(),
  verified: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type SubtitleTrack = z.infer<typeof subtitleTrackSchema>

/** The subtitle rules; defaults from the Netflix Timed Text Style Guide (docs/decisions/0030). */
export const subtitleRulesSchema = z.object({
  maxCharsPerLine: z.number().int().min(10).max(100),
  maxLines: z.number().int().min(1).max(4),
  maxCharsPerSecond: z.object({
    en: z.number().positive().max(100),
    es: z.number().positive().max(100),
  }),
  minDuration: z.number().nonnegative().max(10),
  maxDuration: z.number().positive().max(60),
  minGapFrames: z.number().int().nonnegative().max(50),
  fps: z.number().positive().max(120),
  chainGap: z.number().nonnegative().max(5),
  maxLinger: z.number().nonnegative().max(5),
  maxPauseInCue: z.number().positive().max(30),
})
export type SubtitleRulesValue = z.infer<typeof subtitleRulesSchema>
export const subtitleRulesPatchSchema = subtitleRulesSchema
  .omit({ maxCharsPerSecond: true })
  .partial()
  .extend({ maxCharsPerSecond: subtitleRulesSchema.shape.maxCharsPerSecond.partial().optional() })
export type SubtitleRulesPatchValue = z.infer<typeof subtitleRulesPatchSchema>

export const subtitlesSchema = z.object({
  recordingId: z.string(),
  tracks: z.array(subtitleTrackSchema),
  cues: z.array(subtitleCueSchema),
  /** The rules in force for this recording: defaults, the library's, then the recording's own. */
  rules: subtitleRulesSchema,
})
export type Subtitles = z.infer<typeof subtitlesSchema>

export const qualityRuleSchema = z.enum([
  'reading-speed',
  'chars-per-line',
  'line-count',
  'duration',
  'overlap',
  'gap',
  'empty',
  'untranslated',
])
/** One broken rule: `cue` is 1-based in the track or file; `cueId` names a stored cue. */
export const qualityProblemSchema = z.object({
  cue: z.number().int().positive(),
  cueId: z.number().int().optional(),
  rule: qualityRuleSchema,
  message: z.string(),
})
export type QualityProblemValue = z.infer<typeof qualityProblemSchema>

export const subtitleCheckSchema = z.object({
  language: subtitleLanguageSchema,
  cues: z.number().int().nonnegative(),
  problems: z.array(qualityProblemSchema),
  counts: z.record(qualityRuleSchema, z.number().int().nonnegative()),
})
export type SubtitleCheck = z.infer<typeof subtitleCheckSchema>

const recordingTrack = z.object({
  recordingId: z.string().min(1),
  language: subtitleLanguageSchema,
})

export const subtitlesMethods = {
  'subtitles.get': method(z.object({ recordingId: z.string().min(1) }), subtitlesSchema),
  /**
   * Makes cues from the transcript track of `language` (default: the recording's transcript);
   * the other language's text comes from its transcript or translation track where there is one.
   * Refused while any cue is verified unless `replace` is true.
   */
  'subtitles.make': method(
    z.object({
      recordingId: z.string().min(1),
      language: subtitleLanguageSchema.optional(),
      replace: z.boolean().default(false),
    }),
    subtitlesSchema,
  ),
  /** Reads a subtitle file (any of the three formats, any of the supported encodings) into a track. */
  'subtitles.import': method(
    recordingTrack.extend({ path: z.string().min(1) }),
    z.object({
      subtitles: subtitlesSchema,
      format: subtitleFormatSchema,
      encoding: z.string(),
      cues: z.number().int().nonnegative(),
    }),
  ),
  /** A track as file text; cues without text in that language are left out. */
  'subtitles.export': method(
    recordingTrack.extend({ format: subtitleFormatSchema }),
    z.object({ text: z.string(), fileName: z.string(), cues: z.number().int().nonnegative() }),
  ),
  /** The quality rules on a stored track, or on a subtitle file (language guessed when not given). */
  'subtitles.check': method(
    z.union([
      recordingTrack,
      z.object({ path: z.string().min(1), language: subtitleLanguageSchema.optional() }),
    ]),
    subtitleCheckSchema,
  ),
  /**
   * Changes a cue: its timing (both languages), speaker, one language's text, and that text's
   * review state. 'verified' needs `reviewedBy`; editing text alone leaves the review state.
   */
  'subtitles.updateCue': method(
    z.object({
      cueId: z.number().int(),
      start: z.number().nonnegative().optional(),
      end: z.number().nonnegative().optional(),
      speaker: z.string().max(200).nullable().optional(),
      language: subtitleLanguageSchema.optional(),
      text: z.string().max(2000).optional(),
      review: reviewStateSchema.optional(),
      reviewedBy: z.string().trim().min(1).max(200).optional(),
    }),
    subtitleCueSchema,
  ),
  /**
   * Reads, and with `patch` or `reset` changes, the subtitle rules of the library (no
   * recordingId) or of one recording.
   */
  'subtitles.settings': method(
    z.object({
      recordingId: z.string().min(1).optional(),
      patch: subtitleRulesPatchSchema.optional(),
      reset: z.boolean().default(false),
    }),
    z.object({
      rules: subtitleRulesSchema,
      library: subtitleRulesPatchSchema,
      recording: subtitleRulesPatchSchema.nullable(),
    }),
  ),
}

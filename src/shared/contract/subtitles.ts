import { languageSchema } from '../language.ts'
import { z } from 'zod'
import { method } from './define.ts'
import { lineText, multilineText } from './text.ts'

/** The two languages of the archive; every recording can have a subtitle track in each. */
export const subtitleLanguageSchema = languageSchema
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

/** The subtitle rules; defaults from the Netflix Timed Text Style Guide (docs/decisions/0030-subtitle-rules.md). */
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

/**
 * The defaults: the Netflix Timed Text Style Guide's numbers (each one's passage is in
 * src/core/subtitles/rules.ts and docs/decisions/0030-subtitle-rules.md). Here so that the
 * settings panel can show them beside a library's or a recording's own.
 */
export const defaultSubtitleRulesValue: SubtitleRulesValue = {
  maxCharsPerLine: 42,
  maxLines: 2,
  maxCharsPerSecond: { en: 20, es: 17 },
  minDuration: 5 / 6,
  maxDuration: 7,
  minGapFrames: 2,
  fps: 24,
  chainGap: 0.5,
  maxLinger: 0.5,
  maxPauseInCue: 1.5,
}
export const subtitleRulesPatchSchema = subtitleRulesSchema
  .omit({ maxCharsPerSecond: true })
  .partial()
  .extend({ maxCharsPerSecond: subtitleRulesSchema.shape.maxCharsPerSecond.partial().optional() })
export type SubtitleRulesPatchValue = z.infer<typeof subtitleRulesPatchSchema>

/** The numbers of the rules, one name per number (`maxCharsPerSecond.en` for the speeds). */
export const subtitleRuleFields = [
  'maxCharsPerLine',
  'maxLines',
  'maxCharsPerSecond.en',
  'maxCharsPerSecond.es',
  'minDuration',
  'maxDuration',
  'minGapFrames',
  'fps',
  'chainGap',
  'maxLinger',
  'maxPauseInCue',
] as const
export type SubtitleRuleField = (typeof subtitleRuleFields)[number]

export interface SubtitleRuleLimit {
  min: number
  /** The minimum itself is refused (`positive()`): a speed of 0 means nothing can be read. */
  minExclusive: boolean
  max: number
  integer: boolean
}

function numberSchemaOf(field: SubtitleRuleField): z.ZodNumber {
  const shape = subtitleRulesSchema.shape
  return field === 'maxCharsPerSecond.en' || field === 'maxCharsPerSecond.es'
    ? shape.maxCharsPerSecond.shape[field === 'maxCharsPerSecond.en' ? 'en' : 'es']
    : shape[field]
}

/** A rule's allowed range, read from the schema above so the two cannot disagree. */
export function subtitleRuleLimit(field: SubtitleRuleField): SubtitleRuleLimit {
  const schema = numberSchemaOf(field)
  const min = schema.minValue ?? 0
  return {
    min,
    minExclusive: !schema.safeParse(min).success,
    max: schema.maxValue ?? Number.MAX_SAFE_INTEGER,
    integer: schema.isInt,
  }
}

/** What is wrong with a rule's value, or null when it is allowed. */
export function subtitleRuleProblem(
  field: SubtitleRuleField,
  value: number,
): null | { kind: 'range' | 'above' | 'whole'; min: number; max: number } {
  const limit = subtitleRuleLimit(field)
  const kind = limit.minExclusive ? 'above' : 'range'
  if (!Number.isFinite(value) || value < limit.min || value > limit.max)
    return { kind, min: limit.min, max: limit.max }
  if (limit.minExclusive && value === limit.min) return { kind, min: limit.min, max: limit.max }
  if (limit.integer && !Number.isInteger(value))
    return { kind: 'whole', min: limit.min, max: limit.max }
  return null
}

/**
 * A change of rules as a caller sends it: any finite numbers. The core checks them against
 * `subtitleRuleLimit` and refuses a bad one with an error naming the rule (SUBTITLE_RULE_*), which
 * the interface can put beside the field in the person's language.
 */
const anyNumber = z.number()
export const subtitleRulesPatchInputSchema = z.object({
  maxCharsPerLine: anyNumber.optional(),
  maxLines: anyNumber.optional(),
  maxCharsPerSecond: z.object({ en: anyNumber.optional(), es: anyNumber.optional() }).optional(),
  minDuration: anyNumber.optional(),
  maxDuration: anyNumber.optional(),
  minGapFrames: anyNumber.optional(),
  fps: anyNumber.optional(),
  chainGap: anyNumber.optional(),
  maxLinger: anyNumber.optional(),
  maxPauseInCue: anyNumber.optional(),
})

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
/**
 * One broken rule: `cue` is 1-based in the track or file; `cueId` names a stored cue. `message`
 * is English (logs, the CLI); `params` hold its numbers, so the interface says it in the
 * person's language: reading-speed {speed, max}, chars-per-line {line, length, max}, line-count
 * {lines, max}, duration {seconds, min} or {seconds, max}, overlap {seconds, previous},
 * gap {seconds, min, previous}; empty and untranslated have none.
 */
export const qualityProblemSchema = z.object({
  cue: z.number().int().positive(),
  cueId: z.number().int().optional(),
  rule: qualityRuleSchema,
  message: z.string(),
  params: z.record(z.string(), z.number()).optional(),
})
export type QualityProblemValue = z.infer<typeof qualityProblemSchema>

export const subtitleCheckSchema = z.object({
  language: subtitleLanguageSchema,
  cues: z.number().int().nonnegative(),
  problems: z.array(qualityProblemSchema),
  counts: z.record(qualityRuleSchema, z.number().int().nonnegative()),
})
export type SubtitleCheck = z.infer<typeof subtitleCheckSchema>

/**
 * Whole cue states to put back (ids, both languages' texts and review states) and cues to
 * remove: the undo of a cue edit (docs/decisions/0032-cue-operations-and-undo.md).
 */
export const subtitlePatchSchema = z.object({
  recordingId: z.string().min(1),
  put: z.array(subtitleCueSchema),
  remove: z.array(z.number().int()),
})
export type SubtitlePatch = z.infer<typeof subtitlePatchSchema>

/** What a cue operation did: the cues it changed or made, as they are now, and its undo. */
export const subtitleChangeSchema = z.object({
  cues: z.array(subtitleCueSchema),
  removed: z.array(z.number().int()),
  undo: subtitlePatchSchema,
})
export type SubtitleChange = z.infer<typeof subtitleChangeSchema>

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
  /**
   * Reads a subtitle file (any of the three formats, any of the supported encodings) into a track.
   * Refused (SUBTITLES_IMPORT_REPLACES, with `count` and `verified`) when it would replace cues or
   * texts already there, unless `replace` is true.
   */
  'subtitles.import': method(
    recordingTrack.extend({ path: z.string().min(1), replace: z.boolean().default(false) }),
    z.object({
      subtitles: subtitlesSchema,
      format: subtitleFormatSchema,
      encoding: z.string(),
      cues: z.number().int().nonnegative(),
    }),
  ),
  /** A track as file text; cues without text in that language are left out. */
  'subtitles.export': method(
    // Under the recording's consent like every export: see 'transcripts.export'.
    recordingTrack.extend({
      format: subtitleFormatSchema,
      reason: multilineText().max(2000).default(''),
    }),
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
      speaker: lineText().max(200).nullable().optional(),
      language: subtitleLanguageSchema.optional(),
      text: multilineText().max(2000).optional(),
      review: reviewStateSchema.optional(),
      reviewedBy: lineText().trim().min(1).max(200).optional(),
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
      patch: subtitleRulesPatchInputSchema.optional(),
      reset: z.boolean().default(false),
    }),
    z.object({
      rules: subtitleRulesSchema,
      library: subtitleRulesPatchSchema,
      recording: subtitleRulesPatchSchema.nullable(),
    }),
  ),
  /**
   * Splits a cue in two, both languages. Where: at `time` (the playhead), or at the text cursor
   * (`caret`: a language and an offset in that language's text, moved to the start of the word
   * it is in); the other language splits at the word boundary nearest the same share of its
   * text. The first part ends the rules' minimum gap before the second starts.
   */
  'subtitles.splitCue': method(
    z.object({
      cueId: z.number().int(),
      time: z.number().nonnegative().optional(),
      caret: z
        .object({ language: subtitleLanguageSchema, offset: z.number().int().nonnegative() })
        .optional(),
    }),
    subtitleChangeSchema,
  ),
  /** Joins a cue with the next one: one cue from the first's start to the second's end. */
  'subtitles.mergeCue': method(z.object({ cueId: z.number().int() }), subtitleChangeSchema),
  /**
   * Adds an empty cue in the gap at `at` (after the cue `at` falls in), the rules' gap from its
   * neighbours, up to 2 s long; refused when the gap cannot hold the minimum duration.
   */
  'subtitles.insertCue': method(
    z.object({ recordingId: z.string().min(1), at: z.number().nonnegative() }),
    subtitleChangeSchema,
  ),
  'subtitles.deleteCue': method(z.object({ cueId: z.number().int() }), subtitleChangeSchema),
  /** Applies an undo (or redo) patch; returns the patch that reverses it. */
  'subtitles.apply': method(z.object({ patch: subtitlePatchSchema }), subtitleChangeSchema),
}

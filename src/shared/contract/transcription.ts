import { languageSchema } from '../language.ts'
import { z } from 'zod'
import { method } from './define.ts'
import { multilineText } from './text.ts'

/** A transcript track is named by its language: the source transcript, or an English translation. */
export const trackLanguageSchema = languageSchema
export type TrackLanguage = z.infer<typeof trackLanguageSchema>
export const trackKindSchema = z.enum(['transcript', 'translation'])
export const trackOriginSchema = z.enum(['whisper', 'imported', 'typed'])
export type TrackOrigin = z.infer<typeof trackOriginSchema>
/** `auto` lets Whisper detect the language of each window. */
export const spokenLanguageSchema = z.enum(['auto', 'en', 'es'])
export type SpokenLanguage = z.infer<typeof spokenLanguageSchema>

/** One word with its timing (seconds) and the engine's confidence (0..1; null when imported). */
export const wordSchema = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
  probability: z.number().min(0).max(1).nullable(),
})
export type Word = z.infer<typeof wordSchema>

export const segmentSchema = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /**
   * The speaker as shown (src/shared/speakers.ts): the name given in the editor, else the label
   * ("Speaker 1", or what an imported file said); null when unknown. Written back, a name or a
   * label finds the recording's speaker it stands for.
   */
  speaker: z.string().nullable(),
  /** The language this segment is spoken in (interviews switch mid-conversation). */
  language: trackLanguageSchema,
  text: z.string(),
  words: z.array(wordSchema),
})
export type Segment = z.infer<typeof segmentSchema>

export const trackSummarySchema = z.object({
  recordingId: z.string(),
  /** The track's language: what `track` means in every call. */
  track: trackLanguageSchema,
  kind: trackKindSchema,
  origin: trackOriginSchema,
  model: z.string().nullable(),
  engineSettings: z.record(z.string(), z.unknown()),
  segmentCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type TrackSummary = z.infer<typeof trackSummarySchema>

/** Voces' transcript JSON: what `transcript --format json` prints and import reads. */
export const transcriptSchema = z.object({
  recordingId: z.string(),
  track: trackLanguageSchema,
  language: trackLanguageSchema,
  segments: z.array(segmentSchema),
})
export type Transcript = z.infer<typeof transcriptSchema>

/** A stored track with everything: summary fields and segments with words. */
export const transcriptTrackSchema = trackSummarySchema.extend({ segments: z.array(segmentSchema) })
export type TranscriptTrack = z.infer<typeof transcriptTrackSchema>

export const transcriptFormatSchema = z.enum(['json', 'srt', 'vtt', 'txt', 'docx'])
export type TranscriptFormat = z.infer<typeof transcriptFormatSchema>

export const modelInfoSchema = z.object({
  /** Catalogue name (`small`, `large-v3-turbo-q5_0`) or the file's name for a model added by hand. */
  name: z.string(),
  file: z.string(),
  installed: z.boolean(),
  /** Bytes on disk when installed, else the catalogue's approximate size. */
  sizeBytes: z.number().int().nonnegative(),
  languages: z.enum(['multilingual', 'en']),
  quantized: z.boolean(),
  inCatalogue: z.boolean(),
  description: z.string(),
  url: z.string().nullable(),
})
export type ModelInfo = z.infer<typeof modelInfoSchema>

export const engineInfoSchema = z.object({
  found: z.boolean(),
  path: z.string().nullable(),
  /** How to get the engine when it was not found. */
  hint: z.string().nullable(),
  /**
   * A source checkout without an engine: the Models page offers to build it (decision 0189).
   * `missingTools` names what the build needs and lacks (cmake, compiler, build-tool).
   */
  build: z
    .object({ missingTools: z.array(z.enum(['cmake', 'compiler', 'build-tool'])) })
    .nullable()
    .default(null),
})

export const modelsListSchema = z.object({
  dir: z.string(),
  engine: engineInfoSchema,
  models: z.array(modelInfoSchema),
  /** The model a transcription uses when none is chosen; null when none is installed. */
  defaultModel: z.string().nullable(),
})
export type ModelsList = z.infer<typeof modelsListSchema>

/** The library's glossary, Whisper's prompt (docs/decisions/0080-glossary-prompt.md). */
export const glossarySchema = z.object({
  /** In the order they were added: the first ones go into the prompt. */
  terms: z.array(z.string()),
  /** How much of it fits Whisper's prompt, counted with the default model; null with no model. */
  prompt: z
    .object({
      used: z.number().int().nonnegative(),
      leftOut: z.number().int().nonnegative(),
      tokens: z.number().int().nonnegative(),
      budget: z.number().int().positive(),
    })
    .nullable(),
})
export type Glossary = z.infer<typeof glossarySchema>

const recordingTrackInput = z.object({
  recordingId: z.string().min(1),
  /** Omitted: the recording's source transcript. */
  track: trackLanguageSchema.optional(),
})

export const transcriptionMethods = {
  /** One transcription job per recording (kind `transcribe`); progress and cancel through `jobs.*`. */
  'transcription.start': method(
    z.object({
      recordingIds: z.array(z.string().min(1)).min(1),
      language: spokenLanguageSchema.default('auto'),
      /** Catalogue name or a path to a ggml model; omitted: the default model. */
      model: z.string().min(1).optional(),
      /** Also make an English translation track (Whisper's translate task) for Spanish speech. */
      translate: z.boolean().default(false),
    }),
    z.object({ jobs: z.array(z.object({ recordingId: z.string(), jobId: z.string() })) }),
  ),
  'transcripts.list': method(
    z.object({ recordingId: z.string().min(1) }),
    z.array(trackSummarySchema),
  ),
  'transcripts.get': method(recordingTrackInput, transcriptTrackSchema),
  /**
   * A transcript as a file, under the recording's consent like every export (decision 0007): refused
   * when withdrawn; restricted or unknown needs a `reason`, kept in the export log.
   */
  'transcripts.export': method(
    recordingTrackInput.extend({
      format: transcriptFormatSchema,
      reason: multilineText().max(2000).default(''),
    }),
    z.object({
      fileName: z.string(),
      mimeType: z.string(),
      text: z.string(),
      /** 'base64': `text` holds a binary file's bytes (DOCX); absent: `text` is the file. */
      encoding: z.literal('base64').optional(),
    }),
  ),
  /**
   * Imports SRT, WebVTT (with `<v>` speakers) or Voces JSON, given as text; the track is marked
   * imported. Refused (TRANSCRIPT_IMPORT_REPLACES, with `count` and `verified`) when it would
   * replace a track holding segments, unless `replace` is true.
   */
  'transcripts.import': method(
    recordingTrackInput.extend({
      fileName: z.string().min(1),
      text: z.string(),
      replace: z.boolean().default(false),
    }),
    trackSummarySchema,
  ),
  'transcripts.remove': method(
    z.object({ recordingId: z.string().min(1), track: trackLanguageSchema }),
    z.object({ removed: z.boolean() }),
  ),
  'models.list': method(z.object({}).default({}), modelsListSchema),
  /** Starts a download job (kind `model-download`): progress, cancel, resume, checksum. */
  'models.download': method(z.object({ name: z.string().min(1) }), z.object({ jobId: z.string() })),
  /** Builds whisper.cpp in a source checkout (job kind `engine-build`); refused when tools lack. */
  'engine.build': method(z.object({}).default({}), z.object({ jobId: z.string() })),
  /** Copies a local ggml model file into the models folder. */
  'models.add': method(z.object({ path: z.string().min(1) }), modelInfoSchema),
  'glossary.list': method(z.object({}).default({}), glossarySchema),
  /** Empty, too long, or already there (case aside) is refused with its own code. */
  'glossary.add': method(z.object({ term: z.string() }), glossarySchema),
  'glossary.remove': method(z.object({ term: z.string() }), glossarySchema),
}

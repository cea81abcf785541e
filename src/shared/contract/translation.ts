import { z } from 'zod'
import { method } from './define.ts'
import { subtitleLanguageSchema } from './subtitles.ts'
import { lineText } from './text.ts'

/** A translation engine as `voces translate engines` and the Subtitles tab show it. */
export const translationEngineSchema = z.object({
  name: z.string(),
  kind: z.enum(['rule-based', 'neural']),
  installed: z.boolean(),
  pairs: z.array(z.object({ from: subtitleLanguageSchema, to: subtitleLanguageSchema })),
  path: z.string().nullable(),
  /** How to install it, when it is not. */
  hint: z.string(),
})
export type TranslationEngineInfo = z.infer<typeof translationEngineSchema>

/** A recording's subtitles or transcript, into one language, by an engine (the default: Apertium). */
const translateRecordingInput = z.object({
  recordingId: z.string().min(1),
  to: subtitleLanguageSchema,
  engine: lineText().trim().min(1).max(40).optional(),
  replace: z.boolean().default(false),
})

export const translationMethods = {
  'translation.engines': method(z.object({}).default({}), z.array(translationEngineSchema)),
  /**
   * Starts a job (kind `translate`) that fills the `to` language's subtitle cues from the other
   * language's, as machine text until a person checks each cue. Texts a person typed or checked
   * are kept unless `replace`. Refused before queueing when there is nothing to translate, the
   * cues read as `to` already, or the engine or its pair is not installed.
   */
  'translation.subtitles': method(translateRecordingInput, z.object({ jobId: z.string() })),
  /**
   * Starts a job (kind `translate`) that makes the `to` language's translation track from the
   * other language's transcript, segment for segment, as machine text. A translation track a
   * person checked or imported is replaced only with `replace`; the recording's own transcript
   * never.
   */
  'translation.transcript': method(translateRecordingInput, z.object({ jobId: z.string() })),
  /**
   * A machine draft of an episode's show notes, description and chapter titles in `to`, from
   * the other language's. Returned, never stored: a person edits it and saves what they keep.
   */
  'translation.episodeDraft': method(
    z.object({
      episodeId: z.string().min(1),
      to: subtitleLanguageSchema,
      engine: lineText().trim().min(1).max(40).optional(),
    }),
    z.object({
      episodeId: z.string(),
      language: subtitleLanguageSchema,
      engine: z.string(),
      draft: z.literal(true),
      summary: z.string(),
      body: z.string(),
      description: z.string(),
      chapters: z.array(z.object({ start: z.number(), title: z.string() })),
    }),
  ),
  /** The cues whose text in each language is still Voces' unchecked machine translation. */
  'translation.machineCues': method(
    z.object({ recordingId: z.string().min(1) }),
    z.object({ en: z.array(z.number().int()), es: z.array(z.number().int()) }),
  ),
  /** Translates lines of text, the same number out as in (`voces translate text`). */
  'translation.text': method(
    z.object({
      from: subtitleLanguageSchema,
      to: subtitleLanguageSchema,
      lines: z.array(z.string().max(20_000)).max(100_000),
      engine: lineText().trim().min(1).max(40).optional(),
    }),
    z.object({ lines: z.array(z.string()), engine: z.string() }),
  ),
}

import { z } from 'zod'
import { method } from './define.ts'
import { editorChangeSchema } from './editor.ts'
import { lineText } from './text.ts'

/**
 * Speakers (decision 0153): detection jobs, each recording's voices with their talk time, a
 * sample and the remembered name they may be, turns as RTTM or JSON, and the voices the center
 * asked to remember (decision 0155), which never leave the library.
 */
export const speakerEngineSchema = z.enum(['auto', 'basic', 'neural', 'channels'])
export type SpeakerEngineChoice = z.infer<typeof speakerEngineSchema>

const stretch = z.object({ start: z.number().nonnegative(), end: z.number().nonnegative() })

export const voiceSchema = z.object({
  /** The speaker's row: what editor.setSpeaker and editor.moveWords take. */
  id: z.number().int(),
  label: z.string(),
  name: z.string(),
  affiliation: z.string(),
  /** Seconds spoken: of the source transcript's segments, else of the detected turns. */
  seconds: z.number().nonnegative(),
  /** The voice's longest turn, at most 8 s, to play. */
  sample: stretch.nullable(),
  /** A remembered voice this one sounds like, to be confirmed by a person. */
  proposal: z
    .object({ name: z.string(), affiliation: z.string(), similarity: z.number() })
    .nullable(),
})
export type Voice = z.infer<typeof voiceSchema>

export const speakersStateSchema = z.object({
  /** The engine of the last detection; null when none ran. */
  engine: z.string().nullable(),
  detectedAt: z.string().nullable(),
  /** A person named, moved or merged voices: a new detection needs `replace`. */
  corrected: z.boolean(),
})
export type SpeakersState = z.infer<typeof speakersStateSchema>

export const speakersListSchema = z.object({
  recordingId: z.string(),
  state: speakersStateSchema,
  voices: z.array(voiceSchema),
})
export type SpeakersList = z.infer<typeof speakersListSchema>

export const shownTurnSchema = stretch.extend({
  /** As shown (src/shared/speakers.ts): the name, else the label. */
  speaker: z.string(),
})
export type ShownTurn = z.infer<typeof shownTurnSchema>

export const voiceProfileSchema = z.object({
  name: z.string(),
  affiliation: z.string(),
  createdAt: z.string(),
})
export type VoiceProfile = z.infer<typeof voiceProfileSchema>

const recordingId = z.string().min(1)

export const speakersMethods = {
  /**
   * One job per recording (kind `speakers-detect`). Refused before anything is queued when a
   * count is out of range, an engine is not installed, a recording is too short, or a person
   * corrected its speakers and `replace` is not given.
   */
  'speakers.detect': method(
    z.object({
      recordingIds: z.array(recordingId).min(1),
      /** Checked by the core, so that 0 or 50 gets its own message. */
      speakers: z.number().int().optional(),
      engine: speakerEngineSchema.default('auto'),
      replace: z.boolean().default(false),
    }),
    z.object({ jobs: z.array(z.object({ recordingId: z.string(), jobId: z.string() })) }),
  ),
  'speakers.list': method(z.object({ recordingId }), speakersListSchema),
  /**
   * Names a voice by its label or its shown name; with `remember`, keeps its voice profile under
   * that name, so later recordings propose it.
   */
  'speakers.rename': method(
    z.object({
      recordingId,
      speaker: z.string().min(1),
      name: lineText().trim().max(200),
      affiliation: lineText().trim().max(200).optional(),
      remember: z.boolean().default(false),
    }),
    speakersListSchema,
  ),
  /** All of one voice's segments, words and turns go to another; the first voice is gone. */
  'speakers.merge': method(
    z.object({ recordingId, speaker: z.string().min(1), into: z.string().min(1) }),
    speakersListSchema,
  ),
  /** Who spoke when, with or without a transcript: RTTM text or the turns as JSON. */
  'speakers.turns': method(
    z.object({ recordingId, format: z.enum(['rttm', 'json']).default('json') }),
    z.object({ text: z.string(), turns: z.array(shownTurnSchema) }),
  ),
  /** Words `from` to `to` (exclusive) of a segment go to another voice, undoable like any edit. */
  'editor.moveWords': method(
    z.object({
      segmentId: z.number().int(),
      from: z.number().int().nonnegative(),
      to: z.number().int().positive(),
      speakerId: z.number().int(),
    }),
    editorChangeSchema,
  ),
  /** Every segment of one voice goes to another, and the first voice is removed; undoable. */
  'editor.mergeSpeakers': method(
    z.object({ speakerId: z.number().int(), intoId: z.number().int() }),
    editorChangeSchema,
  ),
  /** The neural engine's models: installed or not, and why an installed one cannot be used. */
  'speakers.models': method(
    z.object({}).default({}),
    z.object({
      dir: z.string(),
      models: z.array(
        z.object({
          file: z.string(),
          role: z.enum(['segmentation', 'embedding']),
          description: z.string(),
          installed: z.boolean(),
          problem: z.string().nullable(),
        }),
      ),
    }),
  ),
  /** One job (kind `speaker-models-download`) fetching what is missing or damaged; resumable. */
  'speakers.downloadModels': method(z.object({}).default({}), z.object({ jobId: z.string() })),
  'voices.list': method(z.object({}).default({}), z.array(voiceProfileSchema)),
  /** Deletes the profile for good; its name stays on recordings a person already named. */
  'voices.forget': method(
    z.object({ name: z.string().min(1) }),
    z.object({ forgotten: z.boolean() }),
  ),
}

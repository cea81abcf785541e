import { z } from 'zod'
import { method } from './define.ts'
import { lineText } from './text.ts'

/**
 * Voice disguise (docs/decisions/0060-voice-disguise.md): one speaker's turns get a
 * pitch-shifted voice in a podcast, video or audiogram export. −4 semitones by default: low
 * enough that a listener who knows the voice does not hear it at once, close enough to a human
 * voice to stay intelligible. Pitch shift alone can be undone by a determined listener.
 */
export const defaultDisguiseSemitones = -4
/** One octave either way: beyond it speech turns into a cartoon and becomes hard to follow. */
export const maxDisguiseSemitones = 12

const semitones = z
  .number()
  .min(-maxDisguiseSemitones)
  .max(maxDisguiseSemitones)
  .refine((n) => Math.abs(n) >= 1, 'a disguise moves the voice by at least one semitone')

export const disguiseSpeakerSchema = z.object({
  /** The speaker as the transcript records them (its label, or the name given in the editor). */
  speaker: lineText().trim().min(1),
  semitones: semitones.default(defaultDisguiseSemitones),
  /**
   * Where the formants (the resonances of the throat and mouth that make a voice someone's) go,
   * in semitones. Omitted: with the pitch, as a plain resampling would. A different value (0
   * keeps them) needs FFmpeg with the Rubber Band filter and makes the change harder to undo
   * with a single inverse shift.
   */
  formantSemitones: z.number().min(-maxDisguiseSemitones).max(maxDisguiseSemitones).optional(),
})
export type DisguiseSpeaker = z.output<typeof disguiseSpeakerSchema>

/** The export option: the speakers whose voice is disguised, each with its own shift. */
export const disguiseOptionSchema = z.array(disguiseSpeakerSchema).max(20).default([])

export const disguiseSpeakerInfoSchema = z.object({
  /** The label the transcript records, which a disguise names. */
  speaker: z.string(),
  /** The name given in the editor, or ''. */
  name: z.string(),
  /** How long they talk in the source transcripts, in seconds. */
  seconds: z.number(),
})
export type DisguiseSpeakerInfo = z.infer<typeof disguiseSpeakerInfoSchema>

export const disguiseMethods = {
  /** The speakers in an episode's or a recording's transcripts: whom an export can disguise. */
  'disguise.speakers': method(
    z.object({ source: z.string().min(1) }),
    z.array(disguiseSpeakerInfoSchema),
  ),
}

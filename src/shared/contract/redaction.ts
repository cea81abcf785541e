import { z } from 'zod'
import { method } from './define.ts'

const redactionTarget = z.union([
  z.object({ word: z.string().trim().min(2) }),
  z.object({ from: z.number().min(0), to: z.number().positive() }),
])

export const redactionSpanSchema = z.object({
  start: z.number(),
  end: z.number(),
  mode: z.enum(['tone', 'silence']),
})

export const redactionMethods = {
  /**
   * Redaction is final inside the library: the caller must say so (`confirm: true`), after
   * asking the person.
   */
  'redaction.apply': method(
    z.object({
      recordingId: z.string().min(1),
      target: redactionTarget,
      mode: z.enum(['tone', 'silence']).default('tone'),
      confirm: z.literal(true, 'Redaction cannot be undone: confirm it first.'),
    }),
    z.object({
      spans: z.array(z.object({ start: z.number(), end: z.number() })),
      segments: z.number(),
      cues: z.number(),
    }),
  ),
  /**
   * Deletes the library's own copy of a recording's original (kept when "copy into library" was
   * on). The original where the person keeps it is not touched. Final, so it must be confirmed.
   */
  'redaction.deleteLibraryCopy': method(
    z.object({
      recordingId: z.string().min(1),
      confirm: z.literal(true, "Deleting the library's copy cannot be undone: confirm it first."),
    }),
    z.object({ deleted: z.boolean(), original: z.string() }),
  ),
  'redaction.list': method(
    z.object({ recordingId: z.string().min(1) }),
    z.array(redactionSpanSchema),
  ),
}

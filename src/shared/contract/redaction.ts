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
  'redaction.list': method(
    z.object({ recordingId: z.string().min(1) }),
    z.array(redactionSpanSchema),
  ),
}

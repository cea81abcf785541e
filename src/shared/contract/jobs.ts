import { z } from 'zod'
import { apiErrorSchema, method } from './define.ts'

export const jobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
export type JobState = z.infer<typeof jobStateSchema>

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: jobStateSchema,
  label: z.string(),
  recordingId: z.string().nullable(),
  /** 0..1 */
  progress: z.number().min(0).max(1),
  /** Seconds left, once the speed is stable enough to say; null before. */
  eta: z.number().nullable(),
  error: apiErrorSchema.nullable(),
  result: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Job = z.infer<typeof jobSchema>

export const jobsMethods = {
  'jobs.list': method(z.object({}).default({}), z.array(jobSchema)),
  'jobs.cancel': method(z.object({ id: z.string().min(1) }), jobSchema),
}

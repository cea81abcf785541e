import { VocesError, type ApiError } from '../shared/contract/index.ts'

/**
 * The core's errors that belong to no one area (decision 0200): a cancel, which a job, a process
 * run (FFmpeg, whisper.cpp, Apertium) and an in-process engine all raise, and the one way any
 * thrown value becomes an ApiError. Here rather than in the job runner, so that the process
 * runner and the API need not depend on the job queue.
 */

export class CancelledError extends VocesError {
  constructor() {
    super('CANCELLED', 'Cancelled.')
  }
}

/** A VocesError keeps its code and params; anything else is INTERNAL with its message. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof VocesError) return error.toApiError()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message }
}

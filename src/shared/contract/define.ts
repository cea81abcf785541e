import { z } from 'zod'

/**
 * An error as data. Thrown errors lose all but their message on the way through IPC, so every
 * call returns a Result. `code` lets the UI say it in the user's language (see shared/i18n);
 * `message` is the English text for logs, the CLI and scripts; `params` fill the translation.
 */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
})
export type ApiError = z.infer<typeof apiErrorSchema>

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
): MethodSpec<I, O> {
  return { input, output }
}

/** An error the core raises on purpose: it travels to the UI with its code and params intact. */
export class VocesError extends Error {
  readonly code: string
  readonly params: Record<string, string | number> | undefined
  constructor(code: string, message: string, params?: Record<string, string | number>) {
    super(message)
    this.name = 'VocesError'
    this.code = code
    this.params = params
  }
  toApiError(): ApiError {
    return this.params
      ? { code: this.code, message: this.message, params: this.params }
      : { code: this.code, message: this.message }
  }
}

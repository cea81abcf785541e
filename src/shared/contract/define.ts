import { z } from 'zod'
import { validationMessage } from '../i18n/validation.ts'

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

type PatchShape<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer Inner> ? Inner : S[K]>
}

/**
 * A patch of `schema`: every field optional and none defaulted. Zod's own `.partial()` keeps a
 * field's `.default()`, which fills a value into every patch that left the field out, so a patch
 * of one setting reset the others (decision 0204).
 */
export function patchOf<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
): z.ZodObject<PatchShape<S>> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, field] of Object.entries(schema.shape) as Array<[string, z.ZodType]>)
    shape[key] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional()
  return z.object(shape) as unknown as z.ZodObject<PatchShape<S>>
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

/**
 * A refused input as data (decision 0083): the first zod issue flattened into params a person's
 * language can be built from (`field` as a dotted path, `issue` and its limits), and an English
 * sentence from the same words for logs, the CLI and scripts. Parse with `reportInput: true` so a
 * missing value can be told from a wrong one; the input itself is never copied into the params.
 */
export function invalidInputError(method: string, error: z.ZodError): ApiError {
  const params: Record<string, string | number> = { method }
  const issue = error.issues[0]
  if (issue) {
    params.field = issue.path.map(String).join('.')
    params.issue = issue.code
    const extra = issue as {
      origin?: unknown
      maximum?: unknown
      minimum?: unknown
      inclusive?: unknown
      expected?: unknown
      format?: unknown
      pattern?: unknown
      values?: unknown
      keys?: unknown
      input?: unknown
    }
    if (typeof extra.origin === 'string') params.origin = extra.origin
    for (const limit of ['maximum', 'minimum'] as const) {
      const value = extra[limit]
      if (typeof value === 'number' || typeof value === 'bigint') params[limit] = Number(value)
    }
    if (typeof extra.inclusive === 'boolean') params.inclusive = extra.inclusive ? 1 : 0
    if (typeof extra.expected === 'string') params.expected = extra.expected
    if (typeof extra.format === 'string') params.format = extra.format
    // The contract's own YYYY-MM-DD pattern is a date too (library.ts isoDateSchema).
    if (extra.pattern === String(/^\d{4}-\d{2}-\d{2}$/)) params.format = 'date'
    if (Array.isArray(extra.values)) params.values = extra.values.map(String).join(', ')
    if (Array.isArray(extra.keys)) params.keys = extra.keys.map(String).join(', ')
    if (issue.code === 'invalid_type' && 'input' in issue && extra.input === undefined)
      params.missing = 1
  }
  return { code: 'INVALID_INPUT', message: validationMessage('en', params), params }
}

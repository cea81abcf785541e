import {
  contract,
  invalidInputError,
  isMethodName,
  VocesError,
  type Result,
} from '../../shared/contract/index.ts'
import { toApiError } from '../jobs/runner.ts'
import { appHandlers } from './app.ts'
import { jobsHandlers } from './jobs.ts'
import { libraryHandlers } from './library.ts'
import { episodesHandlers } from './episodes.ts'
import { redactionHandlers } from './redaction.ts'
import { disguiseHandlers } from './disguise.ts'
import { transcriptionHandlers } from './transcription.ts'
import { translationHandlers } from './translation.ts'
import { subtitlesHandlers } from './subtitles.ts'
import { searchHandlers } from './search.ts'
import { editorHandlers } from './editor.ts'
import { speakersHandlers } from './speakers.ts'
import type { CallContext, Handler, Handlers } from './types.ts'

export type { CallContext, Transport } from './types.ts'

/** Every method of the contract, implemented. Add a capability's handlers with one spread. */
export const handlers = {
  ...appHandlers,
  ...libraryHandlers,
  ...jobsHandlers,
  ...episodesHandlers,
  ...redactionHandlers,
  ...disguiseHandlers,
  ...transcriptionHandlers,
  ...translationHandlers,
  ...subtitlesHandlers,
  ...searchHandlers,
  ...editorHandlers,
  ...speakersHandlers,
} satisfies Handlers

/**
 * The boundary: validates the input with the contract's schema, runs the handler, and turns
 * whatever happens into a Result. Both transports and the CLI call this and nothing else.
 */
export async function dispatch(
  method: string,
  rawInput: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_METHOD',
        message: `Voces has no call named ${method}.`,
        params: { method },
      },
    }
  }
  const parsed = contract[method].input.safeParse(rawInput ?? {}, { reportInput: true })
  // Decision 0083: the refusal names the field in words, in English here and in the person's
  // language in the interface (shared/i18n/validation.ts), never zod's "✖ Too big: …".
  if (!parsed.success) return { ok: false, error: invalidInputError(method, parsed.error) }
  try {
    const handler = handlers[method] as Handler<typeof method>
    const value: unknown = await handler(parsed.data as never, ctx)
    return { ok: true, value }
  } catch (error) {
    if (!(error instanceof VocesError))
      ctx.voces.log.error('call failed', { method, error: String(error) })
    return { ok: false, error: toApiError(error) }
  }
}

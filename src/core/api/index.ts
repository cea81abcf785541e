import {
  contract,
  invalidInputError,
  isMethodName,
  VocesError,
  type MethodName,
  type Result,
} from '../../shared/contract/index.ts'
import { toApiError } from '../errors.ts'
import { episodeNotFound } from '../episodes/errors.ts'
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
import { peopleHandlers } from './people.ts'
import {
  canSee,
  forbidden,
  mayCall,
  notFound,
  owner,
  episodeIn,
  recordingIdsIn,
  seesEverything,
  visibilityOf,
} from '../people/access.ts'
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
  ...peopleHandlers,
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
  // The role first (decision 0161): a call the caller may not make is refused before its input
  // is even read.
  const caller = ctx.caller ?? owner
  if (!mayCall(caller.role, method))
    return { ok: false, error: forbidden(method, caller.role).toApiError() }
  const parsed = contract[method].input.safeParse(rawInput ?? {}, { reportInput: true })
  // Decision 0083: the refusal names the field in words, in English here and in the person's
  // language in the interface (shared/i18n/validation.ts), never zod's "✖ Too big: …".
  if (!parsed.success) return { ok: false, error: invalidInputError(method, parsed.error) }
  try {
    await mayReach(method, parsed.data, ctx)
    const handler = handlers[method] as Handler<typeof method>
    const value: unknown = await handler(parsed.data as never, ctx)
    return { ok: true, value }
  } catch (error) {
    if (!(error instanceof VocesError))
      ctx.voces.log.error('call failed', { method, error: String(error) })
    return { ok: false, error: toApiError(error) }
  }
}

/**
 * The core's own check on every call's recordings (decision 0163): every recording the input
 * names must be one the caller may see; a hidden one is answered as one that does not exist.
 * Lists and search filter by the same rule in their handlers.
 */
async function mayReach(method: MethodName, input: unknown, ctx: CallContext): Promise<void> {
  const caller = ctx.caller ?? owner
  if (seesEverything(caller)) return
  const ids = recordingIdsIn(method, input)
  const episodeId = episodeIn(method, input)
  if (ids.length === 0 && episodeId === null) return
  const { storage } = ctx.voces
  const visibility = await visibilityOf(caller, storage.people, new Date())
  for (const id of ids) {
    const recording = await storage.recordings.get(id)
    if (recording && !canSee(visibility, recording)) throw notFound(id)
  }
  // An episode holding a hidden recording's clip is hidden with it; an export's source may be a
  // recording instead.
  const episode = episodeId === null ? undefined : await storage.episodes.get(episodeId)
  const clipIds = episode ? episode.clips.map((clip) => clip.recordingId) : [episodeId ?? '']
  for (const id of clipIds) {
    const recording = await storage.recordings.get(id)
    if (recording && !canSee(visibility, recording))
      throw episode ? episodeNotFound(episode.id) : notFound(id)
  }
}

import type { z } from 'zod'
import { appMethods } from './app.ts'
import { jobSchema, jobsMethods } from './jobs.ts'
import { libraryMethods } from './library.ts'
import { episodesMethods } from './episodes.ts'
import { redactionMethods } from './redaction.ts'
import { disguiseMethods } from './disguise.ts'
import { subtitlesMethods } from './subtitles.ts'
import { searchMethods } from './search.ts'
import { editorMethods } from './editor.ts'
import { peopleMethods } from './people.ts'
import { transcriptionMethods } from './transcription.ts'
import { z as zod } from 'zod'

export * from './define.ts'
export * from './app.ts'
export * from './jobs.ts'
export * from './library.ts'
export * from './episodes.ts'
export * from './redaction.ts'
export * from './disguise.ts'
export * from './transcription.ts'
export * from './subtitles.ts'
export * from './search.ts'
export * from './editor.ts'
export * from './text.ts'
export * from './people.ts'

/**
 * The whole API between the UI and the core. Both transports (Electron IPC and loopback HTTP)
 * carry exactly these calls, validated with these schemas on the core's side of the boundary.
 * Add a capability's methods in its own file and spread them here.
 */
export const contract = {
  ...appMethods,
  ...libraryMethods,
  ...jobsMethods,
  ...episodesMethods,
  ...redactionMethods,
  ...disguiseMethods,
  ...transcriptionMethods,
  ...subtitlesMethods,
  ...searchMethods,
  ...editorMethods,
  ...peopleMethods,
}
export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>

/** Events the core pushes to the UI. */
export const events = {
  job: jobSchema,
  library: zod.object({
    recordingId: zod.string(),
    change: zod.enum(['added', 'updated', 'removed']),
  }),
}
export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name)
}

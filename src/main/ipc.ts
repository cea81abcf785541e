import type { IpcMainInvokeEvent } from 'electron'
import { dispatch } from '../core/api/index.ts'
import type { Voces } from '../core/voces.ts'
import type { Result } from '../shared/contract/index.ts'
import { isTrustedSender } from './security.ts'

export const callChannel = 'voces:call'
export const eventChannel = 'voces:event'

/** The slice of ipcMain this module uses, so tests can hand in a fake. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void
  removeHandler(channel: string): void
}

export interface EventTarget {
  isDestroyed(): boolean
  send(channel: string, payload: unknown): void
}

/**
 * One channel carries every contract call; the core's dispatcher validates it exactly as it does
 * for HTTP. Returns a function that unregisters everything.
 */
export function registerIpc(
  ipc: IpcMainLike,
  voces: Voces,
  appUrl: () => string,
  targets: () => EventTarget[],
): () => void {
  ipc.handle(callChannel, async (event, method, input): Promise<Result<unknown>> => {
    const senderUrl = event.senderFrame?.url ?? ''
    if (!isTrustedSender(senderUrl, appUrl())) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call Voces.' } }
    }
    if (typeof method !== 'string')
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'No method named.' } }
    return dispatch(method, input, { voces, transport: 'ipc' })
  })
  const forward = (event: string) => (payload: unknown) => {
    for (const target of targets())
      if (!target.isDestroyed()) target.send(eventChannel, { event, payload })
  }
  const onJob = forward('job')
  voces.jobs.on('job', onJob)
  const onLibrary = forward('library')
  voces.events.on('library', onLibrary)
  return () => {
    ipc.removeHandler(callChannel)
    voces.jobs.off('job', onJob)
    voces.events.off('library', onLibrary)
  }
}

import { HttpClient } from './http-client.ts'
import { IpcClient } from './ipc-client.ts'
import type { VocesClient } from './types.ts'

export type { VocesClient, MediaKind, SessionControl } from './types.ts'

/** The app window has the preload bridge; the browser build talks HTTP to the page's origin. */
export function createClient(): VocesClient {
  return window.voces ? new IpcClient(window.voces) : new HttpClient()
}

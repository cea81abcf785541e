import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
  Result,
} from '../../shared/contract/index.ts'

export type MediaKind = 'original' | 'audio' | 'poster' | 'peaks'

/**
 * Everything the UI may ask of the core. Two implementations: Electron IPC (ipc-client.ts) and
 * loopback HTTP (http-client.ts). Components receive one and never know which.
 */
export interface VocesClient {
  readonly transport: 'ipc' | 'http'
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** A URL the page can put in <audio>/<video>/<img> for a library file. */
  mediaUrl(recordingId: string, kind: MediaKind): string
  /** The episode as it will be exported, streamed from `from` seconds on (decision 0165). */
  previewUrl(episodeId: string, from: number): string
  /** Files dropped on or picked in the page, made into paths the core can ingest. */
  ingestFiles(files: readonly File[]): Promise<Result<MethodOutput<'library.ingest'>>>
  /** Signing in and out of a shared archive; absent in the app window (one implicit admin). */
  readonly session?: SessionControl
}

/** `POST` and `DELETE /api/session` (decision 0162), and word of a call that needed a sign-in. */
export interface SessionControl {
  signIn(email: string, password: string): Promise<Result<unknown>>
  signOut(): Promise<void>
  /** Called whenever the server answered SIGN_IN_NEEDED: the session ended or was revoked. */
  onSignInNeeded(listener: () => void): () => void
}

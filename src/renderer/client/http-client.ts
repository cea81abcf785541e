import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
  Result,
} from '../../shared/contract/index.ts'
import type { MediaKind, SessionControl, VocesClient } from './types.ts'

const networkError = (message: string) => ({
  ok: false as const,
  error: { code: 'NETWORK', message },
})

/**
 * The browser build's transport: POST /api/<method>, events over Server-Sent Events, media from
 * /media/…, dropped files streamed to /api/upload. The session cookie the server set when the
 * page was opened with its token authorises every request.
 */
export class HttpClient implements VocesClient {
  readonly transport = 'http' as const
  private readonly base: string
  private source: EventSource | null = null
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>()
  private readonly signInNeeded = new Set<() => void>()
  readonly session: SessionControl

  constructor(base = '') {
    this.base = base
    this.session = {
      signIn: async (email, password) => {
        try {
          const response = await fetch(`${this.base}/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password }),
            credentials: 'same-origin',
          })
          return (await response.json()) as Result<unknown>
        } catch (error) {
          return networkError(error instanceof Error ? error.message : String(error))
        }
      },
      signOut: async () => {
        await fetch(`${this.base}/api/session`, { method: 'DELETE', credentials: 'same-origin' })
        this.source?.close()
        this.source = null
      },
      onSignInNeeded: (listener) => {
        this.signInNeeded.add(listener)
        return () => this.signInNeeded.delete(listener)
      },
    }
  }

  /** A server with accounts answers SIGN_IN_NEEDED once a session ends: the page signs in again. */
  private noticed<T>(result: Result<T>): Result<T> {
    if (!result.ok && result.error.code === 'SIGN_IN_NEEDED') {
      this.source?.close()
      this.source = null
      for (const listener of this.signInNeeded) listener()
    }
    return result
  }

  async call<M extends MethodName>(
    method: M,
    input: MethodInput<M>,
  ): Promise<Result<MethodOutput<M>>> {
    try {
      const body = JSON.stringify(input ?? {})
      const response = await fetch(`${this.base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        credentials: 'same-origin',
        // Lets the last autosave finish when the page is closed or reloaded. The Fetch standard
        // caps keepalive bodies at 64 KiB in flight, so longer ones go without it.
        keepalive: body.length < 60_000,
      })
      return this.noticed((await response.json()) as Result<MethodOutput<M>>)
    } catch (error) {
      return networkError(error instanceof Error ? error.message : String(error))
    }
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as (payload: unknown) => void)
    this.listeners.set(event, set)
    this.ensureSource()
    return () => set.delete(listener as (payload: unknown) => void)
  }

  previewUrl(episodeId: string, from: number): string {
    return `${this.base}/media/${encodeURIComponent(episodeId)}/preview?from=${from.toFixed(3)}`
  }

  mediaUrl(recordingId: string, kind: MediaKind): string {
    return `${this.base}/media/${encodeURIComponent(recordingId)}/${kind}`
  }

  /** Uploads each file, then starts one ingest for all that arrived; a failed upload is listed, not fatal. */
  async ingestFiles(files: readonly File[]): Promise<Result<MethodOutput<'library.ingest'>>> {
    const paths: string[] = []
    const skipped: Array<{ file: string; code: string; message: string }> = []
    for (const file of files) {
      try {
        const response = await fetch(
          `${this.base}/api/upload?name=${encodeURIComponent(file.name)}`,
          {
            method: 'POST',
            body: file,
            credentials: 'same-origin',
          },
        )
        const result = this.noticed((await response.json()) as Result<{ path: string }>)
        if (result.ok) paths.push(result.value.path)
        else
          skipped.push({ file: file.name, code: result.error.code, message: result.error.message })
      } catch (error) {
        skipped.push({
          file: file.name,
          code: 'NETWORK',
          message: error instanceof Error ? error.message : String(error),
        })
      }
    }
    if (paths.length === 0) return { ok: true, value: { jobs: [], skipped } }
    const started = await this.call('library.ingest', { paths })
    return started.ok
      ? {
          ok: true,
          value: { jobs: started.value.jobs, skipped: [...skipped, ...started.value.skipped] },
        }
      : started
  }

  private ensureSource(): void {
    if (this.source) return
    this.source = new EventSource(`${this.base}/api/events`, { withCredentials: true })
    this.source.onmessage = (message: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown }
      for (const listener of this.listeners.get(event) ?? []) listener(payload)
    }
  }
}

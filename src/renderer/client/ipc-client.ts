import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
  Result,
} from '../../shared/contract/index.ts'
import type { MediaKind, VocesClient } from './types.ts'

/** What src/preload exposes as `window.voces`: the contract's calls and events, nothing more. */
export interface PreloadBridge {
  call(method: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
  pathForFile(file: File): string
}

declare global {
  interface Window {
    voces?: PreloadBridge
  }
}

export class IpcClient implements VocesClient {
  readonly transport = 'ipc' as const
  private readonly bridge: PreloadBridge
  constructor(bridge: PreloadBridge) {
    this.bridge = bridge
  }

  async call<M extends MethodName>(
    method: M,
    input: MethodInput<M>,
  ): Promise<Result<MethodOutput<M>>> {
    return (await this.bridge.call(method, input ?? {})) as Result<MethodOutput<M>>
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.bridge.on(event, listener as (payload: unknown) => void)
  }

  previewUrl(episodeId: string, from: number): string {
    return `voces-media://media/${encodeURIComponent(episodeId)}/preview?from=${from.toFixed(3)}`
  }

  mediaUrl(recordingId: string, kind: MediaKind): string {
    return `voces-media://media/${encodeURIComponent(recordingId)}/${kind}`
  }

  ingestFiles(files: readonly File[]): Promise<Result<MethodOutput<'library.ingest'>>> {
    const paths = files.map((file) => this.bridge.pathForFile(file)).filter((p) => p.length > 0)
    return this.call('library.ingest', { paths })
  }
}

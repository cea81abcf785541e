import { useCallback, useEffect, useState } from 'react'
import type { ApiError, ModelsList } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'

export type ModelsState =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; list: ModelsList }

/** `models.list`, loaded again when a model download finishes. */
export function useModels(): { state: ModelsState; reload: () => void } {
  const client = useClient()
  const [state, setState] = useState<ModelsState>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])

  useEffect(() => {
    let live = true
    void client.call('models.list', {}).then((result) => {
      if (!live) return
      setState(
        result.ok
          ? { status: 'ready', list: result.value }
          : { status: 'failed', error: result.error },
      )
    })
    return () => {
      live = false
    }
  }, [client, generation])

  useEffect(
    () =>
      client.on('job', (job) => {
        if (job.kind === 'model-download' && job.state === 'succeeded') reload()
      }),
    [client, reload],
  )

  return { state, reload }
}

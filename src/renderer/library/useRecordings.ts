import { useCallback, useEffect, useState } from 'react'
import type { ApiError, Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'

export type RecordingsState =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; recordings: Recording[] }

/** The library's recordings, loaded again whenever an ingest finishes or the library changes. */
export function useRecordings(): { state: RecordingsState; reload: () => void } {
  const client = useClient()
  const [state, setState] = useState<RecordingsState>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])

  useEffect(() => {
    let live = true
    void client.call('library.list', {}).then((result) => {
      if (!live) return
      setState(
        result.ok
          ? { status: 'ready', recordings: result.value }
          : { status: 'failed', error: result.error },
      )
    })
    return () => {
      live = false
    }
  }, [client, generation])

  useEffect(() => {
    const offJob = client.on('job', (job) => {
      if (job.kind === 'ingest' && job.state === 'succeeded') reload()
    })
    const offLibrary = client.on('library', reload)
    return () => {
      offJob()
      offLibrary()
    }
  }, [client, reload])

  return { state, reload }
}

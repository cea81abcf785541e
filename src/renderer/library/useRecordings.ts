import { useCallback, useEffect, useState } from 'react'
import type { ApiError, Recording, RecordingState } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'

export type RecordingsState =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; recordings: Recording[]; states: RecordingState[] }

/** The library's recordings, loaded again whenever an ingest finishes or the library changes. */
export function useRecordings(): { state: RecordingsState; reload: () => void } {
  const client = useClient()
  const [state, setState] = useState<RecordingsState>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])

  useEffect(() => {
    let live = true
    // The recordings and their states (one query each, decision 0132) side by side.
    void Promise.all([client.call('library.list', {}), client.call('library.states', {})]).then(
      ([result, states]) => {
        if (!live) return
        if (!result.ok) setState({ status: 'failed', error: result.error })
        else if (!states.ok) setState({ status: 'failed', error: states.error })
        else setState({ status: 'ready', recordings: result.value, states: states.value })
      },
    )
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

import { useCallback, useEffect, useMemo, useReducer, type ReactNode } from 'react'
import type { MethodOutput, Result } from '../../shared/contract/index.ts'
import { baseName } from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { JobsContext, type JobsApi } from './context.ts'
import { initialJobsState, jobsReducer } from './jobs-state.ts'

let nextKey = 0
const newKey = () => `import-${(nextKey += 1)}`

/** Holds every job the core reports and the files this window added; one per window. */
export function JobsProvider({ children }: { children: ReactNode }) {
  const client = useClient()
  const [state, dispatch] = useReducer(jobsReducer, initialJobsState)

  useEffect(() => {
    const off = client.on('job', (job) => dispatch({ type: 'job', job }))
    void client.call('jobs.list', {}).then((result) => {
      if (result.ok) dispatch({ type: 'jobsLoaded', jobs: result.value })
    })
    return off
  }, [client])

  const resolve = useCallback(
    (key: string, file: string, result: Result<MethodOutput<'library.ingest'>>) => {
      if (!result.ok) {
        // The error names the file the person added, even when the core could not.
        const params = { file, ...result.error.params }
        dispatch({ type: 'importRefused', key, error: { ...result.error, params } })
        return
      }
      dispatch({
        type: 'importResolved',
        key,
        jobs: result.value.jobs.map((job) => ({ file: baseName(job.file), jobId: job.jobId })),
        refused: result.value.skipped.map((skip) => {
          const name = baseName(skip.file)
          return {
            file: name,
            error: { code: skip.code, message: skip.message, params: { file: name } },
          }
        }),
      })
    },
    [],
  )

  const addFiles = useCallback(
    async (files: readonly File[]) => {
      const entries = files.map((file) => ({ key: newKey(), file: file.name, source: file }))
      dispatch({ type: 'importsAdded', entries })
      // One at a time: each upload is a full copy of the file, and a failure stops only its own.
      for (const entry of entries) {
        resolve(entry.key, entry.file, await client.ingestFiles([entry.source]))
      }
    },
    [client, resolve],
  )

  const addPaths = useCallback(
    async (paths: readonly string[]) => {
      const entries = paths.map((path) => ({ key: newKey(), file: baseName(path), path }))
      dispatch({ type: 'importsAdded', entries })
      for (const entry of entries) {
        resolve(entry.key, entry.file, await client.call('library.ingest', { paths: [entry.path] }))
      }
    },
    [client, resolve],
  )

  const cancel = useCallback(
    async (jobId: string) => {
      const result = await client.call('jobs.cancel', { id: jobId })
      if (result.ok) dispatch({ type: 'job', job: result.value })
    },
    [client],
  )

  const api = useMemo<JobsApi>(
    () => ({ state, dispatch, addFiles, addPaths, cancel }),
    [state, addFiles, addPaths, cancel],
  )
  return <JobsContext.Provider value={api}>{children}</JobsContext.Provider>
}

import { useCallback } from 'react'
import { useJobs } from '../jobs/context.ts'

let refusalKey = 0

/** Adds files, and lists a folder in which nothing could be found as refused, by name. */
export function useAddFiles(): (files: readonly File[], emptyFolders?: readonly string[]) => void {
  const { addFiles, dispatch } = useJobs()
  return useCallback(
    (files, emptyFolders = []) => {
      for (const folder of emptyFolders) {
        const key = `empty-${(refusalKey += 1)}`
        dispatch({ type: 'importsAdded', entries: [{ key, file: folder }] })
        dispatch({
          type: 'importRefused',
          key,
          error: {
            code: 'NO_MEDIA_FOUND',
            message: `No audio or video files were found in ${folder}.`,
            params: { file: folder },
          },
        })
      }
      if (files.length > 0) void addFiles(files)
    },
    [addFiles, dispatch],
  )
}

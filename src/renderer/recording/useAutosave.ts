import { useCallback, useEffect, useRef, useState } from 'react'
import type { Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useDebouncedSave } from '../ui/useDebouncedSave.ts'
import { validatePatch, type Field, type FieldError, type Patch } from './metadata.ts'

/** The fields of `patch` that `sent` did not carry; null when none are left. */
function fieldsLeft(patch: Patch, sent: Patch): Patch | null {
  const left: Record<string, unknown> = { ...patch }
  for (const field of Object.keys(sent)) delete left[field]
  return Object.keys(left).length > 0 ? (left as Patch) : null
}

const mergePatches = (waiting: Patch, next: Patch): Patch => ({ ...waiting, ...next })
const autosaveOptions = { merge: mergePatches, rest: fieldsLeft }

/**
 * Saves a recording's details as the person types, through `useDebouncedSave`: changes gather,
 * then go in one `library.update`. What fails validation stays pending, with its message, until
 * it is corrected; the valid fields beside it are saved.
 */
export function useAutosave(id: string, onSaved: (recording: Recording) => void) {
  const client = useClient()
  const onSavedRef = useRef(onSaved)
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({})

  useEffect(() => {
    onSavedRef.current = onSaved
  }, [onSaved])

  const prepare = useCallback((patch: Patch) => {
    const { valid, errors: invalid } = validatePatch(patch)
    setErrors(invalid)
    return Object.keys(valid).length > 0 ? valid : null
  }, [])
  const send = useCallback(
    async (patch: Patch) => {
      const result = await client.call('library.update', { id, patch })
      if (result.ok) onSavedRef.current(result.value)
      return result
    },
    [client, id],
  )
  const { save, queue, flush } = useDebouncedSave(prepare, send, autosaveOptions)
  return { save, errors, queue, flush }
}

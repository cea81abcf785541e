import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { validatePatch, type Field, type FieldError, type Patch } from './metadata.ts'

export type SaveStatus =
  | { status: 'saved' }
  | { status: 'saving' }
  | { status: 'invalid' }
  | { status: 'failed'; error: ApiError }

/** Long enough not to save on every keystroke, short enough that a closed window loses nothing. */
export const saveDelayMs = 500

/**
 * Saves a recording's details as the person types: changes gather for `saveDelayMs`, then go in
 * one `library.update`; `flush` sends at once (on blur, on leaving the page, on closing the
 * window). What fails validation stays pending, with its message, until it is corrected.
 */
export function useAutosave(id: string, onSaved: (recording: Recording) => void) {
  const client = useClient()
  const pending = useRef<Patch>({})
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef<Promise<void> | null>(null)
  const onSavedRef = useRef(onSaved)
  const [save, setSave] = useState<SaveStatus>({ status: 'saved' })
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({})

  useEffect(() => {
    onSavedRef.current = onSaved
  }, [onSaved])

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    // One update at a time, so the core sees changes in the order they were typed.
    while (inFlight.current) await inFlight.current
    const { valid, errors: invalid } = validatePatch(pending.current)
    setErrors(invalid)
    const fields = Object.keys(valid) as Field[]
    if (fields.length === 0) {
      setSave({ status: Object.keys(invalid).length > 0 ? 'invalid' : 'saved' })
      return
    }
    for (const field of fields) delete pending.current[field]
    setSave({ status: 'saving' })
    const request = client.call('library.update', { id, patch: valid }).then((result) => {
      if (result.ok) {
        onSavedRef.current(result.value)
        const left = Object.keys(pending.current).length > 0
        setSave({ status: left ? (timer.current ? 'saving' : 'invalid') : 'saved' })
      } else {
        // Keep what failed to go, unless the person has typed something newer since.
        pending.current = { ...valid, ...pending.current }
        setSave({ status: 'failed', error: result.error })
      }
    })
    inFlight.current = request
    try {
      await request
    } finally {
      inFlight.current = null
    }
  }, [client, id])

  const queue = useCallback(
    (patch: Patch) => {
      Object.assign(pending.current, patch)
      setSave({ status: 'saving' })
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => void flush(), saveDelayMs)
    },
    [flush],
  )

  useEffect(() => {
    const now = () => {
      if (Object.keys(pending.current).length > 0) void flush()
    }
    window.addEventListener('pagehide', now)
    window.addEventListener('beforeunload', now)
    return () => {
      window.removeEventListener('pagehide', now)
      window.removeEventListener('beforeunload', now)
      // Leaving the page (back to the library) saves what was typed last.
      now()
    }
  }, [flush])

  return { save, errors, queue, flush }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, Result } from '../../shared/contract/index.ts'
import { saveDelayMs, type SaveStatus } from '../recording/useAutosave.ts'

/**
 * Saves a whole value as the person types, the way the recording form does: the latest value
 * waits `saveDelayMs`, then goes in one call; `flush` sends it at once (on blur, on leaving the
 * page, on closing the window). A value `send` cannot take yet (`null` from `prepare`) is held
 * and marked invalid until corrected.
 */
export function useDebouncedSave<T, P>(
  prepare: (value: T) => P | null,
  send: (payload: P) => Promise<Result<unknown>>,
) {
  const pending = useRef<{ value: T } | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef<Promise<void> | null>(null)
  const sendRef = useRef(send)
  const prepareRef = useRef(prepare)
  const [save, setSave] = useState<SaveStatus>({ status: 'saved' })

  useEffect(() => {
    sendRef.current = send
    prepareRef.current = prepare
  }, [send, prepare])

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    while (inFlight.current) await inFlight.current
    const next = pending.current
    if (!next) return
    const payload = prepareRef.current(next.value)
    if (payload === null) {
      setSave({ status: 'invalid' })
      return
    }
    pending.current = null
    setSave({ status: 'saving' })
    const request = sendRef.current(payload).then((result) => {
      if (result.ok) setSave({ status: pending.current ? 'saving' : 'saved' })
      else {
        // Keep what failed to go, unless something newer was typed since.
        pending.current ??= next
        setSave({ status: 'failed', error: result.error as ApiError })
      }
    })
    inFlight.current = request
    try {
      await request
    } finally {
      inFlight.current = null
    }
  }, [])

  const queue = useCallback(
    (value: T) => {
      pending.current = { value }
      setSave({ status: 'saving' })
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => void flush(), saveDelayMs)
    },
    [flush],
  )

  useEffect(() => {
    const now = () => {
      if (pending.current) void flush()
    }
    window.addEventListener('pagehide', now)
    window.addEventListener('beforeunload', now)
    return () => {
      window.removeEventListener('pagehide', now)
      window.removeEventListener('beforeunload', now)
      now()
    }
  }, [flush])

  return { save, queue, flush }
}

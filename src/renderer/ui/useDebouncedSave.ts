import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, Result } from '../../shared/contract/index.ts'

export type SaveStatus =
  | { status: 'saved' }
  | { status: 'saving' }
  | { status: 'invalid' }
  | { status: 'failed'; error: ApiError }

/**
 * Long enough not to save on every keystroke, short enough that a closed window loses nothing:
 * every save of typed text in the renderer waits this long after the last key.
 */
export const SAVE_DELAY_MS = 500

export interface DebouncedSaveOptions<T, P> {
  /** How a newly queued value joins one still waiting (default: the newer replaces it). */
  merge?: (waiting: T, next: T) => T
  /** What stays waiting, held until corrected, after `payload` went (default: nothing). */
  rest?: (value: T, payload: P) => T | null
}

/**
 * Saves what a person types: the latest value waits `SAVE_DELAY_MS`, then goes in one call;
 * `flush` sends it at once (on blur, on leaving the page, on closing the window), one call at a
 * time so the core sees changes in the order they were typed. A value `send` cannot take yet
 * (`null` from `prepare`) is held and marked invalid until corrected; so is a `rest` left over.
 */
export function useDebouncedSave<T, P>(
  prepare: (value: T) => P | null,
  send: (payload: P) => Promise<Result<unknown>>,
  options: DebouncedSaveOptions<T, P> = {},
) {
  const pending = useRef<{ value: T } | null>(null)
  /** Whether what waits is a held remainder rather than something newly typed. */
  const held = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef<Promise<void> | null>(null)
  const sendRef = useRef(send)
  const prepareRef = useRef(prepare)
  const optionsRef = useRef(options)
  const [save, setSave] = useState<SaveStatus>({ status: 'saved' })

  useEffect(() => {
    sendRef.current = send
    prepareRef.current = prepare
    optionsRef.current = options
  }, [send, prepare, options])

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
    const left = optionsRef.current.rest?.(next.value, payload) ?? null
    pending.current = left === null ? null : { value: left }
    held.current = left !== null
    setSave({ status: 'saving' })
    const request = sendRef.current(payload).then((result) => {
      if (result.ok) {
        const waiting = pending.current !== null
        setSave({ status: waiting ? (held.current ? 'invalid' : 'saving') : 'saved' })
      } else {
        // Keep what failed to go, unless something newer was typed since.
        const waiting = pending.current
        const merge = optionsRef.current.merge
        pending.current = waiting
          ? { value: merge ? merge(next.value, waiting.value) : waiting.value }
          : next
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
      const waiting = pending.current
      const merge = optionsRef.current.merge
      pending.current = { value: waiting && merge ? merge(waiting.value, value) : value }
      held.current = false
      setSave({ status: 'saving' })
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS)
    },
    [flush],
  )

  useSaveOnLeave(
    useCallback(() => {
      if (pending.current) void flush()
    }, [flush]),
  )

  return { save, queue, flush }
}

/**
 * Calls `now` when the window closes or reloads and when the component goes (leaving the page),
 * so nothing typed is lost. `now` should be stable (useCallback).
 */
export function useSaveOnLeave(now: () => void): void {
  useEffect(() => {
    window.addEventListener('pagehide', now)
    window.addEventListener('beforeunload', now)
    return () => {
      window.removeEventListener('pagehide', now)
      window.removeEventListener('beforeunload', now)
      now()
    }
  }, [now])
}

import { useCallback, useRef, useState } from 'react'
import type { ApiError, Cut, CutKind, CutSpan, Episode } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'

export type CutAction =
  { kind: 'cut'; spans: CutSpan[]; cutKind: CutKind } | { kind: 'restore'; spans: CutSpan[] }

export interface CutHistory {
  apply: (action: CutAction) => Promise<boolean>
  undo: () => Promise<boolean>
  redo: () => Promise<boolean>
  canUndo: boolean
  canRedo: boolean
  busy: boolean
  error: ApiError | null
}

/**
 * Cuts and restores through the core, with undo and redo for the whole page (the transcript and
 * the filler words share them): each change remembers the cuts before it, and undo sets them
 * back as they were, so undoing a cut that merged with another gives back exactly both.
 */
export function useCuts(episode: Episode, onSaved: (episode: Episode) => void): CutHistory {
  const client = useClient()
  const [undoStack, setUndo] = useState<Cut[][]>([])
  const [redoStack, setRedo] = useState<Cut[][]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const running = useRef(false)
  const current = episode.cuts

  const run = useCallback(
    async (call: () => Promise<{ ok: true; value: Episode } | { ok: false; error: ApiError }>) => {
      if (running.current) return null
      running.current = true
      setBusy(true)
      try {
        const result = await call()
        if (!result.ok) {
          setError(result.error)
          return null
        }
        setError(null)
        onSaved(result.value)
        return result.value
      } finally {
        running.current = false
        setBusy(false)
      }
    },
    [onSaved],
  )

  const apply = useCallback(
    async (action: CutAction) => {
      const before = current
      const done = await run(() =>
        action.kind === 'cut'
          ? client.call('episodes.cut', {
              id: episode.id,
              spans: action.spans,
              kind: action.cutKind,
            })
          : client.call('episodes.restore', { id: episode.id, spans: action.spans }),
      )
      if (!done) return false
      setUndo((stack) => [...stack, before])
      setRedo([])
      return true
    },
    [client, current, episode.id, run],
  )

  const travel = useCallback(
    async (from: Cut[][], to: (cuts: Cut[]) => void, drop: () => void) => {
      const target = from.at(-1)
      if (!target) return false
      const before = current
      const done = await run(() =>
        client.call('episodes.setCuts', { id: episode.id, cuts: target }),
      )
      if (!done) return false
      drop()
      to(before)
      return true
    },
    [client, current, episode.id, run],
  )

  const undo = useCallback(
    () =>
      travel(
        undoStack,
        (cuts) => setRedo((stack) => [...stack, cuts]),
        () => setUndo((stack) => stack.slice(0, -1)),
      ),
    [travel, undoStack],
  )
  const redo = useCallback(
    () =>
      travel(
        redoStack,
        (cuts) => setUndo((stack) => [...stack, cuts]),
        () => setRedo((stack) => stack.slice(0, -1)),
      ),
    [travel, redoStack],
  )

  return {
    apply,
    undo,
    redo,
    canUndo: undoStack.length > 0,
    canRedo: redoStack.length > 0,
    busy,
    error,
  }
}

import { useEffect, useRef } from 'react'

interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

/**
 * What a key press asks of the editor's undo, the same in the transcript, the subtitles and the
 * waveform's cues: Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y redo. AltGr arrives as
 * Ctrl+Alt on Windows (it types `[` on Spanish keyboards): it is no modifier.
 */
export function undoKey(event: KeyPress): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null
  if (event.key === 'y' || ((event.key === 'z' || event.key === 'Z') && event.shiftKey))
    return 'redo'
  if (event.key === 'z' || event.key === 'Z') return 'undo'
  return null
}

/**
 * Undo and redo keys while the focus is inside `root` (its text fields included, before their
 * own undo), or, with `orNowhere`, on no element at all.
 */
export function useUndoKeys(
  root: { current: HTMLElement | null },
  act: (which: 'undo' | 'redo') => void,
  { orNowhere = false }: { orNowhere?: boolean } = {},
): void {
  const latest = useRef(act)
  useEffect(() => {
    latest.current = act
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const which = undoKey(event)
      if (!which) return
      const active = document.activeElement
      const nowhere = !active || active === document.body
      if (!(root.current?.contains(active) || (orNowhere && nowhere))) return
      event.preventDefault()
      event.stopPropagation()
      latest.current(which)
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [root, orNowhere])
}

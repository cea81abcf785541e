import { useCallback, useMemo, useState } from 'react'
import { useSection } from '../i18n/useSection.ts'

export interface Selection {
  /** Only ids still in the list: a removed recording drops out by itself. */
  selected: readonly string[]
  has: (id: string) => boolean
  toggle: (id: string) => void
  setAll: (on: boolean) => void
  clear: () => void
  all: boolean
}

/** The library rows ticked for a batch action (Transcribe selected). */
export function useSelection(rows: readonly { id: string }[]): Selection {
  const ids = useMemo(() => rows.map((row) => row.id), [rows])
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set())
  const toggle = useCallback(
    (id: string) =>
      setPicked((was) => {
        const next = new Set(was)
        if (next.has(id)) next.delete(id)
        else next.add(id)
        return next
      }),
    [],
  )
  const clear = useCallback(() => setPicked(new Set()), [])
  return useMemo(() => {
    const selected = ids.filter((id) => picked.has(id))
    return {
      selected,
      has: (id) => picked.has(id),
      toggle,
      setAll: (on) => setPicked(on ? new Set(ids) : new Set()),
      clear,
      all: ids.length > 0 && selected.length === ids.length,
    }
  }, [ids, picked, toggle, clear])
}

/**
 * The title column's header box: ticks or clears every row. The boxes sit inside the title
 * cells rather than a column of their own, so the table's cells stay what they were.
 */
export function SelectAll({ selection }: { selection: Selection }) {
  const { s } = useSection('transcription')
  const some = selection.selected.length > 0 && !selection.all
  return (
    <input
      type="checkbox"
      aria-label={s('selectAll')}
      checked={selection.all}
      ref={(box) => {
        // "Some ticked" has no HTML attribute; the DOM property draws the dash.
        if (box) box.indeterminate = some
      }}
      className="recordings__select"
      onChange={(event) => selection.setAll(event.target.checked)}
    />
  )
}

/** A row's box. Its clicks stay here, so the row's "click opens the recording" does not fire. */
export function SelectBox({
  selection,
  id,
  title,
}: {
  selection: Selection
  id: string
  title: string
}) {
  const { s } = useSection('transcription')
  return (
    <input
      type="checkbox"
      className="recordings__select"
      aria-label={s('selectRecording', { title })}
      checked={selection.has(id)}
      onClick={(event) => event.stopPropagation()}
      onChange={() => selection.toggle(id)}
    />
  )
}

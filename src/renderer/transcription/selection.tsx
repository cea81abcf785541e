import { useCallback, useMemo, useState } from 'react'
import { useTranscriptionStrings } from './strings.ts'

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

/** The header cell: one box that ticks or clears every row. */
export function SelectAllCell({ selection }: { selection: Selection }) {
  const { s } = useTranscriptionStrings()
  const some = selection.selected.length > 0 && !selection.all
  return (
    <th scope="col" className="recordings__select">
      <input
        type="checkbox"
        aria-label={s.selectAll}
        checked={selection.all}
        ref={(box) => {
          // "Some ticked" has no HTML attribute; the DOM property draws the dash.
          if (box) box.indeterminate = some
        }}
        onChange={(event) => selection.setAll(event.target.checked)}
      />
    </th>
  )
}

/** A row's box. Its clicks stay here, so the row's "click opens the recording" does not fire. */
export function SelectCell({
  selection,
  id,
  title,
}: {
  selection: Selection
  id: string
  title: string
}) {
  const { s } = useTranscriptionStrings()
  return (
    <td className="recordings__select" onClick={(event) => event.stopPropagation()}>
      <input
        type="checkbox"
        aria-label={s.selectRecording(title)}
        checked={selection.has(id)}
        onChange={() => selection.toggle(id)}
      />
    </td>
  )
}

import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useImperativeHandle, useRef, type ReactNode, type Ref } from 'react'

export interface VirtualListHandle {
  scrollToIndex(index: number, align?: 'start' | 'center'): void
}

interface Props<T> {
  items: readonly T[]
  itemKey: (item: T) => string | number
  /** A first guess at a row's height; rows are measured once shown and the guess corrected. */
  estimate: number
  renderItem: (item: T, index: number) => ReactNode
  className?: string
  label: string
  handle?: Ref<VirtualListHandle>
  /** Rows drawn beyond each edge of the view, so fast scrolling shows no blank. */
  overscan?: number
}

/**
 * A windowed list: only the rows in view (plus a margin) are in the DOM, so a 3-hour interview's
 * 2,500 segments scroll and take typing like 20. Heights start at an estimate and are measured as
 * rows are shown, by @tanstack/react-virtual (decision 0202): when a row above the view turns out
 * taller or shorter than guessed, the scroll position moves by the difference so the text read
 * stays put, and a jump to a row not yet measured lands on it once it is.
 */
export function VirtualList<T>({
  items,
  itemKey,
  estimate,
  renderItem,
  className,
  label,
  handle,
  overscan = 6,
}: Props<T>) {
  const scroller = useRef<HTMLDivElement | null>(null)
  const getItemKey = useCallback(
    (index: number) => {
      const item = items[index]
      return item === undefined ? index : itemKey(item)
    },
    [items, itemKey],
  )
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimate,
    getItemKey,
    overscan,
    initialRect: { width: 0, height: 800 },
  })

  useImperativeHandle(
    handle,
    () => ({
      scrollToIndex(index, align = 'start') {
        virtualizer.scrollToIndex(index, { align })
      },
    }),
    [virtualizer],
  )

  const rows: ReactNode[] = []
  for (const row of virtualizer.getVirtualItems()) {
    const item = items[row.index]
    if (item === undefined) continue
    rows.push(
      <div
        key={row.key}
        ref={virtualizer.measureElement}
        data-key={row.key}
        data-index={row.index}
        className="vlist__row"
        role="listitem"
        style={{ transform: `translateY(${row.start}px)` }}
      >
        {renderItem(item, row.index)}
      </div>,
    )
  }

  return (
    <div
      ref={scroller}
      className={`vlist ${className ?? ''}`}
      aria-label={label}
      role="list"
      tabIndex={-1}
    >
      <div className="vlist__space" style={{ height: virtualizer.getTotalSize() }}>
        {rows}
      </div>
    </div>
  )
}

import {
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react'

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
 * 2,500 segments scroll and take typing like 20. Heights start at an estimate
 * and are corrected with ResizeObserver as rows are shown.
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
  const heights = useRef(new Map<string | number, number>())
  const [version, setVersion] = useState(0)
  const [view, setView] = useState({ top: 0, height: 800 })

  const offsets = useMemo(() => {
    void version
    const list = new Float64Array(items.length + 1)
    items.forEach((item, k) => {
      list[k + 1] = (list[k] ?? 0) + (heights.current.get(itemKey(item)) ?? estimate)
    })
    return list
  }, [items, itemKey, estimate, version])

  const total = offsets[items.length] ?? 0
  const indexAt = useCallback(
    (y: number) => {
      let lo = 0
      let hi = items.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if ((offsets[mid] ?? 0) <= y) lo = mid
        else hi = mid - 1
      }
      return Math.max(0, lo)
    },
    [offsets, items.length],
  )
  const first = Math.max(0, indexAt(view.top) - overscan)
  const last = Math.min(items.length - 1, indexAt(view.top + view.height) + overscan)

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    const update = () => setView({ top: element.scrollTop, height: element.clientHeight })
    update()
    element.addEventListener('scroll', update, { passive: true })
    const observer = new ResizeObserver(update)
    observer.observe(element)
    return () => {
      element.removeEventListener('scroll', update)
      observer.disconnect()
    }
  }, [])

  const measurer = useMemo(() => {
    let pending = false
    return new ResizeObserver((entries) => {
      for (const entry of entries) {
        const key = (entry.target as HTMLElement).dataset.key
        if (key === undefined || !entry.target.isConnected) continue
        const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height
        const typed = /^\d+$/.test(key) ? Number(key) : key
        if (Math.abs((heights.current.get(typed) ?? -1) - height) > 0.5) {
          heights.current.set(typed, height)
          pending = true
        }
      }
      if (pending) {
        pending = false
        setVersion((n) => n + 1)
      }
    })
  }, [])
  useLayoutEffect(() => () => measurer.disconnect(), [measurer])

  const observe = useCallback(
    (element: HTMLDivElement) => {
      measurer.observe(element)
      return () => measurer.unobserve(element)
    },
    [measurer],
  )

  useImperativeHandle(
    handle,
    () => ({
      scrollToIndex(index, align = 'start') {
        const element = scroller.current
        if (!element) return
        const top = offsets[index] ?? 0
        const height = (offsets[index + 1] ?? top) - top
        element.scrollTop = align === 'center' ? top - (element.clientHeight - height) / 2 : top - 8
      },
    }),
    [offsets],
  )

  const rows: ReactNode[] = []
  for (let k = first; k <= last; k += 1) {
    const item = items[k]
    if (item === undefined) continue
    const key = itemKey(item)
    rows.push(
      <div
        key={key}
        ref={observe}
        data-key={key}
        data-index={k}
        className="vlist__row"
        role="listitem"
        style={{ transform: `translateY(${offsets[k] ?? 0}px)` }}
      >
        {renderItem(item, k)}
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
      <div className="vlist__space" style={{ height: total }}>
        {rows}
      </div>
    </div>
  )
}

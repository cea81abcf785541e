/**
 * Stretches of time in seconds, and the arithmetic on them that cuts, redaction and voice
 * disguise share (decision 0199): one place merges and subtracts, so a join means the same
 * in what is cut, what is covered and what is disguised.
 */
export interface Span {
  start: number
  end: number
}

/**
 * Sorted, with overlapping and touching spans joined, and those less than `gap` seconds apart.
 * An empty span (end at or before its start) covers nothing and is left out. New objects: only
 * `start` and `end` are kept, never what else an input carried.
 */
export function mergeSpans(spans: readonly Span[], gap = 0): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)
  const out: Span[] = []
  for (const span of sorted) {
    const last = out.at(-1)
    if (last && span.start <= last.end + gap) last.end = Math.max(last.end, span.end)
    else out.push({ start: span.start, end: span.end })
  }
  return out
}

/** `from` with every span of `remove` taken out. */
export function subtractSpans(from: readonly Span[], remove: readonly Span[]): Span[] {
  const holes = mergeSpans(remove)
  const out: Span[] = []
  for (const span of mergeSpans(from)) {
    let at = span.start
    for (const hole of holes) {
      if (hole.end <= at || hole.start >= span.end) continue
      if (hole.start > at) out.push({ start: at, end: hole.start })
      at = Math.max(at, hole.end)
    }
    if (at < span.end) out.push({ start: at, end: span.end })
  }
  return out
}

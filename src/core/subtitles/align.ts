interface Span {
  start: number
  end: number
}

/**
 * For each source span, the target it belongs to: the one it overlaps most, else the nearest by
 * the distance between their middles. How a translation imported from its own file lands on the
 * shared cue timing, and how one language's text follows when the other re-times the cues.
 * Returns, per target, the indices of the sources it received, in order; -1 targets none.
 */
export function assignByTime(targets: readonly Span[], sources: readonly Span[]): number[][] {
  const received: number[][] = targets.map(() => [])
  if (targets.length === 0) return received
  sources.forEach((source, s) => {
    let best = -1
    let bestOverlap = 0
    let nearest = 0
    let nearestDistance = Infinity
    const middle = (source.start + source.end) / 2
    targets.forEach((target, t) => {
      const overlap = Math.min(source.end, target.end) - Math.max(source.start, target.start)
      if (overlap > bestOverlap) {
        bestOverlap = overlap
        best = t
      }
      const distance = Math.abs((target.start + target.end) / 2 - middle)
      if (distance < nearestDistance) {
        nearestDistance = distance
        nearest = t
      }
    })
    received[best >= 0 ? best : nearest]?.push(s)
  })
  return received
}

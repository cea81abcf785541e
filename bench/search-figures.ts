// The figures both search benches (search.ts, search-pg.ts) give a query, written once.

/** The value below which p % of `values` lie (nearest rank). */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits))

/** What both search benches give for a query: its whole calls, then the bare SQL's. */
export function callFigures(
  result: { ranking: unknown; total: number; hits: readonly unknown[] },
  firstCallMs: number,
  call: number[],
  bare: number[],
) {
  return {
    ranking: result.ranking,
    ranked: result.total,
    hits: result.hits.length,
    firstCallMs: round(firstCallMs),
    runs: call.length,
    medianMs: round(percentile(call, 50)),
    p95Ms: round(percentile(call, 95)),
    bareMedianMs: round(percentile(bare, 50)),
    bareP95Ms: round(percentile(bare, 95)),
  }
}

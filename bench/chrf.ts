/**
 * chrF (Popović 2015), as sacrebleu 2 computes it: character n-grams of orders 1 to 6 with
 * whitespace removed, each order's matches clipped and summed over the corpus, an F-score with
 * beta 2 (recall weighs four times precision) per order, averaged over the orders both sides
 * have. 0 to 100.
 */
export const chrfOrder = 6
export const chrfBeta = 2

function ngrams(text: string, n: number): Map<string, number> {
  const chars = [...text.replace(/\s+/g, '')]
  const counts = new Map<string, number>()
  for (let i = 0; i + n <= chars.length; i++) {
    const gram = chars.slice(i, i + n).join('')
    counts.set(gram, (counts.get(gram) ?? 0) + 1)
  }
  return counts
}

/** For each order: [n-grams in the hypothesis, in the reference, matched], summed. */
function statistics(pairs: ReadonlyArray<readonly [string, string]>): number[] {
  const stats = new Array<number>(chrfOrder * 3).fill(0)
  for (const [hypothesis, reference] of pairs) {
    for (let n = 1; n <= chrfOrder; n++) {
      const hyp = ngrams(hypothesis, n)
      const ref = ngrams(reference, n)
      let hypCount = 0
      let refCount = 0
      let matched = 0
      for (const count of hyp.values()) hypCount += count
      for (const [gram, count] of ref) {
        refCount += count
        matched += Math.min(count, hyp.get(gram) ?? 0)
      }
      const at = (n - 1) * 3
      stats[at] = (stats[at] ?? 0) + hypCount
      stats[at + 1] = (stats[at + 1] ?? 0) + refCount
      stats[at + 2] = (stats[at + 2] ?? 0) + matched
    }
  }
  return stats
}

/** Corpus chrF of hypotheses against their references, in pairs. */
export function chrf(pairs: ReadonlyArray<readonly [string, string]>): number {
  const stats = statistics(pairs)
  const eps = 1e-16
  const factor = chrfBeta ** 2
  let score = 0
  let orders = 0
  for (let n = 0; n < chrfOrder; n++) {
    const hyp = stats[n * 3] ?? 0
    const ref = stats[n * 3 + 1] ?? 0
    const matched = stats[n * 3 + 2] ?? 0
    const precision = hyp > 0 ? matched / hyp : eps
    const recall = ref > 0 ? matched / ref : eps
    const denominator = factor * precision + recall
    score += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : eps
    if (hyp > 0 && ref > 0) orders++
  }
  return orders === 0 ? 0 : (100 * score) / orders
}

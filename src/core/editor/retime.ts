/**
 * New text for a segment, new words with times: the old and new word lists are aligned by their
 * longest common subsequence over normalised words (case, accents' composition and surrounding
 * punctuation do not count), so a word a person did not change keeps its exact times. The words
 * in between get times spread over the span of the old words they replace, or over the gap
 * between their matched neighbours, in proportion to their length in characters.
 *
 * Invariants (tested with fast-check in tests/editor/retime.test.ts), given old words whose
 * starts never decrease: every word has start ≤ end, and starts never decrease.
 */

export interface TimedWord {
  start: number
  end: number
  text: string
  probability: number | null
}

/** A new word and, when it kept an old word's times, that word's index. */
export interface RetimedWord extends TimedWord {
  from: number | null
}

/** The words of a text: whitespace separates them; nothing else is dropped. */
export function tokenize(text: string): string[] {
  return text.split(/\s+/u).filter((token) => token !== '')
}

/** What two words must share to be "the same word": letters and digits, case-folded, NFC. */
export function normalizeWord(word: string): string {
  const folded = word.normalize('NFC').toLocaleLowerCase('und')
  const bare = folded.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '')
  return bare === '' ? folded : bare
}

/**
 * Pairs of indexes (old, new) of a longest common subsequence. Common prefix and suffix are
 * matched first, so the usual edit (a word or two) costs a table of a few cells; a very large
 * middle (a pasted page) falls back to prefix and suffix only, to bound the work.
 */
export function alignWords(
  before: readonly string[],
  after: readonly string[],
): Array<[number, number]> {
  const pairs: Array<[number, number]> = []
  let head = 0
  while (head < before.length && head < after.length && before[head] === after[head]) {
    pairs.push([head, head])
    head += 1
  }
  let tail = 0
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail += 1
  }
  const a = before.slice(head, before.length - tail)
  const b = after.slice(head, after.length - tail)
  if (a.length > 0 && b.length > 0 && a.length * b.length <= 4_000_000) {
    // lengths[i][j]: LCS of a[i..] and b[j..], in one flat array.
    const width = b.length + 1
    const lengths = new Uint32Array((a.length + 1) * width)
    for (let i = a.length - 1; i >= 0; i -= 1) {
      for (let j = b.length - 1; j >= 0; j -= 1) {
        lengths[i * width + j] =
          a[i] === b[j]
            ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
            : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0)
      }
    }
    let i = 0
    let j = 0
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        pairs.push([head + i, head + j])
        i += 1
        j += 1
      } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) i += 1
      else j += 1
    }
  }
  for (let k = tail; k > 0; k -= 1) pairs.push([before.length - k, after.length - k])
  return pairs
}

/** Spreads `texts` over [from, to] in proportion to their lengths (at least one character each). */
function spread(texts: readonly string[], from: number, to: number): TimedWord[] {
  const weights = texts.map((text) => Math.max(1, [...text].length))
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  const span = Math.max(0, to - from)
  let done = 0
  return texts.map((text, k) => {
    const start = from + (span * done) / total
    done += weights[k] ?? 1
    const end = k === texts.length - 1 ? Math.max(start, to) : from + (span * done) / total
    return { start, end: Math.max(start, end), text, probability: null }
  })
}

/**
 * The new words of a segment whose text became `text`. `bounds` is the segment's time span,
 * used for words typed before the first or after the last timed word.
 */
export function retimeWords(
  old: readonly TimedWord[],
  text: string,
  bounds: { start: number; end: number },
): RetimedWord[] {
  const tokens = tokenize(text)
  const pairs = alignWords(
    old.map((word) => normalizeWord(word.text)),
    tokens.map(normalizeWord),
  )
  const result: RetimedWord[] = []
  let oldAt = 0
  let newAt = 0
  const anchors: Array<[number, number] | null> = [...pairs, null]
  for (const pair of anchors) {
    const [oldNext, newNext] = pair ?? [old.length, tokens.length]
    const inserted = tokens.slice(newAt, newNext)
    if (inserted.length > 0) {
      const before = oldAt > 0 ? old[oldAt - 1] : undefined
      const after = pair ? old[oldNext] : undefined
      const replaced = old.slice(oldAt, oldNext)
      const first = replaced[0]
      let from = first ? first.start : before ? before.end : bounds.start
      let to = first
        ? Math.max(...replaced.map((word) => word.end))
        : after
          ? after.start
          : bounds.end
      // Keep starts in order around the words that keep their times.
      if (before) from = Math.max(from, before.start)
      if (after) from = Math.min(from, after.start)
      to = Math.max(from, after ? Math.min(to, after.start) : to)
      for (const word of spread(inserted, from, to)) result.push({ ...word, from: null })
    }
    if (pair) {
      const kept = old[oldNext]
      const typed = tokens[newNext]
      if (kept && typed !== undefined) {
        result.push({
          start: kept.start,
          end: kept.end,
          text: typed,
          probability: kept.text === typed ? kept.probability : null,
          from: oldNext,
        })
      }
    }
    oldAt = oldNext + 1
    newAt = newNext + 1
  }
  return result
}

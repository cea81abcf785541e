import { fold, type PrefixExpander } from '../../../search/query.ts'
import type { StatementCache } from '../statements.ts'

/**
 * Prefix queries (`organiz*`) as the OR of the words they stand for (decision 0021).
 *
 * FTS5 answers a prefix by merging the row lists of every word in the index that starts with it
 * into one list, in memory, before it returns a row, and again wherever the expression is used
 * (the ranked pass, bm25's count of matching rows, the page's snippets). With no `prefix=` index
 * of exactly that length it cannot skip that work: ranking the window of `the*` took 44 to 50 ms
 * at 1,000 hours against 13 to 15 ms as `"the" OR "them" OR "there" OR "they"`, whose lists FTS5
 * walks in step and can stop early.
 * The words come from an fts5vocab table over the index (a temp table: no schema change, no
 * storage), are remembered until the index changes, and are used only when they are few.
 */

/**
 * A prefix that stands for more words than this is left to FTS5's own prefix query. bm25 and
 * the OR walk cost more per row with every word: at 1,000 hours, ranking the 2,000-row window
 * of `ba*` took 8 ms as the OR of 16 words, 24 ms of 128, 46 ms of 256 and 106 ms of all 727,
 * where FTS5's own prefix query took 80 to 240 ms (same load).
 */
export const maxPrefixWords = 128

interface ExpansionCache {
  /** The FTS5 structure record: it changes whenever the index is written. */
  stamp: Buffer | undefined
  words: Map<string, readonly string[] | null>
}
/** Distinct prefixes remembered per library between index writes. */
const cacheSize = 256

/** The highest code point: every word that starts with the prefix sorts below prefix + this. */
const last = String.fromCodePoint(0x10ffff)

/** One library's prefix expansions, remembered until its index changes (held by SqliteSearch). */
export class PrefixWords {
  private readonly sql: StatementCache
  private cache: ExpansionCache | null = null
  /** Set the first time a prefix is expanded on this connection. */
  private vocabulary = false

  constructor(sql: StatementCache) {
    this.sql = sql
  }

  /**
   * fts5vocab over the index (SQLite FTS5 docs, "The fts5vocab Virtual Table Module"): a temp
   * table may name a table in another schema, so the library file is not touched.
   */
  private ensureVocabulary(): void {
    if (this.vocabulary) return
    this.sql.db.exec(
      'CREATE VIRTUAL TABLE IF NOT EXISTS temp.segments_fts_words USING fts5vocab(main, segments_fts, row)',
    )
    this.vocabulary = true
  }

  private lookUp(prefix: string): readonly string[] | null {
    this.ensureVocabulary()
    const words = this.sql
      .get('SELECT term FROM temp.segments_fts_words WHERE term >= ? AND term < ? LIMIT ?')
      .pluck()
      .all(prefix, prefix + last, maxPrefixWords + 1) as string[]
    const matching = words.filter((word) => word.startsWith(prefix))
    // None: FTS5's own prefix query finds nothing quickly too (and covers any folding this did
    // differently from the tokenizer). Too many: merging is what FTS5 is for.
    if (matching.length === 0 || matching.length > maxPrefixWords) return null
    return matching
  }

  /**
   * An expander for writeExpression that remembers its answers until the index changes. The
   * index's stamp is read at the first prefix, so a search without one pays nothing for it.
   */
  expander(): PrefixExpander {
    let words: Map<string, readonly string[] | null> | null = null
    return (text) => {
      words ??= this.currentWords()
      const prefix = fold(text)
      let found = words.get(prefix)
      if (found === undefined) {
        if (words.size >= cacheSize) words.clear()
        found = this.lookUp(prefix)
        words.set(prefix, found)
      }
      return found
    }
  }

  /** The remembered expansions, emptied when the index changed since they were looked up. */
  private currentWords(): Map<string, readonly string[] | null> {
    const stamp = this.sql
      .get('SELECT block FROM segments_fts_data WHERE id = 10')
      .pluck()
      .get() as Buffer | undefined
    if (!this.cache || !sameStamp(this.cache.stamp, stamp)) {
      this.cache = { stamp, words: new Map() }
    }
    return this.cache.words
  }
}

function sameStamp(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b)
}

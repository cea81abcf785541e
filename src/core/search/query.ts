/**
 * What a person types into the search box, turned into a safe FTS5 expression.
 *
 * The text is never handed to FTS5 as it is: FTS5's own syntax fails on a lone quote, a trailing
 * OR or a stray parenthesis, and would let a typed `text:` or `NEAR(` change what is searched. So
 * every word or phrase becomes an FTS5 string ("..." with inner quotes doubled), and the operators
 * are written by this parser alone. Understood (decision 0121):
 *
 * - words, all of which must occur:            union strike
 * - "quoted phrases" (a lone quote runs to the end): "collective bargaining
 * - prefixes, 3+ letters (shorter ones would expand to thousands of index terms): organiz*
 * - OR between neighbours, binding tighter than the implicit AND, as in web search:
 *   union OR sindicato strike  =  (union OR sindicato) AND strike. `|` works too.
 * - exclusion with a leading minus or NOT: -strike, NOT strike, -"wage theft"
 * - as the person types (`completeLast`), the word being typed is a prefix: `organ` finds
 *   "organize" before the word is finished; a space after it searches the whole word only.
 *
 * Anything else (a trailing OR, a lone `-` or `*`, brackets, punctuation) is dropped, never an
 * error. Case and accents are folded by the index's tokenizer (`unicode61 remove_diacritics 2`,
 * migration 002), which FTS5 also applies to the strings of the query, so the parser leaves them.
 */

export interface QueryTerm {
  /** The word or phrase as typed, without quotes, minus or star. */
  text: string
  phrase: boolean
  prefix: boolean
  exclude: boolean
}

export interface ParsedQuery {
  /** The FTS5 expression, or null when nothing in the text can be searched for. */
  expression: string | null
  /** Groups of alternatives that must all match: [[union, sindicato], [strike]]. */
  required: QueryTerm[][]
  excluded: QueryTerm[]
  /** With `completeLast`: the word being typed, searched as a prefix; null when none was. */
  completing: string | null
}

export interface ParseOptions {
  /**
   * Search as the person types: a last word that nothing follows (not even a space), neither
   * excluded nor starred, becomes a prefix when it has `minPrefixLength` letters; so does the
   * last word of a phrase whose closing quote is not typed yet.
   */
  completeLast?: boolean
}

/** A prefix must have this many letters: `a*` would merge the doclists of thousands of terms. */
export const minPrefixLength = 3
/** Beyond this many terms a query is cut: no one types more, and each term costs a doclist. */
export const maxTerms = 32

// unicode61's default token characters: letters, numbers and private-use (FTS5 docs, "unicode61").
export const tokenChar = /[\p{L}\p{N}\p{Co}]/u
const nonTokenChar = /[^\p{L}\p{N}\p{Co}\p{M}]+/u

/** Case and accents away, as the index's tokenizer does: for matching names outside FTS5. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

type Token =
  | { kind: 'or' }
  | { kind: 'not' }
  | {
      kind: 'term'
      text: string
      phrase: boolean
      prefix: boolean
      minus: boolean
      /** Nothing follows it: the text ends in the word, or in a phrase with no closing quote. */
      open: boolean
    }

function lex(input: string): Token[] {
  // Control characters become spaces: a NUL would end the string SQLite hands to FTS5 early.
  const text = input.normalize('NFC').replace(/\p{Cc}/gu, ' ')
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] ?? ''
    if (/\s/u.test(c)) {
      i++
      continue
    }
    let minus = false
    if (c === '-' || c === '+') {
      minus = c === '-'
      i++
      // A minus followed by a space is not an exclusion: drop it like other punctuation.
      if (i >= text.length || /\s/u.test(text[i] ?? '')) continue
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1)
      const end = close === -1 ? text.length : close
      const phrase = text.slice(i + 1, end)
      i = end + 1
      let prefix = false
      while (text[i] === '*') {
        prefix = true
        i++
      }
      tokens.push({ kind: 'term', text: phrase, phrase: true, prefix, minus, open: close === -1 })
      continue
    }
    let end = i
    while (end < text.length && !/\s/u.test(text[end] ?? '') && text[end] !== '"') end++
    let word = text.slice(i, end)
    i = end
    if (!minus && (word === 'OR' || word === '|' || word === '||')) {
      tokens.push({ kind: 'or' })
      continue
    }
    if (!minus && word === 'NOT') {
      tokens.push({ kind: 'not' })
      continue
    }
    if (!minus && (word === 'AND' || word === '&' || word === '&&')) continue
    const prefix = word.endsWith('*')
    word = word.replace(/\*+$/u, '')
    tokens.push({ kind: 'term', text: word, phrase: false, prefix, minus, open: i >= text.length })
  }
  return tokens
}

/** The last word of a term, as the tokenizer will split it: what a prefix star applies to. */
export function lastWord(text: string): string {
  const words = text.split(nonTokenChar).filter((w) => tokenChar.test(w))
  return words[words.length - 1] ?? ''
}

/** An FTS5 string: the text in double quotes, inner quotes doubled; never FTS5 syntax. */
function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

/**
 * The index terms a prefix stands for (folded as the index holds them), or null to leave the
 * prefix to FTS5's own prefix query. See src/core/storage/sqlite/search/prefix.ts.
 */
export type PrefixExpander = (prefix: string) => readonly string[] | null

/** A single word with a star, not a phrase: the only kind of prefix that expands to words. */
function expandable(term: QueryTerm): boolean {
  return term.prefix && !term.phrase && !nonTokenChar.test(term.text)
}

function alternativesOf(term: QueryTerm, expand: PrefixExpander | undefined): string[] {
  if (expand && expandable(term)) {
    const words = expand(term.text)
    if (words && words.length > 0) return words.map(quoted)
  }
  return [`${quoted(term.text)}${term.prefix ? '*' : ''}`]
}

function alternatives(group: QueryTerm[], expand: PrefixExpander | undefined): string {
  const all = group.flatMap((term) => alternativesOf(term, expand))
  return all.length === 1 ? (all[0] as string) : `(${all.join(' OR ')})`
}

/**
 * The FTS5 expression for parsed terms. With `expand`, a prefix such as `organiz*` becomes the
 * OR of the words in the index that start with it, when there are few (decision 0021): FTS5
 * would otherwise merge every such word's list of rows in full, for every statement that runs it.
 */
export function writeExpression(
  required: QueryTerm[][],
  excluded: QueryTerm[],
  expand?: PrefixExpander,
): string | null {
  if (required.length === 0) return null
  const positive = required.map((group) => alternatives(group, expand)).join(' AND ')
  return excluded.length === 0 ? positive : `(${positive}) NOT ${alternatives(excluded, expand)}`
}

/** Parses search-box text. Never throws: the worst a typo does is drop a character. */
export function parseQuery(input: string, options: ParseOptions = {}): ParsedQuery {
  const required: QueryTerm[][] = []
  const excluded: QueryTerm[] = []
  let pendingOr = false
  let pendingNot = false
  let lastWasRequired = false
  let count = 0
  let completing: string | null = null
  for (const token of lex(input)) {
    if (token.kind === 'or') {
      pendingOr = lastWasRequired
      continue
    }
    if (token.kind === 'not') {
      pendingNot = true
      continue
    }
    const text = token.text.trim()
    // A term with nothing the tokenizer keeps would be an empty phrase, which matches nothing
    // and would empty the whole AND: drop it, as if it had not been typed.
    if (!tokenChar.test(text) || count >= maxTerms) continue
    const exclude = token.minus || pendingNot
    pendingNot = false
    count++
    const long = [...lastWord(text)].length >= minPrefixLength
    const completes = options.completeLast === true && token.open && !exclude && !token.prefix
    if (completes && long) completing = lastWord(text)
    const prefix = (token.prefix || completes) && long
    const term: QueryTerm = { text, phrase: token.phrase, prefix, exclude }
    if (exclude) {
      // `a -b OR c`: an OR beside an exclusion joins nothing.
      excluded.push(term)
      pendingOr = false
      lastWasRequired = false
      continue
    }
    const last = required[required.length - 1]
    if (pendingOr && last) last.push(term)
    else required.push([term])
    pendingOr = false
    lastWasRequired = true
  }
  return { expression: writeExpression(required, excluded), required, excluded, completing }
}

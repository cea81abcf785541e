import { lastWord, tokenChar, type ParsedQuery, type QueryTerm } from '../../../search/query.ts'

/**
 * The parsed search-box text (src/core/search/query.ts, the same parser as SQLite's) written as
 * `to_tsquery` input for the `voces_search` configuration of migration 002 (decision 0142).
 *
 * Every word or phrase becomes one quoted operand: PostgreSQL's parser splits it into tokens,
 * runs each through `unaccent` and `simple` as the index did, and joins the tokens of one operand
 * with `<->`, so a phrase is those words together, in order, and accents and case are folded on
 * both sides by the same dictionaries. The operators are written here alone; nothing typed can
 * become tsquery syntax (quotes doubled, backslashes escaped).
 */
export interface TsQueries {
  /** The whole query: what must match, less what is excluded. */
  query: string
  /** What must match alone: the words a snippet marks (an excluded word is never marked). */
  positive: string
}

/** A quoted `to_tsquery` operand: `'` doubled and `\` escaped, which are its only specials. */
function operand(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
}

/**
 * One term. A prefix star applies to the last word only, as in FTS5's `"collective barg"*`: the
 * words before it stay whole words of the phrase (`'collective' <-> 'barg':*`).
 */
function termQuery(term: QueryTerm): string {
  if (!term.prefix) return operand(term.text)
  const last = lastWord(term.text)
  const head = term.text.slice(0, term.text.lastIndexOf(last))
  const tail = `${operand(last)}:*`
  return tokenChar.test(head) ? `(${operand(head)} <-> ${tail})` : tail
}

function group(terms: readonly QueryTerm[]): string {
  const all = terms.map(termQuery)
  return all.length === 1 ? (all[0] as string) : `(${all.join(' | ')})`
}

/** The tsqueries for a parsed query, or null when nothing in it can be searched for. */
export function toTsQueries(parsed: Pick<ParsedQuery, 'required' | 'excluded'>): TsQueries | null {
  if (parsed.required.length === 0) return null
  const positive = parsed.required.map(group).join(' & ')
  const query =
    parsed.excluded.length === 0 ? positive : `(${positive}) & !${group(parsed.excluded)}`
  return { query, positive }
}

import type { Language } from './types.ts'

/**
 * How good a place the gap between two words is for a line break or a cue boundary, following
 * the Netflix Timed Text Style Guide (General Requirements, line treatment): break after
 * punctuation, before conjunctions, before prepositions; never separate an article from its noun,
 * a subject pronoun from its verb, a verb from its auxiliary or negation. Lower is better.
 * Each language has its own lists ("a" is an article in English and a preposition in Spanish);
 * text of unknown language is judged by both, since an interview can switch between the two.
 */
export const breakCost = {
  sentenceEnd: 0,
  clause: 1,
  beforeConjunction: 2,
  beforePreposition: 3,
  plain: 5,
  nameOrNumber: 6,
  afterPreposition: 7,
  afterFunctionWord: 8,
} as const

// prettier-ignore
const conjunctionsEn = new Set([
  'and', 'but', 'or', 'nor', 'so', 'yet', 'because', 'although', 'though', 'while', 'whereas', 'if',
  'unless', 'until', 'when', 'where', 'whether', 'since', 'that', 'which', 'who', 'whom', 'whose',
])
// prettier-ignore
const conjunctionsEs = new Set([
  'y', 'e', 'o', 'u', 'ni', 'pero', 'sino', 'que', 'porque', 'aunque', 'cuando', 'donde', 'si',
  'mientras', 'pues', 'como', 'quien', 'quienes', 'cual', 'cuales',
])

// prettier-ignore
const prepositionsEn = new Set([
  'to', 'of', 'in', 'on', 'at', 'for', 'with', 'from', 'about', 'by', 'into', 'onto', 'over', 'under',
  'after', 'before', 'without', 'through', 'during', 'between', 'against', 'toward', 'towards', 'across',
])
// prettier-ignore
const prepositionsEs = new Set([
  'a', 'al', 'de', 'del', 'en', 'con', 'por', 'para', 'sin', 'sobre', 'desde', 'hasta', 'entre', 'hacia',
  'contra', 'durante', 'según', 'tras', 'bajo',
])

/** Words that lean on the word after them: articles, determiners, subject pronouns, auxiliaries, negation, clitics. */
// prettier-ignore
const functionWordsEn = new Set([
  'the', 'a', 'an', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'this', 'these', 'those', 'i', 'we',
  'you', 'he', 'she', 'they', 'it', 'not', "don't", "doesn't", "didn't", "can't", "won't", 'is', 'are',
  'was', 'were', 'be', 'been', 'have', 'has', 'had', 'will', 'would', 'can', 'could', 'should', 'must',
  'do', 'does', 'did', 'very', 'mr.', 'mrs.', 'ms.', 'dr.',
])
// prettier-ignore
const functionWordsEs = new Set([
  'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'lo', 'mi', 'mis', 'tu', 'tus', 'su', 'sus',
  'nuestro', 'nuestra', 'nuestros', 'nuestras', 'este', 'esta', 'estos', 'estas', 'ese', 'esa', 'esos',
  'esas', 'yo', 'no', 'se', 'me', 'te', 'nos', 'le', 'les', 'ha', 'han', 'he', 'has', 'había', 'muy',
  'sr.', 'sra.', 'srta.', 'dra.',
])

interface WordLists {
  conjunctions: ReadonlySet<string>
  prepositions: ReadonlySet<string>
  functionWords: ReadonlySet<string>
}
const union = (a: ReadonlySet<string>, b: ReadonlySet<string>) => new Set([...a, ...b])
const lists: Record<Language | 'both', WordLists> = {
  en: {
    conjunctions: conjunctionsEn,
    prepositions: prepositionsEn,
    functionWords: functionWordsEn,
  },
  es: {
    conjunctions: conjunctionsEs,
    prepositions: prepositionsEs,
    functionWords: functionWordsEs,
  },
  both: {
    conjunctions: union(conjunctionsEn, conjunctionsEs),
    prepositions: union(prepositionsEn, prepositionsEs),
    // In both languages a word that leans on the next is the worse reading, so it wins.
    functionWords: union(functionWordsEn, functionWordsEs),
  },
}

/** The word as the lists hold it: lower case, without surrounding quotes, brackets or dashes. */
function bare(word: string): string {
  return word.toLowerCase().replace(/^[«"'“‘¿¡([-]+|[»"'”’)\]]+$/gu, '')
}

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word)
const isNumber = (word: string) => /^\d/.test(word)

/** The cost of breaking between `before` and `after` (see breakCost). */
export function breakCostBetween(before: string, after: string, language?: Language): number {
  const { conjunctions, prepositions, functionWords } = lists[language ?? 'both']
  const last = bare(before)
  if (last.endsWith('.') && functionWords.has(last)) return breakCost.afterFunctionWord // "Dr. Ruiz"
  if (/[.?!…]["'”’»)\]]*$/u.test(before)) return breakCost.sentenceEnd
  if (/[,;:—–]["'”’»)\]]*$/u.test(before) || /^[—–-]/.test(after)) return breakCost.clause
  if (functionWords.has(last)) return breakCost.afterFunctionWord
  if (prepositions.has(last)) return breakCost.afterPreposition
  const next = bare(after)
  if (conjunctions.has(next)) return breakCost.beforeConjunction
  if (prepositions.has(next)) return breakCost.beforePreposition
  // A first name from a last name ("María Fernández"), a number from its unit ("15 dollars").
  if ((isCapitalised(before) && isCapitalised(after)) || isNumber(before))
    return breakCost.nameOrNumber
  return breakCost.plain
}

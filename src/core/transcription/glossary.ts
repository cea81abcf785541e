import { promises as fs } from 'node:fs'
import { VocesError } from '../../shared/contract/index.ts'
import type { Storage } from '../storage/ports.ts'

/**
 * A library's glossary (names of unions, places, labor words: "SEIU 2015", "huelga", "USMCA"),
 * kept by the storage's `GlossaryStore` (on SQLite, the settings table under its own key), in the order the terms were added, and given to
 * Whisper as the initial prompt of each window, so those words come out spelled right.
 *
 * Whisper reads at most half its 448-token text context as a prompt, and whisper.cpp keeps the
 * *last* tokens of a longer one, cutting terms in half without a word. So Voces counts the tokens
 * itself, with the model's own vocabulary and whisper.cpp's own tokenizer, and gives Whisper the
 * first terms that fit the glossary's share of the prompt; the rest are left out and counted
 * (docs/decisions/0080-glossary-prompt.md).
 */
/** A term is a name or a few words; a sentence is not a glossary term. */
export const glossaryTermMaxChars = 60
/** whisper.cpp: a prompt of n_text_ctx/2 = 224 tokens, one of them <|startofprev|>. */
export const whisperPromptTokens = 223
/**
 * The glossary's share of the prompt (decision 0080): the prompt is carried into every 30-second
 * pass, and the other half keeps the text just before, Whisper's context for what it hears next.
 */
export const glossaryTokenBudget = 111

/** The glossary's terms, in the order they were added. */
export function getGlossary(storage: Pick<Storage, 'glossary'>): Promise<string[]> {
  return storage.glossary.list()
}

/** One line, single spaces, NFC: what a person meant, whatever was pasted. */
export function normalizeTerm(term: string): string {
  return term
    .normalize('NFC')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim()
}

/** Terms that differ only in case are the same term ("seiu" is "SEIU"). */
function sameTerm(a: string, b: string): boolean {
  return a.toLocaleLowerCase() === b.toLocaleLowerCase()
}

/** Adds a term at the end; empty, too long or already there is refused and nothing changes. */
export async function addGlossaryTerm(
  storage: Pick<Storage, 'transaction'>,
  raw: string,
): Promise<string[]> {
  const term = normalizeTerm(raw)
  if (term === '') {
    throw new VocesError('GLOSSARY_TERM_EMPTY', 'Type the word or name to add to the glossary.')
  }
  if ([...term].length > glossaryTermMaxChars) {
    throw new VocesError(
      'GLOSSARY_TERM_TOO_LONG',
      `A glossary term is a name or a few words, at most ${glossaryTermMaxChars} characters.`,
      { max: glossaryTermMaxChars },
    )
  }
  return storage.transaction(async (tx) => {
    const terms = await tx.glossary.list()
    const existing = terms.find((other) => sameTerm(other, term))
    if (existing !== undefined) {
      throw new VocesError('GLOSSARY_TERM_DUPLICATE', `“${existing}” is already in the glossary.`, {
        term: existing,
      })
    }
    const next = [...terms, term]
    await tx.glossary.replace(next)
    return next
  })
}

/** Removes a term (case does not matter); one that is not there is an error. */
export async function removeGlossaryTerm(
  storage: Pick<Storage, 'transaction'>,
  raw: string,
): Promise<string[]> {
  const term = normalizeTerm(raw)
  return storage.transaction(async (tx) => {
    const terms = await tx.glossary.list()
    const index = terms.findIndex((other) => sameTerm(other, term))
    if (index < 0) {
      throw new VocesError('GLOSSARY_TERM_NOT_FOUND', `“${term}” is not in the glossary.`, {
        term,
      })
    }
    const next = terms.filter((_, i) => i !== index)
    await tx.glossary.replace(next)
    return next
  })
}

/**
 * A whisper.cpp model's text vocabulary, read from its ggml file (whisper.cpp src/whisper.cpp,
 * whisper_model_load: magic, 11 hyper-parameters, the mel filters, then each token's bytes).
 * Tokens are byte strings, held here as Latin-1 strings (one char a byte).
 */
export interface WhisperVocab {
  tokens: ReadonlySet<string>
  longest: number
}

const vocabCache = new Map<string, { stamp: string; vocab: WhisperVocab }>()

export async function readWhisperVocab(modelFile: string): Promise<WhisperVocab> {
  const stat = await fs.stat(modelFile)
  const stamp = `${stat.size}:${stat.mtimeMs}`
  const cached = vocabCache.get(modelFile)
  if (cached?.stamp === stamp) return cached.vocab
  const corrupt = () =>
    new VocesError(
      'MODEL_CORRUPT',
      `${modelFile} is not a whisper.cpp ggml model (or it is damaged). Download it again or choose another file.`,
    )
  const handle = await fs.open(modelFile, 'r')
  try {
    // The vocabulary sits in the first megabyte or so (128 mels × 201 floats, ~51,000 tokens).
    const head = Buffer.alloc(Math.min(stat.size, 4 * 2 ** 20))
    await handle.read(head, 0, head.length, 0)
    let at = 48
    const int = () => {
      if (at + 4 > head.length) throw corrupt()
      const value = head.readInt32LE(at)
      at += 4
      return value
    }
    const mels = int()
    const fft = int()
    at += mels * fft * 4
    const count = int()
    if (count <= 0 || count > 100_000) throw corrupt()
    const tokens = new Set<string>()
    let longest = 0
    for (let i = 0; i < count; i++) {
      const length = int()
      if (length < 0 || at + length > head.length) throw corrupt()
      const token = head.toString('latin1', at, at + length)
      at += length
      tokens.add(token)
      longest = Math.max(longest, length)
    }
    const vocab = { tokens, longest }
    vocabCache.set(modelFile, { stamp, vocab })
    return vocab
  } finally {
    await handle.close()
  }
}

/**
 * whisper.cpp's `tokenize` (src/whisper.cpp), as it runs on the prompt: the GPT-2 split into
 * words, over bytes in the C locale (only ASCII letters and digits are letters and digits), then
 * the longest known token from the left until each word is used up. Returns the token count.
 */
const wordPattern =
  /'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^ \t\n\v\f\rA-Za-z0-9]+|[ \t\n\v\f\r]+(?![^ \t\n\v\f\r])|[ \t\n\v\f\r]+/g

export function countTokens(vocab: WhisperVocab, text: string): number {
  const bytes = Buffer.from(text, 'utf8').toString('latin1')
  let count = 0
  for (const [word] of bytes.matchAll(wordPattern)) {
    let i = 0
    while (i < word.length) {
      let j = Math.min(word.length, i + vocab.longest)
      while (j > i && !vocab.tokens.has(word.slice(i, j))) j--
      // whisper.cpp skips a byte no token starts with ("unknown token"): it costs nothing.
      if (j > i) count++
      i = j > i ? j : i + 1
    }
  }
  return count
}

export interface FittedGlossary {
  /** The terms Whisper is given, comma-separated; undefined when the glossary is empty. */
  prompt: string | undefined
  /** How many terms, from the first, are in the prompt. */
  used: number
  /** How many terms after them did not fit. */
  leftOut: number
  /** The prompt's tokens. */
  tokens: number
  budget: number
}

/**
 * The prompt: the terms in the glossary's order, comma-separated, as many as fit `budget` tokens;
 * it stops at the first term that does not fit, so "the first N terms" is always what Whisper read.
 */
export function fitGlossary(
  terms: readonly string[],
  count: (text: string) => number,
  budget: number = glossaryTokenBudget,
): FittedGlossary {
  let prompt = ''
  let tokens = 0
  let used = 0
  for (const term of terms) {
    const next = used === 0 ? term : `${prompt}, ${term}`
    const nextTokens = count(next)
    if (nextTokens > budget) break
    prompt = next
    tokens = nextTokens
    used++
  }
  return {
    prompt: used === 0 ? undefined : prompt,
    used,
    leftOut: terms.length - used,
    tokens,
    budget,
  }
}

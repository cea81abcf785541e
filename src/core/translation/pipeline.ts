import { languageScores } from '../subtitles/language.ts'
import { cleanLine } from './clean.ts'
import { postEdit, preEdit } from './domain.ts'
import type { LanguagePair, TranslateOptions, TranslationEngine } from './engine.ts'
import { glossaryPattern, protectLine, restoreLine } from './protect.ts'

export interface PipelineOptions extends TranslateOptions {
  /** The library's glossary terms, kept as written. */
  glossary?: readonly string[]
}

/** What became of one line, beside its text. */
export type LineOutcome = 'translated' | 'empty' | 'kept-no-words' | 'kept-target-language'

export interface PipelineResult {
  lines: string[]
  outcomes: LineOutcome[]
}

/**
 * A line already in the target language is kept as it is: it uses at least two of that
 * language's common words and none of the source's (an English answer in a Spanish interview).
 */
export function alreadyIn(line: string, pair: LanguagePair): boolean {
  const scores = languageScores([line])
  return scores[pair.to] >= 2 && scores[pair.from] === 0
}

/**
 * Whether a whole track reads as the target language already (a file imported under the wrong
 * language): clearly more of the target's common words than the source's.
 */
export function readsAsTarget(texts: readonly string[], pair: LanguagePair): boolean {
  const scores = languageScores(texts)
  return scores[pair.to] >= 5 && scores[pair.to] > 2 * scores[pair.from]
}

/**
 * Translates lines with an engine, N in and N out (docs/decisions/0156-local-translation.md):
 * each line flattened to one, what must not be translated protected, the domain's phrases
 * pre-edited, the engine run once over every line that has words, its output cleaned of markers,
 * post-edited, and the protected parts put back. A line with no words (empty, only tags, notes
 * or `[laughter]`) does not reach the engine: it comes back with its sound notes in the other
 * language and its tags as they were.
 */
export async function translateLines(
  engine: TranslationEngine,
  lines: readonly string[],
  pair: LanguagePair,
  options: PipelineOptions = {},
): Promise<PipelineResult> {
  const terms = options.glossary ?? []
  const glossary = { pattern: glossaryPattern(terms), terms }
  const flat = lines.map((line) => line.replace(/\s+/g, ' ').trim())
  const prepared = flat.map((line) => protectLine(line, pair, glossary))
  const outcomes: LineOutcome[] = flat.map((line, i) =>
    line === ''
      ? 'empty'
      : !prepared[i]?.hasWords
        ? 'kept-no-words'
        : alreadyIn(line, pair)
          ? 'kept-target-language'
          : 'translated',
  )
  const toEngine = prepared.map((p, i) =>
    outcomes[i] === 'translated' ? preEdit(p.text, pair) : '',
  )
  const raw = await engine.translate(toEngine, pair, options)
  const out = flat.map((line, i) => {
    const p = prepared[i]
    if (!p || outcomes[i] === 'empty') return ''
    if (outcomes[i] === 'kept-target-language') return line
    if (outcomes[i] === 'kept-no-words')
      return restoreLine(p.text, p.slots).replace(/\s+/g, ' ').trim()
    const cleaned = postEdit(cleanLine(raw[i] ?? '', p.text, pair.to), pair)
    return restoreLine(cleaned, p.slots).replace(/\s+/g, ' ').trim()
  })
  return { lines: out, outcomes }
}

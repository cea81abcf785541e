import type { LanguagePair } from './engine.ts'

/**
 * Phrases of the domain (labor interviews: wages, overtime, strikes, unions, immigration,
 * family) that Apertium gets wrong, written for the domain in general, not for any test
 * sentence (docs/decisions/0156-local-translation.md says how the bench keeps the two apart).
 * `pre` rewrites the source before the engine; `post` mends the engine's output.
 */
type Rule = readonly [RegExp, string]

const rules: Record<string, { pre: readonly Rule[]; post: readonly Rule[] }> = {
  'en-es': { pre: [], post: [] },
  'es-en': { pre: [], post: [] },
}

function apply(text: string, list: readonly Rule[]): string {
  let out = text
  for (const [pattern, replacement] of list) out = out.replace(pattern, replacement)
  return out
}

export function preEdit(text: string, pair: LanguagePair): string {
  return apply(text, rules[`${pair.from}-${pair.to}`]?.pre ?? [])
}

export function postEdit(text: string, pair: LanguagePair): string {
  return apply(text, rules[`${pair.from}-${pair.to}`]?.post ?? [])
}

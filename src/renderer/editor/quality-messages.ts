import type { QualityProblemValue } from '../../shared/contract/index.ts'
import { formatNumber as formatLocaleNumber } from '../../shared/i18n/index.ts'
import type { EditorLanguage, EditorStringKey, EditorT } from './strings.ts'

/**
 * 0.833 → "0.833" in English and in Latin-American Spanish (decision 0082); at most three
 * decimals, as the checker keeps.
 */
export function formatNumber(language: EditorLanguage, value: number): string {
  return formatLocaleNumber(language, value, { maximumFractionDigits: 3 })
}

/** The message key of a problem: the rule, and for duration which limit it broke. */
export function qualityMessageKey(
  problem: Pick<QualityProblemValue, 'rule' | 'params'>,
): EditorStringKey {
  if (problem.rule === 'duration')
    return problem.params?.min !== undefined ? 'quality.duration.short' : 'quality.duration.long'
  return `quality.${problem.rule}`
}

/**
 * A quality problem said in the interface language, from its rule and numbers (the core's
 * `message` is English, for logs and the CLI). Null when an older core sent no numbers.
 */
export function qualityMessage(
  t: EditorT,
  language: EditorLanguage,
  problem: Pick<QualityProblemValue, 'rule' | 'params'>,
): string | null {
  const needsNumbers = problem.rule !== 'empty' && problem.rule !== 'untranslated'
  if (needsNumbers && !problem.params) return null
  const params: Record<string, string> = {}
  for (const [name, value] of Object.entries(problem.params ?? {}))
    params[name] = formatNumber(language, value)
  return t(qualityMessageKey(problem), params)
}

import {
  subtitleRuleProblem,
  type MethodInput,
  type SubtitleRuleField,
  type SubtitleRulesValue,
} from '../../shared/contract/index.ts'
import { formatNumber } from './quality-messages.ts'
import type { EditorLanguage, EditorStringKey } from './strings.ts'

type RulesPatch = NonNullable<MethodInput<'subtitles.settings'>['patch']>

/** A number of the subtitle rules as the settings panel shows it, with where it comes from. */
export interface RuleFieldSpec {
  field: SubtitleRuleField
  label: EditorStringKey
  /** The Netflix Timed Text Style Guide passage (docs/decisions/0030-subtitle-rules.md). */
  source: EditorStringKey
}

/** The numbers a producer sets; the cue maker's own weights stay in the code. */
export const ruleFieldSpecs: readonly RuleFieldSpec[] = [
  { field: 'maxCharsPerLine', label: 'rules.maxCharsPerLine', source: 'source.maxCharsPerLine' },
  { field: 'maxLines', label: 'rules.maxLines', source: 'source.maxLines' },
  { field: 'maxCharsPerSecond.en', label: 'rules.cpsEn', source: 'source.cpsEn' },
  { field: 'maxCharsPerSecond.es', label: 'rules.cpsEs', source: 'source.cpsEs' },
  { field: 'minDuration', label: 'rules.minDuration', source: 'source.minDuration' },
  { field: 'maxDuration', label: 'rules.maxDuration', source: 'source.maxDuration' },
  { field: 'minGapFrames', label: 'rules.minGapFrames', source: 'source.minGapFrames' },
  { field: 'fps', label: 'rules.fps', source: 'source.fps' },
]

export function ruleValue(rules: SubtitleRulesValue, field: SubtitleRuleField): number {
  if (field === 'maxCharsPerSecond.en') return rules.maxCharsPerSecond.en
  if (field === 'maxCharsPerSecond.es') return rules.maxCharsPerSecond.es
  return rules[field]
}

/** The change of one number, as subtitles.settings takes it. */
export function rulePatch(field: SubtitleRuleField, value: number): RulesPatch {
  if (field === 'maxCharsPerSecond.en') return { maxCharsPerSecond: { en: value } }
  if (field === 'maxCharsPerSecond.es') return { maxCharsPerSecond: { es: value } }
  return { [field]: value }
}

/** A number as the person sees it: "0.833", or in Spanish "0,833" (no value here reaches 1,000). */
export function formatRuleValue(language: EditorLanguage, value: number): string {
  return formatNumber(language, value)
}

/** What a person typed as a number: a decimal point or a decimal comma; null when it is none. */
export function parseRuleInput(text: string): number | null {
  const clean = text.trim().replace(',', '.')
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(clean)) return null
  const value = Number(clean)
  return Number.isFinite(value) ? value : null
}

export interface RuleInputProblem {
  key: EditorStringKey
  params?: Record<string, string>
}

/**
 * Why a typed value cannot be saved, in the editor's words, or null when it can: not a number,
 * outside the contract's range, not whole, or a minimum duration not below the maximum.
 */
export function ruleInputProblem(
  field: SubtitleRuleField,
  text: string,
  rules: SubtitleRulesValue,
  language: EditorLanguage,
): RuleInputProblem | null {
  const value = parseRuleInput(text)
  if (value === null) return { key: 'rules.number' }
  const problem = subtitleRuleProblem(field, value)
  if (problem?.kind === 'whole') return { key: 'rules.whole' }
  if (problem) {
    return {
      key: problem.kind === 'above' ? 'rules.above' : 'rules.range',
      params: {
        min: formatNumber(language, problem.min),
        max: formatNumber(language, problem.max),
      },
    }
  }
  const min = field === 'minDuration' ? value : rules.minDuration
  const max = field === 'maxDuration' ? value : rules.maxDuration
  if ((field === 'minDuration' || field === 'maxDuration') && min >= max)
    return { key: 'rules.durationOrder' }
  return null
}

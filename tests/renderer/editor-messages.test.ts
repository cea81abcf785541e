import { describe, expect, it } from 'vitest'
import { checkCues, qualityRules, type QualityRule } from '../../src/core/subtitles/check.ts'
import { defaultSubtitleRules, rulesFor } from '../../src/core/subtitles/rules.ts'
import type { Cue } from '../../src/core/subtitles/types.ts'
import { qualityMessage } from '../../src/renderer/editor/quality-messages.ts'
import {
  formatRuleValue,
  parseRuleInput,
  ruleFieldSpecs,
  ruleInputProblem,
  rulePatch,
  ruleValue,
} from '../../src/renderer/editor/rules-form.ts'
import { editorStrings } from '../../src/renderer/editor/strings.ts'
import { defaultSubtitleRulesValue } from '../../src/shared/contract/index.ts'

const cue = (start: number, end: number, text: string): Cue => ({ start, end, text, speaker: null })

/** A track that breaks every quality rule at least once, checked by the real checker. */
const broken: Cue[] = [
  cue(0, 1, 'This line is far too long to be read in a single second.'),
  cue(0.9, 2, 'overlap'),
  cue(2.01, 3, 'gap'),
  cue(3.5, 3.6, 'x'),
  cue(4, 12, 'long'),
  cue(13, 15, 'one\ntwo\nthree'),
  cue(16, 18, ''),
  cue(19, 21, ''),
]
const problems = checkCues(broken, rulesFor('es', defaultSubtitleRules), {
  translated: broken.map((_, k) => k === 7),
})

describe('quality messages in the interface language', () => {
  it('come from every rule the checker has, with the numbers it found', () => {
    const rules = new Set<QualityRule>(problems.map((problem) => problem.rule))
    expect([...rules].sort()).toEqual([...qualityRules].sort())
    expect(problems.some((p) => p.rule === 'duration' && p.params?.min !== undefined)).toBe(true)
    expect(problems.some((p) => p.rule === 'duration' && p.params?.max !== undefined)).toBe(true)
  })

  it('say each problem in English and in Spanish, never the core’s English in Spanish', () => {
    for (const language of ['en', 'es'] as const) {
      const t = editorStrings(language)
      for (const problem of problems) {
        const text = qualityMessage(t, language, problem)
        expect(text, `${language} ${problem.rule}`).toBeTruthy()
        expect(text).not.toMatch(/\{\w+\}/)
        if (language === 'es') expect(text).not.toBe(problem.message)
      }
    }
  })

  it('write numbers as each language does', () => {
    const speed = problems.find((p) => p.rule === 'reading-speed')
    const short = problems.find((p) => p.rule === 'duration' && p.params?.min !== undefined)
    expect(speed && short).toBeTruthy()
    if (!speed || !short) return
    expect(qualityMessage(editorStrings('en'), 'en', speed)).toBe(
      `${speed.params?.speed} characters a second; the maximum is 17.`,
    )
    expect(qualityMessage(editorStrings('es'), 'es', short)).toBe(
      // Latin-American Spanish writes a decimal point (decision 0082).
      'En pantalla 0.1 s; el mínimo es 0.833 s.',
    )
    expect(qualityMessage(editorStrings('en'), 'en', short)).toBe(
      'On screen 0.1 s; the minimum is 0.833 s.',
    )
  })

  it('fall back to nothing when an older core sent no numbers', () => {
    expect(qualityMessage(editorStrings('es'), 'es', { rule: 'gap' })).toBeNull()
    expect(qualityMessage(editorStrings('es'), 'es', { rule: 'empty' })).toBe('Sin texto.')
  })
})

describe('the subtitle rules form', () => {
  it('shows each number beside its source, and the source names the default', () => {
    for (const language of ['en', 'es'] as const) {
      const t = editorStrings(language)
      for (const spec of ruleFieldSpecs) {
        const value = formatRuleValue(language, ruleValue(defaultSubtitleRulesValue, spec.field))
        expect(t(spec.source), `${language} ${spec.field}`).toContain(value)
        expect(t(spec.label).length).toBeGreaterThan(3)
      }
    }
  })

  it('reads a decimal point or a decimal comma, and nothing else', () => {
    expect(parseRuleInput('0,833')).toBe(0.833)
    expect(parseRuleInput(' 17 ')).toBe(17)
    expect(parseRuleInput('2.5')).toBe(2.5)
    expect(parseRuleInput('')).toBeNull()
    expect(parseRuleInput('17 cps')).toBeNull()
    expect(parseRuleInput('1e3')).toBeNull()
    expect(formatRuleValue('es', 5 / 6)).toBe('0.833')
    expect(formatRuleValue('en', 5 / 6)).toBe('0.833')
  })

  it('refuses a bad number with a message in the person’s language', () => {
    const rules = defaultSubtitleRulesValue
    const say = (
      field: Parameters<typeof ruleInputProblem>[0],
      text: string,
      language: 'en' | 'es',
    ) => {
      const problem = ruleInputProblem(field, text, rules, language)
      return problem ? editorStrings(language)(problem.key, problem.params) : null
    }
    expect(say('maxCharsPerLine', '5', 'en')).toBe('Use a number from 10 to 100.')
    expect(say('maxCharsPerLine', '5', 'es')).toBe('Use un número del 10 al 100.')
    expect(say('maxLines', '1,5', 'es')).toBe('Use un número entero.')
    expect(say('maxCharsPerSecond.es', '0', 'en')).toBe('Use a number above 0, up to 100.')
    expect(say('maxCharsPerSecond.es', '0', 'es')).toBe('Use un número mayor que 0, hasta 100.')
    expect(say('minDuration', '7', 'en')).toBe('The shortest time must be less than the longest.')
    expect(say('maxDuration', 'siete', 'es')).toBe('Escriba un número.')
    expect(say('maxCharsPerSecond.en', '15', 'en')).toBeNull()
    expect(say('minDuration', '0,5', 'es')).toBeNull()
  })

  it('sends one number as subtitles.settings takes it', () => {
    expect(rulePatch('maxCharsPerSecond.es', 15)).toEqual({ maxCharsPerSecond: { es: 15 } })
    expect(rulePatch('fps', 25)).toEqual({ fps: 25 })
  })
})

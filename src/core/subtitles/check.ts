import type { z } from 'zod'
import { qualityRuleSchema } from '../../shared/contract/index.ts'
import type { TrackRules } from './rules.ts'
import { characterCount, cueLines } from './text.ts'
import type { Cue } from './types.ts'

/** The rules, named once in the contract (qualityRuleSchema) for the core, the API and the interface. */
export type QualityRule = z.infer<typeof qualityRuleSchema>
export const qualityRules: readonly QualityRule[] = qualityRuleSchema.options

/** One broken rule. `cue` is the cue's 1-based position in the track or file. */
export interface QualityProblem {
  cue: number
  rule: QualityRule
  /** English, for logs and the CLI. */
  message: string
  /** The message's numbers, for saying it in the interface language (contract: qualityProblemSchema). */
  params?: Record<string, number>
}

export interface CheckOptions {
  /**
   * The smallest time step the cues' times can hold: 0.001 s for SRT, WebVTT and the library,
   * 0.01 s for ASS. Durations and gaps within one step of a limit pass, so a cue made right does
   * not fail only because its file rounds times.
   */
  resolution?: number
  /**
   * For a track of a bilingual recording: whether the other language has text at each cue. An
   * empty cue with text in the other language is "untranslated" rather than "empty".
   */
  translated?: readonly boolean[]
}

const seconds = (value: number) => `${value.toFixed(3).replace(/\.?0+$/, '')} s`
const round3 = (value: number) => Math.round(value * 1000) / 1000

/**
 * The quality rules on a track's cues, in cue order (docs/decisions/0030-subtitle-rules.md).
 * Overlap and gap are reported on the later of the two cues, the one that starts too soon.
 */
export function checkCues(
  cues: readonly Cue[],
  rules: TrackRules,
  options: CheckOptions = {},
): QualityProblem[] {
  const tolerance = (options.resolution ?? 0.001) + 1e-9
  const problems: QualityProblem[] = []
  cues.forEach((cue, index) => {
    const number = index + 1
    const report = (rule: QualityRule, message: string, params?: Record<string, number>) =>
      problems.push(
        params ? { cue: number, rule, message, params } : { cue: number, rule, message },
      )
    const previous = cues[index - 1]
    if (previous) {
      const gap = cue.start - previous.end
      if (gap < -tolerance) {
        report('overlap', `Cue ${number} starts ${seconds(-gap)} before cue ${number - 1} ends.`, {
          seconds: round3(-gap),
          previous: number - 1,
        })
      } else if (gap < rules.minGap - tolerance) {
        report(
          'gap',
          `Only ${seconds(Math.max(0, gap))} between cues ${number - 1} and ${number}; the minimum is ${seconds(rules.minGap)}.`,
          { seconds: round3(Math.max(0, gap)), min: round3(rules.minGap), previous: number - 1 },
        )
      }
    }
    const lines = cueLines(cue.text)
    if (lines.length === 0) {
      if (options.translated?.[index] === true)
        report('untranslated', `Cue ${number} has no translation.`)
      else report('empty', `Cue ${number} has no text.`)
      return
    }
    const duration = cue.end - cue.start
    if (duration < rules.minDuration - tolerance) {
      report(
        'duration',
        `Cue ${number} is on screen ${seconds(duration)}; the minimum is ${seconds(rules.minDuration)}.`,
        { seconds: round3(duration), min: round3(rules.minDuration) },
      )
    } else if (duration > rules.maxDuration + tolerance) {
      report(
        'duration',
        `Cue ${number} is on screen ${seconds(duration)}; the maximum is ${seconds(rules.maxDuration)}.`,
        { seconds: round3(duration), max: round3(rules.maxDuration) },
      )
    }
    if (lines.length > rules.maxLines) {
      report(
        'line-count',
        `Cue ${number} has ${lines.length} lines; the maximum is ${rules.maxLines}.`,
        { lines: lines.length, max: rules.maxLines },
      )
    }
    lines.forEach((line, k) => {
      const length = characterCount(line)
      if (length > rules.maxCharsPerLine) {
        report(
          'chars-per-line',
          `Line ${k + 1} of cue ${number} has ${length} characters; the maximum is ${rules.maxCharsPerLine}.`,
          { line: k + 1, length, max: rules.maxCharsPerLine },
        )
      }
    })
    const chars = characterCount(cue.text)
    // Measured on the time the cue is up; a file rounding that time costs it nothing.
    const speed = chars / Math.max(duration + tolerance, 1e-3)
    if (speed > rules.maxCharsPerSecond) {
      report(
        'reading-speed',
        `Cue ${number} asks for ${speed.toFixed(1)} characters a second; the maximum is ${rules.maxCharsPerSecond}.`,
        { speed: Math.round(speed * 10) / 10, max: rules.maxCharsPerSecond },
      )
    }
  })
  return problems
}

/** How many problems of each rule a track has, for the quality panel. */
export function countProblems(problems: readonly QualityProblem[]): Record<QualityRule, number> {
  const counts = Object.fromEntries(qualityRules.map((rule) => [rule, 0])) as Record<
    QualityRule,
    number
  >
  for (const problem of problems) counts[problem.rule]++
  return counts
}

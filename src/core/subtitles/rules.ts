import {
  defaultSubtitleRulesValue,
  subtitleRuleFields,
  subtitleRuleProblem,
  VocesError,
  type SubtitleRuleField,
} from '../../shared/contract/index.ts'
import type { Language } from './types.ts'

/**
 * The subtitle rules of a library. The defaults are those of the Netflix Timed Text Style Guide
 * (partnerhelp.netflixstudios.com); docs/decisions/0030-subtitle-rules.md gives the page for each
 * number. A library's own settings override any of them.
 */
export interface SubtitleRules {
  /** "42 characters per line": English (USA) and Castilian & Latin American Spanish guides. */
  maxCharsPerLine: number
  /** "2 lines maximum": General Requirements, line treatment. */
  maxLines: number
  /**
   * Reading speed for adult programmes, characters a second: English (USA) guide 20,
   * Castilian & Latin American Spanish guide 17.
   */
  maxCharsPerSecond: Record<Language, number>
  /** "Minimum duration: 5/6 (five-sixths) of a second per subtitle event": General Requirements. */
  minDuration: number
  /** "Maximum duration: 7 seconds per subtitle event": General Requirements. */
  maxDuration: number
  /** "Frame gap: 2 frames minimum (regardless of frame rate)": General Requirements. */
  minGapFrames: number
  /**
   * The frame rate the gap is counted in. 24 fps: two frames are then 83 ms, which is at least
   * two frames at 25 and 30 fps as well, so one default holds for film, PAL and NTSC video alike
   * (docs/decisions/0030-subtitle-rules.md).
   */
  fps: number
  /**
   * Gaps of up to this many seconds are closed to the minimum gap ("chaining"): Subtitle Timing
   * Guidelines, "gaps of 12 frames or fewer" at 24 fps, which they call half a second.
   */
  chainGap: number
  /**
   * How far past the end of speech a cue may stay up for reading speed: Subtitle Timing
   * Guidelines, "up to 12 frames past the timecode at which the audio ends" (half a second).
   */
  maxLinger: number
  /**
   * A silence longer than this always ends a cue when cues are made: text must not stay on screen
   * (or appear early) across a pause in speech. Voces' own choice, not a Netflix number.
   */
  maxPauseInCue: number
}

/** The Netflix numbers above (the contract holds them, so the settings panel shows the same). */
export const defaultSubtitleRules: SubtitleRules = defaultSubtitleRulesValue

/** The rules as they apply to one language's track, the frame gap in seconds. */
export interface TrackRules {
  language: Language
  maxCharsPerLine: number
  maxLines: number
  maxCharsPerSecond: number
  minDuration: number
  maxDuration: number
  /** Seconds: minGapFrames / fps (2 frames at 24 fps = 0.0833 s). */
  minGap: number
  chainGap: number
  maxLinger: number
  maxPauseInCue: number
}

export type SubtitleRulesPatch = Partial<Omit<SubtitleRules, 'maxCharsPerSecond'>> & {
  maxCharsPerSecond?: Partial<Record<Language, number>>
}

/** The defaults with a library's overrides on top. */
export function mergeRules(
  patch: SubtitleRulesPatch = {},
  base: SubtitleRules = defaultSubtitleRules,
): SubtitleRules {
  const { maxCharsPerSecond, ...rest } = patch
  return {
    ...base,
    ...rest,
    maxCharsPerSecond: { ...base.maxCharsPerSecond, ...maxCharsPerSecond },
  }
}

export function rulesFor(
  language: Language,
  rules: SubtitleRules = defaultSubtitleRules,
): TrackRules {
  return {
    language,
    maxCharsPerLine: rules.maxCharsPerLine,
    maxLines: rules.maxLines,
    maxCharsPerSecond: rules.maxCharsPerSecond[language],
    minDuration: rules.minDuration,
    maxDuration: rules.maxDuration,
    minGap: rules.minGapFrames / rules.fps,
    chainGap: rules.chainGap,
    maxLinger: rules.maxLinger,
    maxPauseInCue: rules.maxPauseInCue,
  }
}

/** The value a rules patch gives one field, if it gives one. */
function patchValue(patch: SubtitleRulesPatch, field: SubtitleRuleField): number | undefined {
  if (field === 'maxCharsPerSecond.en') return patch.maxCharsPerSecond?.en
  if (field === 'maxCharsPerSecond.es') return patch.maxCharsPerSecond?.es
  return patch[field]
}

const ruleNames: Record<SubtitleRuleField, string> = {
  maxCharsPerLine: 'Characters a line',
  maxLines: 'Lines a cue',
  'maxCharsPerSecond.en': 'Reading speed (English)',
  'maxCharsPerSecond.es': 'Reading speed (Spanish)',
  minDuration: 'Minimum duration',
  maxDuration: 'Maximum duration',
  minGapFrames: 'Gap between cues (frames)',
  fps: 'Frame rate',
  chainGap: 'Closing short gaps',
  maxLinger: 'Time past the speech',
  maxPauseInCue: 'Longest pause inside a cue',
}

/**
 * Refuses a rules change with a number outside its range (the contract's limits), naming the
 * rule in `params.rule` so the settings panel can show the error beside that field.
 */
export function checkRulesPatch(patch: SubtitleRulesPatch): void {
  for (const field of subtitleRuleFields) {
    const value = patchValue(patch, field)
    if (value === undefined) continue
    const problem = subtitleRuleProblem(field, value)
    if (!problem) continue
    if (problem.kind === 'whole') {
      throw new VocesError(
        'SUBTITLE_RULE_NOT_WHOLE',
        `${ruleNames[field]} must be a whole number (${value} is not).`,
        { rule: field },
      )
    }
    const above = problem.kind === 'above'
    throw new VocesError(
      'SUBTITLE_RULE_OUT_OF_RANGE',
      `${ruleNames[field]} must be ${above ? 'above' : 'at least'} ${problem.min} and at most ${problem.max} (${value} is not).`,
      // `above` chooses the message "a number above {min}" (shared/i18n: error.CODE.param).
      above
        ? { rule: field, min: problem.min, max: problem.max, above: 1 }
        : { rule: field, min: problem.min, max: problem.max },
    )
  }
}

/** Refuses rules that contradict each other: a minimum duration not below the maximum. */
export function checkRules(rules: SubtitleRules): void {
  if (rules.minDuration >= rules.maxDuration) {
    throw new VocesError(
      'SUBTITLE_RULES_DURATION',
      `The minimum duration (${rules.minDuration} s) must be shorter than the maximum (${rules.maxDuration} s).`,
      { rule: 'minDuration', min: rules.minDuration, max: rules.maxDuration },
    )
  }
}

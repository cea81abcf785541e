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

export const defaultSubtitleRules: SubtitleRules = {
  maxCharsPerLine: 42,
  maxLines: 2,
  maxCharsPerSecond: { en: 20, es: 17 },
  minDuration: 5 / 6,
  maxDuration: 7,
  minGapFrames: 2,
  fps: 24,
  chainGap: 0.5,
  maxLinger: 0.5,
  maxPauseInCue: 1.5,
}

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

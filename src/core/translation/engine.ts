import type { Language } from '../subtitles/types.ts'

/** A direction of translation between the archive's two languages. */
export interface LanguagePair {
  from: Language
  to: Language
}

export interface TranslateOptions {
  signal?: AbortSignal | undefined
  /** 0..1 of the lines translated so far. */
  onProgress?: ((fraction: number) => void) | undefined
}

/** What `voces translate engines` and the Subtitles tab show of an engine. */
export interface EngineReport {
  name: string
  kind: 'rule-based' | 'neural'
  /** Whether it can translate here now (binary and data, or model, present). */
  installed: boolean
  /** The pairs it can translate here now. */
  pairs: LanguagePair[]
  /** Where it was found (a binary or a model folder); null when it was not. */
  path: string | null
  /** How to install it, when it is not; empty when it is. */
  hint: string
}

/**
 * A translation engine (docs/decisions/0156-local-translation.md): lines in, the same number of
 * lines out, in order. Each input line is one cue or segment, on one line; an empty line comes
 * back empty. Lines reach an engine already protected (tags, sound notes and glossary terms
 * stood in for by placeholders, protect.ts) and leave it before being cleaned (clean.ts).
 */
export interface TranslationEngine {
  readonly name: string
  report(): Promise<EngineReport>
  translate(
    lines: readonly string[],
    pair: LanguagePair,
    options?: TranslateOptions,
  ): Promise<string[]>
}

export const pairName = (pair: LanguagePair): string => `${pair.from}-${pair.to}`

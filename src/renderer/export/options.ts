import type { Language } from '../../shared/language.ts'
import { hasReason } from '../../shared/consent.ts'
import type { MethodName } from '../../shared/contract/index.ts'
import type { Episode, Recording, SubtitleCheck, SubtitleCue } from '../../shared/contract/index.ts'
import { parseClock } from '../episodes/time.ts'

/** What is exported: an episode, or one recording whole. */
export type ExportSource =
  { kind: 'episode'; episode: Episode } | { kind: 'recording'; recording: Recording }

export type ExportKind = 'podcast' | 'video' | 'audiogram' | 'transcript'

/** The call each kind of export makes: a kind is offered to who may make it (decision 0170). */
export const exportMethods = {
  podcast: 'export.podcast',
  video: 'export.video',
  audiogram: 'export.audiogram',
  transcript: 'transcripts.export',
} as const satisfies Record<ExportKind, MethodName>
export type TranscriptFileFormat = 'docx' | 'txt' | 'srt' | 'vtt' | 'json'
export type Burn = 'none' | Language | 'both'

export interface ExportOptions {
  kind: ExportKind
  output: string
  format: 'mp3' | 'm4a'
  channels: 1 | 2
  /** As typed; empty means the default for the channels. */
  lufs: string
  /** The web folder the podcast's files will be published in (the RSS item); empty: none. */
  publishUrl: string
  burn: Burn
  soft: { en: boolean; es: boolean }
  size: 'square' | 'vertical'
  captions: Language | 'none'
  from: string
  to: string
  reason: string
  /** Speakers (as the transcript labels them) whose voice is shifted; the shift as typed. */
  disguise: { speakers: string[]; semitones: string }
  transcriptFormat: TranscriptFileFormat
  transcriptTrack: Language
}

export const sourceId = (source: ExportSource) =>
  source.kind === 'episode' ? source.episode.id : source.recording.id
export const sourceTitle = (source: ExportSource) =>
  source.kind === 'episode' ? source.episode.title : source.recording.title
export const sourceLength = (source: ExportSource) =>
  source.kind === 'episode' ? source.episode.duration : source.recording.duration

/** The podcast platforms' usual targets: -16 LUFS integrated for stereo, -19 for mono. */
export const defaultLufs = (channels: 1 | 2) => (channels === 1 ? -19 : -16)

export function extensionFor(options: Pick<ExportOptions, 'kind' | 'format'>): string {
  // A transcript is downloaded under its own name; the path stays as it was for the next export.
  return options.kind === 'podcast' || options.kind === 'transcript' ? options.format : 'mp4'
}

export type OptionsProblem =
  'output' | 'lufs' | 'publishUrl' | 'reason' | 'withdrawn' | 'range' | 'disguise'

/** The contract's rule for a publishing address: empty, or an http(s) URL. */
export function publishUrlValid(text: string): boolean {
  if (text.trim() === '') return true
  try {
    return ['http:', 'https:'].includes(new URL(text.trim()).protocol)
  } catch {
    return false
  }
}

/** The contract's bounds for a disguise: one octave either way, at least a semitone. */
export function disguiseSemitones(text: string): number | null {
  const value = Number(text.trim().replace('−', '-'))
  if (text.trim() === '' || !Number.isFinite(value)) return null
  return Math.abs(value) >= 1 && Math.abs(value) <= 12 ? value : null
}

/** The export's `disguise` option; empty when nobody is ticked. */
export function disguiseRequest(
  options: Pick<ExportOptions, 'disguise'>,
): Array<{ speaker: string; semitones: number }> {
  const semitones = disguiseSemitones(options.disguise.semitones)
  if (semitones === null) return []
  return options.disguise.speakers.map((speaker) => ({ speaker, semitones }))
}

/** What must change before this export can start; empty when it can. */
export function optionsProblems(
  options: ExportOptions,
  consent: { withdrawn: boolean; needsReason: boolean },
  length: number,
): OptionsProblem[] {
  const problems: OptionsProblem[] = []
  if (consent.withdrawn) problems.push('withdrawn')
  if (consent.needsReason && !hasReason(options.reason)) problems.push('reason')
  if (options.kind === 'transcript') return problems
  if (options.output.trim() === '') problems.push('output')
  if (
    options.disguise.speakers.length > 0 &&
    disguiseSemitones(options.disguise.semitones) === null
  )
    problems.push('disguise')
  if (options.kind === 'podcast' && options.lufs.trim() !== '') {
    const lufs = Number(options.lufs)
    // The contract's bounds for a loudness target.
    if (!Number.isFinite(lufs) || lufs < -36 || lufs > -10) problems.push('lufs')
  }
  if (options.kind === 'podcast' && !publishUrlValid(options.publishUrl))
    problems.push('publishUrl')
  if (options.kind === 'audiogram' && (options.from.trim() !== '' || options.to.trim() !== '')) {
    const from = options.from.trim() === '' ? 0 : parseClock(options.from)
    const to = options.to.trim() === '' ? length : parseClock(options.to)
    if (from === null || to === null || to <= from || from >= length) problems.push('range')
  }
  return problems
}

export const burnLanguages = (burn: Burn): Array<Language> =>
  burn === 'none' ? [] : burn === 'both' ? ['en', 'es'] : [burn]

/** Before a video export with subtitles: per exported language, the cues not ready to show. */
export interface SubtitleReadiness {
  language: Language
  /** Cues with no text in this language (empty or untranslated). */
  empty: number
  /** Other cues that break a subtitle rule (reading speed, line length, timing…). */
  broken: number
}

/**
 * Counts cues, not problems: a cue that breaks two rules is one cue to fix. `within`: only these
 * cues count (an audiogram's stretch).
 */
export function readiness(check: SubtitleCheck, within?: ReadonlySet<number>): SubtitleReadiness {
  const empty = new Set<number>()
  const broken = new Set<number>()
  for (const problem of check.problems) {
    if (within && !within.has(problem.cue)) continue
    ;(problem.rule === 'empty' || problem.rule === 'untranslated' ? empty : broken).add(problem.cue)
  }
  for (const cue of empty) broken.delete(cue)
  return { language: check.language, empty: empty.size, broken: broken.size }
}

/** The subtitle languages a video export shows: burned in, then soft tracks, each once. */
export function exportedLanguages(options: Pick<ExportOptions, 'burn' | 'soft'>): Array<Language> {
  const languages = burnLanguages(options.burn)
  for (const language of ['en', 'es'] as const)
    if (options.soft[language] && !languages.includes(language)) languages.push(language)
  return languages
}

/**
 * The subtitle languages an export shows viewers, asked about before it starts (decisions 0131,
 * 0167): a video's burned and soft tracks, an audiogram's captions.
 */
export function captionedLanguages(
  options: Pick<ExportOptions, 'kind' | 'burn' | 'soft' | 'captions'>,
): Array<Language> {
  if (options.kind === 'video') return exportedLanguages(options)
  if (options.kind === 'audiogram' && options.captions !== 'none') return [options.captions]
  return []
}

/** The ids of the cues heard in [from, to): an audiogram's stretch. */
export function cuesWithin(
  cues: readonly Pick<SubtitleCue, 'id' | 'start' | 'end'>[],
  from: number,
  to: number,
): Set<number> {
  return new Set(cues.filter((cue) => cue.end > from && cue.start < to).map((cue) => cue.id))
}

import { languageNames } from '../../shared/language.ts'
import { VocesError, type Segment, type Word } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import { otherLanguage, type Language } from '../subtitles/types.ts'
import type { TranslateOptions } from './engine.ts'
import { chooseEngine } from './engines.ts'
import { readsAsTarget, translateLines } from './pipeline.ts'

export interface TranslateTranscriptInput {
  recordingId: string
  to: Language
  engine: string
  replace: boolean
}

export interface TranslateTranscriptResult {
  recordingId: string
  language: Language
  engine: string
  /** Segments of the translation track. */
  segments: number
  /** Segments with no words (silence, [music]) carried over as they were. */
  kept: number
}

/**
 * A translation's words, spread over its segment's time by their length: the engine gives text,
 * not timings, and the editor, search and the cue maker read words.
 */
export function spreadWords(text: string, start: number, end: number): Word[] {
  const words = text.split(/\s+/).filter((word) => word !== '')
  const total = words.reduce((sum, word) => sum + [...word].length, 0)
  let at = start
  return words.map((word) => {
    const length = total > 0 ? ((end - start) * [...word].length) / total : 0
    const timed = { start: at, end: Math.min(end, at + length), text: word, probability: null }
    at += length
    return timed
  })
}

/** Whether a track is a machine translation Voces made (engineSettings.translation). */
const machineMade = (settings: Record<string, unknown>) =>
  typeof settings.translation === 'object' && settings.translation !== null

/**
 * Checks before queueing: a source transcript in the other language with words, not already in
 * the target language; a `to` track that is not the recording's own transcript, and that holds
 * nothing a person checked or imported unless `replace`; an engine with the pair.
 */
export async function checkTranscriptTranslation(
  voces: CoreContext,
  input: Omit<TranslateTranscriptInput, 'replace'> & { replace: boolean },
): Promise<void> {
  await voces.storage.recordings.require(input.recordingId)
  const from = otherLanguage(input.to)
  const segments = await voces.storage.transcripts.labelledSegments(input.recordingId, from)
  const texts = segments.map((segment) => segment.text).filter((text) => text.trim() !== '')
  if (texts.length === 0) {
    throw new VocesError(
      'TRANSLATION_NO_TRANSCRIPT',
      `Recording ${input.recordingId} has no ${languageNames[from]} transcript to translate into ${languageNames[input.to]}.`,
      { recordingId: input.recordingId, from, to: input.to },
    )
  }
  if (readsAsTarget(texts, { from, to: input.to })) {
    throw new VocesError(
      'TRANSLATION_ALREADY_IN_TARGET',
      `The ${languageNames[from]} transcript of recording ${input.recordingId} reads as ${languageNames[input.to]} already; nothing was translated.`,
      { recordingId: input.recordingId, from, to: input.to },
    )
  }
  const target = (await voces.storage.transcripts.listTracks(input.recordingId)).find(
    (track) => track.track === input.to,
  )
  if (target?.kind === 'transcript') {
    throw new VocesError(
      'TRANSLATION_OVER_TRANSCRIPT',
      `The ${languageNames[input.to]} track of recording ${input.recordingId} is its transcript; a translation cannot take its place.`,
      { recordingId: input.recordingId, language: input.to },
    )
  }
  if (target && !input.replace) {
    const verified = await voces.storage.transcripts.verifiedSegments(input.recordingId, [input.to])
    if (verified > 0 || !machineMade(target.engineSettings)) {
      throw new VocesError(
        'TRANSLATION_TRACK_EXISTS',
        `Recording ${input.recordingId} already has a ${languageNames[input.to]} translation (${target.segmentCount} segments, ${verified} checked by a person). Ask to replace it to go ahead.`,
        { recordingId: input.recordingId, count: target.segmentCount, verified },
      )
    }
  }
  await chooseEngine(voces, input.engine, { from, to: input.to })
}

/**
 * Makes the `to` language's translation track from the other language's transcript, segment for
 * segment on the same timing and speakers, as machine text (decision 0158), written whole in one
 * transaction; a track a person checked or imported is replaced only when asked.
 */
export async function translateTranscript(
  voces: CoreContext,
  input: TranslateTranscriptInput,
  options: TranslateOptions = {},
): Promise<TranslateTranscriptResult> {
  await checkTranscriptTranslation(voces, input)
  const from = otherLanguage(input.to)
  const pair = { from, to: input.to }
  const engine = await chooseEngine(voces, input.engine, pair)
  const source = await voces.storage.transcripts.labelledSegments(input.recordingId, from)
  const { lines, outcomes } = await translateLines(
    engine,
    source.map((segment) => segment.text),
    pair,
    { ...options, glossary: await voces.storage.glossary.list() },
  )
  const segments: Segment[] = source.map((segment, i) => {
    const text = lines[i] ?? ''
    return {
      start: segment.start,
      end: segment.end,
      speaker: segment.speaker,
      language: input.to,
      text,
      words: spreadWords(text, segment.start, segment.end),
    }
  })
  await voces.storage.transaction(async (tx) => {
    // Checked again where it is written: a segment checked meanwhile is not replaced unasked.
    if (
      !input.replace &&
      (await tx.transcripts.verifiedSegments(input.recordingId, [input.to])) > 0
    )
      throw new VocesError(
        'TRANSLATION_TRACK_EXISTS',
        `A person checked segments of the ${languageNames[input.to]} translation meanwhile; nothing was replaced.`,
        { recordingId: input.recordingId, count: segments.length, verified: 1 },
      )
    await tx.transcripts.replaceTrack({
      recordingId: input.recordingId,
      language: input.to,
      kind: 'translation',
      // The machine's text, as the editor labels it ("Machine"); which engine is in engineSettings.
      origin: 'whisper',
      model: engine.name,
      engineSettings: { translation: { from, engine: engine.name } },
      segments,
    })
  })
  voces.events.emit('library', { recordingId: input.recordingId, change: 'updated' })
  return {
    recordingId: input.recordingId,
    language: input.to,
    engine: engine.name,
    segments: segments.length,
    kept: outcomes.filter((outcome) => outcome !== 'translated').length,
  }
}

import { languageNames } from '../../shared/language.ts'
import { languageSchema } from '../../shared/language.ts'
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { VocesError, type SubtitleCue } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import type { JobQueueStore } from '../storage/ports.ts'
import { checkStored } from '../subtitles/service.ts'
import { layoutText } from '../subtitles/layout.ts'
import { rulesFor } from '../subtitles/rules.ts'
import { otherLanguage, type Language } from '../subtitles/types.ts'
import type { TranslateOptions } from './engine.ts'
import { chooseEngine, defaultEngineName } from './engines.ts'
import { checkTranscriptTranslation } from './transcript.ts'
import { readsAsTarget, translateLines } from './pipeline.ts'
import { shorterWording } from './shorter.ts'

export const translateSubtitlesInput = z.object({
  recordingId: z.string().min(1),
  /** The language to fill; the cues' text in the other language is the source. */
  to: languageSchema,
  engine: z.string().min(1).default(defaultEngineName),
  /** Also replace texts a person typed or checked (asked for: never by default). */
  replace: z.boolean().default(false),
  /** What is translated: the subtitle cues, or the transcript into a translation track. */
  source: z.enum(['subtitles', 'transcript']).default('subtitles'),
  /** The job's label in the tray: the runner names a job without reading storage. */
  title: z.string().optional(),
})
export type TranslateSubtitlesInput = z.infer<typeof translateSubtitlesInput>

export interface TranslateSubtitlesResult {
  recordingId: string
  language: Language
  engine: string
  /** Cues given a machine translation. */
  translated: number
  /** Cues whose text a person typed or checked, kept as they were (without `replace`). */
  kept: number
  /** Cues with no source text, left without a translation. */
  empty: number
  /** Cues already in the target language, copied as they were. */
  alreadyInTarget: number
  /** The translated cues the quality panel flags (reading speed, line length, lines). */
  problemCues: number[]
  /** For those of them where one is found, a shorter wording to offer (never applied). */
  shorter: Array<{ cueId: number; text: string }>
  /**
   * What this run wrote, cue id → a short hash of the text: how the next run tells its own
   * unchecked machine text, which it may replace, from text a person typed (decision 0157).
   */
  written: Record<string, string>
}

/** A short fingerprint of a cue text (not a secret: only to see whether it changed). */
export const textHash = (text: string): string =>
  createHash('sha256').update(text).digest('base64url').slice(0, 12)

/**
 * The texts the last finished translation of this recording into `to` wrote, by cue id: the job
 * queue keeps each job's result, so no column is added to the subtitle tables (decision 0157).
 * None known (no such job, or one the queue no longer lists) means every text is a person's.
 */
async function machineTexts(
  voces: CoreContext,
  recordingId: string,
  to: Language,
): Promise<ReadonlyMap<string, string>> {
  const jobs = (await voces.jobs.list())
    .filter((job) => job.kind === 'translate' && job.state === 'succeeded')
    .map((job) => job.result as Partial<TranslateSubtitlesResult> | null)
    .filter(
      (result) => result?.recordingId === recordingId && result.language === to && result.written,
    )
  const last = jobs.at(0)
  return new Map(Object.entries(last?.written ?? {}))
}

/** Where a track's texts came from: a machine translation names its source language and engine. */
export const translationSource = (from: Language, engine: string) => `translation:${from}:${engine}`

/**
 * Whether a cue's text in `to` may be written over without asking: none yet, or the machine
 * translation Voces wrote there, still unchecked and unchanged. A text a person typed, imported,
 * edited or checked is kept unless the person asked to replace it (decision 0157).
 */
function replaceable(
  cue: SubtitleCue,
  to: Language,
  machine: ReadonlyMap<string, string>,
): boolean {
  const existing = cue.texts[to]
  if (!existing || existing.text.trim() === '') return true
  return existing.review === 'machine' && machine.get(String(cue.id)) === textHash(existing.text)
}

/**
 * The cues whose text in each language is still the machine translation Voces wrote, unchecked
 * and unchanged: what the Subtitles tab marks "Machine translation".
 */
export async function machineTranslatedCues(
  voces: CoreContext,
  recordingId: string,
): Promise<Record<Language, number[]>> {
  await voces.storage.recordings.require(recordingId)
  const cues = await voces.storage.subtitles.cues(recordingId)
  const out: Record<Language, number[]> = { en: [], es: [] }
  for (const language of ['en', 'es'] as const) {
    const machine = await machineTexts(voces, recordingId, language)
    if (machine.size === 0) continue
    out[language] = cues
      .filter((cue) => {
        const text = cue.texts[language]
        return text && text.text !== '' && replaceable(cue, language, machine)
      })
      .map((cue) => cue.id)
  }
  return out
}

/**
 * What a translation would start from, checked before any job is queued: the recording, cues
 * with text in the source language that is not already the target's, an engine with the pair.
 */
export async function checkSubtitleTranslation(
  voces: CoreContext,
  input: Pick<TranslateSubtitlesInput, 'recordingId' | 'to' | 'engine'>,
): Promise<void> {
  await voces.storage.recordings.require(input.recordingId)
  const from = otherLanguage(input.to)
  const texts = (await voces.storage.subtitles.cues(input.recordingId))
    .map((cue) => cue.texts[from]?.text ?? '')
    .filter((text) => text.trim() !== '')
  if (texts.length === 0) {
    throw new VocesError(
      'TRANSLATION_NO_SOURCE',
      `Recording ${input.recordingId} has no ${languageNames[from]} subtitle cues to translate into ${languageNames[input.to]}. Make or import the ${languageNames[from]} subtitles first.`,
      { recordingId: input.recordingId, from, to: input.to },
    )
  }
  if (readsAsTarget(texts, { from, to: input.to })) {
    throw new VocesError(
      'TRANSLATION_ALREADY_IN_TARGET',
      `The ${languageNames[from]} subtitles of recording ${input.recordingId} read as ${languageNames[input.to]} already; nothing was translated. Check which language the cues were imported as.`,
      { recordingId: input.recordingId, from, to: input.to },
    )
  }
  await chooseEngine(voces, input.engine, { from, to: input.to })
}

/**
 * Fills the `to` language's cue texts from the other language's, on the same cues (the same
 * timing), as machine text a person has not checked: the existing "checked by a person" mark
 * stays off until someone checks each cue. Texts a person typed or checked are kept unless
 * `replace`. The engine runs once over every cue; then everything is written in one
 * transaction, where each cue is looked at again: a cue a person changed meanwhile is kept.
 */
export async function translateSubtitles(
  voces: CoreContext,
  input: TranslateSubtitlesInput,
  options: TranslateOptions = {},
): Promise<TranslateSubtitlesResult> {
  await checkSubtitleTranslation(voces, input)
  const { recordingId, to } = input
  const from = otherLanguage(to)
  const pair = { from, to }
  const engine = await chooseEngine(voces, input.engine, pair)
  const source = translationSource(from, engine.name)
  const machine = await machineTexts(voces, recordingId, to)
  const cues = await voces.storage.subtitles.cues(recordingId)
  const chosen = cues.filter(
    (cue) =>
      (cue.texts[from]?.text ?? '').trim() !== '' &&
      (input.replace || replaceable(cue, to, machine)),
  )
  const sourceOf = (cue: SubtitleCue) => (cue.texts[from]?.text ?? '').replace(/\n/g, ' ')
  const { lines, outcomes } = await translateLines(engine, chosen.map(sourceOf), pair, {
    ...options,
    glossary: await voces.storage.glossary.list(),
  })
  const rules = rulesFor(to, await voces.storage.subtitles.rules(recordingId))
  const translations = new Map<number, { source: string; text: string }>()
  chosen.forEach((cue, i) => {
    const text = lines[i] ?? ''
    if (text !== '')
      translations.set(cue.id, {
        source: sourceOf(cue),
        text: layoutText(text, rules.maxCharsPerLine, rules.maxLines, to),
      })
  })
  const written = await voces.storage.transaction(async (tx) => {
    const now = await tx.subtitles.cues(recordingId)
    const texts = new Map<number, string>()
    const restore: SubtitleCue[] = []
    const done: number[] = []
    for (const cue of now) {
      const planned = translations.get(cue.id)
      const stillSame = planned !== undefined && sourceOf(cue) === planned.source
      if (planned && stillSame && (input.replace || replaceable(cue, to, machine))) {
        texts.set(cue.id, planned.text)
        done.push(cue.id)
        continue
      }
      const existing = cue.texts[to]
      if (existing && existing.text !== '') {
        texts.set(cue.id, existing.text)
        if (existing.review === 'verified') restore.push(cue)
      }
    }
    await tx.subtitles.replaceTexts(recordingId, to, texts, {
      language: to,
      origin: 'made',
      source,
      timing: false,
    })
    // replaceTexts writes machine text: the cues a person checked get their marks back.
    for (const cue of restore) await tx.subtitles.putCue(recordingId, cue)
    return { done, kept: now.filter((cue) => texts.has(cue.id) && !done.includes(cue.id)).length }
  })
  const check = await checkStored(voces, recordingId, to)
  const doneSet = new Set(written.done)
  const problemCues = [
    ...new Set(
      check.problems
        .map((problem) => problem.cueId)
        .filter((id): id is number => id !== undefined && doneSet.has(id)),
    ),
  ]
  voces.events.emit('library', { recordingId, change: 'updated' })
  const shorter = problemCues.flatMap((cueId) => {
    const text = translations.get(cueId)?.text ?? ''
    const short = shorterWording(text.replace(/\n/g, ' '), to)
    return short
      ? [{ cueId, text: layoutText(short, rules.maxCharsPerLine, rules.maxLines, to) }]
      : []
  })
  return {
    recordingId,
    language: to,
    shorter,
    engine: engine.name,
    translated: written.done.length,
    kept: written.kept,
    empty: cues.filter((cue) => (cue.texts[from]?.text ?? '').trim() === '').length,
    alreadyInTarget: outcomes.filter((outcome) => outcome === 'kept-target-language').length,
    problemCues,
    written: Object.fromEntries(
      written.done.map((id) => [String(id), textHash(translations.get(id)?.text ?? '')]),
    ),
  }
}

/**
 * Checks what a person can fix (source, target, engine) before queueing, then queues the job;
 * refuses a second translation of the same recording while one is queued or running.
 */
export async function startTranslation(
  voces: CoreContext,
  request: Omit<z.input<typeof translateSubtitlesInput>, 'title'>,
): Promise<{ jobId: string }> {
  const input = translateSubtitlesInput.parse(request)
  if (input.source === 'transcript') await checkTranscriptTranslation(voces, input)
  else await checkSubtitleTranslation(voces, input)
  const title = (await voces.storage.recordings.require(input.recordingId)).title
  const notRunning = async (queue: JobQueueStore) => {
    const active = await queue.active('translate')
    if (active.some((row) => row.recordingId === input.recordingId)) {
      throw new VocesError(
        'TRANSLATION_RUNNING',
        `Recording ${input.recordingId} is already being translated. Wait for it, or cancel it first.`,
        { recordingId: input.recordingId },
      )
    }
  }
  const job = await voces.jobs.enqueue('translate', { ...input, title }, notRunning)
  return { jobId: job.id }
}

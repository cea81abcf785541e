import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import {
  VocesError,
  segmentSchema,
  spokenLanguageSchema,
  type Recording,
  type Segment,
  type TrackLanguage,
} from '../../shared/contract/index.ts'
import type { JobContext } from '../jobs/runner.ts'
import type { LocalFile } from '../storage/ports.ts'
import type { CoreContext } from '../context.ts'
import { requireWhisperCli } from './binary.ts'
import { dropHallucinations, joinWindow } from './cleanup.ts'
import { defaultThreads, runWhisper } from './engine.ts'
import { countTokens, fitGlossary, getGlossary, readWhisperVocab } from './glossary.ts'
import { majorityLanguage, segmentLanguages, toTrackLanguage } from './language.ts'
import { dtwPreset, findVadModel, resolveModel } from './models.ts'
import { segmentsFromWhisperJson } from './whisper-output.ts'
import { languagesFromTranscript } from '../transcripts/spoken.ts'
import { defaultWindowSeconds, planWindows, writeWindowWav, type Window } from './windows.ts'

export const transcribeInput = z.object({
  recordingId: z.string().min(1),
  language: spokenLanguageSchema,
  /** The model's file, resolved when the job was queued, and its name for the track. */
  modelFile: z.string().min(1),
  modelName: z.string().min(1),
  translate: z.boolean(),
  windowSeconds: z.number().positive().default(defaultWindowSeconds),
  threads: z.number().int().positive().optional(),
  /**
   * The recording's title when the job was queued: the job's label, named at once without a
   * read of the library (which is asynchronous, decision 0110). Absent, the label is the id.
   */
  title: z.string().optional(),
})
export type TranscribeInput = z.infer<typeof transcribeInput>

const windowResult = z.object({ detected: z.string().nullable(), segments: z.array(segmentSchema) })
type WindowResult = z.infer<typeof windowResult>
/** Stored after each window, so a job cut off by a crash or a quit goes on from the next window. */
const checkpointSchema = z.object({
  version: z.literal(1),
  windows: z.array(z.object({ start: z.number(), end: z.number() })),
  transcript: z.array(windowResult),
  translation: z.array(windowResult),
})
type Checkpoint = z.infer<typeof checkpointSchema>

export interface TranscribeResult {
  recordingId: string
  track: TrackLanguage
  segments: number
  words: number
  windows: number
  translation: TrackLanguage | null
  /** Why no translation was made when one was asked for. */
  translationSkipped: string | null
}

const firstSpeaker = 'Speaker 1'

/** The working audio where whisper.cpp can read it (decision 0124): release it when done. */
async function workingAudioOf(voces: CoreContext, recordingId: string): Promise<LocalFile> {
  const key = (await voces.storage.recordings.files(recordingId)).workingAudio
  return voces.storage.media.localPath(key).catch((error: unknown) => {
    if (!(error instanceof VocesError) || error.code !== 'FILE_NOT_FOUND') throw error
    throw new VocesError(
      'WORKING_AUDIO_MISSING',
      `The working audio of recording ${recordingId} is missing from the library (it may have been deleted). Remove the recording and add it again.`,
      { recordingId },
    )
  })
}

/** Work done so far, in seconds of audio (each pass over the recording counts once). */
function secondsDone(checkpoint: Checkpoint): number {
  const length = (window: Window | undefined) => (window ? window.end - window.start : 0)
  let done = 0
  checkpoint.transcript.forEach((_, i) => (done += length(checkpoint.windows[i])))
  checkpoint.translation.forEach((_, i) => (done += length(checkpoint.windows[i])))
  return done
}

/**
 * The transcription job: the working WAV in windows cut at silences, one whisper-cli process per
 * window, each window's cleaned segments checkpointed as it finishes; at the end the whole track
 * (and the English translation, for Spanish speech) is written in one transaction. A cancel or a
 * failure writes nothing.
 */
export async function transcribe(
  voces: CoreContext,
  ctx: JobContext<TranscribeInput>,
): Promise<TranscribeResult> {
  const recording = await voces.storage.recordings.require(ctx.input.recordingId)
  const audio = await workingAudioOf(voces, ctx.input.recordingId)
  try {
    return await transcribeFile(voces, ctx, recording, audio.path)
  } finally {
    await audio.release()
  }
}

async function transcribeFile(
  voces: CoreContext,
  ctx: JobContext<TranscribeInput>,
  recording: Recording,
  audio: string,
): Promise<TranscribeResult> {
  const input = ctx.input
  const binary = requireWhisperCli({ resourcesDir: voces.resourcesDir })
  const model = await resolveModel(path.dirname(input.modelFile), input.modelFile)
  const dtw = dtwPreset(model.header)
  const vadModel = await findVadModel(path.dirname(model.file))
  const threads = input.threads ?? voces.threads ?? defaultThreads()
  // The glossary's first terms that fit the prompt, counted with this model's own vocabulary
  // (decision 0080). The log keeps how many, never which.
  const terms = await getGlossary(voces.storage)
  const vocab = terms.length > 0 ? await readWhisperVocab(model.file) : null
  const glossary = fitGlossary(terms, (text) => (vocab ? countTokens(vocab, text) : 0))
  const prompt = glossary.prompt
  if (terms.length > 0)
    voces.log.info('glossary', {
      job: ctx.id,
      terms: glossary.used,
      leftOut: glossary.leftOut,
      tokens: glossary.tokens,
    })
  const forced = input.language === 'auto' ? null : input.language
  const fallback: TrackLanguage = forced ?? (recording.languages === 'es' ? 'es' : 'en')

  const saved = checkpointSchema.safeParse(ctx.checkpoint)
  const checkpoint: Checkpoint = saved.success
    ? saved.data
    : {
        version: 1,
        windows: await planWindows(audio, input.windowSeconds),
        transcript: [],
        translation: [],
      }
  if (!saved.success) await ctx.saveCheckpoint(checkpoint)
  const duration = checkpoint.windows.reduce((sum, window) => sum + (window.end - window.start), 0)
  const scratch = path.join(voces.layout.temp, `transcribe-${ctx.id}`)
  await fs.mkdir(scratch, { recursive: true })

  const runPass = async (pass: 'transcript' | 'translation', passes: number) => {
    const results = checkpoint[pass]
    for (let i = results.length; i < checkpoint.windows.length; i++) {
      const window = checkpoint.windows[i]
      if (!window) break
      const wav = path.join(scratch, `window-${i}.wav`)
      await writeWindowWav(audio, window, wav)
      const before = secondsDone(checkpoint)
      const sourceLanguage = toTrackLanguage(checkpoint.transcript[i]?.detected ?? undefined)
      const json = await runWhisper({
        binary,
        model: model.file,
        audio: wav,
        outBase: path.join(scratch, `window-${i}`),
        language: pass === 'translation' ? (forced ?? sourceLanguage ?? 'es') : input.language,
        translate: pass === 'translation',
        threads,
        prompt,
        dtw,
        vadModel,
        signal: ctx.signal,
        log: voces.log,
        onProgress: (fraction) =>
          ctx.progress(
            Math.min(
              0.99,
              (before + fraction * (window.end - window.start)) / (duration * passes || 1),
            ),
          ),
      })
      await fs.rm(wav, { force: true })
      const detected = json.result?.language ?? null
      const windowLanguage =
        pass === 'translation'
          ? 'en'
          : (forced ?? toTrackLanguage(detected ?? undefined) ?? fallback)
      const raw = dropHallucinations(segmentsFromWhisperJson(json, window.start))
      const languages =
        pass === 'translation'
          ? raw.map((): TrackLanguage => 'en')
          : segmentLanguages(
              raw.map((s) => s.text),
              windowLanguage,
              forced,
            )
      const segments: Segment[] = raw.map((segment, k) => ({
        ...segment,
        speaker: firstSpeaker,
        language: languages[k] ?? windowLanguage,
      }))
      const result: WindowResult = { detected, segments }
      results.push(result)
      await ctx.saveCheckpoint(checkpoint)
    }
    return results.reduce<Segment[]>(
      (all, window) => joinWindow(all, window.segments) as Segment[],
      [],
    )
  }

  try {
    const wantsTranslation = input.translate
    const transcript = await runPass('transcript', wantsTranslation ? 2 : 1)
    const trackLanguage = forced ?? majorityLanguage(transcript, fallback)
    let translation: Segment[] | null = null
    let translationSkipped: string | null = null
    if (wantsTranslation && trackLanguage === 'es') translation = await runPass('translation', 2)
    else if (wantsTranslation)
      translationSkipped =
        'The recording is in English; a translation track is made for Spanish speech.'
    if (ctx.signal.aborted) throw ctx.signal.reason

    const detected = [
      ...new Set(
        checkpoint.transcript.map((window) => window.detected).filter((code) => code !== null),
      ),
    ]
    const engineSettings = {
      engine: 'whisper.cpp 1.9.1 (whisper-cli)',
      language: input.language,
      detected,
      threads,
      beamSize: 5,
      wordTimes: dtw ? `dtw:${dtw}` : 'token-timestamps',
      windows: checkpoint.windows.length,
      glossaryTerms: glossary.used,
      vad: vadModel ? path.basename(vadModel) : 'none',
    }
    await voces.storage.transaction(async ({ transcripts, recordings, jobQueue }) => {
      // Stored only by the runner that still holds the job: a worker whose lease was taken over
      // while it finished the last window stores nothing (decision 0147).
      await ctx.confirmHeld(jobQueue)
      await transcripts.replaceTrack({
        recordingId: input.recordingId,
        language: trackLanguage,
        kind: 'transcript',
        origin: 'whisper',
        model: input.modelName,
        engineSettings,
        segments: transcript,
      })
      await languagesFromTranscript(recordings, input.recordingId, transcript)
      if (translation) {
        await transcripts.replaceTrack({
          recordingId: input.recordingId,
          language: 'en',
          kind: 'translation',
          origin: 'whisper',
          model: input.modelName,
          engineSettings: { ...engineSettings, task: 'translate' },
          segments: translation,
        })
      }
    })
    const words = transcript.reduce((sum, segment) => sum + segment.words.length, 0)
    voces.log.info('transcribed', {
      id: input.recordingId,
      job: ctx.id,
      segments: transcript.length,
      words,
      seconds: duration,
    })
    return {
      recordingId: input.recordingId,
      track: trackLanguage,
      segments: transcript.length,
      words,
      windows: checkpoint.windows.length,
      translation: translation ? 'en' : null,
      translationSkipped,
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

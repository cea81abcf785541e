import path from 'node:path'
import { z } from 'zod'
import { VocesError, type SpokenLanguage } from '../../shared/contract/index.ts'
import { resolveModelsDir } from '../paths.ts'
import type { CoreContext } from '../context.ts'
import type { JobQueueStore } from '../storage/ports.ts'
import { requireWhisperCli } from './binary.ts'
import { catalogueModel, modelFileName, modelUrl } from './catalogue.ts'
import { downloadFile } from './download.ts'
import { engineBuildKind, runEngineBuild } from './engine-build.ts'
import { transcribe, transcribeInput, type TranscribeInput, type TranscribeResult } from './job.ts'
import { resolveModel } from './models.ts'

export const modelDownloadInput = z.object({ name: z.string().min(1) })

export function registerTranscription(voces: CoreContext): void {
  voces.jobs.register<TranscribeInput, TranscribeResult>({
    kind: 'transcribe',
    input: transcribeInput,
    // whisper.cpp already uses every core for one recording; two at once would only share them.
    concurrency: 1,
    label: (input) => input.title ?? input.recordingId,
    recordingId: (input) => input.recordingId,
    run: (ctx) => transcribe(voces, ctx),
  })
  voces.jobs.register<z.infer<typeof modelDownloadInput>, { name: string; bytes: number }>({
    kind: 'model-download',
    input: modelDownloadInput,
    concurrency: 1,
    // The subject only (decision 0082): the interface says "Downloading the model" itself.
    label: (input) => input.name,
    run: async (ctx) => {
      const entry = catalogueModel(ctx.input.name)
      if (!entry) throw unknownModel(ctx.input.name)
      const { bytes } = await downloadFile({
        url: modelUrl(entry.name),
        target: path.join(resolveModelsDir(), modelFileName(entry.name)),
        expected: entry,
        signal: ctx.signal,
        onProgress: (received, total) => ctx.progress(received / (total ?? entry.bytes)),
      })
      voces.log.info('model downloaded', { model: entry.name, bytes })
      return { name: entry.name, bytes }
    },
  })
  voces.jobs.register<Record<string, never>, { path: string }>({
    kind: engineBuildKind,
    input: z.object({}).strict(),
    concurrency: 1,
    label: () => 'whisper.cpp',
    run: (ctx) => runEngineBuild(voces, ctx),
  })
}

function unknownModel(name: string): VocesError {
  return new VocesError(
    'MODEL_UNKNOWN',
    `There is no model named ${name} in the catalogue. See "voces models list".`,
    { model: name },
  )
}

export async function startModelDownload(
  voces: CoreContext,
  name: string,
): Promise<{ jobId: string }> {
  if (!catalogueModel(name)) throw unknownModel(name)
  const running = (await voces.jobs.list()).find(
    (job) =>
      job.kind === 'model-download' &&
      (job.state === 'queued' || job.state === 'running') &&
      job.label.endsWith(` ${name}`),
  )
  return { jobId: running?.id ?? (await voces.jobs.enqueue('model-download', { name })).id }
}

/**
 * The model a shared archive's workers are to use: the one installed here when there is one,
 * else the name given, for each worker to find in its own models folder (or to say it lacks).
 */
async function modelForWorkers(model: string | undefined): Promise<{ file: string; name: string }> {
  try {
    return await resolveModel(resolveModelsDir(), model)
  } catch (error) {
    const plainName = model && !/[/\\]/.test(model) && !model.endsWith('.bin')
    if (!plainName) throw error
    return { file: path.join(resolveModelsDir(), modelFileName(model)), name: model }
  }
}

export interface StartTranscription {
  recordingIds: string[]
  language: SpokenLanguage
  model?: string | undefined
  translate: boolean
  /** Bench and tests: a shorter window to exercise resume; users keep the default. */
  windowSeconds?: number
}

/**
 * Checks everything a person can fix before any job is queued (engine, model, recordings, their
 * working audio, a transcription already under way), then queues one job per recording.
 */
export async function startTranscription(voces: CoreContext, request: StartTranscription) {
  // On a shared archive the workers transcribe: this machine needs neither the engine nor the
  // model, which a worker finds by name in its own models folder (decision 0148).
  if (!voces.shared) requireWhisperCli({ resourcesDir: voces.resourcesDir })
  const model = voces.shared
    ? await modelForWorkers(request.model)
    : await resolveModel(resolveModelsDir(), request.model)
  const ids = [...new Set(request.recordingIds)]
  const titles = new Map<string, string>()
  for (const id of ids) {
    titles.set(id, (await voces.storage.recordings.require(id)).title)
    const audio = (await voces.storage.recordings.files(id)).workingAudio
    if ((await voces.storage.media.size(audio)) === null) {
      throw new VocesError(
        'WORKING_AUDIO_MISSING',
        `The working audio of recording ${id} is missing from the library. Remove the recording and add it again.`,
        { recordingId: id },
      )
    }
  }
  // Checked in the transaction that queues them, so two calls cannot both pass.
  const notRunning = async (queue: JobQueueStore) => {
    const active = new Set((await queue.active('transcribe')).map((row) => row.recordingId))
    const busy = ids.find((id) => active.has(id))
    if (busy) {
      throw new VocesError(
        'TRANSCRIPTION_RUNNING',
        `Recording ${busy} is already being transcribed. Wait for it, or cancel it first.`,
        {
          recordingId: busy,
        },
      )
    }
  }
  const inputs = ids.map((recordingId): z.input<typeof transcribeInput> => ({
    recordingId,
    language: request.language,
    modelFile: model.file,
    modelName: model.name,
    translate: request.translate,
    // The job's label in the tray: the runner names a job without reading storage.
    title: titles.get(recordingId),
    ...(request.windowSeconds ? { windowSeconds: request.windowSeconds } : {}),
  }))
  const queued = await voces.jobs.enqueueMany('transcribe', inputs, notRunning)
  const jobs = ids.map((recordingId, i) => ({ recordingId, jobId: queued[i]?.id ?? '' }))
  return { jobs }
}

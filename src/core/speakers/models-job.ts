import { z } from 'zod'
import { VocesError } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import type { JobContext } from '../jobs/runner.ts'
import { resolveModelsDir } from '../paths.ts'
import {
  checkSpeakerModel,
  downloadSpeakerModel,
  speakerModels,
  type SpeakerModel,
} from './models.ts'

/**
 * The neural speaker engine's models as a person gets them: listed with whether each is
 * installed and whole, and downloaded by one job through the runner (progress, cancel, resumed
 * where a download was cut off), into the models folder Whisper's models use. `VOCES_SPEAKER_MODELS_URL`
 * names a mirror holding the files under their own names, as `VOCES_MODELS_URL` does for Whisper.
 */
export const speakerModelsKind = 'speaker-models-download'
export const speakerModelsInput = z.object({}).default({})

export function speakerModelUrl(model: SpeakerModel, env: NodeJS.ProcessEnv = process.env): string {
  const mirror = env.VOCES_SPEAKER_MODELS_URL
  return mirror ? `${mirror.replace(/\/+$/, '')}/${model.file}` : model.url
}

export interface SpeakerModelState {
  file: string
  role: SpeakerModel['role']
  description: string
  installed: boolean
  /** Why an installed file cannot be used (damaged, changed); null when it can, or is absent. */
  problem: string | null
}

export async function speakerModelStates(): Promise<{ dir: string; models: SpeakerModelState[] }> {
  const dir = resolveModelsDir()
  const models = await Promise.all(
    speakerModels.map(async (model): Promise<SpeakerModelState> => {
      const base = { file: model.file, role: model.role, description: model.description }
      try {
        await checkSpeakerModel(dir, model)
        return { ...base, installed: true, problem: null }
      } catch (error) {
        if (error instanceof VocesError && error.code === 'SPEAKER_MODEL_MISSING')
          return { ...base, installed: false, problem: null }
        return { ...base, installed: true, problem: (error as Error).message }
      }
    }),
  )
  return { dir, models }
}

export async function downloadSpeakerModels(
  voces: CoreContext,
  ctx: JobContext<z.infer<typeof speakerModelsInput>>,
): Promise<{ downloaded: string[] }> {
  const dir = resolveModelsDir()
  const { models } = await speakerModelStates()
  const wanted = speakerModels.filter((model) => {
    const state = models.find((m) => m.file === model.file)
    return !state?.installed || state.problem !== null
  })
  const downloaded: string[] = []
  for (const [index, model] of wanted.entries()) {
    await downloadSpeakerModel(
      dir,
      { ...model, url: speakerModelUrl(model) },
      {
        signal: ctx.signal,
        onProgress: (received, total) =>
          ctx.progress((index + (total ? received / total : 0)) / wanted.length),
      },
    )
    downloaded.push(model.file)
    voces.log.info('speaker model downloaded', { model: model.file })
  }
  ctx.progress(1)
  return { downloaded }
}

/** The download job, or the one already under way. */
export async function startSpeakerModelsDownload(voces: CoreContext): Promise<{ jobId: string }> {
  const running = (await voces.jobs.list()).find(
    (job) => job.kind === speakerModelsKind && (job.state === 'queued' || job.state === 'running'),
  )
  return { jobId: running?.id ?? (await voces.jobs.enqueue(speakerModelsKind, {})).id }
}

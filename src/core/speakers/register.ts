import type { CoreContext } from '../context.ts'
import { detectAfterTranscription, detectInput, detectKind, runDetection } from './detect.ts'
import type { DetectInput, DetectResult } from './detect.ts'
import { downloadSpeakerModels, speakerModelsInput, speakerModelsKind } from './models-job.ts'

/** Speaker detection's job kind, and a detection queued after each transcription (0153). */
export function registerSpeakers(voces: CoreContext): void {
  voces.jobs.register<DetectInput, DetectResult>({
    kind: detectKind,
    input: detectInput,
    // Each engine reads one recording on one core; two at once leave the other core to the rest.
    concurrency: 1,
    label: (input) => input.title ?? input.recordingId,
    recordingId: (input) => input.recordingId,
    run: (ctx) => runDetection(voces, ctx),
  })
  voces.jobs.register({
    kind: speakerModelsKind,
    input: speakerModelsInput,
    concurrency: 1,
    // The subject only (decision 0082): the interface says what the job does.
    label: () => 'pyannote + WeSpeaker',
    run: (ctx) => downloadSpeakerModels(voces, ctx),
  })
  voces.jobs.on('job', (job) => {
    if (job.kind !== 'transcribe' || job.state !== 'succeeded' || !job.recordingId) return
    detectAfterTranscription(voces, job.recordingId).catch((error: unknown) =>
      voces.log.warn('speakers: not queued after transcription', {
        id: job.recordingId,
        error: String(error),
      }),
    )
  })
}

import { z } from 'zod'
import {
  VocesError,
  speakerEngineSchema,
  type SpeakerEngineChoice,
} from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import type { JobContext } from '../jobs/runner.ts'
import { requireTool } from '../media/ffmpeg.ts'
import type { JobQueueStore, LabelledTurn, LocalFile } from '../storage/ports.ts'
import { resolveModelsDir } from '../paths.ts'
import { checkSpeakerCount } from './count.ts'
import { similarity, voiceEmbedding, voiceEmbeddings } from './embedding.ts'
import { engineCandidates, type EngineSubject } from './engines/index.ts'
import type { SpeakerTurn } from './engines/types.ts'
import { checkSpeakerModel, speakerModels } from './models.ts'

/**
 * Speaker detection as a job (decision 0153): after transcription (the `detectSpeakers`
 * setting, on by default) and on demand, one job per recording through the one job runner, so
 * it has progress, can be cancelled, and starts again after a restart (it stores nothing until
 * it has every turn, so a run cut off is simply run again).
 */
export const detectKind = 'speakers-detect'

/** Under this much sound no engine can tell voices apart. */
export const shortestRecording = 3

/** A remembered voice is proposed at this similarity or more (decision 0155). */
export const proposalThreshold = 0.93

export const detectInput = z.object({
  recordingId: z.string().min(1),
  engine: speakerEngineSchema,
  speakers: z.number().int().optional(),
  replace: z.boolean(),
  /** Queued after a transcription: a recording a person corrected meanwhile is left alone. */
  afterTranscription: z.boolean().default(false),
  title: z.string().optional(),
})
export type DetectInput = z.infer<typeof detectInput>

export interface DetectResult {
  recordingId: string
  engine: string
  speakers: number
  turns: number
  segments: number
  /** Why nothing was stored (a job after transcription found the speakers corrected). */
  skipped: string | null
}

export function correctedRefusal(recordingId: string): VocesError {
  return new VocesError(
    'SPEAKERS_CORRECTED',
    `A person already named or moved the speakers of recording ${recordingId}. Detecting again would replace their work: confirm it (--replace) to go on.`,
    { recordingId },
  )
}

function tooShort(recordingId: string, seconds: number): VocesError {
  return new VocesError(
    'SPEAKERS_TOO_SHORT',
    `Recording ${recordingId} lasts ${seconds.toFixed(1)} s: speakers are told apart from ${shortestRecording} s of sound on.`,
    { recordingId, seconds: Number(seconds.toFixed(1)), minimum: shortestRecording },
  )
}

async function subjectOf(voces: CoreContext, recordingId: string): Promise<EngineSubject> {
  const recording = await voces.storage.recordings.require(recordingId)
  const ffmpeg = requireTool('ffmpeg', {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  })
  return { ffmpeg, channels: recording.channels, duration: recording.duration }
}

export interface StartDetection {
  recordingIds: string[]
  speakers?: number | undefined
  engine: SpeakerEngineChoice
  replace: boolean
}

/** Checks what a person can fix before anything is queued, then one job per recording. */
export async function startDetection(voces: CoreContext, request: StartDetection) {
  checkSpeakerCount(request.speakers)
  const ids = [...new Set(request.recordingIds)]
  const titles = new Map<string, string>()
  for (const id of ids) {
    const recording = await voces.storage.recordings.require(id)
    titles.set(id, recording.title)
    if (recording.duration < shortestRecording) throw tooShort(id, recording.duration)
    if (!request.replace && (await voces.storage.speakers.state(id)).corrected)
      throw correctedRefusal(id)
  }
  // A missing or damaged neural model is said now, not when the job runs.
  if (request.engine === 'neural')
    for (const model of speakerModels) await checkSpeakerModel(resolveModelsDir(), model)
  const notRunning = async (queue: JobQueueStore) => {
    const active = new Set((await queue.active(detectKind)).map((row) => row.recordingId))
    const busy = ids.find((id) => active.has(id))
    if (busy) {
      throw new VocesError(
        'SPEAKERS_RUNNING',
        `The speakers of recording ${busy} are already being detected. Wait for it, or cancel it first.`,
        { recordingId: busy },
      )
    }
  }
  const inputs = ids.map((recordingId): z.input<typeof detectInput> => ({
    recordingId,
    engine: request.engine,
    ...(request.speakers !== undefined ? { speakers: request.speakers } : {}),
    replace: request.replace,
    title: titles.get(recordingId),
  }))
  const queued = await voces.jobs.enqueueMany(detectKind, inputs, notRunning)
  return { jobs: ids.map((recordingId, i) => ({ recordingId, jobId: queued[i]?.id ?? '' })) }
}

/** Refuses a second detection job for a recording inside the enqueue's transaction. */
class AlreadyQueued extends Error {}

/**
 * After a transcription: a detection job when the setting is on and no person has corrected
 * the recording's speakers; nothing otherwise. Called by the runner's event and by the CLI,
 * which waits for it: whichever comes second gets the job the first queued.
 */
export async function detectAfterTranscription(voces: CoreContext, recordingId: string) {
  if (!(await voces.settings.get()).detectSpeakers) return null
  const recording = await voces.storage.recordings.get(recordingId)
  if (!recording || recording.duration < shortestRecording) return null
  if ((await voces.storage.speakers.state(recordingId)).corrected) return null
  const input: z.input<typeof detectInput> = {
    recordingId,
    engine: 'auto',
    replace: false,
    afterTranscription: true,
    title: recording.title,
  }
  try {
    return await voces.jobs.enqueue(detectKind, input, async (queue) => {
      if ((await queue.active(detectKind)).some((row) => row.recordingId === recordingId))
        throw new AlreadyQueued()
    })
  } catch (error) {
    if (!(error instanceof AlreadyQueued)) throw error
    const jobs = await voces.jobs.list()
    return (
      jobs.find(
        (job) =>
          job.kind === detectKind &&
          job.recordingId === recordingId &&
          (job.state === 'queued' || job.state === 'running'),
      ) ?? null
    )
  }
}

/** The original where FFmpeg can read it: the library's copy, else where the person keeps it. */
async function originalOf(voces: CoreContext, recordingId: string): Promise<LocalFile> {
  const files = await voces.storage.recordings.files(recordingId)
  if (files.storedPath) return voces.storage.media.localPath(files.storedPath)
  const recording = await voces.storage.recordings.require(recordingId)
  return { path: recording.path, release: async () => undefined }
}

const channelRefusals = new Set([
  'SPEAKERS_CHANNELS_NOT_STEREO',
  'SPEAKERS_CHANNELS_SAME_MIX',
  'SPEAKERS_CHANNELS_ONE_VOICE',
  'SPEAKERS_CHANNELS_COUNT',
])

export const labelOf = (speaker: number) => `Speaker ${speaker + 1}`

export async function runDetection(
  voces: CoreContext,
  ctx: JobContext<DetectInput>,
): Promise<DetectResult> {
  const { input } = ctx
  const subject = await subjectOf(voces, input.recordingId)
  const candidates = engineCandidates(input.engine, subject)
  const working = await voces.storage.media.localPath(
    (await voces.storage.recordings.files(input.recordingId)).workingAudio,
  )
  try {
    let found: { engine: string; turns: SpeakerTurn[] } | null = null
    for (const [index, candidate] of candidates.entries()) {
      const audio =
        candidate.audio === 'working' ? working : await originalOf(voces, input.recordingId)
      try {
        const turns = await candidate.engine.diarize(audio.path, {
          ...(input.speakers !== undefined ? { speakers: input.speakers } : {}),
          signal: ctx.signal,
          onProgress: (fraction) => ctx.progress(Math.min(0.9, fraction * 0.9)),
        })
        found = { engine: candidate.engine.id, turns }
        break
      } catch (error) {
        // `auto` goes on to the next engine when the channels do not hold one voice each.
        const refused = error instanceof VocesError && channelRefusals.has(error.code)
        if (!refused || input.engine !== 'auto' || index === candidates.length - 1) throw error
        voces.log.info('speakers: channels refused', {
          id: input.recordingId,
          reason: error.code,
        })
      } finally {
        if (audio !== working) await audio.release()
      }
    }
    if (!found || found.turns.length === 0) {
      throw new VocesError(
        'SPEAKERS_NO_SPEECH',
        `No speech was found in recording ${input.recordingId} (silence or music only), so no speakers were stored.`,
        { recordingId: input.recordingId },
      )
    }
    const turns: LabelledTurn[] = [...found.turns]
      .sort((a, b) => a.start - b.start)
      .map((turn) => ({ start: turn.start, end: turn.end, label: labelOf(turn.speaker) }))
    const proposals = await proposeNames(voces, working.path, found.turns, ctx.signal)
    if (ctx.signal.aborted) throw ctx.signal.reason
    const engine = found.engine
    const stored = await voces.storage.transaction(async (tx) => {
      // A person may have corrected the speakers while the engine ran.
      if (!input.replace && (await tx.speakers.state(input.recordingId)).corrected) {
        if (input.afterTranscription) return null
        throw correctedRefusal(input.recordingId)
      }
      const saved = await tx.speakers.saveDetection(input.recordingId, engine, turns)
      const ids = new Map(
        (await tx.speakers.voices(input.recordingId)).map((voice) => [voice.label, voice.id]),
      )
      await tx.speakers.setProposals(
        input.recordingId,
        proposals.flatMap((proposal) => {
          const speakerId = ids.get(labelOf(proposal.speaker))
          return speakerId === undefined ? [] : [{ ...proposal, speakerId }]
        }),
      )
      return saved
    })
    ctx.progress(1)
    if (!stored) {
      return {
        recordingId: input.recordingId,
        engine,
        speakers: 0,
        turns: 0,
        segments: 0,
        skipped: 'A person corrected the speakers while they were being detected.',
      }
    }
    voces.events.emit('library', { recordingId: input.recordingId, change: 'updated' })
    // Counts only: never a name, never a voice's data (decision 0155).
    voces.log.info('speakers detected', {
      id: input.recordingId,
      job: ctx.id,
      engine,
      speakers: stored.speakers,
      turns: turns.length,
      proposals: proposals.length,
    })
    return {
      recordingId: input.recordingId,
      engine,
      speakers: stored.speakers,
      turns: turns.length,
      segments: stored.segments,
      skipped: null,
    }
  } finally {
    await working.release()
  }
}

/**
 * Each remembered voice proposed for the one detected voice it is most like, when alike enough
 * (decision 0155). Nothing is read when no voice is remembered.
 */
async function proposeNames(
  voces: CoreContext,
  workingAudio: string,
  turns: readonly SpeakerTurn[],
  signal: AbortSignal,
): Promise<Array<{ speaker: number; profileId: number; similarity: number }>> {
  const profiles = await voces.storage.speakers.profileEmbeddings()
  if (profiles.length === 0) return []
  const embeddings = await voiceEmbeddings(workingAudio, turns, signal)
  const pairs = profiles.flatMap((profile) =>
    [...embeddings].map(([speaker, embedding]) => ({
      speaker,
      profileId: profile.id,
      similarity: Math.round(similarity(embedding, profile.embedding) * 1000) / 1000,
    })),
  )
  // Best pairs first; each voice and each profile used once.
  pairs.sort((a, b) => b.similarity - a.similarity)
  const usedSpeakers = new Set<number>()
  const usedProfiles = new Set<number>()
  const chosen: typeof pairs = []
  for (const pair of pairs) {
    if (pair.similarity < proposalThreshold) break
    if (usedSpeakers.has(pair.speaker) || usedProfiles.has(pair.profileId)) continue
    usedSpeakers.add(pair.speaker)
    usedProfiles.add(pair.profileId)
    chosen.push(pair)
  }
  return chosen
}

/** A voice's profile from its stretches in the working audio; refused when it holds no speech. */
export async function rememberVoice(
  voces: CoreContext,
  recordingId: string,
  speakerId: number,
  name: string,
  affiliation: string,
): Promise<void> {
  const stretches = await voces.storage.speakers.stretchesOf(speakerId)
  const working = await voces.storage.media.localPath(
    (await voces.storage.recordings.files(recordingId)).workingAudio,
  )
  try {
    const embedding = await voiceEmbedding(working.path, stretches)
    if (!embedding) {
      throw new VocesError(
        'VOICE_TOO_LITTLE_SPEECH',
        `There is too little speech of ${name} in this recording to remember the voice. Try a recording where they speak longer.`,
        { name },
      )
    }
    await voces.storage.speakers.saveProfile(name, affiliation, embedding)
  } finally {
    await working.release()
  }
}

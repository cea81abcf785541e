import { createRequire } from 'node:module'
import { VocesError } from '../../../shared/contract/index.ts'
import { CancelledError } from '../../errors.ts'
import { checkSpeakerCount } from '../count.ts'
import { checkSpeakerModel, speakerModels, type SpeakerModel } from '../models.ts'
import { openPcm } from './basic/audio.ts'
import type { DiarizationEngine, DiarizeOptions, SpeakerTurn } from './types.ts'

/** The part of sherpa-onnx-node Voces uses (the package ships JavaScript with JSDoc types only). */
interface SherpaSegment {
  start: number
  end: number
  speaker: number
}
interface SherpaDiarization {
  readonly sampleRate: number
  process(samples: Float32Array): SherpaSegment[]
}
export interface SherpaModule {
  OfflineSpeakerDiarization: new (config: {
    segmentation: { pyannote: { model: string }; numThreads?: number }
    embedding: { model: string; numThreads?: number }
    clustering: { numClusters: number; threshold: number }
    minDurationOn?: number
    minDurationOff?: number
  }) => SherpaDiarization
}

/**
 * sherpa-onnx-node, loaded when first needed (its native addon is a per-platform npm package):
 * a machine without it still runs the basic engine.
 */
export function loadSherpa(): SherpaModule {
  const name = 'sherpa-onnx-node'
  try {
    return createRequire(import.meta.url)(name) as SherpaModule
  } catch (error) {
    throw new VocesError(
      'SPEAKER_ENGINE_UNAVAILABLE',
      `The neural speaker engine cannot run here: sherpa-onnx-node did not load (${(error as Error).message.split('\n')[0]}). Use the basic speaker engine.`,
    )
  }
}

const modelFor = (role: SpeakerModel['role']) =>
  speakerModels.find((model) => model.role === role) as SpeakerModel

/**
 * The neural engine (docs/decisions/0151-neural-speaker-models.md): sherpa-onnx's offline
 * pipeline, pyannote segmentation-3.0 then a voice embedding per stretch and clustering, on
 * 16 kHz mono. Both model files are checked before ONNX Runtime reads them (it aborts the
 * process on a damaged file). The pipeline takes the whole recording at once and runs on this
 * thread: progress is 0 then 1, and a cancel is honoured before and after it.
 */
export class NeuralDiarizationEngine implements DiarizationEngine {
  readonly id = 'neural' as const
  private readonly modelsDir: string
  /** Cosine threshold of sherpa-onnx's clustering when the count is not given (its examples: 0.5). */
  private readonly threshold: number

  constructor(modelsDir: string, threshold = 0.5) {
    this.modelsDir = modelsDir
    this.threshold = threshold
  }

  /** Checks both models and builds the pipeline; throws a VocesError a person can act on. */
  async load(speakers?: number): Promise<SherpaDiarization> {
    const segmentation = await checkSpeakerModel(this.modelsDir, modelFor('segmentation'))
    const embedding = await checkSpeakerModel(this.modelsDir, modelFor('embedding'))
    const sherpa = loadSherpa()
    try {
      return new sherpa.OfflineSpeakerDiarization({
        segmentation: { pyannote: { model: segmentation }, numThreads: 2 },
        embedding: { model: embedding, numThreads: 2 },
        clustering: { numClusters: speakers ?? -1, threshold: this.threshold },
        minDurationOn: 0.2,
        minDurationOff: 0.5,
      })
    } catch {
      throw new VocesError(
        'SPEAKER_MODEL_CORRUPT',
        `The neural speaker models in ${this.modelsDir} could not be loaded together. Delete them and download them again, or use the basic speaker engine.`,
        { file: `${modelFor('segmentation').file}, ${modelFor('embedding').file}` },
      )
    }
  }

  async diarize(audioPath: string, options: DiarizeOptions = {}): Promise<SpeakerTurn[]> {
    const { signal, speakers } = options
    checkSpeakerCount(speakers)
    const pipeline = await this.load(speakers)
    if (signal?.aborted) throw new CancelledError()
    options.onProgress?.(0)
    const { source, close } = await openPcm(audioPath, signal)
    let samples: Float32Array
    try {
      samples = new Float32Array(source.samples)
      let at = 0
      await source.read((block) => {
        samples.set(block.subarray(0, Math.min(block.length, samples.length - at)), at)
        at += block.length
      }, signal)
    } finally {
      await close()
    }
    const segments = pipeline.process(samples)
    if (signal?.aborted) throw new CancelledError()
    options.onProgress?.(1)
    return renumber(segments)
  }
}

/** Sorted by start; voices renumbered 0… in order of first appearance. */
export function renumber(segments: readonly SherpaSegment[]): SpeakerTurn[] {
  const order = new Map<number, number>()
  return [...segments]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .filter((segment) => segment.end > segment.start)
    .map((segment) => {
      if (!order.has(segment.speaker)) order.set(segment.speaker, order.size)
      return {
        start: Math.round(segment.start * 1000) / 1000,
        end: Math.round(segment.end * 1000) / 1000,
        speaker: order.get(segment.speaker) as number,
      }
    })
}

import { CancelledError } from '../errors.ts'
import type { Timed } from './assign.ts'
import { openPcm } from './engines/basic/audio.ts'
import { cepstra, frameDb, Framer, framesPerSecond, Mfcc } from './engines/basic/features.ts'
import type { SpeakerTurn } from './engines/types.ts'

/*
 * A voice's embedding (decision 0155), from the basic engine's own features: the mean and spread
 * of its MFCCs c1…c18 over the voice's speech frames (c0, the loudness, left out: the same voice
 * nearer the microphone is the same voice). It finds the same voice again in recordings made
 * alike; it is not a speaker-recognition model, so a match is only ever proposed.
 */

/** At most this much of each voice is read: enough for its average, flat with the length. */
const mostSeconds = 60
/** Frames this far under the loudest of the voice's frames are pauses, not the voice. */
const pauseDb = 35
const kept = cepstra - 1
export const embeddingSize = kept * 2

/**
 * Each voice's embedding from its turns, in one pass over a 16 kHz mono file (the working
 * audio); a voice with fewer than a second of speech frames gets none. Unit length, so two
 * embeddings compare by their dot product.
 */
export async function voiceEmbeddings(
  audioPath: string,
  turns: readonly SpeakerTurn[],
  signal?: AbortSignal,
): Promise<Map<number, Float32Array>> {
  const sorted = [...turns].sort((a, b) => a.start - b.start)
  const frames = new Map<number, Array<{ db: number; c: Float64Array }>>()
  const mfcc = new Mfcc()
  let turn = 0
  const framer = new Framer((frame, index) => {
    const time = index / framesPerSecond
    while (turn < sorted.length && (sorted[turn]?.end ?? 0) <= time) turn++
    const current = sorted[turn]
    if (!current || current.start > time) return
    const list = frames.get(current.speaker) ?? []
    if (list.length >= mostSeconds * framesPerSecond) return
    const c = new Float64Array(cepstra)
    mfcc.compute(frame, c)
    list.push({ db: frameDb(frame), c })
    frames.set(current.speaker, list)
  })
  const { source, close } = await openPcm(audioPath, signal)
  try {
    await source.read((block) => framer.push(block), signal)
  } finally {
    await close()
  }
  if (signal?.aborted) throw new CancelledError()
  const embeddings = new Map<number, Float32Array>()
  for (const [speaker, list] of frames) {
    const loudest = Math.max(...list.map((frame) => frame.db))
    const speech = list.filter((frame) => frame.db > loudest - pauseDb)
    if (speech.length < framesPerSecond) continue
    const mean = new Float64Array(kept)
    const spread = new Float64Array(kept)
    for (const { c } of speech)
      for (let k = 0; k < kept; k++) mean[k] = (mean[k] ?? 0) + (c[k + 1] ?? 0) / speech.length
    for (const { c } of speech)
      for (let k = 0; k < kept; k++)
        spread[k] = (spread[k] ?? 0) + ((c[k + 1] ?? 0) - (mean[k] ?? 0)) ** 2 / speech.length
    const vector = new Float32Array(embeddingSize)
    for (let k = 0; k < kept; k++) {
      vector[k] = mean[k] ?? 0
      vector[kept + k] = Math.sqrt(spread[k] ?? 0)
    }
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1
    embeddings.set(
      speaker,
      vector.map((value) => value / norm),
    )
  }
  return embeddings
}

/** One voice's embedding from its stretches; null when they hold too little speech. */
export async function voiceEmbedding(
  audioPath: string,
  stretches: readonly Timed[],
  signal?: AbortSignal,
): Promise<Float32Array | null> {
  const turns = stretches.map((stretch) => ({ ...stretch, speaker: 0 }))
  return (await voiceEmbeddings(audioPath, turns, signal)).get(0) ?? null
}

/** Cosine similarity of two unit embeddings of the same size; 0 when they differ in size. */
export function similarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0
  let dot = 0
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0)
  return dot
}

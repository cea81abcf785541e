import type { SpeakerTurn } from '../types.ts'
import type { Analysis } from './analyse.ts'
import { averageLinkage, dot, embedding, partitionBic, standardiser } from './cluster.ts'
import { Stats } from './gaussian.ts'
import { compact, turnsOf, viterbi } from './resegment.ts'

export interface Tuning {
  /** Blocks either side of a block in its window (3: a 1.75 s window). */
  halfWindow: number
  /** Windows clustered at most (the rest are assigned): the table stays 400 × 400. */
  sample: number
  /** Voices tried when the count is not given. */
  most: number
  /** λ of the BIC that chooses the count: higher, fewer voices. */
  penalty: number
  /** Fraction of frames counted as independent in the BIC. */
  thin: number
  /** Cost of a change of voice, against cosine similarity per block. */
  switchCost: number
  /** A voice must hold at least this share of the speech to count when the count is guessed. */
  minShare: number
  /** Same-voice gaps bridged, seconds. */
  bridge: number
}

export const tuning: Tuning = {
  halfWindow: 3,
  sample: 400,
  most: 8,
  penalty: 1.45,
  thin: 0.1,
  switchCost: 1,
  minShare: 0.08,
  bridge: 0.5,
}

/** Blocks holding at least this many speech frames (of 25) take part in deciding voices. */
export const speechBlockFrames = 5

/**
 * Voices from the analysis (docs/decisions/0150-basic-diarization.md): a print per speech block
 * over a window around it, average-linkage clustering of a sample of prints, the count chosen by
 * BIC over the clusters (or given), then every block scored against each voice and a Viterbi
 * path through the scores, so turns are neither chopped nor swapped at a breath.
 */
export function decide(
  { speech, blocks, floor }: Analysis,
  speakers: number | undefined,
  settings: Tuning = tuning,
): SpeakerTurn[] {
  const spoken: number[] = []
  blocks.forEach((block, index) => {
    if (block.n >= speechBlockFrames) spoken.push(index)
  })
  if (spoken.length === 0) return []
  const print = (i: number) => windowPrint(blocks, spoken, floor, settings.halfWindow, i)
  const stride = Math.max(1, Math.ceil(spoken.length / settings.sample))
  const picked: number[] = []
  for (let i = Math.floor(stride / 2); i < spoken.length; i += stride) picked.push(i)
  const standard = standardiser(picked.map(print))
  const sample = picked.map((i) => standard(print(i)))
  const most = Math.min(speakers ?? settings.most, picked.length)
  const partitions = averageLinkage(sample, most)
  let chosen = speakers === undefined ? 0 : most - 1
  if (speakers === undefined) {
    let best = -Infinity
    partitions.forEach((labels, k) => {
      const parts = Array.from({ length: k + 1 }, () => new Stats())
      labels.forEach((label, p) => {
        // Each picked window stands for the blocks of its stride.
        const first = (picked[p] as number) - Math.floor(stride / 2)
        for (let i = Math.max(0, first); i < Math.min(spoken.length, first + stride); i++)
          (parts[label] as Stats).merge(blocks[spoken[i] as number] as Stats)
      })
      const score = partitionBic(parts, floor, settings.penalty, settings.thin)
      if (score > best) {
        best = score
        chosen = k
      }
    })
    // A "voice" holding a sliver of the speech is a cough, a laugh or a noise, not a person.
    while (
      chosen > 0 &&
      smallestShare(partitions[chosen] as number[], chosen + 1) < settings.minShare
    )
      chosen--
  }
  const labels = partitions[chosen] as number[]
  const voices = chosen + 1
  const centroids = Array.from({ length: voices }, () => new Float64Array(sample[0]?.length ?? 0))
  labels.forEach((label, p) => {
    const centroid = centroids[label] as Float64Array
    const vector = sample[p] as Float64Array
    for (let d = 0; d < centroid.length; d++)
      centroid[d] = (centroid[d] as number) + (vector[d] as number)
  })
  for (const centroid of centroids) {
    const length = Math.sqrt(dot(centroid, centroid)) || 1
    for (let d = 0; d < centroid.length; d++) centroid[d] = (centroid[d] as number) / length
  }
  // Every block is scored from its window's print, made when needed: no print of every block is kept.
  const scores = new Float64Array(spoken.length * voices)
  for (let i = 0; i < spoken.length; i++) {
    const vector = standard(print(i))
    for (let v = 0; v < voices; v++)
      scores[i * voices + v] = dot(vector, centroids[v] as Float64Array)
  }
  const path = viterbi(scores, voices, settings.switchCost)
  const perBlock = new Int32Array(blocks.length).fill(-1)
  spoken.forEach((block, i) => (perBlock[block] = path[i] as number))
  // A block with a little speech takes the voice of the nearest decided block before it.
  let last = -1
  blocks.forEach((block, index) => {
    if ((perBlock[index] as number) >= 0) last = perBlock[index] as number
    else if (block.n > 0 && last >= 0) perBlock[index] = last
  })
  return turnsOf(compact(perBlock), speech, settings.bridge)
}

/** The print of the `i`th speech block: the statistics of the speech blocks around it. */
function windowPrint(
  blocks: readonly Stats[],
  spoken: readonly number[],
  floor: Float64Array,
  half: number,
  i: number,
): Float64Array {
  const window = new Stats()
  for (let j = Math.max(0, i - half); j <= Math.min(spoken.length - 1, i + half); j++)
    window.merge(blocks[spoken[j] as number] as Stats)
  return embedding(window, floor)
}

function smallestShare(labels: readonly number[], voices: number): number {
  const counts = new Array<number>(voices).fill(0)
  for (const label of labels) counts[label] = (counts[label] as number) + 1
  return Math.min(...counts) / Math.max(1, labels.length)
}

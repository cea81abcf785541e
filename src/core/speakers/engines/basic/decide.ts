import type { SpeakerTurn } from '../types.ts'
import type { Analysis } from './analyse.ts'
import { averageLinkage, dot, embedding, partitionBic, standardiser } from './cluster.ts'
import { Stats, type BlockStats } from './gaussian.ts'
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
  /** Rounds of learning the voices again from the path and finding the path again. */
  refine: number
  /** A gap of at least this many blocks without speech (1: a quarter second) ends a window's reach. */
  pauseBlocks: number
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
  refine: 2,
  pauseBlocks: 1,
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
  for (let block = 0; block < blocks.length; block++)
    if (blocks.count(block) >= speechBlockFrames) spoken.push(block)
  if (spoken.length === 0) return []
  // Stretches of speech between pauses (`pauseBlocks` blocks or more): a window does not reach
  // across a pause, where one voice most often hands over to another (decision 0150: the DER of
  // the pyannote sample 0.09 → 0.06, of the built conversations at most 0.10 over ten builds).
  const stretch = new Int32Array(spoken.length)
  for (let i = 1; i < spoken.length; i++)
    stretch[i] =
      (stretch[i - 1] as number) +
      ((spoken[i] as number) - (spoken[i - 1] as number) > settings.pauseBlocks ? 1 : 0)
  const print = (i: number) => windowPrint(blocks, spoken, stretch, floor, settings.halfWindow, i)
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
          blocks.addTo(parts[label] as Stats, spoken[i] as number)
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
  const dims = sample[0]?.length ?? 0
  let centroids = centroidsOf(voices, dims, (add) =>
    labels.forEach((label, p) => add(label, sample[p] as Float64Array)),
  )
  // Every block is scored from its window's print, made when needed: no print of every block is
  // kept. The voices are then learnt again from every block the path gave them, and the path
  // found again: the sample's clusters only start the voices off.
  const scores = new Float64Array(spoken.length * voices)
  let path: Int32Array = new Int32Array(spoken.length)
  for (let round = 0; round <= settings.refine; round++) {
    if (round > 0) {
      const previous = path
      centroids = centroidsOf(voices, dims, (add) => {
        for (let i = 0; i < spoken.length; i++) add(previous[i] as number, standard(print(i)))
      })
    }
    for (let i = 0; i < spoken.length; i++) {
      const vector = standard(print(i))
      for (let v = 0; v < voices; v++)
        scores[i * voices + v] = dot(vector, centroids[v] as Float64Array)
    }
    path = viterbi(scores, voices, settings.switchCost)
  }
  const perBlock = new Int32Array(blocks.length).fill(-1)
  spoken.forEach((block, i) => (perBlock[block] = path[i] as number))
  // A block with a little speech takes the voice of the nearest decided block before it.
  let last = -1
  for (let index = 0; index < blocks.length; index++) {
    if ((perBlock[index] as number) >= 0) last = perBlock[index] as number
    else if (blocks.count(index) > 0 && last >= 0) perBlock[index] = last
  }
  return turnsOf(compact(perBlock), speech, settings.bridge)
}

/** Unit-length mean of the vectors given to each voice (a voice given none stays at zero). */
function centroidsOf(
  voices: number,
  dims: number,
  each: (add: (voice: number, vector: Float64Array) => void) => void,
): Float64Array[] {
  const centroids = Array.from({ length: voices }, () => new Float64Array(dims))
  each((voice, vector) => {
    const centroid = centroids[voice] as Float64Array
    for (let d = 0; d < dims; d++) centroid[d] = (centroid[d] as number) + (vector[d] as number)
  })
  for (const centroid of centroids) {
    const length = Math.sqrt(dot(centroid, centroid)) || 1
    for (let d = 0; d < dims; d++) centroid[d] = (centroid[d] as number) / length
  }
  return centroids
}

/** The print of the `i`th speech block: the statistics of the speech blocks around it. */
function windowPrint(
  blocks: BlockStats,
  spoken: readonly number[],
  stretch: Int32Array,
  floor: Float64Array,
  half: number,
  i: number,
): Float64Array {
  const window = new Stats()
  for (let j = Math.max(0, i - half); j <= Math.min(spoken.length - 1, i + half); j++)
    if (stretch[j] === stretch[i]) blocks.addTo(window, spoken[j] as number)
  return embedding(window, floor)
}

function smallestShare(labels: readonly number[], voices: number): number {
  const counts = new Array<number>(voices).fill(0)
  for (const label of labels) counts[label] = (counts[label] as number) + 1
  return Math.min(...counts) / Math.max(1, labels.length)
}

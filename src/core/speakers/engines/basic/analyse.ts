import type { PcmSource } from './audio.ts'
import { cepstra, frameDb, Framer, framesPerSecond, Mfcc } from './features.ts'
import { BlockStats, Stats } from './gaussian.ts'

/** Frames per block: a quarter second, the finest step at which a voice is decided. */
export const framesPerBlock = 25

/** Below this a frame is silence whatever the recording (−55 dBFS: a quiet room, far from a mic). */
const absoluteFloorDb = -55

export interface Analysis {
  /** 1 for each 10 ms frame judged speech. */
  speech: Uint8Array
  /** Statistics of the speech frames in each block (block i: frames i·25 … i·25+24). */
  blocks: BlockStats
  /** Per-coefficient variance floor (a hundredth of the recording's speech variance). */
  floor: Float64Array
}

function percentile(sorted: Float32Array, fraction: number): number {
  if (sorted.length === 0) return -120
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number
}

/**
 * Speech activity from frame energy, against the recording's own noise floor and speech level
 * (a quiet phone line and a loud room alike), then smoothed: gaps under 0.2 s inside speech are
 * speech, bursts under 0.1 s are not. The noise floor is the quietest 2 % of frames: a lively
 * conversation may have little silence, and a higher percentile there lands in speech (decision
 * 0150: with turns abutting, 10 % missed up to 8 s of speech in 100 s).
 */
export function speechFrames(db: Float32Array): Uint8Array {
  const speech = new Uint8Array(db.length)
  const sorted = Float32Array.from(db).sort()
  const floor = percentile(sorted, 0.02)
  const top = percentile(sorted, 0.95)
  if (top < absoluteFloorDb) return speech
  const threshold = Math.max(absoluteFloorDb, floor + Math.max(6, 0.3 * (top - floor)))
  for (let i = 0; i < db.length; i++) speech[i] = (db[i] as number) > threshold ? 1 : 0
  fillRuns(speech, 0, 20)
  fillRuns(speech, 1, 10)
  return speech
}

/** Turns runs of `value` shorter than `shortest` frames into the other value. */
function fillRuns(mask: Uint8Array, value: number, shortest: number): void {
  let start = -1
  for (let i = 0; i <= mask.length; i++) {
    const here = i < mask.length ? mask[i] : -1
    if (here === value && start < 0) start = i
    else if (here !== value && start >= 0) {
      const inside = start > 0 && i < mask.length
      if (i - start < shortest && (value === 1 || inside)) mask.fill(1 - value, start, i)
      start = -1
    }
  }
}

/**
 * Two passes over the audio, each a block at a time: energies (for speech activity), then MFCCs
 * of the speech frames, summed per block. Nothing frame by frame survives the second pass.
 */
export async function analyse(
  source: PcmSource,
  signal: AbortSignal | undefined,
  progress: (fraction: number) => void,
): Promise<Analysis> {
  const frames = Math.max(0, Math.floor((source.samples - 400) / 160) + 1)
  const db = new Float32Array(frames)
  let done = 0
  const energy = new Framer((frame, index) => {
    if (index < frames) db[index] = frameDb(frame)
  })
  await source.read((block) => {
    energy.push(block)
    done += block.length
    progress((0.4 * done) / Math.max(1, source.samples))
  }, signal)
  const speech = speechFrames(db)

  const blocks = new BlockStats(Math.ceil(frames / framesPerBlock))
  const mfcc = new Mfcc()
  const vector = new Float64Array(cepstra)
  done = 0
  const framer = new Framer((frame, index) => {
    if (index >= frames || !speech[index]) return
    mfcc.compute(frame, vector)
    blocks.add(Math.floor(index / framesPerBlock), vector)
  })
  await source.read((block) => {
    framer.push(block)
    done += block.length
    progress(0.4 + (0.5 * done) / Math.max(1, source.samples))
  }, signal)
  const all = new Stats()
  for (let block = 0; block < blocks.length; block++) blocks.addTo(all, block)
  const floor = new Float64Array(cepstra).fill(1e-6)
  if (all.n > 0)
    for (let d = 0; d < cepstra; d++) floor[d] = Math.max(1e-6, all.variance(d, floor) / 100)
  return { speech, blocks, floor }
}

export const blockSeconds = framesPerBlock / framesPerSecond

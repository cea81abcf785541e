import type { Timed } from './assign.ts'
import { readPcm } from './pcm.ts'

/*
 * TO BE REPLACED by the basic engine's embedding function (decision 0155) once it is merged:
 * a voice's embedding here is a simple spectral one, the mean and spread of the log energy of
 * 24 mel bands over the voice's speech frames, the recording's loudness taken out. It is enough to
 * find the same voice again in recordings made alike; it is not a speaker-recognition model.
 */

const rate = 16_000
const fftSize = 512
const hop = 256
const bands = 24
/** At most this much of a voice is read: its longest turns first. */
const mostSeconds = 60

export const embeddingSize = bands * 2

function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      ;[re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0]
      ;[im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0]
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const cos = Math.cos(angle * k)
        const sin = Math.sin(angle * k)
        const a = start + k
        const b = a + size / 2
        const tre = (re[b] ?? 0) * cos - (im[b] ?? 0) * sin
        const tim = (re[b] ?? 0) * sin + (im[b] ?? 0) * cos
        re[b] = (re[a] ?? 0) - tre
        im[b] = (im[a] ?? 0) - tim
        re[a] = (re[a] ?? 0) + tre
        im[a] = (im[a] ?? 0) + tim
      }
    }
  }
}

const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700)
const bandEdges = Array.from({ length: bands + 1 }, (_, i) => {
  const m = mel(80) + ((mel(7600) - mel(80)) * i) / bands
  return Math.round((700 * (10 ** (m / 2595) - 1) * fftSize) / rate)
})

/** Log band energies of each speech frame of `samples`, appended to `frames`. */
function bandFrames(samples: Float32Array, frames: Float64Array[]): void {
  const re = new Float64Array(fftSize)
  const im = new Float64Array(fftSize)
  for (let start = 0; start + fftSize <= samples.length; start += hop) {
    let energy = 0
    for (let i = 0; i < fftSize; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (fftSize - 1))
      const s = samples[start + i] ?? 0
      energy += s * s
      re[i] = s * w
      im[i] = 0
    }
    // Below about -50 dBFS a frame is a pause, not the voice.
    if (energy / fftSize < 1e-5) continue
    fft(re, im)
    const frame = new Float64Array(bands)
    for (let b = 0; b < bands; b++) {
      let sum = 0
      const from = bandEdges[b] ?? 0
      const to = Math.max(from + 1, bandEdges[b + 1] ?? from + 1)
      for (let k = from; k < to; k++) sum += (re[k] ?? 0) ** 2 + (im[k] ?? 0) ** 2
      frame[b] = Math.log(sum / (to - from) + 1e-10)
    }
    frames.push(frame)
  }
}

/**
 * A voice's embedding from its turns in a 16 kHz mono file; null when its turns hold no speech
 * frames. Unit length, so two embeddings compare by their dot product.
 */
export async function voiceEmbedding(
  ffmpeg: string,
  audioPath: string,
  turns: readonly Timed[],
  signal?: AbortSignal,
): Promise<Float32Array | null> {
  const frames: Float64Array[] = []
  let seconds = 0
  for (const turn of [...turns].sort((a, b) => b.end - b.start - (a.end - a.start))) {
    if (seconds >= mostSeconds) break
    const length = Math.min(turn.end - turn.start, mostSeconds - seconds)
    seconds += length
    const samples: Float32Array[] = []
    await readPcm(
      { ffmpeg, file: audioPath, channels: 1, rate, from: turn.start, seconds: length, signal },
      (block) => samples.push(block),
    )
    const all = new Float32Array(samples.reduce((n, block) => n + block.length, 0))
    let at = 0
    for (const block of samples) {
      all.set(block, at)
      at += block.length
    }
    bandFrames(all, frames)
  }
  if (frames.length < 10) return null
  const mean = new Float64Array(bands)
  const spread = new Float64Array(bands)
  for (const frame of frames)
    for (let b = 0; b < bands; b++) mean[b] = (mean[b] ?? 0) + (frame[b] ?? 0) / frames.length
  for (const frame of frames)
    for (let b = 0; b < bands; b++)
      spread[b] = (spread[b] ?? 0) + ((frame[b] ?? 0) - (mean[b] ?? 0)) ** 2 / frames.length
  // The shape of the spectrum, not its loudness: each band against the bands' average.
  const level = mean.reduce((sum, value) => sum + value, 0) / bands
  const vector = new Float32Array(embeddingSize)
  for (let b = 0; b < bands; b++) {
    vector[b] = (mean[b] ?? 0) - level
    vector[bands + b] = Math.sqrt(spread[b] ?? 0)
  }
  const centre = vector.reduce((sum, value) => sum + value, 0) / vector.length
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) - centre
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1
  return vector.map((value) => value / norm)
}

/** Cosine similarity of two unit embeddings of the same size; 0 when they differ in size. */
export function similarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0
  let dot = 0
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0)
  return dot
}

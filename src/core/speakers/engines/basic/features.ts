import { sampleRate } from './audio.ts'

/** 25 ms frames every 10 ms: the usual analysis for speech. */
export const frameLength = 400
export const frameHop = 160
export const framesPerSecond = sampleRate / frameHop
const fftSize = 512
const melBands = 32
/**
 * Cepstral coefficients kept: c0…c18. c0 is the frame's loudness: on one telephone line it tells
 * the near voice from the far one (decision 0150: DER on the pyannote sample 0.27 without it, 0.09
 * with it).
 */
export const cepstra = 19

/** Cuts a stream of sample blocks into overlapping frames, in order, without copying the stream. */
export class Framer {
  private readonly buffer = new Float32Array(frameLength)
  private filled = 0
  private index = 0
  private readonly onFrame: (frame: Float32Array, index: number) => void
  constructor(onFrame: (frame: Float32Array, index: number) => void) {
    this.onFrame = onFrame
  }
  push(block: Float32Array): void {
    let at = 0
    while (at < block.length) {
      const take = Math.min(frameLength - this.filled, block.length - at)
      this.buffer.set(block.subarray(at, at + take), this.filled)
      this.filled += take
      at += take
      if (this.filled === frameLength) {
        this.onFrame(this.buffer, this.index++)
        this.buffer.copyWithin(0, frameHop)
        this.filled = frameLength - frameHop
      }
    }
  }
}

/** Frame energy in dB relative to full scale (a digital zero reads −120). */
export function frameDb(frame: Float32Array): number {
  let sum = 0
  let mean = 0
  for (let i = 0; i < frame.length; i++) mean += frame[i] as number
  mean /= frame.length
  for (let i = 0; i < frame.length; i++) {
    const value = (frame[i] as number) - mean
    sum += value * value
  }
  return 10 * Math.log10(sum / frame.length + 1e-12)
}

/** In-place radix-2 FFT of (re, im), length a power of two. */
function fft(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      const r = re[i] as number
      re[i] = re[j] as number
      re[j] = r
      const m = im[i] as number
      im[i] = im[j] as number
      im[j] = m
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1
    const step = n / size
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const c = cos[k * step] as number
        const s = sin[k * step] as number
        const a = start + k
        const b = a + half
        const br = re[b] as number
        const bi = im[b] as number
        const tr = br * c + bi * s
        const ti = bi * c - br * s
        re[b] = (re[a] as number) - tr
        im[b] = (im[a] as number) - ti
        re[a] = (re[a] as number) + tr
        im[a] = (im[a] as number) + ti
      }
    }
  }
}

const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700)
const hertz = (m: number) => 700 * (10 ** (m / 2595) - 1)

/** MFCC of one frame: pre-emphasis, Hamming window, power spectrum, mel bands, DCT-II. */
export class Mfcc {
  private readonly window = new Float64Array(frameLength)
  private readonly cos = new Float64Array(fftSize / 2)
  private readonly sin = new Float64Array(fftSize / 2)
  private readonly re = new Float64Array(fftSize)
  private readonly im = new Float64Array(fftSize)
  private readonly filters: Array<{ first: number; weights: Float64Array }> = []
  private readonly bands = new Float64Array(melBands)
  private readonly dct: Float64Array[] = []

  constructor() {
    for (let i = 0; i < frameLength; i++)
      this.window[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (frameLength - 1))
    for (let k = 0; k < fftSize / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / fftSize)
      this.sin[k] = Math.sin((2 * Math.PI * k) / fftSize)
    }
    // Triangular mel filters from 60 Hz to 7,600 Hz.
    const low = mel(60)
    const high = mel(7600)
    const edges = Array.from({ length: melBands + 2 }, (_, i) =>
      Math.round((hertz(low + ((high - low) * i) / (melBands + 1)) * fftSize) / sampleRate),
    )
    for (let b = 0; b < melBands; b++) {
      const left = edges[b] as number
      const centre = Math.max(left + 1, edges[b + 1] as number)
      const right = Math.max(centre + 1, edges[b + 2] as number)
      const weights = new Float64Array(right - left + 1)
      for (let k = left; k <= right; k++)
        weights[k - left] =
          k <= centre ? (k - left) / (centre - left) : Math.max(0, (right - k) / (right - centre))
      this.filters.push({ first: left, weights })
    }
    for (let c = 0; c < cepstra; c++) {
      const row = new Float64Array(melBands)
      for (let b = 0; b < melBands; b++)
        row[b] = Math.cos((Math.PI * c * (b + 0.5)) / melBands) * Math.sqrt(2 / melBands)
      this.dct.push(row)
    }
  }

  /** Writes the frame's `cepstra` coefficients into `out`. */
  compute(frame: Float32Array, out: Float64Array): void {
    const { re, im } = this
    let previous = frame[0] as number
    for (let i = 0; i < frameLength; i++) {
      const sample = frame[i] as number
      re[i] = (sample - 0.97 * previous) * (this.window[i] as number)
      previous = sample
      im[i] = 0
    }
    re.fill(0, frameLength)
    im.fill(0, frameLength)
    fft(re, im, this.cos, this.sin)
    for (let b = 0; b < melBands; b++) {
      const { first, weights } = this.filters[b] as { first: number; weights: Float64Array }
      let energy = 0
      for (let k = 0; k < weights.length; k++) {
        const r = re[first + k] as number
        const m = im[first + k] as number
        energy += (weights[k] as number) * (r * r + m * m)
      }
      this.bands[b] = Math.log(energy + 1e-10)
    }
    for (let c = 0; c < cepstra; c++) {
      const row = this.dct[c] as Float64Array
      let sum = 0
      for (let b = 0; b < melBands; b++) sum += (row[b] as number) * (this.bands[b] as number)
      out[c] = sum
    }
  }
}

import { cepstra } from './features.ts'

/**
 * Sufficient statistics of a stretch of frames (count, sum and sum of squares per coefficient):
 * what the engine keeps of the audio, a few hundred bytes per quarter second, instead of frames.
 */
export class Stats {
  n = 0
  readonly sum = new Float64Array(cepstra)
  readonly squares = new Float64Array(cepstra)

  add(vector: Float64Array): void {
    this.n++
    for (let d = 0; d < cepstra; d++) {
      const value = vector[d] as number
      this.sum[d] = (this.sum[d] as number) + value
      this.squares[d] = (this.squares[d] as number) + value * value
    }
  }

  clear(): this {
    this.n = 0
    this.sum.fill(0)
    this.squares.fill(0)
    return this
  }

  merge(other: Stats): this {
    this.n += other.n
    for (let d = 0; d < cepstra; d++) {
      this.sum[d] = (this.sum[d] as number) + (other.sum[d] as number)
      this.squares[d] = (this.squares[d] as number) + (other.squares[d] as number)
    }
    return this
  }

  static of(parts: Iterable<Stats>): Stats {
    const total = new Stats()
    for (const part of parts) total.merge(part)
    return total
  }

  /** Sum of log variances (the log-determinant of a diagonal covariance). */
  logDet(floor: Float64Array): number {
    let sum = 0
    for (let d = 0; d < cepstra; d++) sum += Math.log(this.variance(d, floor))
    return sum
  }

  mean(d: number): number {
    return this.n > 0 ? (this.sum[d] as number) / this.n : 0
  }

  variance(d: number, floor: Float64Array): number {
    if (this.n === 0) return floor[d] as number
    const mean = (this.sum[d] as number) / this.n
    return Math.max(floor[d] as number, (this.squares[d] as number) / this.n - mean * mean)
  }
}

/**
 * The statistics of every block of a recording in one array (count, sums, sums of squares per
 * block): 312 bytes a quarter second, 4.5 MB for an hour, and nothing for the collector to chase.
 */
export class BlockStats {
  readonly length: number
  private readonly data: Float64Array
  private static readonly stride = 1 + 2 * cepstra

  constructor(length: number) {
    this.length = length
    this.data = new Float64Array(length * BlockStats.stride)
  }

  count(block: number): number {
    return this.data[block * BlockStats.stride] as number
  }

  add(block: number, vector: Float64Array): void {
    const at = block * BlockStats.stride
    const data = this.data
    data[at] = (data[at] as number) + 1
    for (let d = 0; d < cepstra; d++) {
      const value = vector[d] as number
      data[at + 1 + d] = (data[at + 1 + d] as number) + value
      data[at + 1 + cepstra + d] = (data[at + 1 + cepstra + d] as number) + value * value
    }
  }

  /** Adds block `block` into `target`. */
  addTo(target: Stats, block: number): void {
    const at = block * BlockStats.stride
    const data = this.data
    target.n += data[at] as number
    for (let d = 0; d < cepstra; d++) {
      target.sum[d] = (target.sum[d] as number) + (data[at + 1 + d] as number)
      target.squares[d] = (target.squares[d] as number) + (data[at + 1 + cepstra + d] as number)
    }
  }
}

/** Log-likelihood of a stretch's frames under a diagonal Gaussian with the model's mean and variance. */
export function logLikelihood(block: Stats, model: Stats, floor: Float64Array): number {
  if (block.n === 0) return 0
  let sum = 0
  for (let d = 0; d < cepstra; d++) {
    const mean = model.mean(d)
    const variance = model.variance(d, floor)
    const squares =
      (block.squares[d] as number) - 2 * mean * (block.sum[d] as number) + block.n * mean * mean
    sum += block.n * Math.log(2 * Math.PI * variance) + squares / variance
  }
  return -0.5 * sum
}

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

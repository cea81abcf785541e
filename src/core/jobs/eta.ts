/**
 * Time left from progress samples. Says nothing until the speed has been measured over at least
 * `minSeconds` and `minProgress`, because an early guess jumps about (Kap does the same).
 */
export class EtaEstimator {
  private start: { time: number; progress: number } | null = null
  private readonly minSeconds: number
  private readonly minProgress: number
  constructor(minSeconds = 2, minProgress = 0.02) {
    this.minSeconds = minSeconds
    this.minProgress = minProgress
  }

  sample(progress: number, now: number): number | null {
    if (!this.start) {
      this.start = { time: now, progress }
      return null
    }
    const elapsed = (now - this.start.time) / 1000
    const done = progress - this.start.progress
    if (elapsed < this.minSeconds || done < this.minProgress) return null
    const rate = done / elapsed
    return Math.max(0, (1 - progress) / rate)
  }
}

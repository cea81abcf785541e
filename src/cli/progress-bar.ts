import type { Job } from '../shared/contract/index.ts'
import type { CliIo } from './command.ts'
import { formatDuration } from './command.ts'

/**
 * Progress bars on a terminal, one line per job, redrawn in place. Off a terminal (or with
 * --json) nothing is drawn: scripts get a clean stdout.
 */
export class ProgressBars {
  private readonly io: CliIo
  private readonly enabled: boolean
  private readonly jobs = new Map<string, Job>()
  private drawnLines = 0
  constructor(io: CliIo, enabled: boolean) {
    this.io = io
    this.enabled = enabled && io.stderr.isTTY === true
  }

  update(job: Job): void {
    if (!this.enabled) return
    this.jobs.set(job.id, job)
    this.draw()
  }

  private draw(): void {
    const width = 30
    const lines = [...this.jobs.values()].map((job) => {
      const filled = Math.round(job.progress * width)
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
      const pct = `${Math.round(job.progress * 100)}%`.padStart(4)
      const eta =
        job.eta !== null && job.state === 'running' ? ` ${formatDuration(job.eta)} left` : ''
      const state = job.state === 'running' || job.state === 'queued' ? '' : ` ${job.state}`
      return `${bar} ${pct}${eta}${state}  ${job.label}`.slice(0, 160)
    })
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : ''
    this.io.stderr.write(up + lines.map((line) => `\x1b[2K${line}\n`).join(''))
    this.drawnLines = lines.length
  }
}

import { execFileSync } from 'node:child_process'
import type { Job } from '../../src/shared/contract/index.ts'
import type { Voces } from '../../src/core/voces.ts'

/** Makes a test input with the real FFmpeg (lavfi sources: reproducible, no files needed). */
export function ffmpegMake(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...args], { stdio: 'pipe' })
}

/** Ingests one path and waits for its job. */
export async function ingestOne(voces: Voces, file: string): Promise<Job> {
  const started = await import('../../src/core/media/ingest.ts').then(({ startIngest }) =>
    startIngest(voces, [file]),
  )
  const job = started.jobs[0]
  if (!job) throw new Error(`nothing queued for ${file}: ${JSON.stringify(started.skipped)}`)
  return voces.jobs.waitFor(job.jobId)
}

export function recordingIdOf(job: Job): string {
  const id = (job.result as { recordingId?: string } | null)?.recordingId
  if (!id) throw new Error(`job ${job.id} ${job.state}: ${JSON.stringify(job.error)}`)
  return id
}

import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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

/**
 * Peak level (dBFS) of a stretch of a file's first audio stream, by FFmpeg's volumedetect. It
 * reports 16-bit digital silence as -91 dB (its floor); -Infinity when it reports -inf.
 */
export function maxVolume(file: string, start: number, duration: number): number {
  const args = ['-hide_banner', '-nostats', '-ss', String(start), '-t', String(duration)]
  // volumedetect writes its figures to stderr, at the end of a successful run.
  const out = spawnSync('ffmpeg', [...args, '-i', file, '-af', 'volumedetect', '-f', 'null', '-'], {
    encoding: 'utf8',
  }).stderr
  const value = /max_volume: (-?[\d.]+|-inf) dB/.exec(out)?.[1]
  if (value === undefined) throw new Error(`volumedetect reported nothing for ${file}`)
  return value === '-inf' ? -Infinity : Number(value)
}

/** volumedetect's reading of 16-bit digital silence. */
export const digitalSilence = -91

/** The turns of a recording's `.stm` file beside it (NIST STM: file, channel, speaker, start, end, words). */
export function stmTurns(
  wav: string,
): Array<{ speaker: string; start: number; end: number; text: string }> {
  return readFileSync(wav.replace(/\.wav$/, '.stm'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, , speaker = '', start = '0', end = '0', ...words] = line.split(' ')
      return { speaker, start: Number(start), end: Number(end), text: words.join(' ') }
    })
}

// What the benchmarks share: the test media, FFmpeg run bare and timed, an hour of real speech
// as a recorder gives it, and the bare podcast encode every export figure is compared with.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startIngest } from '../src/core/media/ingest.ts'
import type { Voces } from '../src/core/voces.ts'

export const media = fileURLToPath(new URL('../../shared/media', import.meta.url))

export const ffmpeg = (args: string[]) =>
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })

/** Seconds a synchronous step takes. */
export function timed(fn: () => void): number {
  const started = performance.now()
  fn()
  return (performance.now() - started) / 1000
}

/** An hour of real speech (a minute looped) as a 44.1 kHz stereo WAV from the recorder. */
export function hourOfSpeech(file: string): string {
  return minutesOfSpeech(file, 60)
}

/** `minutes` of real speech (a minute looped) as a 44.1 kHz stereo WAV from the recorder. */
export function minutesOfSpeech(file: string, minutes: number): string {
  ffmpeg(
    [
      '-stream_loop',
      String(minutes - 1),
      '-i',
      path.join(media, 'en', 'silero_vad_en_60s.wav'),
    ].concat(['-ac', '2', '-ar', '44100', file]),
  )
  return file
}

/** Ingests one file with consent given, for exports; its recording id. */
export async function ingestGiven(voces: Voces, file: string): Promise<string> {
  const { jobs } = await startIngest(voces, [file])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  const id = (job.result as { recordingId?: string } | null)?.recordingId
  if (!id) throw new Error(`ingest failed: ${job.error?.message}`)
  await voces.storage.recordings.update(id, { consentStatus: 'given' })
  return id
}

/**
 * The bare FFmpeg commands a podcast export does the work of: measure the loudness (EBU R128 with
 * true peak), then one encode with the gain, the 4x-oversampled limiter and 128 kb/s MP3.
 */
export function bareLoudPodcast(input: string, output: string): number {
  return (
    timed(() => ffmpeg(['-i', input, '-af', 'ebur128=peak=true', '-f', 'null', '-'])) +
    timed(() =>
      ffmpeg([
        '-i',
        input,
        '-af',
        'volume=7dB,aresample=192000,alimiter=limit=0.7943:attack=5:release=50:level=false,aresample=44100',
        '-c:a',
        'libmp3lame',
        '-b:a',
        '128k',
        '-y',
        output,
      ]),
    )
  )
}

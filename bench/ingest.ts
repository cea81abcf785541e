// Ingest speed: multiples of real time, and the ratio to a bare `ffmpeg -i FILE -ac 1 -ar 16000
// out.wav` on the same file in the same run (the target, decision 0005: at most 1.3x).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startIngest } from '../src/core/media/ingest.ts'
import { Voces } from '../src/core/voces.ts'

const media = fileURLToPath(new URL('../../shared/media', import.meta.url))
const runs = 3

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

function bareDecode(file: string, out: string): number {
  const started = performance.now()
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', file, '-ac', '1', '-ar', '16000', out])
  return (performance.now() - started) / 1000
}

async function voicesIngest(
  file: string,
  scratch: string,
): Promise<{ seconds: number; duration: number }> {
  const libraryDir = mkdtempSync(path.join(scratch, 'library-'))
  const voces = new Voces({ libraryDir })
  try {
    const started = performance.now()
    const { jobs } = await startIngest(voces, [file])
    const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
    const seconds = (performance.now() - started) / 1000
    if (job.state !== 'succeeded') throw new Error(`ingest ${job.state}: ${job.error?.message}`)
    return { seconds, duration: (await voces.storage.recordings.list())[0]?.duration ?? NaN }
  } finally {
    await voces.close()
    rmSync(libraryDir, { recursive: true, force: true })
  }
}

export async function benchIngest() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-ingest-'))
  try {
    // An hour-long interview as a podcast producer gets it: 128 kb/s stereo MP3, real speech looped.
    const hour = path.join(scratch, 'one hour interview.mp3')
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-stream_loop',
      '59',
      '-i',
      path.join(media, 'en', 'silero_vad_en_60s.wav'),
      '-ac',
      '2',
      '-ar',
      '44100',
      '-c:a',
      'libmp3lame',
      '-b:a',
      '128k',
      hour,
    ])
    const inputs = [
      path.join(media, 'en', 'jfk.wav'),
      path.join(media, 'video', 'whisperx_sample01.mp4'),
      path.join(media, 'video', 'whishper_30sec.webm'),
      hour,
    ]
    const files = []
    for (const file of inputs) {
      const bare: number[] = []
      const ours: number[] = []
      let duration = NaN
      for (let i = 0; i < runs; i++) {
        bare.push(bareDecode(file, path.join(scratch, 'bare.wav')))
        const result = await voicesIngest(file, scratch)
        ours.push(result.seconds)
        duration = result.duration
      }
      const ingestSeconds = median(ours)
      const bareSeconds = median(bare)
      files.push({
        file: path.basename(file),
        duration,
        bareDecodeSeconds: bareSeconds,
        ingestSeconds,
        ingestTimesRealTime: duration / ingestSeconds,
        ratioToBareDecode: ingestSeconds / bareSeconds,
      })
    }
    const longest = files.at(-1)
    return {
      runs,
      target: { ratioToBareDecode: 1.3 },
      files,
      met: longest ? longest.ratioToBareDecode <= 1.3 : false,
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

// Transcription cost: Voces' whole transcription job (windows cut at silences, one whisper-cli
// process per window, checkpoints, storage) against whisper-cli called directly on the same file
// with the same model and threads: `whisper-cli -m MODEL -f FILE -t N -l en` (the target: at
// most 1.05x, the job's own work next to nothing). Real-time factor per model, peak memory of
// the engine, and word error rate when a real model is present. Weightless test models cost what
// the real ones do to encode, but decode no text, so their WER is not reported.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startIngest } from '../src/core/media/ingest.ts'
import { requireWhisperCli } from '../src/core/transcription/binary.ts'
import { defaultThreads } from '../src/core/transcription/engine.ts'
import { startTranscription } from '../src/core/transcription/register.ts'
import { Voces } from '../src/core/voces.ts'

const shared = fileURLToPath(new URL('../../shared', import.meta.url))
const minutes = Number(process.env.VOCES_BENCH_MINUTES ?? 45)
const runs = Number(process.env.VOCES_BENCH_RUNS ?? 1)
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

/** Seconds and peak resident memory (MiB, from GNU time) of one bare whisper-cli run. */
function bare(
  binary: string,
  model: string,
  file: string,
  threads: number,
): { seconds: number; peakMiB: number | null } {
  const args = ['-m', model, '-f', file, '-t', String(threads), '-l', 'en']
  const timer = existsSync('/usr/bin/time')
  const started = performance.now()
  const result = timer
    ? spawnSync('/usr/bin/time', ['-f', 'VOCES_MAXRSS_KB=%M', binary, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      })
    : spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 28 })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`whisper-cli failed: ${result.stderr.slice(-500)}`)
  const kb = /VOCES_MAXRSS_KB=(\d+)/.exec(result.stderr)?.[1]
  return { seconds, peakMiB: kb ? Math.round(Number(kb) / 1024) : null }
}

async function vocesJob(
  voces: Voces,
  recordingId: string,
  model: string,
): Promise<{ seconds: number; windows: number }> {
  const started = performance.now()
  const { jobs } = await startTranscription(voces, {
    recordingIds: [recordingId],
    language: 'en',
    model,
    translate: false,
  })
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  if (job.state !== 'succeeded')
    throw new Error(`transcription ${job.state}: ${job.error?.message}`)
  return {
    seconds: (performance.now() - started) / 1000,
    windows: (job.result as { windows: number }).windows,
  }
}

export async function benchTranscription() {
  const binary = requireWhisperCli()
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-transcription-'))
  const threads = defaultThreads()
  const models = [
    process.env.VOCES_TEST_MODEL,
    path.join(shared, 'models', 'for-tests-ggml-tiny.bin'),
  ].filter((model): model is string => !!model && existsSync(model))
  const previousModels = process.env.VOCES_MODELS
  try {
    // A long interview: real speech with pauses, looped, as the 16 kHz mono working WAV ingest makes.
    const file = path.join(scratch, 'interview.wav')
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-stream_loop',
      String(minutes - 1),
      '-i',
      path.join(shared, 'media', 'en', 'silero_vad_en_60s.wav'),
      '-ac',
      '1',
      '-ar',
      '16000',
      '-c:a',
      'pcm_s16le',
      file,
    ])
    const voces = new Voces({ libraryDir: path.join(scratch, 'library') })
    const results: Record<string, object> = {}
    try {
      const { jobs } = await startIngest(voces, [file])
      const ingested = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
      const recordingId = (ingested.result as { recordingId: string }).recordingId
      const working = path.join(
        voces.layout.root,
        (await voces.storage.recordings.files(recordingId)).workingAudio,
      )
      for (const model of models) {
        process.env.VOCES_MODELS = path.dirname(model)
        const name = path.basename(model, '.bin')
        const reference: number[] = []
        const ours: number[] = []
        let peakMiB: number | null = null
        let windows = 0
        // Alternate the two so a busy machine slows both alike.
        for (let i = 0; i < runs; i++) {
          const run = bare(binary, model, working, threads)
          reference.push(run.seconds)
          peakMiB = run.peakMiB
          const job = await vocesJob(voces, recordingId, model)
          ours.push(job.seconds)
          windows = job.windows
        }
        const audioSeconds = minutes * 60
        results[name] = {
          audioMinutes: minutes,
          threads,
          windows,
          referenceSeconds: Number(median(reference).toFixed(2)),
          vocesSeconds: Number(median(ours).toFixed(2)),
          ratio: Number((median(ours) / median(reference)).toFixed(3)),
          target: 1.05,
          realTimeFactor: Number((median(ours) / audioSeconds).toFixed(4)),
          enginePeakMiB: peakMiB,
          wordErrorRate: name.startsWith('for-tests-')
            ? 'n/a (weightless test model: no text)'
            : 'see tests/transcription/real-model.test.ts',
        }
      }
    } finally {
      await voces.close()
    }
    return results
  } finally {
    if (previousModels === undefined) delete process.env.VOCES_MODELS
    else process.env.VOCES_MODELS = previousModels
    rmSync(scratch, { recursive: true, force: true })
  }
}

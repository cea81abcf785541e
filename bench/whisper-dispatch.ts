// The bundled engine against the native one (decision 0168): whisper-cli built by
// `scripts/build-whisper.sh --package` (GGML_BACKEND_DL, every CPU variant as a loadable backend,
// the best one picked at run time) and the native build (GGML_NATIVE, this CPU only), on the same
// audio, model and threads, runs alternated so the machine's load falls on both alike. Target: the
// bundled one's median within 5% of the native one's.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { bundledBinDir } from '../src/core/transcription/binary.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))
const shared = fileURLToPath(new URL('../../shared', import.meta.url))
const runs = Number(process.env.VOCES_BENCH_RUNS ?? 3)
const threads = Number(process.env.VOCES_BENCH_THREADS ?? 2)
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

/** Seconds of one whisper-cli run, and the CPU backend it said it loaded. */
function run(binary: string, model: string, file: string): { seconds: number; backend: string } {
  const started = performance.now()
  const result = spawnSync(
    binary,
    ['-m', model, '-f', file, '-t', String(threads), '-l', 'en', '-np'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  )
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr.slice(-500)}`)
  // ggml names the variant it loaded ("loaded CPU backend from …libggml-cpu-icelake.so").
  const backend = /libggml-cpu-([\w]+)\./.exec(result.stderr)?.[1] ?? 'built in'
  return { seconds, backend }
}

export async function benchWhisperDispatch(): Promise<object> {
  const cli = process.platform === 'win32' ? 'whisper-cli.exe' : 'whisper-cli'
  const native = path.join(repo, 'vendor', 'whisper.cpp', 'build', 'bin', cli)
  const bundled = path.join(bundledBinDir(path.join(repo, 'resources')), cli)
  for (const [what, file, how] of [
    ['native', native, 'bash scripts/build-whisper.sh'],
    ['bundled', bundled, 'bash scripts/build-whisper.sh --package'],
  ] as const)
    if (!existsSync(file)) return { skipped: `no ${what} whisper-cli at ${file}: run ${how}` }
  const model = path.join(shared, 'models', 'for-tests-ggml-base.bin')
  const audio = path.join(shared, 'media', 'en', 'jfk.wav')
  const seconds = { native: [] as number[], bundled: [] as number[] }
  let backend = ''
  // One run each first, not counted: the page cache and the model file warm for both.
  run(native, model, audio)
  run(bundled, model, audio)
  for (let i = 0; i < runs; i++) {
    seconds.native.push(run(native, model, audio).seconds)
    const one = run(bundled, model, audio)
    seconds.bundled.push(one.seconds)
    backend = one.backend
  }
  const ratio = median(seconds.bundled) / median(seconds.native)
  return {
    model: path.basename(model),
    audio: path.basename(audio),
    threads,
    runs,
    secondsPerRun: seconds,
    medianSeconds: { native: median(seconds.native), bundled: median(seconds.bundled) },
    bundledBackend: backend,
    ratio: Math.round(ratio * 1000) / 1000,
    target: 1.05,
    withinTarget: ratio <= 1.05,
  }
}

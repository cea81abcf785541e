// Killing an export mid-way, for real (decisions 0091, 0092): the CLI (bin/voces) exporting a
// real recording is killed with SIGKILL or interrupted with SIGINT at a random moment, and what
// it leaves is looked at in /proc and on disk. tests/reliability/kills.test.ts runs a few of each;
// `npm run bench reliability` runs many and counts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf } from '../helpers.ts'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const voces = path.join(repoRoot, 'bin', 'voces')
const media = fileURLToPath(new URL('../../../shared/media', import.meta.url))

export interface Process {
  pid: number
  command: string
}

/** Every process whose command line names `dir` (FFmpeg's inputs and outputs are in it). */
export function processesMentioning(dir: string, except: readonly number[] = []): Process[] {
  const found: Process[] = []
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || pid === process.pid || except.includes(pid)) continue
    let command: string
    let state: string
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    } catch {
      continue
    }
    if (state !== 'Z' && command.includes(dir)) found.push({ pid, command })
  }
  return found
}

const tool = (p: Process) => path.basename(p.command.split(' ')[0] ?? '')
const isFfmpeg = (p: Process) => tool(p) === 'ffmpeg'

/** Polls until `check` returns a value other than undefined, or `ms` pass (then undefined). */
export async function within<T>(ms: number, check: () => T | undefined): Promise<T | undefined> {
  const until = Date.now() + ms
  for (;;) {
    const value = check()
    if (value !== undefined || Date.now() > until) return value
    await sleep(25)
  }
}

/** A library in `dir` with one recording of `minutes` of real speech, consent given. */
export async function exportableLibrary(dir: string, minutes: number) {
  const libraryDir = path.join(dir, 'library')
  const source = path.join(dir, 'speech.wav')
  const looped = spawnSync('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-stream_loop', String(minutes - 1)],
    ...['-i', path.join(media, 'en', 'silero_vad_en_60s.wav'), '-c', 'copy', source],
  ])
  if (looped.status !== 0) throw new Error(String(looped.stderr))
  const library = new Voces({ libraryDir })
  try {
    const { startIngest } = await import('../../src/core/media/ingest.ts')
    const { jobs } = await startIngest(library, [source])
    const job = await library.jobs.waitFor(jobs[0]?.jobId ?? '')
    const id = (job.result as { recordingId?: string } | null)?.recordingId
    if (!id) throw new Error(`ingest failed: ${job.error?.message}`)
    await library.storage.recordings.update(id, { consentStatus: 'given' })
    return { libraryDir, recordingId: id }
  } finally {
    await library.close()
  }
}

export interface CliRun {
  child: ChildProcess
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr: () => string
}

export function cli(libraryDir: string, args: string[]): CliRun {
  const child = spawn(voces, ['--library', libraryDir, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, exited, stderr: () => stderr }
}

/** Files and folders a write in progress leaves beside its target: `.NAME.….partial[.d]`. */
export const partialsIn = (dir: string) =>
  readdirSync(dir).filter((name) => name.startsWith('.') && name.includes('.partial'))

/**
 * A command that starts the job runner and does nothing else: the "next start". A killed export
 * is resumed by it (and left for the start after, since the command ends at once); the person
 * then cancels it, so the next round's export is not queued behind it.
 */
export async function nextStart(libraryDir: string, dir: string): Promise<void> {
  await cli(libraryDir, ['ingest', path.join(dir, 'no-such-file.wav')]).exited
  const library = new Voces({ libraryDir, startJobs: false })
  for (const job of await library.jobs.list())
    if (job.state === 'queued' || job.state === 'running') await library.jobs.cancel(job.id)
  await library.close()
}

export interface KillOutcome {
  /** Milliseconds after the first FFmpeg appeared. */
  after: number
  /** Processes naming the test's folder 2 s after the kill. */
  survivors: Process[]
  /** Partial files beside the target right after the kill, and after the next start. */
  partialsAfterKill: string[]
  partialsAfterNextStart: string[]
}

/** One export killed with SIGKILL `delayMs` after its first FFmpeg started. */
export async function killExport(
  dir: string,
  libraryDir: string,
  recordingId: string,
  delayMs: number,
): Promise<KillOutcome> {
  const outDir = path.join(dir, 'out')
  const output = path.join(outDir, 'episode.mp3')
  const run = cli(libraryDir, ['export', 'podcast', recordingId, '-o', output])
  const pid = run.child.pid ?? -1
  await within(20_000, () => processesMentioning(outDir, [pid]).some(isFfmpeg) || undefined)
  await sleep(delayMs)
  run.child.kill('SIGKILL')
  await run.exited
  const survivors =
    (await within(2_000, () => {
      const left = processesMentioning(dir)
      return left.length === 0 ? left : undefined
    })) ?? processesMentioning(dir)
  const partialsAfterKill = partialsIn(outDir)
  // Whatever survived must not outlive the test.
  for (const p of survivors) process.kill(p.pid, 'SIGKILL')
  await nextStart(libraryDir, dir)
  return {
    after: delayMs,
    survivors,
    partialsAfterKill,
    partialsAfterNextStart: partialsIn(outDir),
  }
}

export interface InterruptOutcome {
  code: number | null
  stderr: string
  survivors: Process[]
  partials: string[]
  /** Whether the export's file exists after the next start. */
  fileAppeared: boolean
  /** The job's state after the next start. */
  state: string | undefined
}

/** One export interrupted with SIGINT (a person's Ctrl-C) `delayMs` after its first FFmpeg. */
export async function interruptExport(
  dir: string,
  libraryDir: string,
  recordingId: string,
  delayMs: number,
  name: string,
): Promise<InterruptOutcome> {
  const outDir = path.join(dir, 'out')
  const output = path.join(outDir, name)
  const run = cli(libraryDir, ['export', 'podcast', recordingId, '-o', output])
  const pid = run.child.pid ?? -1
  await within(20_000, () => processesMentioning(outDir, [pid]).some(isFfmpeg) || undefined)
  await sleep(delayMs)
  run.child.kill('SIGINT')
  const { code } = await run.exited
  const survivors = processesMentioning(dir)
  for (const p of survivors) process.kill(p.pid, 'SIGKILL')
  const partials = partialsIn(outDir)
  await nextStart(libraryDir, dir)
  const library = new Voces({ libraryDir, startJobs: false })
  const row = databaseOf(library)
    .prepare(
      "SELECT state FROM jobs WHERE kind = 'export.podcast' AND json_extract(input, '$.output') = ?",
    )
    .get(output) as { state: string } | undefined
  await library.close()
  const state = row?.state
  return {
    code,
    stderr: run.stderr(),
    survivors,
    partials,
    fileAppeared: existsSync(output),
    state,
  }
}

/** The whisper.cpp test model (random weights: it runs the whole engine, fast, saying nothing). */
export const testModel = fileURLToPath(
  new URL('../../../shared/models/for-tests-ggml-tiny.bin', import.meta.url),
)

/** One transcription killed with SIGKILL `delayMs` after whisper-cli started. */
export async function killTranscription(
  dir: string,
  libraryDir: string,
  recordingId: string,
  delayMs: number,
): Promise<{ started: boolean; survivors: Process[] }> {
  const run = cli(libraryDir, ['transcribe', recordingId, '--model', testModel, '--language', 'en'])
  const pid = run.child.pid ?? -1
  const started = await within(
    30_000,
    () => processesMentioning(dir, [pid]).some((p) => tool(p) === 'whisper-cli') || undefined,
  )
  await sleep(delayMs)
  run.child.kill('SIGKILL')
  await run.exited
  const survivors =
    (await within(2_000, () => {
      const left = processesMentioning(dir)
      return left.length === 0 ? left : undefined
    })) ?? processesMentioning(dir)
  for (const p of survivors) process.kill(p.pid, 'SIGKILL')
  await nextStart(libraryDir, dir)
  return { started: started === true, survivors }
}

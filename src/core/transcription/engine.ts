import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'
import { CancelledError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { spawnTool } from '../media/children.ts'
import { whisperJsonSchema, type WhisperJson } from './whisper-output.ts'

/**
 * One whisper-cli run (whisper.cpp 1.9.1) in a process of its own: a crash or an out-of-memory in
 * the engine ends that process, never Voces; cancel kills it. Arguments are an array (never a
 * shell string); the command is logged so a person can paste it into a terminal.
 */
export interface WhisperRun {
  binary: string
  model: string
  audio: string
  /** Where the JSON goes: `<outBase>.json`. */
  outBase: string
  language: 'auto' | 'en' | 'es'
  translate: boolean
  threads?: number
  /**
   * The library's glossary, as Whisper's initial prompt, carried into every 30-second pass of the
   * run (decision 0080). Never logged: the log line shows `--prompt '…'`.
   */
  prompt?: string | undefined
  /** DTW alignment-head preset (`tiny`, `large.v3.turbo`…) for word times; null: token timestamps. */
  dtw?: string | null
  /** A Silero VAD model: whisper.cpp then decodes only the stretches with speech. */
  vadModel?: string | null
  signal?: AbortSignal
  log?: Logger
  /** 0..1 through this run, from `--print-progress`. */
  onProgress?: (fraction: number) => void
}

export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism())
}

export function whisperArgs(run: WhisperRun): string[] {
  const args = ['-m', run.model, '-f', run.audio, '-t', String(run.threads ?? defaultThreads())]
  args.push('-l', run.language)
  if (run.translate) args.push('-tr')
  if (run.prompt) args.push('--prompt', run.prompt, '--carry-initial-prompt')
  if (run.dtw) args.push('-dtw', run.dtw)
  if (run.vadModel) args.push('--vad', '-vm', run.vadModel)
  // Full JSON: segments with tokens, token times and probabilities. -pp: progress on stderr.
  args.push('-ojf', '-of', run.outBase, '-pp')
  return args
}

/** `whisper_print_progress_callback: progress =  45%` (whisper.cpp examples/cli/cli.cpp). */
export function parseProgressLine(line: string): number | null {
  const match = /progress\s*=\s*(-?\d+)%/.exec(line)
  if (!match?.[1]) return null
  // Whisper counts past 100% when its last 30-second pass overshoots the end.
  return Math.min(1, Math.max(0, Number(match[1]) / 100))
}

const stderrLinesKept = 12

function quote(arg: string): string {
  return /^[\w./=:,+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

/**
 * The command as a person can paste it, with the prompt's words left out (logs hold no names):
 * the argument after `--prompt` is replaced whole, however it would have been quoted.
 */
export function loggedCommand(binary: string, args: readonly string[]): string {
  return [binary, ...args]
    .map((arg, i) => (i > 0 && args[i - 2] === '--prompt' ? "'…'" : quote(arg)))
    .join(' ')
}

function engineError(
  code: number | null,
  signal: NodeJS.Signals | null,
  tail: string[],
): VocesError {
  const text = tail.join('\n')
  if (
    /failed to (load model|initialize whisper context)|invalid model|bad magic|unknown tensor|wrong shape/i.test(
      text,
    )
  ) {
    return new VocesError(
      'MODEL_CORRUPT',
      'The Whisper model could not be loaded: the file is damaged or not a whisper.cpp model. Download it again or choose another model.',
    )
  }
  if (/failed to read audio|failed to open/i.test(text)) {
    return new VocesError(
      'WORKING_AUDIO_UNREADABLE',
      'The transcription engine could not read the working audio. Add the recording again.',
    )
  }
  if (
    /terminate called|Segmentation fault|Aborted/i.test(text) ||
    signal === 'SIGABRT' ||
    signal === 'SIGSEGV'
  ) {
    return new VocesError(
      'ENGINE_CRASHED',
      'The transcription engine crashed (Voces itself is fine). The model file may be damaged: download it again or choose another model.',
    )
  }
  const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`
  const memory =
    signal === 'SIGKILL' ? ' (the system may have run out of memory; try a smaller model)' : ''
  return new VocesError(
    'ENGINE_FAILED',
    `The transcription engine ${how}${memory}.${tail.length > 0 ? `\n${text}` : ''}`,
    {
      code: code ?? -1,
    },
  )
}

/** Runs whisper-cli on one audio file and returns its full JSON output. */
export async function runWhisper(run: WhisperRun): Promise<WhisperJson> {
  if (run.signal?.aborted) throw run.signal.reason ?? new CancelledError()
  const args = whisperArgs(run)
  const jsonFile = `${run.outBase}.json`
  await fs.rm(jsonFile, { force: true })
  run.log?.info('whisper-cli', { command: loggedCommand(run.binary, args) })
  const started = Date.now()
  const tail: string[] = []
  // Ends with Voces, even on SIGKILL (decision 0091).
  const child = spawnTool(run.binary, args, ['ignore', 'pipe', 'pipe']) as ChildProcessByStdio<
    null,
    Readable,
    Readable
  >
  const onAbort = () => child.kill('SIGKILL')
  run.signal?.addEventListener('abort', onAbort, { once: true })
  // stdout carries the transcript text as it is decoded: read and dropped, never logged.
  child.stdout.resume()
  let pending = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const fraction = parseProgressLine(line)
      if (fraction !== null) run.onProgress?.(fraction)
      else if (line.trim() !== '') {
        tail.push(line)
        if (tail.length > stderrLinesKept) tail.shift()
      }
    }
  })
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.on('error', reject)
        child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]))
      },
    )
    if (run.signal?.aborted) throw run.signal.reason ?? new CancelledError()
    if (code !== 0) throw engineError(code, signal, tail)
    const text = await fs.readFile(jsonFile, 'utf8').catch(() => {
      throw engineError(code, signal, [...tail, `(no output file ${path.basename(jsonFile)})`])
    })
    let raw: unknown = null
    try {
      raw = JSON.parse(text)
    } catch {
      // Left null: reported below as output Voces cannot read.
    }
    const parsed = whisperJsonSchema.safeParse(raw)
    if (!parsed.success)
      throw new VocesError(
        'ENGINE_FAILED',
        'The transcription engine wrote output Voces cannot read.',
      )
    run.onProgress?.(1)
    run.log?.info('whisper-cli done', {
      seconds: (Date.now() - started) / 1000,
      segments: parsed.data.transcription.length,
    })
    return parsed.data
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'EACCES'
    ) {
      throw new VocesError(
        'ENGINE_NOT_FOUND',
        `The transcription engine could not be started (${run.binary}).`,
      )
    }
    throw error
  } finally {
    run.signal?.removeEventListener('abort', onAbort)
    await fs.rm(jsonFile, { force: true })
  }
}

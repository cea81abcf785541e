import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'
import type { Language } from '../../shared/language.ts'
import { CancelledError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { commandLine, runProcess } from '../process/run.ts'
import { whisperJsonSchema, type WhisperJson } from './whisper-output.ts'

/**
 * One whisper-cli run (whisper.cpp 1.9.1) in a process of its own, through the one process runner
 * (decision 0200): a crash or an out-of-memory in the engine ends that process, never Voces;
 * cancel kills it. Arguments are an array (never a shell string); the command is logged so a
 * person can paste it into a terminal.
 */
export interface WhisperRun {
  binary: string
  model: string
  audio: string
  /** Where the JSON goes: `<outBase>.json`. */
  outBase: string
  language: 'auto' | Language
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
  /** How long it may say nothing before it is stopped (default whisperQuietMs; tests: less). */
  quietTimeoutMs?: number
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

/**
 * A whisper-cli that has written nothing, on stdout (each segment as it is decoded) or stderr
 * (progress), for this long has hung: it is stopped (decision 0201). No limit on the whole run,
 * whose length follows the recording's and the computer's.
 */
export const whisperQuietMs = 15 * 60_000

/**
 * The command as a person can paste it, with the prompt's words left out (logs hold no names):
 * the argument after `--prompt` is replaced whole, however it would have been quoted.
 */
export function loggedCommand(binary: string, args: readonly string[]): string {
  return commandLine(binary, args, isPrompt)
}

function isPrompt(_arg: string, index: number, args: readonly string[]): boolean {
  return args[index - 1] === '--prompt'
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
  const started = Date.now()
  const quietMs = run.quietTimeoutMs ?? whisperQuietMs
  try {
    // stdout carries the transcript text as it is decoded: read and dropped, never logged.
    const { code, signal, timedOut, tail } = await runProcess(run.binary, args, {
      signal: run.signal,
      quietTimeoutMs: quietMs,
      log: run.log,
      logAs: { level: 'info', message: 'whisper-cli' },
      secret: isPrompt,
      onStderrLine: (line) => {
        const fraction = parseProgressLine(line)
        if (fraction !== null) run.onProgress?.(fraction)
      },
      skipInTail: (line) => parseProgressLine(line) !== null,
    }).catch((error: unknown) => {
      if (error instanceof CancelledError) throw run.signal?.reason ?? error
      throw error
    })
    if (timedOut) {
      const quiet =
        quietMs >= 60_000 ? `${Math.round(quietMs / 60_000)} minutes` : `${quietMs / 1000} s`
      const said = tail.length > 0 ? `\n${tail.join('\n')}` : ''
      throw new VocesError(
        'ENGINE_FAILED',
        `The transcription engine wrote nothing for ${quiet} and was stopped.${said}`,
        { code: -1 },
      )
    }
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
    await fs.rm(jsonFile, { force: true })
  }
}

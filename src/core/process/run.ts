import type { ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { CancelledError } from '../errors.ts'
import type { Logger, LogLevel } from '../log.ts'
import { spawnTool } from './children.ts'

/**
 * The one way Voces runs another program (decision 0200): FFmpeg and ffprobe, whisper-cli,
 * Apertium and the engine build all go through here. An argument array, never a shell string; the
 * command in the log, quoted so that a person can paste it into a terminal; stdout and stderr as
 * lines, whichever way the program breaks them; text fed on stdin; a timeout for the whole run
 * and one for a run that has gone quiet; cancel through an AbortSignal. A timeout or a cancel
 * kills the program's whole process group (a script's children with it) and waits for it to be
 * reaped before the promise settles. Every process started here also ends with Voces, even one
 * killed with SIGKILL (decision 0091). Callers turn an exit into their own error from its code,
 * signal and the last lines of stderr (the tail).
 */

export interface ProcessOptions {
  signal?: AbortSignal | undefined
  /** Killed after this long in all; 0 or undefined means no limit. */
  timeoutMs?: number | undefined
  /** Killed when neither stdout nor stderr has said anything for this long (a hung program). */
  quietTimeoutMs?: number | undefined
  log?: Logger | undefined
  /** How the command is logged: level and message (default: debug, "run"). */
  logAs?: { level: LogLevel; message: string } | undefined
  /** Arguments left out of the logged command (replaced by '…'): a prompt's words, say. */
  secret?: ((arg: string, index: number, args: readonly string[]) => boolean) | undefined
  env?: NodeJS.ProcessEnv | undefined
  /** Text written to stdin, which is then closed; or a stream whose descriptor becomes stdin. */
  stdin?: string | Readable | undefined
  /** 'pipe': stdout is left unread for another process (`RunningProcess.child.stdout`). */
  stdout?: 'lines' | 'pipe' | undefined
  /** Keep all of stdout (ffprobe's JSON, Apertium's translation). */
  captureStdout?: boolean | undefined
  /** Keep all of stderr (FFmpeg's filters report there); the tail is kept either way. */
  captureStderr?: boolean | undefined
  onStdoutLine?: ((line: string) => void) | undefined
  onStderrLine?: ((line: string) => void) | undefined
  /** How many of the last non-blank lines the tail keeps (default 12). */
  tailLines?: number | undefined
  /** Whose lines the tail keeps (default stderr: a build tool reports on both). */
  tailOf?: 'stderr' | 'both' | undefined
  /** Lines that are not worth keeping in the tail (progress lines). */
  skipInTail?: ((line: string) => boolean) | undefined
  /** What a timeout or cancel sends the group (default SIGKILL); SIGKILL follows 5 s later. */
  killSignal?: NodeJS.Signals | undefined
}

export interface ProcessExit {
  code: number | null
  signal: NodeJS.Signals | null
  /** Why Voces stopped it, when it did: the whole run took too long, or it went quiet. */
  timedOut: 'total' | 'quiet' | null
  /** All of stdout when captured, else empty. */
  stdout: string
  /** All of stderr when captured, else empty. */
  stderr: string
  tail: string[]
}

export interface RunningProcess {
  child: ChildProcess
  /** Settles once the process is reaped; rejects with CancelledError on abort, or a spawn error. */
  exit: Promise<ProcessExit>
  /** Kills the process group if its leader still runs; true when it did. */
  stop: () => boolean
}

/** How long a group sent a gentler signal than SIGKILL has before SIGKILL follows. */
const killGrace = 5_000

const posix = process.platform !== 'win32'

/** Quotes an argument list for the log only, so that a person can paste the exact command. */
export function commandLine(
  file: string,
  args: readonly string[],
  secret?: ProcessOptions['secret'],
): string {
  const quote = (arg: string) =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`
  return [quote(file), ...args.map((arg, i) => (secret?.(arg, i, args) ? "'…'" : quote(arg)))].join(
    ' ',
  )
}

/**
 * Splits a stream's text into lines at \n, \r\n or a lone \r (FFmpeg redraws its status line with
 * \r), however the chunks fall: a \r that ends a chunk waits to see whether \n follows.
 */
export class LineSplitter {
  #rest = ''

  push(chunk: string): string[] {
    let text = this.#rest + chunk
    let held = ''
    if (text.endsWith('\r')) {
      held = '\r'
      text = text.slice(0, -1)
    }
    const lines = text.split(/\r\n|\r|\n/)
    this.#rest = (lines.pop() ?? '') + held
    return lines
  }

  /** The last line, when the stream ended without a line break. */
  end(): string[] {
    const last = this.#rest.replace(/\r$/, '')
    this.#rest = ''
    return last === '' ? [] : [last]
  }
}

/** Starts a program; see `runProcess` for the common case of waiting for it. */
export function startProcess(
  file: string,
  args: readonly string[],
  options: ProcessOptions = {},
): RunningProcess {
  const { signal, timeoutMs, quietTimeoutMs, log } = options
  const logAs = options.logAs ?? { level: 'debug', message: 'run' }
  log?.[logAs.level](logAs.message, { command: commandLine(file, args, options.secret) })
  const stdin = options.stdin
  const child = spawnTool(
    file,
    args,
    [typeof stdin === 'string' ? 'pipe' : (stdin ?? 'ignore'), 'pipe', 'pipe'],
    options.env,
  )
  let escalation: NodeJS.Timeout | undefined
  // Stopped on purpose (a cancel, a timeout, a caller done with it): no failure to log.
  let stopped = false
  const stop = () => {
    stopped = true
    if (child.exitCode !== null || child.signalCode !== null) return false
    const killSignal = options.killSignal ?? 'SIGKILL'
    const killed = killGroup(child, killSignal)
    if (killed && killSignal !== 'SIGKILL' && !escalation) {
      escalation = setTimeout(() => killGroup(child, 'SIGKILL'), killGrace)
      escalation.unref()
    }
    return killed
  }

  const exit = new Promise<ProcessExit>((resolve, reject) => {
    const tailLines = options.tailLines ?? 12
    const tail: string[] = []
    let stdout = ''
    let stderr = ''
    let timedOut: ProcessExit['timedOut'] = null
    let quietTimer: NodeJS.Timeout | undefined
    const heard = () => {
      if (!quietTimeoutMs) return
      clearTimeout(quietTimer)
      quietTimer = setTimeout(() => ((timedOut ??= 'quiet'), stop()), quietTimeoutMs)
    }
    heard()
    const timer = timeoutMs
      ? setTimeout(() => ((timedOut ??= 'total'), stop()), timeoutMs)
      : undefined
    const onAbort = () => void stop()
    signal?.addEventListener('abort', onAbort, { once: true })

    const keep = (line: string) => {
      if (line.trim() === '' || options.skipInTail?.(line)) return
      tail.push(line)
      if (tail.length > tailLines) tail.shift()
    }
    const read = (
      stream: Readable | null,
      splitter: LineSplitter,
      onLine: ((line: string) => void) | undefined,
      inTail: boolean,
      capture: (chunk: string) => void,
    ) => {
      if (!stream) return () => undefined
      const deliver = (lines: string[]) => {
        for (const line of lines) {
          if (inTail) keep(line)
          onLine?.(line)
        }
      }
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        heard()
        capture(chunk)
        deliver(splitter.push(chunk))
      })
      return () => deliver(splitter.end())
    }
    const endStdout =
      options.stdout === 'pipe'
        ? () => undefined
        : read(
            child.stdout,
            new LineSplitter(),
            options.onStdoutLine,
            options.tailOf === 'both',
            (chunk) => {
              if (options.captureStdout) stdout += chunk
            },
          )
    const endStderr = read(
      child.stderr,
      new LineSplitter(),
      options.onStderrLine,
      true,
      (chunk) => {
        if (options.captureStderr) stderr += chunk
      },
    )

    if (typeof stdin === 'string' && child.stdin) {
      // A program that exits without reading all of it closes the pipe: its exit says why.
      child.stdin.on('error', () => undefined)
      child.stdin.end(stdin)
    }

    let settled = false
    const finish = (error: unknown, result?: ProcessExit) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearTimeout(quietTimer)
      clearTimeout(escalation)
      signal?.removeEventListener('abort', onAbort)
      if (result) resolve(result)
      else reject(error instanceof Error ? error : new Error(String(error)))
    }
    child.on('error', (error) => finish(error))
    child.on('close', (code, killedBy) => {
      endStdout()
      endStderr()
      if (signal?.aborted) return finish(new CancelledError())
      const result = { code, signal: killedBy, timedOut, stdout, stderr, tail: [...tail] }
      if ((code !== 0 && !stopped) || timedOut)
        log?.warn('process failed', { tool: path.basename(file), code, signal: killedBy, timedOut })
      finish(null, result)
    })
  })
  return { child, exit, stop }
}

/** Runs a program to its end. Rejects only on cancel (CancelledError) or when it cannot start. */
export function runProcess(
  file: string,
  args: readonly string[],
  options: ProcessOptions = {},
): Promise<ProcessExit> {
  if (options.signal?.aborted) return Promise.reject(new CancelledError())
  return startProcess(file, args, options).exit
}

/** The whole group on Linux and macOS (each program leads its own: decision 0091). */
function killGroup(child: ChildProcess, killSignal: NodeJS.Signals): boolean {
  if (posix && child.pid !== undefined) {
    try {
      process.kill(-child.pid, killSignal)
      return true
    } catch {
      // No such group (it has just ended): kill the leader as on Windows.
    }
  }
  return child.kill(killSignal)
}

import type { ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'
import path from 'node:path'
import type { Settings } from '../../shared/contract/index.ts'
import { VocesError } from '../../shared/contract/index.ts'
import { CancelledError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { isExecutable } from '../process/executable.ts'
import { startProcess } from '../process/run.ts'

/**
 * How Voces runs FFmpeg and ffprobe (docs/decisions/0005-ffmpeg-runner-and-ingest.md), on the one
 * process runner (src/core/process/run.ts, decision 0200): argument arrays (never a shell string),
 * progress from `-progress pipe:1`, cancel through an AbortSignal, a timeout, the last lines of
 * stderr in every error, and the exact command in the log. Every process it starts ends with
 * Voces, even one killed with SIGKILL (decision 0091), and no failure leaves one running.
 */

export type MediaTool = 'ffmpeg' | 'ffprobe'

export interface ToolLookup {
  /** The person's setting: a path to ffmpeg (ffprobe is looked for beside it). */
  ffmpegPath?: string | undefined
  /** The packaged app's resources folder (bundled binaries in bin/<platform>-<arch>/). */
  resourcesDir?: string | undefined
  env?: NodeJS.ProcessEnv
}

export class ToolNotFoundError extends VocesError {
  constructor(tool: MediaTool) {
    super(
      'FFMPEG_NOT_FOUND',
      `Voces could not find ${tool}. Install FFmpeg (for example "sudo apt install ffmpeg", "brew install ffmpeg" or ffmpeg.org), or set its path in Settings.`,
      { tool },
    )
  }
}

function executableName(tool: MediaTool): string {
  return process.platform === 'win32' ? `${tool}.exe` : tool
}

/** Setting, then a bundled binary, then PATH. Null when none is found. */
export function findTool(tool: MediaTool, lookup: ToolLookup = {}): string | null {
  const env = lookup.env ?? process.env
  const name = executableName(tool)
  const candidates: string[] = []
  if (lookup.ffmpegPath) {
    const setting = lookup.ffmpegPath
    candidates.push(tool === 'ffmpeg' ? setting : path.join(path.dirname(setting), name))
  }
  if (lookup.resourcesDir)
    candidates.push(
      path.join(lookup.resourcesDir, 'bin', `${process.platform}-${process.arch}`, name),
    )
  for (const dir of (env.PATH ?? '').split(path.delimiter))
    if (dir) candidates.push(path.join(dir, name))
  return candidates.find(isExecutable) ?? null
}

export function requireTool(tool: MediaTool, lookup: ToolLookup = {}): string {
  const found = findTool(tool, lookup)
  if (!found) throw new ToolNotFoundError(tool)
  return found
}

/** The version `ffmpeg -version` names, or null when the program did not say it is FFmpeg. */
async function ffmpegVersion(file: string): Promise<string | null> {
  try {
    const { stdout } = await runTool(file, ['-hide_banner', '-version'], {
      timeoutMs: 10_000,
      // Without it stdout only feeds progress: the version was never read, and Settings showed "?".
      captureStdout: true,
    })
    return /^ffmpeg version (\S+)/m.exec(stdout)?.[1] ?? null
  } catch {
    return null
  }
}

/**
 * The path a person types in Settings, checked before it is kept (decision 0134): it must run and
 * say it is FFmpeg. Otherwise Voces would keep it and quietly use another FFmpeg, or show "?".
 * Returns the version found.
 */
export async function checkFfmpegPath(file: string): Promise<string> {
  const version = isExecutable(file) ? await ffmpegVersion(file) : null
  if (version === null)
    throw new VocesError(
      'FFMPEG_PATH_INVALID',
      `${file} is not a working FFmpeg. Choose the ffmpeg program itself, or leave the field empty to find it automatically.`,
      { path: file },
    )
  return version
}

/** What Settings and the about box show. */
export async function ffmpegInfo(settings: Pick<Settings, 'ffmpegPath'>, resourcesDir?: string) {
  const found = findTool('ffmpeg', { ffmpegPath: settings.ffmpegPath, resourcesDir })
  if (!found) return { found: false, path: null, version: null }
  const version = await ffmpegVersion(found)
  return version === null
    ? { found: false, path: found, version: null }
    : { found: true, path: found, version }
}

/**
 * How every long FFmpeg run starts: no banner, no stdin, no stats line, messages at `level`, and
 * `-progress` key=value blocks on stdout for RunOptions.onProgress.
 */
export const progressArgs = (level: 'error' | 'info' = 'error'): string[] => [
  '-hide_banner',
  '-nostdin',
  '-nostats',
  '-v',
  level,
  '-progress',
  'pipe:1',
]

export interface RunOptions {
  signal?: AbortSignal | undefined
  /** Killed after this long; 0 or undefined means no limit. */
  timeoutMs?: number | undefined
  log?: Logger | undefined
  /** Called with each `-progress` block (key=value pairs) FFmpeg writes to stdout. */
  onProgress?: ((fields: Record<string, string>) => void) | undefined
  /** Keep stdout (ffprobe's JSON); without it stdout only feeds onProgress. */
  captureStdout?: boolean
  /** Keep all of stderr (filters such as ebur128 report there); errors still carry the tail. */
  captureStderr?: boolean
}

export interface RunResult {
  stdout: string
  /** All of stderr when `captureStderr` was set, else empty. */
  stderr: string
  stderrTail: string[]
}

export class ToolFailedError extends VocesError {
  readonly stderrTail: string[]
  constructor(tool: string, detail: string, stderrTail: string[]) {
    const tail = stderrTail.length > 0 ? `\n${stderrTail.join('\n')}` : ''
    const diskFull = stderrTail.some((line) => /No space left on device/i.test(line))
    super(
      diskFull ? 'DISK_FULL' : 'FFMPEG_FAILED',
      diskFull
        ? 'The disk is full. Free some space and try again.'
        : `${path.basename(tool)} ${detail}.${tail}`,
      { tool: path.basename(tool) },
    )
    this.stderrTail = stderrTail
  }
}

/** Runs one FFmpeg-family binary to completion. Rejects with ToolFailedError or CancelledError. */
export function runTool(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  if (options.signal?.aborted) return Promise.reject(new CancelledError())
  return start(file, args, options).result
}

export interface PipedStep {
  file: string
  args: readonly string[]
}

/**
 * Runs two FFmpeg processes joined by an operating-system pipe: the producer's stdout is the
 * consumer's stdin (decision 0005). FFmpeg before 7 runs a filter graph and its encoder on one
 * thread, so splitting a heavy graph from a heavy encoder puts them on two cores. Progress comes
 * from the consumer's `-progress pipe:1`. Either side failing fails the whole, with the error
 * of the side that failed first: a producer that fails on its own is the cause (its consumer then
 * reads a cut stream, and may even end "successfully"); a consumer that fails leaves the producer
 * writing into a pipe nobody reads, so the producer is stopped and the consumer's error reported.
 * Cancel stops both.
 */
export async function runPiped(
  producer: PipedStep,
  consumer: PipedStep,
  options: Omit<RunOptions, 'captureStdout'> = {},
): Promise<RunResult> {
  if (options.signal?.aborted) throw new CancelledError()
  const first = start(producer.file, producer.args, { ...options, onProgress: undefined }, 'pipe')
  const pipe = first.child.stdout
  if (!pipe) throw new Error('The producer has no stdout.')
  let second: Started
  try {
    second = start(consumer.file, consumer.args, options, undefined, pipe)
  } catch (error) {
    // The consumer could not even start: a producer left writing into a pipe nobody reads
    // would block forever, and keep Voces from exiting.
    first.stop()
    pipe.destroy()
    await first.result.catch(() => undefined)
    throw error
  }
  // The consumer holds its own copy of the pipe now. Ours would never be read, and a child's
  // 'close' waits for all its streams to end.
  pipe.destroy()
  let producerStopped = false
  const consumed = second.result.finally(() => (producerStopped = first.stop()))
  const [produced, result] = await Promise.allSettled([first.result, consumed])
  if (produced.status === 'rejected' && !producerStopped) throw produced.reason
  if (result.status === 'rejected') throw result.reason
  if (produced.status === 'rejected') throw produced.reason
  return result.value
}

interface Started {
  child: ChildProcess
  result: Promise<RunResult>
  /** Kills the process if it still runs; true when it did. */
  stop: () => boolean
}

/**
 * Starts one tool through the one process runner (decision 0200) and turns its exit into
 * ToolFailedError. `stdoutTo` 'pipe' leaves stdout unread for another process; a stream as
 * `stdin` feeds it (another process's stdout).
 */
function start(
  file: string,
  args: readonly string[],
  options: RunOptions,
  stdoutTo?: 'pipe',
  stdin?: Readable,
): Started {
  const { onProgress } = options
  let block: Record<string, string> = {}
  const running = startProcess(file, args, {
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    log: options.log,
    stdin,
    stdout: stdoutTo ?? 'lines',
    captureStdout: options.captureStdout,
    captureStderr: options.captureStderr,
    onStdoutLine: onProgress
      ? (line) => {
          const eq = line.indexOf('=')
          if (eq < 0) return
          const key = line.slice(0, eq).trim()
          block[key] = line.slice(eq + 1).trim()
          if (key === 'progress') {
            onProgress(block)
            block = {}
          }
        }
      : undefined,
  })
  const result = running.exit.then(
    ({ code, signal, timedOut, stdout, stderr, tail }) => {
      if (timedOut)
        throw new ToolFailedError(
          file,
          `took longer than ${Math.round((options.timeoutMs ?? 0) / 1000)} s and was stopped`,
          tail,
        )
      if (code !== 0)
        throw new ToolFailedError(
          file,
          signal ? `was stopped (${signal})` : `failed (exit code ${code})`,
          tail,
        )
      return { stdout, stderr, stderrTail: tail }
    },
    (error: unknown) => {
      throw (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? new ToolNotFoundError(path.basename(file) === 'ffprobe' ? 'ffprobe' : 'ffmpeg')
        : error
    },
  )
  return { child: running.child, result, stop: running.stop }
}

/** `out_time_us` (or the older `out_time_ms`, also microseconds) of a progress block, in seconds. */
export function progressSeconds(fields: Record<string, string>): number | null {
  const raw = fields.out_time_us ?? fields.out_time_ms
  const value = raw === undefined ? NaN : Number(raw)
  return Number.isFinite(value) && value >= 0 ? value / 1e6 : null
}

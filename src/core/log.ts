import { appendFileSync, renameSync, statSync } from 'node:fs'
import path from 'node:path'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, string | number | boolean | null | undefined>

export interface LogRotation {
  /** A file grows to this many bytes before it is rotated. */
  maxBytes: number
  /** Rotated files kept beside it (1 or more): voces.log.1 (newest) … voces.log.N (oldest). */
  keep: number
}

/** 5 MiB and four old files: at most 25 MiB of log per library, weeks of daily work. */
export const defaultLogRotation: LogRotation = { maxBytes: 5 * 1024 * 1024, keep: 4 }

/**
 * JSON-lines log of one library (logs/voces.log). Callers pass ids, codes, counts and timings,
 * never transcript text or file contents (tests/redaction/logs.test.ts scans a run's logs for the
 * test recordings' words). Writes are synchronous appends of one line: a crash never loses the
 * line before it. The file is rotated by size (voces.log → voces.log.1 → … → voces.log.N, the
 * oldest dropped), so a library used for years keeps a bounded log.
 */
export class Logger {
  private readonly file: string | null
  private readonly echo: boolean
  private readonly rotation: LogRotation
  constructor(
    dir: string | null,
    echo = process.env.VOCES_LOG_ECHO === '1',
    rotation: LogRotation = defaultLogRotation,
  ) {
    this.file = dir ? path.join(dir, 'voces.log') : null
    this.echo = echo
    this.rotation = rotation
  }

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields)
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields)
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields)
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields)
  }

  private write(level: LogLevel, message: string, fields?: LogFields): void {
    const line =
      JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }) + '\n'
    if (this.echo) process.stderr.write(line)
    if (!this.file) return
    try {
      // The size on disk decides, not a count kept here: another process of the same library
      // (the app and a CLI command) appends to the same file and may have rotated it. A stat
      // costs a few microseconds beside the append's own open and close.
      if (sizeOf(this.file) + Buffer.byteLength(line) > this.rotation.maxBytes)
        this.rotate(this.file)
      appendFileSync(this.file, line)
    } catch {
      // A log that cannot be written must never stop the work it describes.
    }
  }

  private rotate(file: string): void {
    for (let n = this.rotation.keep - 1; n >= 1; n -= 1) {
      try {
        renameSync(`${file}.${n}`, `${file}.${n + 1}`)
      } catch {
        // No file of that age yet.
      }
    }
    renameSync(file, `${file}.1`)
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

import { appendFileSync } from 'node:fs'
import path from 'node:path'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, string | number | boolean | null | undefined>

/**
 * JSON-lines log of one library (logs/voces.log). Callers pass ids, codes, counts and timings,
 * never transcript text or file contents (issue 7: a test scans logs for the test recordings'
 * words). Writes are synchronous appends of one line: a crash never loses the line before it.
 */
export class Logger {
  private readonly file: string | null
  private readonly echo: boolean
  constructor(dir: string | null, echo = process.env.VOCES_LOG_ECHO === '1') {
    this.file = dir ? path.join(dir, 'voces.log') : null
    this.echo = echo
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
      appendFileSync(this.file, line)
    } catch {
      // A log that cannot be written must never stop the work it describes.
    }
  }
}

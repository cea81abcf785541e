import { formatClockTime } from '../shared/time.ts'
import type { ParseArgsConfig } from 'node:util'
import type { JobRunnerOptions } from '../core/jobs/runner.ts'
import type { LibraryLocation } from '../core/storage/open.ts'
import type { Voces } from '../core/voces.ts'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
}

export interface CommandContext {
  positionals: string[]
  values: Record<string, string | boolean | string[] | undefined>
  json: boolean
  io: CliIo
  /** The library folder; for a shared archive, this machine's working folder for it. */
  libraryDir: string
  /** Where the library is (decision 0148). */
  location: LibraryLocation
  /** Opens the library (runs migrations) once; closed by the CLI after the command. */
  open(options?: { startJobs?: boolean; jobs?: JobRunnerOptions; threads?: number }): Promise<Voces>
}

export interface Command {
  /** Words that pick the command, e.g. ['transcript', 'import']. The longest match wins. */
  path: string[]
  usage: string
  summary: string
  options?: OptionSpec
  /** Returns the exit code. */
  run(ctx: CommandContext): Promise<number>
}

/** Writes one JSON value on stdout: scripts read stdout and nothing else is written there. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** h:mm:ss (or m:ss) for people; JSON output keeps seconds. */
export const formatDuration = (seconds: number) => formatClockTime(seconds)

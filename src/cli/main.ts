import { parseArgs } from 'node:util'
import { resolveLibraryDir } from '../core/paths.ts'
import { appVersion } from '../core/version.ts'
import { Voces } from '../core/voces.ts'
import type { CliIo, Command } from './command.ts'
import { commands } from './commands/index.ts'

const globalOptions = {
  library: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

function findCommand(words: string[]): { command: Command; rest: string[] } | undefined {
  const matches = commands
    .filter((command) => command.path.every((word, i) => words[i] === word))
    .sort((a, b) => b.path.length - a.path.length)
  const command = matches[0]
  return command && { command, rest: words.slice(command.path.length) }
}

function help(): string {
  const lines = commands.map((command) => `  voces ${command.usage.padEnd(58)} ${command.summary}`)
  return [
    'Voces: ingest, transcribe, search and export worker-voice recordings, offline.',
    '',
    'Usage: voces [--library DIR] COMMAND [options]',
    '',
    ...lines,
    '',
    "--library DIR   the library folder (default: $VOCES_LIBRARY, else the app's user-data folder)",
    '--json          machine-readable output on stdout (times in seconds)',
    '',
  ].join('\n')
}

/** Runs the CLI and returns its exit code; `io` lets tests capture output. */
export async function runCli(argv: string[], io: CliIo = process): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: globalOptions,
      allowPositionals: true,
      strict: false,
      tokens: false,
    })
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`)
    return 2
  }
  const words = parsed.positionals
  if (parsed.values.version) {
    io.stdout.write(`${appVersion}\n`)
    return 0
  }
  const found = findCommand(words)
  if (parsed.values.help || !found) {
    if (!parsed.values.help && words.length > 0)
      io.stderr.write(`Unknown command: ${words.join(' ')}\n\n`)
    ;(found || parsed.values.help ? io.stdout : io.stderr).write(help())
    return found || parsed.values.help ? 0 : 2
  }
  const { command } = found
  let own
  try {
    // Parse again with the command's own options, strictly, so a typo is reported, not ignored.
    own = parseArgs({
      args: argv,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\nUsage: voces ${command.usage}\n`)
    return 2
  }
  const positionals = own.positionals.slice(command.path.length)
  const libraryDir = resolveLibraryDir(
    typeof own.values.library === 'string' ? own.values.library : undefined,
  )
  let voces: Voces | undefined
  try {
    return await command.run({
      positionals,
      values: own.values as Record<string, string | boolean | string[] | undefined>,
      json: own.values.json === true,
      io,
      libraryDir,
      open: (options) =>
        (voces ??= new Voces({ libraryDir, startJobs: options?.startJobs ?? true })),
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (own.values.json)
      io.stdout.write(
        JSON.stringify({ error: { code: (error as { code?: string }).code ?? 'ERROR', message } }) +
          '\n',
      )
    io.stderr.write(`${message}\n`)
    return 1
  } finally {
    await voces?.close()
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2))
}

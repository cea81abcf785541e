import { parseArgs } from 'node:util'
import { resolveLibraryLocation, type LibraryLocation } from '../core/storage/open.ts'
import { appVersion } from '../core/version.ts'
import { openVoces, type Voces } from '../core/voces.ts'
import type { CliIo, Command, OptionSpec } from './command.ts'
import { commands } from './commands/index.ts'

const globalOptions = {
  library: { type: 'string' },
  media: { type: 'string' },
  's3-endpoint': { type: 'string' },
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

const globalHelp = [
  "--library DIR   the library folder (default: $VOCES_LIBRARY, else the app's user-data folder),",
  '                or a shared archive: postgres://USER@HOST/DATABASE',
  '--media s3://BUCKET[/PREFIX]   where a shared archive keeps its media ($VOCES_MEDIA; or a folder)',
  '--s3-endpoint URL             an S3-compatible store other than AWS ($VOCES_S3_ENDPOINT);',
  '                credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION',
  '--json          machine-readable output on stdout (times in seconds)',
]

function help(selected: Command[] = commands): string {
  const lines = selected.map((command) => `  voces ${command.usage.padEnd(58)} ${command.summary}`)
  return [
    'Voces: ingest, transcribe, search and export worker-voice recordings, offline.',
    '',
    'Usage: voces [--library DIR|postgres://…] [--media s3://BUCKET] COMMAND [options]',
    '',
    ...lines,
    '',
    ...globalHelp,
    '',
  ].join('\n')
}

/** How an option is written, as the command's usage line spells it: `--lufs -16`, `-o, --output FILE`. */
function optionShape(command: Command, name: string, spec: OptionSpec[string]): string {
  const flag = spec.short ? `-${spec.short}, --${name}` : `--${name}`
  if (spec.type === 'boolean') return flag
  const spelled = [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]
    .map((form) => new RegExp(`(?:^|[\\s[])${form}[ =](\\S+)`).exec(command.usage)?.[1])
    .find((value) => value !== undefined)
  // `[--disguise NAME[:SEMITONES]]...` gives `NAME[:SEMITONES]]...`: drop what closes the usage's brackets.
  let value = spelled?.replace(/\.\.\.$/, '') ?? 'VALUE'
  while (value.split(']').length > value.split('[').length)
    value = value.replace(/\](\.\.\.)?$/, '')
  return `${flag} ${value}`
}

/** `voces COMMAND --help`: that command's usage, summary and options (and its sub-commands). */
function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(
    ([name, spec]) =>
      `  ${optionShape(command, name, spec)}${spec.multiple ? '   (may be given more than once)' : ''}`,
  )
  const more = commands.filter(
    (other) =>
      other !== command &&
      other.path.length > command.path.length &&
      command.path.every((word, i) => other.path[i] === word),
  )
  return [
    `Usage: voces [--library DIR|postgres://…] [--media s3://BUCKET] ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...options,
    ...globalHelp.map((line) => `  ${line}`),
    '  -h, --help      this help',
    '',
    ...(more.length > 0 ? ['Also:', ...more.map((other) => `  voces ${other.usage}`), ''] : []),
  ].join('\n')
}

/**
 * `--lufs -16`, as usage lines print it: node:util's parseArgs refuses a string option's value
 * that starts with a dash ("argument is ambiguous"), so a negative number given after a space
 * is joined to its option (`--lufs=-16`) before parsing, for every command at once (decision 0070).
 */
const negativeNumber = /^-(?:\d+(?:\.\d*)?|\.\d+)$/

export function joinNegativeValues(args: string[], options: OptionSpec): string[] {
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') {
      joined.push(...args.slice(i))
      break
    }
    const name = arg.startsWith('--')
      ? arg.slice(2)
      : /^-[A-Za-z]$/.test(arg)
        ? Object.keys(options).find((key) => options[key]?.short === arg.slice(1))
        : undefined
    const next = args[i + 1]
    if (
      name &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      negativeNumber.test(next)
    ) {
      joined.push(`--${name}=${next}`)
      i++
    } else joined.push(arg)
  }
  return joined
}

/**
 * The command's own reading of the whole line, strictly, so a typo is reported, not ignored:
 * what parseArgs throws ("Unknown option '--colour'") is the message a person gets.
 */
function parseOptions(command: Command, argv: string[]) {
  const options: OptionSpec = { ...globalOptions, ...command.options }
  return parseArgs({
    args: joinNegativeValues(argv, options),
    options,
    allowPositionals: true,
    strict: true,
  })
}

/** The command a line names and what it was given, as runCli reads them; throws what is wrong. */
export function parseCommandLine(argv: string[]): {
  command: Command
  positionals: string[]
  values: Record<string, string | boolean | Array<string | boolean> | undefined>
} {
  const { positionals: words } = parseArgs({
    args: argv,
    options: globalOptions,
    allowPositionals: true,
    strict: false,
  })
  const found = findCommand(words)
  if (!found) throw new Error(`Unknown command: ${words.join(' ')}`)
  const own = parseOptions(found.command, argv)
  return {
    command: found.command,
    positionals: own.positionals.slice(found.command.path.length),
    values: own.values,
  }
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
  if (parsed.values.help && found) {
    io.stdout.write(commandHelp(found.command))
    return 0
  }
  if (parsed.values.help || !found) {
    if (!parsed.values.help && words.length > 0)
      io.stderr.write(`Unknown command: ${words.join(' ')}\n\n`)
    // `voces export --help`: the commands that start with those words, else all of them.
    const starting = commands.filter((command) =>
      words.every((word, i) => command.path[i] === word),
    )
    ;(parsed.values.help ? io.stdout : io.stderr).write(
      help(parsed.values.help && starting.length > 0 ? starting : commands),
    )
    return parsed.values.help ? 0 : 2
  }
  const { command } = found
  let own
  try {
    own = parseOptions(command, argv)
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\nUsage: voces ${command.usage}\n`)
    return 2
  }
  const positionals = own.positionals.slice(command.path.length)
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  let location: LibraryLocation
  try {
    location = resolveLibraryLocation({
      library: text(own.values.library),
      media: text(own.values.media),
      s3Endpoint: text(own.values['s3-endpoint']),
    })
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`)
    return 2
  }
  const libraryDir = location.kind === 'folder' ? location.dir : location.workDir
  let voces: Voces | undefined
  let opening: Promise<Voces> | undefined
  // Ctrl-C (or SIGTERM) cancels the jobs this command started, rather than leaving them to be
  // resumed by whatever command starts jobs next; a second one leaves at once, and the next
  // start ends them cancelled (decision 0092). `serve` and `worker` handle their own signals.
  let interrupted: NodeJS.Signals | null = null
  const onInterrupt = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(signal === 'SIGINT' ? 130 : 143)
    interrupted = signal
    void voces?.jobs.cancelOwn()
  }
  const signals =
    command.path[0] === 'serve' || command.path[0] === 'worker'
      ? []
      : (['SIGINT', 'SIGTERM'] as const)
  for (const signal of signals) process.on(signal, onInterrupt)
  try {
    const code = await command.run({
      positionals,
      values: own.values as Record<string, string | boolean | string[] | undefined>,
      json: own.values.json === true,
      io,
      libraryDir,
      location,
      open: async (options) => {
        opening ??= openVoces({
          location,
          startJobs: options?.startJobs ?? true,
          // On a shared archive a command leaves transcription to the workers (decision 0148).
          jobs:
            options?.jobs ??
            (location.kind === 'postgres' ? { except: ['transcribe'] } : undefined),
          ...(options?.threads ? { threads: options.threads } : {}),
        })
        voces = await opening
        if (interrupted) void voces.jobs.cancelOwn()
        return voces
      },
    })
    return interrupted ? (interrupted === 'SIGINT' ? 130 : 143) : code
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
    for (const signal of signals) process.off(signal, onInterrupt)
    if (!voces) voces = await opening?.catch(() => undefined)
    await voces?.close()
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2))
}

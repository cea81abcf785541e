// Every command README.md shows works as printed: the set-up and running commands are run for
// real (`npm run web` serves the built interface; `npm start` without Electron says to use it;
// `npm install` goes on where Electron's download fails), and every `voces` usage line, in README
// and in the CLI's own usage, is accepted by the parser with each option it shows.
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands } from '../../src/cli/commands/index.ts'
import { parseCommandLine } from '../../src/cli/main.ts'
import { repoRoot, tempDir } from '../helpers.ts'

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir('voces-readme-')))
afterAll(() => cleanup())

/** The README's command lines: its indented code lines and its fenced `sh` blocks, comments cut. */
function readmeCommands(): string[] {
  const lines: string[] = []
  let fenced = false
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced && line.trim() !== '```'
    else if (fenced || line.startsWith('    ')) lines.push(line.trim())
  }
  return lines
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => /^(bin\/voces|voces|npm|source|bash|ELECTRON)\b/.test(line))
}

/** Words as a shell splits them: quotes group, and are dropped. */
function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  let quote: string | undefined
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined
      else word += char
    } else if (char === '"' || char === "'") {
      quote = char
      word ??= ''
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else word = (word ?? '') + char
  }
  if (word !== undefined) words.push(word)
  return words
}

/**
 * A usage line as argument lists to try: optional parts given (`[--lufs -16]` is `--lufs -16`),
 * `...` and `…` (more of the same) once, and each `a|b` alternative in turn, the others at their
 * first. Placeholders (DIR, FILE, RECORDING_ID) stay as words: parsing is what is tested here.
 */
function argumentLists(line: string): string[][] {
  const words = shellWords(line)
    .slice(1)
    .map((word) => {
      let plain = word.replace(/\.\.\.$/, '').replace(/^\[/, '')
      while (plain.split(']').length > plain.split('[').length) plain = plain.replace(/\]$/, '')
      return plain === '…' ? 'x' : plain
    })
  const first = words.map((word) => (word.includes('|') ? (word.split('|')[0] ?? word) : word))
  const lists = [first]
  words.forEach((word, i) => {
    for (const alternative of word.includes('|') ? word.split('|').slice(1) : [])
      lists.push(first.map((other, j) => (j === i ? alternative : other)))
  })
  return lists
}

/** The words before the first option or placeholder: the command a line names. */
function commandWords(args: string[]): string {
  // The global options with a value that come first (`--library DIR --media s3://B`).
  let rest = args
  while (['--library', '--media', '--s3-endpoint'].includes(rest[0] ?? '')) rest = rest.slice(2)
  const words: string[] = []
  for (const arg of rest) {
    if (arg.startsWith('-') || /[A-Z]/.test(arg)) break
    words.push(arg)
  }
  return words.join(' ')
}

describe('README command lines', () => {
  const voces = readmeCommands().filter((line) => /^(bin\/)?voces /.test(line))

  it('finds the usage lines of README (the parser below is tested on them)', () => {
    expect(voces.length).toBeGreaterThan(30)
    expect(voces.filter((line) => /export podcast .*\[--lufs -16\]/.test(line))).toHaveLength(1)
    expect(argumentLists('bin/voces --library DIR x ID [--lufs -16] [--track en|es] A...')).toEqual(
      [
        ['--library', 'DIR', 'x', 'ID', '--lufs', '-16', '--track', 'en', 'A'],
        ['--library', 'DIR', 'x', 'ID', '--lufs', '-16', '--track', 'es', 'A'],
      ],
    )
  })

  it('parses every voces usage line of README as printed: no unknown, missing or ambiguous option', () => {
    const refused: string[] = []
    for (const line of voces)
      for (const args of argumentLists(line)) {
        try {
          const parsed = parseCommandLine(args)
          // Each line reaches the command it names (`transcript import`, not `transcript`).
          const named = `${commandWords(args)} `
          const longest = commands
            .map((command) => command.path.join(' '))
            .filter((words) => named.startsWith(`${words} `))
            .sort((a, b) => b.length - a.length)[0]
          if (parsed.command.path.join(' ') !== longest)
            refused.push(`${line}\n  ran ${parsed.command.path.join(' ')}, not ${longest}`)
        } catch (error) {
          refused.push(`${line}\n  ${args.join(' ')}\n  ${(error as Error).message}`)
        }
      }
    expect(refused).toEqual([])
    const podcast = parseCommandLine(
      argumentLists(
        'bin/voces --library DIR export podcast ID [--format mp3|m4a] [--lufs -16] -o FILE',
      )[0] ?? [],
    )
    expect(podcast.values.lufs).toBe('-16')
  })

  it("parses every command's own usage line, as `voces COMMAND --help` prints it", () => {
    const refused: string[] = []
    for (const command of commands)
      for (const args of argumentLists(`voces ${command.usage}`)) {
        try {
          parseCommandLine(args)
        } catch (error) {
          refused.push(`voces ${command.usage}\n  ${(error as Error).message}`)
        }
      }
    expect(refused).toEqual([])
  })

  it('shows only set-up commands that a test here (or CI) runs', () => {
    const covered = [
      'npm install && npm start', // `npm install` and `npm start` below
      'npm install && npm test', // what CI runs (.ci/run)
      'npm run web', // below
      'source scripts/node24.sh', // below
    ]
    const setUp = readmeCommands().filter((line) => !/^(bin\/)?voces /.test(line))
    const developing = readme.slice(readme.indexOf('## Developing'))
    expect(setUp.filter((line) => !covered.includes(line) && !developing.includes(line))).toEqual(
      [],
    )
  })

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)/g)].map(
      (match) => match[1] ?? match[2] ?? '',
    )
    expect(named).toContain('web')
    expect(named.filter((name) => !(name in manifest.scripts))).toEqual([])
  })
})

describe('README set-up commands, run', () => {
  /** A stand-in `xdg-open` that writes down what it was asked to open. */
  function recordingOpener(): { bin: string; opened: string } {
    const bin = path.join(dir, 'opener-bin')
    const opened = path.join(dir, 'opened.txt')
    mkdirSync(bin, { recursive: true })
    for (const name of ['xdg-open', 'open']) {
      writeFileSync(path.join(bin, name), `#!/bin/sh\necho "$1" > '${opened}'\n`)
      chmodSync(path.join(bin, name), 0o755)
    }
    return { bin, opened }
  }

  /** Starts a command in its own process group; resolves with the address it prints. */
  function startServer(command: string, args: string[], env: NodeJS.ProcessEnv) {
    const child = spawn(command, args, { cwd: repoRoot, env, detached: true })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    const url = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /Voces is running at (\S+)/.exec(stdout)
        if (match?.[1]) resolve(match[1])
      })
      child.on('exit', (code) => reject(new Error(`exited ${code}:\n${stdout}\n${stderr}`)))
    })
    const stop = async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      process.kill(-(child.pid ?? 0), 'SIGTERM')
      await exited
    }
    return { url, stop, stderr: () => stderr }
  }

  /** The page behind a printed address: its token swapped for a cookie, as a browser does. */
  async function page(url: string): Promise<{ status: number; html: string }> {
    const first = await fetch(url, { redirect: 'manual' })
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? ''
    const location = new URL(first.headers.get('location') ?? '/', url)
    const second = await fetch(location, { headers: { cookie } })
    return { status: second.status, html: await second.text() }
  }

  const environment = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const env = { ...process.env, ...extra }
    // Not the variables of an npm that may be running this test.
    for (const key of Object.keys(env)) if (key.startsWith('npm_lifecycle')) delete env[key]
    return env
  }

  it('`npm run web` builds the interface and serves it; with no display it opens no browser', async () => {
    const opener = recordingOpener()
    const server = startServer(
      'npm',
      ['run', 'web'],
      environment({
        VOCES_LIBRARY: path.join(dir, 'web-library'),
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
        PATH: `${opener.bin}${path.delimiter}${process.env.PATH}`,
      }),
    )
    try {
      const url = await server.url
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/)
      const { status, html } = await page(url)
      expect(status).toBe(200)
      expect(html).toContain('<title>Voces</title>')
      expect(html).toMatch(/<script type="module"[^>]* src="\.\/assets\/[^"]+\.js"/)
      await expect.poll(server.stderr).toContain('No display to open a browser on')
    } finally {
      await server.stop()
    }
    expect(existsSync(opener.opened)).toBe(false)
  }, 600_000)

  it('`bin/voces serve --open` opens the address where there is a display', async () => {
    const opener = recordingOpener()
    const server = startServer(
      path.join(repoRoot, 'bin/voces'),
      ['--library', path.join(dir, 'open-library'), 'serve', '--port', '0', '--open'],
      environment({ DISPLAY: ':99', PATH: `${opener.bin}${path.delimiter}${process.env.PATH}` }),
    )
    try {
      const url = await server.url
      await expect.poll(() => existsSync(opener.opened)).toBe(true)
      expect(readFileSync(opener.opened, 'utf8').trim()).toBe(url)
    } finally {
      await server.stop()
    }
  }, 120_000)

  it('`npm start` without Electron says to use `npm run web`, before building anything', () => {
    let failure: { status: number; stderr: string } | undefined
    try {
      execFileSync('npm', ['start'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        // Electron's own override: its program is looked for in a folder that does not exist.
        env: environment({ ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron') }),
        timeout: 60_000,
      })
    } catch (error) {
      failure = error as { status: number; stderr: string }
    }
    expect(failure?.status).not.toBe(0)
    expect(failure?.stderr).toContain('The desktop app (npm start, npm run dev) needs Electron')
    expect(failure?.stderr).toMatch(/^ {4}npm run web$/m)
  }, 120_000)

  it('`npm install` succeeds where Electron cannot be downloaded: Electron is an optional dependency', () => {
    // A project that declares Electron as package.json does, installed from npm's cache with
    // Electron's download pointed at a closed port and an empty download cache.
    const section = (['dependencies', 'devDependencies', 'optionalDependencies'] as const).find(
      (name) => manifest[name]?.electron,
    )
    expect(section).toBeDefined()
    const project = path.join(dir, 'install')
    mkdirSync(project)
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({
        name: 'electron-optional',
        private: true,
        [section ?? '']: { electron: manifest[section ?? 'dependencies']?.electron },
      }),
    )
    const env = environment({
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: path.join(dir, 'electron-cache'),
    })
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
    const output = execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'],
      { cwd: project, encoding: 'utf8', env, timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    expect(output).not.toMatch(/npm error/)
    // The download really failed, and npm went on without Electron.
    expect(existsSync(path.join(project, 'node_modules', 'electron', 'path.txt'))).toBe(false)
  }, 320_000)

  it('`source scripts/node24.sh` puts Node 24 on PATH', () => {
    const version = execFileSync('bash', ['-c', 'source scripts/node24.sh && node --version'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
    expect(version.trim()).toMatch(/^v24\./)
  })
})

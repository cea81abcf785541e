import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CancelledError } from '../../src/core/errors.ts'
import { Logger } from '../../src/core/log.ts'
import { commandLine, LineSplitter, runProcess, startProcess } from '../../src/core/process/run.ts'
import { tempDir } from '../helpers.ts'
import { waitGone } from './gone.ts'

// The one process runner (decision 0200), on real processes: sh, node, sleep and cat.

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

const node = process.execPath
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A node program that writes `chunks` to stdout (o) or stderr (e) one by one, 30 ms apart. */
function chunked(chunks: Array<['o' | 'e', string]>): string[] {
  const script = `const c = ${JSON.stringify(chunks)}
let i = 0
const next = () => {
  if (i === c.length) return
  const [to, text] = c[i++]
  ;(to === 'o' ? process.stdout : process.stderr).write(text, () => setTimeout(next, 30))
}
next()`
  return ['-e', script]
}

describe('lines', () => {
  it('are split at \\n, \\r\\n and a lone \\r, wherever the chunks of a real process break', async () => {
    const out: string[] = []
    const err: string[] = []
    const exit = await runProcess(
      node,
      chunked([
        ['o', 'one\r'],
        ['o', '\ntw'],
        ['o', 'o\rthr'],
        ['e', 'frame=  1\r'],
        ['o', 'ee\n\nfour'],
        ['e', 'frame=  2\r\nlast words'],
      ]),
      { onStdoutLine: (line) => out.push(line), onStderrLine: (line) => err.push(line) },
    )
    expect(exit.code).toBe(0)
    expect(out).toEqual(['one', 'two', 'three', '', 'four'])
    expect(err).toEqual(['frame=  1', 'frame=  2', 'last words'])
  })

  it('keep a UTF-8 character whole when its bytes arrive in two chunks', async () => {
    const lines: string[] = []
    const script =
      "const b = Buffer.from('Ñandú huelga\\n'); process.stdout.write(b.subarray(0, 1), () => setTimeout(() => process.stdout.write(b.subarray(1)), 30))"
    await runProcess(node, ['-e', script], { onStdoutLine: (line) => lines.push(line) })
    expect(lines).toEqual(['Ñandú huelga'])
  })

  it('LineSplitter holds a \\r that ends a chunk until it sees what follows', () => {
    const split = new LineSplitter()
    expect(split.push('a\r')).toEqual([])
    expect(split.push('\nb\r')).toEqual(['a'])
    expect(split.push('c')).toEqual(['b'])
    expect(split.end()).toEqual(['c'])
    expect(split.end()).toEqual([])
  })
})

describe('the stderr tail', () => {
  it('keeps the last 12 non-blank lines, leaving out those the caller skips', async () => {
    const script =
      'for i in $(seq 1 30); do echo "line $i" >&2; echo "progress = $i%" >&2; echo >&2; done; exit 3'
    const exit = await runProcess('sh', ['-c', script], {
      skipInTail: (line) => line.startsWith('progress'),
    })
    expect(exit.code).toBe(3)
    expect(exit.tail).toEqual(Array.from({ length: 12 }, (_, i) => `line ${19 + i}`))
  })

  it('can hold both streams, as a build tool reports on both', async () => {
    const exit = await runProcess('sh', ['-c', 'echo out; echo err >&2; echo out2'], {
      tailOf: 'both',
      tailLines: 2,
    })
    expect(exit.tail).toHaveLength(2)
    expect(exit.tail).toContain('err')
  })
})

describe('stdin', () => {
  it('feeds text larger than a pipe holds, and captures all of stdout', async () => {
    const text = 'Los trabajadores fueron en huelga.\n\n'.repeat(20_000)
    const exit = await runProcess('cat', [], { stdin: text, captureStdout: true })
    expect(exit.code).toBe(0)
    expect(exit.stdout).toBe(text)
  })

  it('is no error when the program exits without reading it', async () => {
    const exit = await runProcess('sh', ['-c', 'exit 4'], { stdin: 'x'.repeat(1_000_000) })
    expect(exit.code).toBe(4)
  })
})

describe('stopping', () => {
  it('a timeout kills the process, reaps it and says so', async () => {
    const started = Date.now()
    const exit = await runProcess('sleep', ['30'], { timeoutMs: 200 })
    expect(exit).toMatchObject({ timedOut: 'total', code: null, signal: 'SIGKILL' })
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('a quiet timeout stops a program that has gone silent, never one that keeps talking', async () => {
    const talking = await runProcess(
      'sh',
      ['-c', 'for i in 1 2 3 4 5 6 7 8; do echo $i; sleep 0.1; done'],
      { quietTimeoutMs: 600 },
    )
    expect(talking).toMatchObject({ code: 0, timedOut: null })
    const silent = await runProcess('sh', ['-c', 'echo loading >&2; sleep 30'], {
      quietTimeoutMs: 300,
    })
    expect(silent).toMatchObject({ timedOut: 'quiet', tail: ['loading'] })
  })

  it("a cancel kills the program's whole group, its own children too, then rejects", async () => {
    const controller = new AbortController()
    let child = 0
    const run = runProcess('sh', ['-c', 'sleep 300 & echo $!; wait'], {
      signal: controller.signal,
      onStdoutLine: (line) => {
        child = Number(line)
        controller.abort()
      },
    })
    await expect(run).rejects.toBeInstanceOf(CancelledError)
    expect(child).toBeGreaterThan(0)
    expect(await waitGone(child)).toBe(true)
  })

  it('a gentler kill signal is followed by SIGKILL when the group ignores it', async () => {
    const controller = new AbortController()
    const run = runProcess('sh', ['-c', 'trap "" TERM; echo ready; sleep 30'], {
      signal: controller.signal,
      killSignal: 'SIGTERM',
      onStdoutLine: () => controller.abort(),
    })
    const started = Date.now()
    await expect(run).rejects.toBeInstanceOf(CancelledError)
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000)
  }, 15_000)

  it('an already-aborted signal starts nothing', async () => {
    const marker = path.join(dir, 'ran')
    await expect(
      runProcess('sh', ['-c', `touch ${marker}`], { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(CancelledError)
    await pause(200)
    expect(existsSync(marker)).toBe(false)
  })

  it('stop() ends a process whose stdout another reader takes', async () => {
    const running = startProcess('sh', ['-c', 'yes'], { stdout: 'pipe' })
    running.child.stdout?.resume()
    await pause(100)
    expect(running.stop()).toBe(true)
    expect(await running.exit).toMatchObject({ signal: 'SIGKILL', timedOut: null })
    expect(running.stop()).toBe(false)
  })
})

describe('the log and failures', () => {
  it('logs the command as a person can paste it, leaving out secret arguments', async () => {
    const log = new Logger(dir)
    await runProcess('sh', ['-c', 'printf \'%s\' "$1"', 'sh', "it's a file.wav", 'Ñandú'], {
      log,
      logAs: { level: 'info', message: 'tool' },
      secret: (arg) => arg === 'Ñandú',
    })
    const text = readFileSync(path.join(dir, 'voces.log'), 'utf8')
    const line = JSON.parse(text.split('\n')[0] ?? '{}') as { message: string; command: string }
    expect(line.message).toBe('tool')
    expect(line.command).toBe(`sh -c 'printf '\\''%s'\\'' "$1"' sh 'it'\\''s a file.wav' '…'`)
    expect(text).not.toContain('Ñandú')
  })

  it('quotes for a shell only what needs it', () => {
    expect(commandLine('ffmpeg', ['-i', "it's a file.wav", '-y', 'out.wav'])).toBe(
      `ffmpeg -i 'it'\\''s a file.wav' -y out.wav`,
    )
    expect(commandLine('/opt/my tools/apertium', ['-u', 'eng-spa'])).toBe(
      `'/opt/my tools/apertium' -u eng-spa`,
    )
  })

  it('a program that cannot start rejects with its spawn error', async () => {
    await expect(runProcess(path.join(dir, 'missing'), [])).rejects.toMatchObject({
      code: 'ENOENT',
    })
  })

  it('logs a failed exit, never one it stopped on purpose', async () => {
    const log = new Logger(dir)
    await runProcess('sh', ['-c', 'exit 2'], { log })
    const running = startProcess('sleep', ['30'], { log })
    running.stop()
    await running.exit
    const failures = readFileSync(path.join(dir, 'voces.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('process failed'))
    expect(failures).toHaveLength(1)
    expect(failures[0]).toContain('"code":2')
  })
})

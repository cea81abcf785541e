import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { joinNegativeValues, runCli } from '../../src/cli/main.ts'
import { captureIo, mediaDir, repoRoot, tempDir } from '../helpers.ts'

const capture = captureIo

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

describe('voces CLI', () => {
  it('ingests a batch as JSON: one object per file, non-zero exit when one failed', async () => {
    const bad = path.join(dir, 'not audio.mp3')
    writeFileSync(bad, 'this is a text file, not an mp3\n')
    const library = path.join(dir, 'lib')
    const c = capture()
    const code = await runCli(
      ['--library', library, 'ingest', path.join(mediaDir, 'en/jfk.wav'), bad, '--json'],
      c.io,
    )
    expect(code).toBe(1)
    const results = JSON.parse(c.out()) as Array<{
      file: string
      id?: string
      error?: { code: string; message: string }
    }>
    expect(results).toHaveLength(2)
    const good = results.find((r) => r.file.endsWith('jfk.wav'))
    const failed = results.find((r) => r.file === bad)
    expect(good?.id).toMatch(/^[0-9a-z]{12}$/)
    expect(failed?.error?.code).toBe('MEDIA_UNREADABLE')
    expect(failed?.error?.message).toContain('not audio.mp3')

    const listed = capture()
    expect(await runCli(['--library', library, 'list', '--json'], listed.io)).toBe(0)
    expect((JSON.parse(listed.out()) as Array<{ id: string }>).map((r) => r.id)).toEqual([good?.id])

    const shown = capture()
    expect(await runCli(['--library', library, 'show', good!.id!, '--json'], shown.io)).toBe(0)
    const recording = JSON.parse(shown.out()) as {
      id: string
      title: string
      path: string
      duration: number
    }
    expect(recording).toMatchObject({
      id: good?.id,
      title: 'jfk',
      path: path.join(mediaDir, 'en/jfk.wav'),
    })
    expect(recording.duration).toBeCloseTo(11, 0)

    // The usage line's own shape, a negative number after a space (decision 0070): the value
    // reaches the export, which measures the written file at that loudness.
    const out = path.join(dir, 'quiet.mp3')
    const exported = capture()
    const exportArgs = ['export', 'podcast', good!.id!, '--lufs', '-20', '--reason', 'test', '-o']
    expect(await runCli(['--library', library, ...exportArgs, out, '--json'], exported.io)).toBe(0)
    expect(exported.err()).not.toMatch(/ambiguous/)
    const { loudness } = JSON.parse(exported.out()) as { loudness: { integrated: number } }
    expect(loudness.integrated).toBeCloseTo(-20, 0)
  })

  it('joins a negative number to the option before it, for every string option, not after --', () => {
    const options = {
      lufs: { type: 'string', short: 'l' },
      mono: { type: 'boolean' },
    } as const
    expect(joinNegativeValues(['x', '--lufs', '-16', '--mono'], options)).toEqual([
      'x',
      '--lufs=-16',
      '--mono',
    ])
    expect(joinNegativeValues(['-l', '-.5', '--lufs', '-1.5'], options)).toEqual([
      '--lufs=-.5',
      '--lufs=-1.5',
    ])
    // Not a number, a boolean option, or after `--`: left for parseArgs as typed.
    expect(
      joinNegativeValues(['--lufs', '-x', '--mono', '-1', '--', '--lufs', '-2'], options),
    ).toEqual(['--lufs', '-x', '--mono', '-1', '--', '--lufs', '-2'])
  })

  it("prints one command's help for COMMAND --help: usage, summary and options", async () => {
    const c = capture()
    expect(await runCli(['export', 'podcast', '--help'], c.io)).toBe(0)
    expect(c.out()).toMatch(
      /^Usage: voces \[--library DIR\|postgres:\/\/…\] \[--media s3:\/\/BUCKET\] export podcast EPISODE_OR_RECORDING_ID/,
    )
    expect(c.out()).toContain('Export a loudness-normalised podcast file')
    expect(c.out()).toMatch(/^ {2}--lufs -16$/m)
    expect(c.out()).toMatch(/^ {2}-o, --output FILE$/m)
    expect(c.out()).toMatch(/^ {2}--disguise NAME\[:SEMITONES\] +\(may be given more than once\)$/m)
    expect(c.out()).not.toContain('ingest FILE_OR_FOLDER')

    // A word that starts several commands lists those; a command with sub-commands names them.
    const d = capture()
    expect(await runCli(['export', '-h'], d.io)).toBe(0)
    expect(d.out()).toContain('voces export video RECORDING_ID')
    expect(d.out()).not.toContain('voces ingest')
    const e = capture()
    expect(await runCli(['transcript', '--help'], e.io)).toBe(0)
    expect(e.out()).toMatch(
      /^Usage: voces \[--library DIR\|postgres:\/\/…\] \[--media s3:\/\/BUCKET\] transcript RECORDING_ID/,
    )
    expect(e.out()).toContain('voces transcript import RECORDING_ID FILE')
  })

  it('reads the library from VOCES_LIBRARY and explains unknown commands and options', async () => {
    const c = capture()
    expect(await runCli(['frobnicate'], c.io)).toBe(2)
    expect(c.err()).toMatch(/Unknown command: frobnicate/)
    const d = capture()
    expect(await runCli(['--library', path.join(dir, 'lib2'), 'list', '--colour'], d.io)).toBe(2)
    expect(d.err()).toMatch(/Unknown option '--colour'/)
    const e = capture()
    expect(await runCli(['--library', path.join(dir, 'lib2'), 'show', 'nope'], e.io)).toBe(1)
    expect(e.err()).toMatch(/no recording nope/)
  })
})

describe('bin/voces and the CLI bundle (decision 0070)', () => {
  const bin = path.join(repoRoot, 'bin/voces')
  const run = async (args: string[], env: NodeJS.ProcessEnv) => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      env: { ...process.env, VOCES_MODELS: path.join(dir, 'models'), ...env, VOCES_DEBUG_CLI: '1' },
    })
    return { stdout, stderr }
  }

  it('runs the bundle while its sources are unchanged, the sources once one changed, with the same answers', async () => {
    const outDir = path.join(dir, 'bundle')
    const bundle = path.join(outDir, 'voces.mjs')
    const library = path.join(dir, 'bundle-library')
    const listEmpty = () =>
      run(['--library', library, 'list', '--json'], { VOCES_CLI_BUNDLE: bundle })
    let fromBundle = { stdout: '', stderr: '' }
    // Built again if someone edits a source meanwhile (several people work in one checkout).
    for (let attempt = 0; attempt < 3 && !fromBundle.stderr.includes(bundle); attempt++) {
      await build({
        configFile: path.join(repoRoot, 'vite.cli.config.ts'),
        build: { outDir },
        logLevel: 'warn',
      })
      fromBundle = await listEmpty()
    }
    expect(fromBundle.stderr).toBe(`voces: running ${bundle}\n`)
    expect(JSON.parse(fromBundle.stdout)).toEqual([])

    // What a module finds beside its source file (package.json's version, the whisper.cpp build,
    // the models folder) is found the same from the bundle.
    for (const args of [['--version'], ['models', 'list', '--json']]) {
      const bundled = await run(args, { VOCES_CLI_BUNDLE: bundle })
      const sources = await run(args, { VOCES_CLI_BUNDLE: path.join(dir, 'none.mjs') })
      expect(sources.stderr).toMatch(/^voces: running the sources \(there is no bundle at /)
      expect(bundled.stdout).toBe(sources.stdout)
    }

    // A source file that is not what the bundle was made from: the sources run.
    const listFile = path.join(outDir, 'voces.sources.json')
    const sourceList = JSON.parse(readFileSync(listFile, 'utf8')) as {
      sources: [string, number, number][]
    }
    const changed = sourceList.sources.find(([file]) => file.endsWith('src/core/version.ts'))
    expect(changed).toBeDefined()
    changed![2] += 1
    writeFileSync(listFile, JSON.stringify(sourceList))
    const stale = await listEmpty()
    expect(stale.stderr).toMatch(/^voces: running the sources \(.*src\/core\/version\.ts changed/)
    expect(JSON.parse(stale.stdout)).toEqual([])
  })
})

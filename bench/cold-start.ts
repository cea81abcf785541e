// CLI cold start, whole process as a person or a script sees it: `bin/voces list --json` on an
// empty library, run again and again (after warm-up runs, like hyperfine), from the one-file
// bundle and from the TypeScript sources, interleaved so both see the same machine load.
// Target: at most 0.2 s from the bundle (decision 0070).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const repo = fileURLToPath(new URL('..', import.meta.url))
const bin = path.join(repo, 'bin', 'voces')
const warmups = 3
const runs = 20

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ??
  NaN
const round = (seconds: number) => Math.round(seconds * 1000) / 1000

function summary(seconds: number[]) {
  const mean = seconds.reduce((sum, value) => sum + value, 0) / seconds.length
  return {
    median: round(quantile(seconds, 0.5)),
    mean: round(mean),
    min: round(Math.min(...seconds)),
    p90: round(quantile(seconds, 0.9)),
  }
}

/**
 * CPU seconds (user + system) of the children this process has waited for, from /proc on Linux
 * (NaN elsewhere): unlike wall time, it does not grow while a busy machine makes a run wait.
 */
function childrenCpuSeconds(): number {
  try {
    // Fields after the command name: state is 3rd, cutime and cstime the 16th and 17th.
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return NaN
  }
}

export async function benchColdStart() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-cold-start-'))
  try {
    // A bundle of the sources as they are now, in its own folder (the checkout's may be stale).
    const outDir = path.join(scratch, 'cli')
    const bundle = path.join(outDir, 'voces.mjs')
    let buildSeconds = NaN
    const rebuild = async () => {
      const started = performance.now()
      await build({
        configFile: path.join(repo, 'vite.cli.config.ts'),
        build: { outDir },
        logLevel: 'warn',
      })
      buildSeconds = (performance.now() - started) / 1000
    }
    await rebuild()
    const library = path.join(scratch, 'library')
    const variants: Record<string, NodeJS.ProcessEnv> = {
      bundle: { VOCES_CLI_BUNDLE: bundle },
      // The same bundle without V8's compile cache, to show what the cache is worth.
      bundleNoCompileCache: { VOCES_CLI_BUNDLE: bundle, NODE_DISABLE_COMPILE_CACHE: '1' },
      sources: { VOCES_CLI_BUNDLE: path.join(scratch, 'none', 'voces.mjs') },
    }
    /** One whole-process run: wall and CPU seconds, and whether the bundle ran. */
    const run = (env: NodeJS.ProcessEnv) => {
      const cpuBefore = childrenCpuSeconds()
      const started = performance.now()
      const child = spawnSync(process.execPath, [bin, '--library', library, 'list', '--json'], {
        env: { ...process.env, ...env, VOCES_DEBUG_CLI: '1' },
        encoding: 'utf8',
      })
      const seconds = (performance.now() - started) / 1000
      if (child.status !== 0 || child.stdout.trim() !== '[]')
        throw new Error(`expected an empty list, got ${child.stdout}${child.stderr}`)
      const bundled = child.stderr.startsWith(`voces: running ${bundle}`)
      return { seconds, cpu: childrenCpuSeconds() - cpuBefore, bundled }
    }
    /** A run of a variant as named: a source edited meanwhile (people work here) means a new bundle. */
    const measure = async (name: string) => {
      const env = variants[name] ?? {}
      for (let attempt = 0; attempt < 5; attempt++) {
        const once = run(env)
        if (once.bundled === name.startsWith('bundle')) return once
        await rebuild()
      }
      throw new Error(`${name}: the sources kept changing; the bundle could not be timed`)
    }
    const bare = () => {
      const started = performance.now()
      execFileSync(process.execPath, ['-e', '0'])
      return (performance.now() - started) / 1000
    }
    for (let i = 0; i < warmups; i++) for (const name of Object.keys(variants)) await measure(name)
    const times: Record<string, number[]> = { bareNode: [] }
    const cpu: Record<string, number[]> = {}
    for (let i = 0; i < runs; i++) {
      for (const name of Object.keys(variants)) {
        const once = await measure(name)
        ;(times[name] ??= []).push(once.seconds)
        ;(cpu[name] ??= []).push(once.cpu)
      }
      times.bareNode?.push(bare())
    }
    const result = Object.fromEntries(
      Object.entries(times).map(([name, seconds]) => [name, summary(seconds)]),
    ) as Record<string, ReturnType<typeof summary>>
    const meanCpu = Object.fromEntries(
      Object.entries(cpu).map(([name, seconds]) => [name, summary(seconds).mean]),
    )
    const ratio = (of: (name: string) => number) =>
      Math.round((of('sources') / of('bundle')) * 100) / 100
    // On a shared machine the median includes waiting for a core; the fastest run is the cost.
    const fastest = result.bundle?.min ?? NaN
    return {
      command: 'bin/voces --library EMPTY list --json',
      runs,
      warmups,
      seconds: result,
      cpuSecondsMean: meanCpu,
      sourcesOverBundle: {
        median: ratio((name) => result[name]?.median ?? NaN),
        fastest: ratio((name) => result[name]?.min ?? NaN),
        cpu: ratio((name) => meanCpu[name] ?? NaN),
      },
      target: {
        bundleAtMost: 0.2,
        fastestRun: fastest,
        medianRun: result.bundle?.median,
        cpuSeconds: meanCpu.bundle,
        met: fastest <= 0.2,
      },
      loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
      buildSeconds: round(buildSeconds),
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

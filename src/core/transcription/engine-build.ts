import { existsSync } from 'node:fs'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import type { JobContext } from '../jobs/runner.ts'
import { isExecutable } from '../process/executable.ts'
import { runProcess } from '../process/run.ts'
import { findWhisperCli, repoRoot } from './binary.ts'

/**
 * Building whisper.cpp from the Models page (docs/decisions/0189-engine-build-button.md): only in
 * a source checkout, where scripts/build-whisper.sh sits beside the code; a packaged app carries
 * its bundled engine and never offers it.
 */
export const buildScript = path.join(repoRoot, 'scripts', 'build-whisper.sh')

export const engineBuildKind = 'engine-build'

/** A tool the build needs: `cmake`, a C++ compiler, `make` or `ninja` (cmake's build tool). */
export type BuildTool = 'cmake' | 'compiler' | 'build-tool'

export function engineBuildAvailable(resourcesDir: string | undefined): boolean {
  return resourcesDir === undefined && existsSync(buildScript)
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean)
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name]
  return dirs.some((dir) => names.some((file) => isExecutable(path.join(dir, file))))
}

/** What the build needs and this computer lacks, looked up on PATH as the script's shell would. */
export function missingBuildTools(env: NodeJS.ProcessEnv = process.env): BuildTool[] {
  const missing: BuildTool[] = []
  if (!onPath('cmake', env)) missing.push('cmake')
  if (!['c++', 'g++', 'clang++', 'cl'].some((name) => onPath(name, env))) missing.push('compiler')
  if (!['make', 'ninja'].some((name) => onPath(name, env))) missing.push('build-tool')
  return missing
}

/**
 * Progress out of one line of the script's output: Make's "[ NN%]" or Ninja's "[N/M]" while
 * compiling, else null. The script's own step lines ("Fetching…", "Building…") move nothing.
 */
export function buildProgressOf(line: string): number | null {
  const text = line.trim()
  const percent = /^\[\s*(\d{1,3})%\]/.exec(text)
  if (percent?.[1]) return Math.min(100, Number(percent[1])) / 100
  const steps = /^\[(\d+)\/(\d+)\]/.exec(text)
  if (steps?.[1] && steps[2] && Number(steps[2]) > 0) {
    return Math.min(1, Number(steps[1]) / Number(steps[2]))
  }
  return null
}

/** The last lines of a failed build's output: what the person (or whoever helps) reads. */
const tailLines = 20

export async function runEngineBuild(
  voces: CoreContext,
  ctx: Pick<JobContext<unknown>, 'signal' | 'progress'>,
  env: NodeJS.ProcessEnv = process.env,
  /** Tests: a stand-in script, to cancel a build that runs without compiling for minutes. */
  script = buildScript,
): Promise<{ path: string }> {
  const missing = missingBuildTools(env)
  if (missing.length > 0) throw toolsMissing(missing)
  const progressOf = (line: string) => {
    const fraction = buildProgressOf(line)
    if (fraction !== null) ctx.progress(fraction)
  }
  // Its own process group, so a cancel stops cmake and every compiler under it.
  const { code, tail } = await runProcess('bash', [script], {
    env: { ...env, VOCES_WHISPER_PROGRESS: '1' },
    signal: ctx.signal,
    // SIGTERM, as before the one runner (decision 0189); SIGKILL follows if the group lingers.
    killSignal: 'SIGTERM',
    onStdoutLine: progressOf,
    onStderrLine: progressOf,
    tailOf: 'both',
    tailLines,
  }).catch((error: unknown) => {
    ctx.signal.throwIfAborted()
    throw error
  })
  ctx.signal.throwIfAborted()
  // The script writes its stamp last: a build that stopped half-way leaves no engine to find.
  const found = findWhisperCli({ resourcesDir: voces.resourcesDir, env: {} })
  if (code !== 0 || !found) {
    const log = tail.join('\n')
    voces.log.info('engine build failed', { code, log })
    throw new VocesError(
      'ENGINE_BUILD_FAILED',
      `Building the transcription engine failed. The last lines of its output:\n${log}`,
      { log },
    )
  }
  voces.log.info('engine built', { path: found })
  return { path: found }
}

export function toolsMissing(missing: readonly BuildTool[]): VocesError {
  return new VocesError(
    'ENGINE_BUILD_TOOLS_MISSING',
    `Building the transcription engine needs tools this computer lacks: ${missing.join(', ')}.`,
    { tools: missing.join(',') },
  )
}

/** Checks the tools first, so a build that would fail is never started; one build at a time. */
export async function startEngineBuild(voces: CoreContext): Promise<{ jobId: string }> {
  if (!engineBuildAvailable(voces.resourcesDir)) {
    throw new VocesError(
      'ENGINE_BUILD_UNAVAILABLE',
      'This copy of Voces carries its own transcription engine; there is nothing to build.',
    )
  }
  const missing = missingBuildTools()
  if (missing.length > 0) throw toolsMissing(missing)
  const running = (await voces.jobs.list()).find(
    (job) => job.kind === engineBuildKind && (job.state === 'queued' || job.state === 'running'),
  )
  return { jobId: running?.id ?? (await voces.jobs.enqueue(engineBuildKind, {})).id }
}

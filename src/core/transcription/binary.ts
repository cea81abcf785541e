import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { VocesError } from '../../shared/contract/index.ts'
import { isExecutable } from '../process/executable.ts'

export interface EngineLookup {
  /** A path chosen by the person (a setting, or the CLI); beats everything else. */
  whisperPath?: string | undefined
  /** The packaged app's resources folder (bundled binaries in bin/<platform>-<arch>/). */
  resourcesDir?: string | undefined
  env?: NodeJS.ProcessEnv
}

/**
 * The source checkout Voces runs from: three folders up from this file in source, but two from
 * out/main/index.js in an electron-vite build, so the folder holding scripts/build-whisper.sh is
 * looked for upwards (decision 0189). A packaged app has none and keeps the plain guess.
 */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(path.join(dir, 'scripts', 'build-whisper.sh'))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return fileURLToPath(new URL('../../..', import.meta.url))
    dir = parent
  }
}
export const repoRoot = findRepoRoot()
const executable = process.platform === 'win32' ? 'whisper-cli.exe' : 'whisper-cli'

export const engineHint =
  'Build it from source for this machine with "bash scripts/build-whisper.sh" (needs cmake and a C++ compiler; ' +
  'about 2 minutes), or point VOCES_WHISPER_CLI at a whisper-cli binary of whisper.cpp 1.9.'

/** Where bundled binaries for this computer are, under a resources folder: bin/<platform>-<arch>. */
export const bundledBinDir = (resourcesDir: string) =>
  path.join(resourcesDir, 'bin', `${process.platform}-${process.arch}`)

/**
 * The order a successor expects (docs/decisions/0010-whisper-engine.md): setting,
 * VOCES_WHISPER_CLI, bundled, the source build, then a checkout's own packaging build (scripts/build-whisper.sh --package writes
 * resources/bin/<platform>-<arch>, which a packaged app carries as its bundled engine; 0168).
 */
export function engineCandidates(lookup: EngineLookup = {}): string[] {
  const env = lookup.env ?? process.env
  const candidates: string[] = []
  if (lookup.whisperPath) candidates.push(lookup.whisperPath)
  if (env.VOCES_WHISPER_CLI) candidates.push(env.VOCES_WHISPER_CLI)
  if (lookup.resourcesDir)
    candidates.push(path.join(bundledBinDir(lookup.resourcesDir), executable))
  candidates.push(path.join(repoRoot, 'vendor', 'whisper.cpp', 'build', 'bin', executable))
  candidates.push(path.join(bundledBinDir(path.join(repoRoot, 'resources')), executable))
  return candidates
}

export function findWhisperCli(lookup: EngineLookup = {}): string | null {
  return engineCandidates(lookup).find(isExecutable) ?? null
}

export function requireWhisperCli(lookup: EngineLookup = {}): string {
  const found = findWhisperCli(lookup)
  if (!found) {
    throw new VocesError(
      'ENGINE_NOT_FOUND',
      `The transcription engine (whisper.cpp's whisper-cli) is not installed. ${engineHint}`,
    )
  }
  return found
}

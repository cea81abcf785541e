import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'
import { CancelledError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { isExecutable } from '../process/executable.ts'
import { runProcess } from '../process/run.ts'
import type { Language } from '../subtitles/types.ts'
import type { EngineReport, LanguagePair, TranslateOptions, TranslationEngine } from './engine.ts'

/**
 * Apertium, the default engine (docs/decisions/0156-local-translation.md): rule-based, offline,
 * no model to download, from Debian's `apertium` and `apertium-eng-spa` (or Homebrew's, or a
 * bundled copy). Found like FFmpeg and whisper.cpp: the person's setting, then
 * VOCES_APERTIUM, then a bundled binary, then PATH.
 *
 * Many lines go to one process run: lines are separated by an empty line, which Apertium's text
 * format keeps as a paragraph break (a single line break is not a boundary to it: two lines
 * without a full stop would be translated as one sentence). The input goes through a file, through
 * the one process runner (src/core/process/run.ts): Debian's apertium script reads nothing from
 * the socket Node gives a child as stdin (decision 0200).
 */

export interface ApertiumLookup {
  /** A path chosen by the person (the `apertiumPath` setting); beats everything else. */
  apertiumPath?: string | undefined
  resourcesDir?: string | undefined
  env?: NodeJS.ProcessEnv
  log?: Logger | undefined
}

const executable = process.platform === 'win32' ? 'apertium.exe' : 'apertium'

/** Apertium's names for the pairs, by Voces' language codes. */
const modes: Record<string, string> = { 'en-es': 'eng-spa', 'es-en': 'spa-eng' }
const iso3: Record<Language, string> = { en: 'eng', es: 'spa' }

export const apertiumHint =
  'Install Apertium with its English–Spanish data: "sudo apt install apertium apertium-eng-spa" on Debian or Ubuntu, ' +
  '"brew install apertium apertium-eng-spa" on macOS, or set its path in Settings (apertiumPath) or VOCES_APERTIUM.'

/** Lines per process run: small enough for progress and cancel, large enough to cost nothing. */
export const apertiumBatchLines = 200

export function apertiumCandidates(lookup: ApertiumLookup = {}): string[] {
  const env = lookup.env ?? process.env
  const candidates: string[] = []
  if (lookup.apertiumPath) candidates.push(lookup.apertiumPath)
  if (env.VOCES_APERTIUM) candidates.push(env.VOCES_APERTIUM)
  if (lookup.resourcesDir)
    candidates.push(
      path.join(lookup.resourcesDir, 'bin', `${process.platform}-${process.arch}`, executable),
    )
  for (const dir of (env.PATH ?? '').split(path.delimiter))
    if (dir) candidates.push(path.join(dir, executable))
  return candidates
}

/** The setting when it is given (a wrong one is not passed over), else the first found. */
export function findApertium(lookup: ApertiumLookup = {}): string | null {
  if (lookup.apertiumPath) return isExecutable(lookup.apertiumPath) ? lookup.apertiumPath : null
  return apertiumCandidates(lookup).find(isExecutable) ?? null
}

export function apertiumNotFound(): VocesError {
  return new VocesError(
    'TRANSLATION_ENGINE_NOT_FOUND',
    `The translation engine Apertium is not installed. ${apertiumHint}`,
    { engine: 'apertium' },
  )
}

/**
 * A path a person sets is refused unless it is an Apertium that lists an English–Spanish pair,
 * not kept and quietly passed over (as FFmpeg's is).
 */
export async function checkApertiumPath(file: string): Promise<void> {
  const pairs = isExecutable(file) ? await new ApertiumEngine({ apertiumPath: file }).pairs() : []
  if (pairs.length === 0) {
    throw new VocesError(
      'APERTIUM_PATH_INVALID',
      `${file} is not a working Apertium with its English–Spanish data. Choose the apertium program itself, or leave the field empty to find it automatically.`,
      { path: file },
    )
  }
}

function pairNotInstalled(pair: LanguagePair): VocesError {
  return new VocesError(
    'TRANSLATION_PAIR_NOT_INSTALLED',
    `Apertium has no ${pair.from}→${pair.to} data installed. ${apertiumHint}`,
    { engine: 'apertium', from: pair.from, to: pair.to },
  )
}

/** The separator between lines of one run, and what comes back for it. */
const separator = '\n\n'

export class ApertiumEngine implements TranslationEngine {
  readonly name = 'apertium'
  readonly lookup: ApertiumLookup
  #pairs: Promise<LanguagePair[]> | null = null

  constructor(lookup: ApertiumLookup = {}) {
    this.lookup = lookup
  }

  binary(): string | null {
    return findApertium(this.lookup)
  }

  /** The pairs `apertium -l` lists, of the two the archive needs. */
  pairs(): Promise<LanguagePair[]> {
    this.#pairs ??= (async () => {
      const binary = this.binary()
      if (!binary) return []
      const listing = await runProcess(binary, ['-l'], {
        captureStdout: true,
        timeoutMs: 30_000,
        log: this.lookup.log,
      }).catch(() => null)
      const stdout = listing?.code === 0 && !listing.timedOut ? listing.stdout : ''
      const listed = new Set(stdout.split(/\s+/).filter(Boolean))
      const pairs: LanguagePair[] = [
        { from: 'en', to: 'es' },
        { from: 'es', to: 'en' },
      ]
      return pairs.filter((pair) => listed.has(`${iso3[pair.from]}-${iso3[pair.to]}`))
    })()
    return this.#pairs
  }

  async report(): Promise<EngineReport> {
    const binary = this.binary()
    const pairs = await this.pairs()
    return {
      name: this.name,
      kind: 'rule-based',
      installed: binary !== null && pairs.length > 0,
      pairs,
      path: binary,
      hint: binary !== null && pairs.length === 2 ? '' : apertiumHint,
    }
  }

  async translate(
    lines: readonly string[],
    pair: LanguagePair,
    options: TranslateOptions = {},
  ): Promise<string[]> {
    const binary = this.binary()
    if (!binary) throw apertiumNotFound()
    const mode = modes[`${pair.from}-${pair.to}`]
    if (!mode || !(await this.pairs()).some((p) => p.from === pair.from && p.to === pair.to))
      throw pairNotInstalled(pair)
    const out: string[] = []
    const dir = await mkdtemp(path.join(os.tmpdir(), 'voces-apertium-'))
    try {
      for (let at = 0; at < lines.length; at += apertiumBatchLines) {
        if (options.signal?.aborted) throw new CancelledError()
        const batch = lines.slice(at, at + apertiumBatchLines)
        out.push(...(await this.#run(binary, mode, dir, batch, options.signal)))
        options.onProgress?.(Math.min(1, (at + batch.length) / lines.length))
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    return out
  }

  /** One process run: the non-empty lines, each a paragraph; the empty ones are put back empty. */
  async #run(
    binary: string,
    mode: string,
    dir: string,
    batch: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<string[]> {
    const flat = batch.map((line) => line.replace(/\s+/g, ' ').trim())
    const sent = flat.filter((line) => line !== '')
    if (sent.length === 0) return flat
    const input = path.join(dir, 'in.txt')
    await writeFile(input, sent.join(separator) + '\n')
    const { code, timedOut, stdout, tail } = await runProcess(binary, ['-u', mode, input], {
      captureStdout: true,
      signal,
      // Far more than a batch takes (a fifth of a second): a hung engine is stopped.
      timeoutMs: 120_000,
      log: this.lookup.log,
    }).catch((error: unknown) => {
      if (error instanceof CancelledError) throw error
      throw apertiumNotFound()
    })
    if (code !== 0 || timedOut) {
      throw new VocesError(
        'TRANSLATION_ENGINE_FAILED',
        `The translation engine Apertium stopped with an error; nothing was changed. ${tail.slice(-3).join(' ')}`.trim(),
        { engine: 'apertium' },
      )
    }
    const got = stdout.replace(/\s+$/, '').split(/\n[ \t]*\n/)
    if (got.length !== sent.length) {
      throw new VocesError(
        'TRANSLATION_ENGINE_FAILED',
        `The translation engine Apertium gave back ${got.length} lines for ${sent.length}; nothing was changed.`,
        { engine: 'apertium' },
      )
    }
    let k = 0
    return flat.map((line) => (line === '' ? '' : (got[k++] ?? '').replace(/\s+/g, ' ')))
  }
}

import { VocesError } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import { ApertiumEngine } from './apertium.ts'
import { BergamotEngine } from './bergamot.ts'
import type { EngineReport, LanguagePair, TranslationEngine } from './engine.ts'

/** The engine used when none is named: the one that works offline with nothing to download. */
export const defaultEngineName = 'apertium'

/** Every engine Voces knows, set up for this library's settings (decision 0156). */
export async function translationEngines(voces: CoreContext): Promise<TranslationEngine[]> {
  const { apertiumPath } = await voces.settings.get()
  return [
    new ApertiumEngine({ apertiumPath, resourcesDir: voces.resourcesDir, log: voces.log }),
    new BergamotEngine(),
  ]
}

export async function engineReports(voces: CoreContext): Promise<EngineReport[]> {
  return Promise.all((await translationEngines(voces)).map((engine) => engine.report()))
}

/**
 * The engine a person named (or the default), checked to translate this pair here: an engine
 * not installed, or without this pair, is refused with how to install it.
 */
export async function chooseEngine(
  voces: CoreContext,
  name: string | undefined,
  pair: LanguagePair,
): Promise<TranslationEngine> {
  const engines = await translationEngines(voces)
  const wanted = name ?? defaultEngineName
  const engine = engines.find((candidate) => candidate.name === wanted)
  if (!engine) {
    throw new VocesError(
      'TRANSLATION_ENGINE_UNKNOWN',
      `There is no translation engine named ${wanted}. See "voces translate engines".`,
      { engine: wanted, engines: engines.map((e) => e.name).join(', ') },
    )
  }
  const report = await engine.report()
  if (!report.installed) {
    throw new VocesError(
      'TRANSLATION_ENGINE_NOT_FOUND',
      `The translation engine ${engine.name} is not installed. ${report.hint}`,
      { engine: engine.name },
    )
  }
  if (!report.pairs.some((p) => p.from === pair.from && p.to === pair.to)) {
    throw new VocesError(
      'TRANSLATION_PAIR_NOT_INSTALLED',
      `The translation engine ${engine.name} cannot translate ${pair.from}→${pair.to} on this computer. ${report.hint}`,
      { engine: engine.name, from: pair.from, to: pair.to },
    )
  }
  return engine
}

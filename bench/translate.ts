// `npm run bench translate`: chrF of each installed engine and direction on Voces' own test set
// (bench/data/translation-*.tsv: sentences as workers and organizers speak in interviews, with
// references written by hand), engine markers left in the output (target 0), and the time to
// translate an hour-long interview's subtitle track, 900 cues (target under 30 s on 2 cores).
// The dev rows are the ones the domain phrase list may be looked at against; the test rows are
// held out (decision 0156).
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { ApertiumEngine } from '../src/core/translation/apertium.ts'
import { BergamotEngine } from '../src/core/translation/bergamot.ts'
import { countMarkers } from '../src/core/translation/clean.ts'
import type { LanguagePair, TranslationEngine } from '../src/core/translation/engine.ts'
import { translateLines } from '../src/core/translation/pipeline.ts'
import { chrf } from './chrf.ts'

interface Row {
  set: 'dev' | 'test'
  source: string
  reference: string
}

export function readTestSet(pair: LanguagePair): Row[] {
  const file = new URL(`./data/translation-${pair.from}-${pair.to}.tsv`, import.meta.url)
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [set, source, reference] = line.split('\t')
      if ((set !== 'dev' && set !== 'test') || !source || !reference)
        throw new Error(`Bad test-set line: ${line}`)
      return { set, source, reference }
    })
}

const pairs: LanguagePair[] = [
  { from: 'en', to: 'es' },
  { from: 'es', to: 'en' },
]

/** 900 cues as a subtitle track holds them: the test sentences, some in tags or sound notes. */
function track(rows: readonly Row[]): string[] {
  return Array.from({ length: 900 }, (_, i) => {
    const source = rows[i % rows.length]?.source ?? ''
    if (i % 50 === 7) return '[laughter]'
    if (i % 40 === 3) return `<i>${source}</i>`
    return source
  })
}

async function benchEngine(engine: TranslationEngine) {
  const report = await engine.report()
  if (!report.installed) return { installed: false, skipped: report.hint }
  const directions: Record<string, object> = {}
  for (const pair of pairs) {
    if (!report.pairs.some((p) => p.from === pair.from && p.to === pair.to)) continue
    const rows = readTestSet(pair)
    const { lines } = await translateLines(
      engine,
      rows.map((row) => row.source),
      pair,
    )
    const scored = (set: Row['set']) =>
      chrf(
        rows.flatMap((row, i) =>
          row.set === set ? [[lines[i] ?? '', row.reference] as const] : [],
        ),
      )
    const cues = track(rows)
    const started = performance.now()
    const translated = await translateLines(engine, cues, pair)
    const seconds = (performance.now() - started) / 1000
    directions[`${pair.from}-${pair.to}`] = {
      sentences: {
        test: rows.filter((r) => r.set === 'test').length,
        dev: rows.filter((r) => r.set === 'dev').length,
      },
      chrfTest: Math.round(scored('test') * 10) / 10,
      chrfDev: Math.round(scored('dev') * 10) / 10,
      markers:
        lines.reduce((sum, line) => sum + countMarkers(line), 0) +
        translated.lines.reduce((sum, line) => sum + countMarkers(line), 0),
      track900Seconds: Math.round(seconds * 100) / 100,
      linesOut: translated.lines.length,
      examples: rows
        .filter((row) => row.set === 'test')
        .slice(0, 5)
        .map((row) => ({
          source: row.source,
          output: lines[rows.indexOf(row)],
          reference: row.reference,
        })),
    }
  }
  return { installed: true, path: report.path, directions }
}

export async function benchTranslate() {
  return {
    targets: { chrf: 60, markers: 0, track900Seconds: 30 },
    apertium: await benchEngine(new ApertiumEngine()),
    bergamot: await benchEngine(new BergamotEngine()),
  }
}

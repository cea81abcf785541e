// Archive search at scale (issue 5): a synthetic 1,000-hour library (about 600,000 segments and
// 9 million words, half English, half Spanish, drawn from a word list with a fixed seed), then for
// each kind of query the median and 95th percentile of a whole search call (parse, filters,
// FTS5, joins, snippets, grouping) and its ratio to the bare FTS5 query for the same expression.
// Targets: p95 under 50 ms for every kind, at most 1.5x the bare query.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import v8 from 'node:v8'
import vm from 'node:vm'
import { parseQuery } from '../src/core/search/query.ts'
import { searchService } from '../src/core/search/service.ts'
import { Voces } from '../src/core/voces.ts'
import type { SearchFilters } from '../src/shared/contract/index.ts'
import { makeArchive } from './search-archive.ts'

const hours = Number(process.env.VOCES_BENCH_SEARCH_HOURS ?? 1000)
const runs = 30
const limit = 100

interface QuerySpec {
  kind: string
  query: string
  filters?: SearchFilters
}

const queries: QuerySpec[] = [
  { kind: 'common word', query: 'work' },
  { kind: 'common word', query: 'trabajo' },
  { kind: 'common word', query: 'union' },
  // Function words: a fifth of all segments hold one. Not a kind issue 5 names; measured so the
  // worst case is known.
  { kind: 'function word', query: 'the' },
  { kind: 'function word', query: 'que' },
  { kind: 'rare word', query: 'RARE_EN' },
  { kind: 'rare word', query: 'RARE_ES' },
  { kind: 'phrase', query: '"the union"' },
  { kind: 'phrase', query: '"el sindicato"' },
  { kind: 'phrase', query: '"we were on strike"' },
  { kind: 'prefix', query: 'organiz*' },
  { kind: 'prefix', query: 'trabaj*' },
  { kind: 'accent-folded', query: 'construccion' },
  { kind: 'accent-folded', query: 'companeros' },
  {
    kind: 'filtered',
    query: 'work',
    filters: { language: 'en', from: '1990-01-01', to: '1999-12-31' },
  },
  { kind: 'filtered', query: 'trabajo', filters: { tags: ['huelga'] } },
  { kind: 'filtered', query: 'sindicato', filters: { speaker: 'Rosa' } },
  { kind: 'filtered', query: 'union', filters: { recordingId: 'REC_EN' } },
]

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}
const round = (n: number, digits = 2) => Number(n.toFixed(digits))

/**
 * A full collection now, from JavaScript. better-sqlite3 12.11 built against Node 24.21's
 * node_object_wrap.h aborts when a Statement is collected outside a JS context (see
 * src/core/search/statements.ts): the one-off statements of the library's setup go here.
 */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc')
  ;(vm.runInNewContext('gc') as () => void)()
}

export async function benchSearch() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-search-'))
  const voces = new Voces({ libraryDir: scratch, startJobs: false })
  try {
    collectGarbage()
    const archive = makeArchive(voces.db, hours, 20260517)
    const db = voces.db
    const started = performance.now()
    db.exec("INSERT INTO segments_fts (segments_fts) VALUES ('rebuild')")
    const rebuildSeconds = (performance.now() - started) / 1000
    db.exec("INSERT INTO segments_fts (segments_fts) VALUES ('optimize')")
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    const bytes = (like: string) =>
      (
        db
          .prepare('SELECT coalesce(sum(pgsize), 0) AS n FROM dbstat WHERE name LIKE ?')
          .get(like) as { n: number }
      ).n
    const build = {
      recordings: archive.recordings,
      segments: archive.segments,
      words: archive.words,
      hours,
      insertWithIndexSeconds: round(archive.insertSeconds, 1),
      rebuildIndexSeconds: round(rebuildSeconds, 1),
      indexMiB: round(bytes('segments_fts%') / 2 ** 20, 1),
      segmentsTableMiB: round(bytes('segments') / 2 ** 20, 1),
    }
    process.stderr.write(`search: built ${JSON.stringify(build)}\n`)

    collectGarbage()
    const service = searchService(db)
    const bare = db.prepare(
      'SELECT rowid, rank FROM segments_fts WHERE segments_fts MATCH ? ORDER BY rank LIMIT ?',
    )
    const count = db.prepare('SELECT count(*) AS n FROM segments_fts WHERE segments_fts MATCH ?')
    const byKind = new Map<string, { call: number[]; bare: number[]; detail: object[] }>()
    for (const spec of queries) {
      const query = spec.query
        .replace('RARE_EN', archive.rare.en)
        .replace('RARE_ES', archive.rare.es)
      const filters = spec.filters?.recordingId
        ? { ...spec.filters, recordingId: archive.sampleRecording.en }
        : spec.filters
      const expression = parseQuery(query).expression ?? ''
      const call: number[] = []
      const bareTimes: number[] = []
      let hits = 0
      for (let i = 0; i < runs + 2; i++) {
        let t = performance.now()
        hits = service.search({ query, filters, limit }).hits.length
        const callMs = performance.now() - t
        t = performance.now()
        bare.all(expression, limit + 1)
        const bareMs = performance.now() - t
        // The first two runs warm the page cache and the prepared statements.
        if (i >= 2) {
          call.push(callMs)
          bareTimes.push(bareMs)
        }
      }
      const matches = (count.get(expression) as { n: number }).n
      const entry = byKind.get(spec.kind) ?? { call: [], bare: [], detail: [] }
      entry.call.push(...call)
      entry.bare.push(...bareTimes)
      entry.detail.push({
        query,
        filters: filters ?? {},
        matches,
        hits,
        medianMs: round(percentile(call, 50)),
        p95Ms: round(percentile(call, 95)),
        bareMedianMs: round(percentile(bareTimes, 50)),
        bareP95Ms: round(percentile(bareTimes, 95)),
      })
      byKind.set(spec.kind, entry)
    }
    const kinds = Object.fromEntries(
      [...byKind].map(([kind, { call, bare: b, detail }]) => {
        const p95 = percentile(call, 95)
        const ratio = percentile(call, 50) / percentile(b, 50)
        return [
          kind,
          {
            medianMs: round(percentile(call, 50)),
            p95Ms: round(p95),
            bareMedianMs: round(percentile(b, 50)),
            bareP95Ms: round(percentile(b, 95)),
            ratioMedian: round(ratio),
            ratioP95: round(p95 / percentile(b, 95)),
            meetsP95Target: p95 < 50,
            queries: detail,
          },
        ]
      }),
    )
    return { build, limit, runsPerQuery: runs, kinds, targets: { p95Ms: 50, ratio: 1.5 } }
  } finally {
    await voces.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}

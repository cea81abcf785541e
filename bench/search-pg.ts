// Archive search on PostgreSQL (decision 0142), on the same synthetic archive as the SQLite figures
// (search-archive.ts, copied row for row by search-archive-pg.ts) and the same queries: the
// median and 95th percentile of a whole port call (parse, filters, the planner's estimate, the
// bounded window, ts_headline for the page, recordings) against
// - `bare`: the ranking statement alone, in the form the call chose (newest window + 1, ts_rank_cd);
// - `full`: ranking every match with ts_rank_cd, as a search would without the window (few runs:
//   it takes most of a second for "the");
// - `onePart`: where the call's plan searches the newest eras first (decision 0173), the same call
//   with the whole table in one part, as before that decision, alternating with the call so that
//   both see the same load;
// - the CPU a call costs (decision 0195): the server's processes for this database, from /proc
//   where the server runs here, and this process; with the machine's load average at the start
//   and the end, since wall times on a shared machine say more about its load than about search.
// PostgreSQL: bench/postgres.ts (a throwaway server, or VOCES_BENCH_DATABASE_URL's empty database).
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import type { Database } from 'better-sqlite3'
import { parseQuery } from '../src/core/search/query.ts'
import { rankWindow } from '../src/core/search/service.ts'
import { resolveScope, scopeConditions } from '../src/core/storage/postgres/search/scope.ts'
import { toTsQueries } from '../src/core/storage/postgres/search/tsquery.ts'
import type { PostgresSearch } from '../src/core/storage/postgres/search/engine.ts'
import { pickForm, windowSql } from '../src/core/storage/postgres/search/window.ts'
import type { Queryable } from '../src/core/storage/postgres/db.ts'
import type { SearchFilters } from '../src/shared/contract/index.ts'
import { withPostgresStorage } from './postgres.ts'
import { copyArchive } from './search-archive-pg.ts'
import { callFigures } from './search-figures.ts'

export interface PgQuery {
  kind: string
  query: string
  filters?: SearchFilters
}

interface Options {
  runs: number
  minMeasuredMs: number
  minWarmUpMs: number
  limit: number
  percentile: (values: number[], p: number) => number
  evenly: (values: number[], count: number) => number[]
  round: (n: number, digits?: number) => number
}

/**
 * CPU seconds used so far by each server process serving this database (decision 0195), read
 * from /proc: a loaded machine stretches wall time several times over, CPU time much less, so
 * CPU is the figure a before/after reading on a shared machine can rest on. Null where the
 * server is not on this machine (VOCES_BENCH_DATABASE_URL naming another host).
 */
async function backendCpu(db: Queryable): Promise<Map<number, number> | null> {
  const rows = await db.rows<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  )
  const ticks = new Map<number, number>()
  for (const { pid } of rows) {
    let stat: string
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      return null
    }
    // "PID (NAME) STATE …": utime and stime are the 14th and 15th fields, in 1/100 s.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (!stat.includes('(postgres)')) return null
    ticks.set(pid, (Number(fields[11]) + Number(fields[12])) / 100)
  }
  return ticks
}

/** Server CPU spent between two readings, in ms: processes that ended in between are lost. */
function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0
  for (const [pid, now] of after) seconds += now - (before.get(pid) ?? 0)
  return seconds * 1000
}

export async function benchSearchPostgres(
  archiveDb: Database,
  queries: PgQuery[],
  options: Options,
): Promise<object> {
  const { runs, minMeasuredMs, minWarmUpMs, limit, percentile, evenly, round } = options
  return withPostgresStorage(async (storage) => {
    const db = storage.db
    const copyStarted = performance.now()
    await copyArchive(archiveDb, db)
    const copySeconds = (performance.now() - copyStarted) / 1000
    await db.run('VACUUM ANALYZE segments')
    const size = await db.row<{ table: number; search: number; index: number }>(
      `SELECT pg_table_size('segments')::float8 / 2^20 AS table,
          (SELECT sum(pg_column_size(search)) FROM segments)::float8 / 2^20 AS search,
          pg_relation_size('segments_search_era')::float8 / 2^20 AS index`,
    )
    const build = {
      copyWithIndexSeconds: round(copySeconds, 1),
      segmentsTableMiB: round(size?.table ?? 0, 1),
      tsvectorMiB: round(size?.search ?? 0, 1),
      ginIndexMiB: round(size?.index ?? 0, 1),
    }
    process.stderr.write(`search (PostgreSQL): built ${JSON.stringify(build)}\n`)

    const loadStart = os.loadavg()
    const byKind = new Map<
      string,
      {
        call: number[]
        bare: number[]
        onePart: number[]
        serverCpu: number[]
        clientCpu: number[]
        detail: object[]
      }
    >()
    for (const spec of queries) {
      const parsed = parseQuery(spec.query)
      const tsquery = toTsQueries(parsed)?.query ?? ''
      const scope = await resolveScope(db, spec.filters ?? {})
      const plan = await pickForm(db, tsquery, scope, rankWindow)
      const params: unknown[] = [tsquery, rankWindow + 1]
      const bareSql = windowSql(scope, params, plan)
      const engine = storage.search as PostgresSearch
      const onePartPlan = plan.near === null ? null : { form: plan.form, near: null }
      const fullParams: unknown[] = [tsquery, limit]
      const fullSql = `SELECT s.id, ts_rank_cd(s.search, query, 1) AS rank
          FROM segments s, to_tsquery('voces_search', $1) query
          WHERE s.search @@ query${scopeConditions(scope, fullParams)}
          ORDER BY rank DESC LIMIT $2`
      const first = performance.now()
      let result = await storage.search.search({
        query: spec.query,
        filters: spec.filters,
        limit,
      })
      const firstCallMs = performance.now() - first
      const call: number[] = []
      const bare: number[] = []
      const onePart: number[] = []
      let warmUpMs = 0
      let measuredMs = 0
      for (let i = 0; ; i++) {
        const warming = i < 2 || warmUpMs < minWarmUpMs
        if (!warming && call.length >= runs && measuredMs >= minMeasuredMs) break
        let t = performance.now()
        result = await storage.search.search({ query: spec.query, filters: spec.filters, limit })
        const callMs = performance.now() - t
        t = performance.now()
        await db.rows(bareSql, params)
        const bareMs = performance.now() - t
        t = performance.now()
        if (onePartPlan) {
          const one = await engine.search(
            { query: spec.query, filters: spec.filters, limit },
            { plan: onePartPlan },
          )
          if (JSON.stringify(one) !== JSON.stringify(result)) {
            throw new Error(`${spec.query}: one part answered differently from the near eras`)
          }
        }
        const onePartMs = performance.now() - t
        if (warming) warmUpMs += callMs
        else {
          measuredMs += callMs
          call.push(callMs)
          bare.push(bareMs)
          if (onePartPlan) onePart.push(onePartMs)
        }
      }
      // CPU a call costs, apart from the timed loop (which runs the bare and one-part
      // statements too): the server's processes for this database and this process.
      const cpuCalls = 20
      const serverBefore = await backendCpu(db)
      const clientBefore = process.cpuUsage()
      for (let i = 0; i < cpuCalls; i++) {
        await storage.search.search({ query: spec.query, filters: spec.filters, limit })
      }
      const client = process.cpuUsage(clientBefore)
      const serverAfter = await backendCpu(db)
      const serverCpuMs =
        serverBefore && serverAfter ? cpuSpent(serverBefore, serverAfter) / cpuCalls : null
      const clientCpuMs = (client.user + client.system) / 1000 / cpuCalls
      const full: number[] = []
      for (let i = 0; i < 4; i++) {
        const t = performance.now()
        await db.rows(fullSql, fullParams)
        if (i > 0) full.push(performance.now() - t)
      }
      const countParams: unknown[] = [tsquery]
      const matches = await db.row<{ n: number }>(
        `SELECT count(*) AS n FROM segments s WHERE s.search @@ to_tsquery('voces_search', $1)`,
        [tsquery],
      )
      const matchesFiltered = await db.row<{ n: number }>(
        `SELECT count(*) AS n FROM segments s
           WHERE s.search @@ to_tsquery('voces_search', $1)${scopeConditions(scope, countParams)}`,
        countParams,
      )
      const entry = byKind.get(spec.kind) ?? {
        call: [],
        bare: [],
        onePart: [],
        serverCpu: [],
        clientCpu: [],
        detail: [],
      }
      if (serverCpuMs !== null) entry.serverCpu.push(serverCpuMs)
      entry.clientCpu.push(clientCpuMs)
      entry.call.push(...evenly(call, runs))
      entry.bare.push(...evenly(bare, runs))
      // Where a query of the kind runs in one part anyway, its call is its one-part figure.
      entry.onePart.push(...evenly(onePart.length > 0 ? onePart : call, runs))
      entry.detail.push({
        query: spec.query,
        tsquery,
        filters: spec.filters ?? {},
        form: plan.form,
        nearEra: plan.near,
        matches: matches?.n ?? 0,
        matchesFiltered: matchesFiltered?.n ?? 0,
        ...callFigures(result, firstCallMs, call, bare),
        ...(onePart.length > 0 && {
          onePartMedianMs: round(percentile(onePart, 50)),
          onePartP95Ms: round(percentile(onePart, 95)),
        }),
        fullMedianMs: round(percentile(full, 50)),
        serverCpuMsPerCall: serverCpuMs === null ? null : round(serverCpuMs),
        clientCpuMsPerCall: round(clientCpuMs),
      })
      byKind.set(spec.kind, entry)
    }
    const kinds = Object.fromEntries(
      [...byKind].map(([kind, { call, bare, onePart, serverCpu, clientCpu, detail }]) => {
        const p95 = percentile(call, 95)
        return [
          kind,
          {
            medianMs: round(percentile(call, 50)),
            p95Ms: round(p95),
            bareMedianMs: round(percentile(bare, 50)),
            bareP95Ms: round(percentile(bare, 95)),
            ratioMedian: round(percentile(call, 50) / percentile(bare, 50)),
            onePartMedianMs: round(percentile(onePart, 50)),
            onePartP95Ms: round(percentile(onePart, 95)),
            meetsP95Target: p95 < 50,
            // The most CPU a call of the kind cost, on the server and here (mean of 20 calls).
            serverCpuMsPerCallMax: serverCpu.length === 0 ? null : round(Math.max(...serverCpu)),
            clientCpuMsPerCallMax: round(Math.max(...clientCpu)),
            queries: detail,
          },
        ]
      }),
    )
    const server = await db.row<{ version: string }>('SELECT version()')
    const load = { start: loadStart.map((n) => round(n)), end: os.loadavg().map((n) => round(n)) }
    return {
      server: server?.version,
      build,
      limit,
      rankWindow,
      load,
      kinds,
      targets: { p95Ms: 50 },
    }
  })
}

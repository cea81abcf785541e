// One measured run for bench/jobs.ts, in a process of its own so its peak RSS is its own:
// `node bench/jobs-enqueue.ts N one|many` opens a fresh library, queues N jobs behind two that
// never end (one `enqueue` each, as ingest of a folder did, or one `enqueueMany`), and prints
// {seconds, peakRssMiB} as JSON.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { Voces } from '../src/core/voces.ts'

const n = Number(process.argv[2] ?? 10_000)
const mode = process.argv[3] === 'many' ? 'many' : 'one'
const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-jobs-'))
const voces = new Voces({ libraryDir })
voces.jobs.register<{ n: number }, null>({
  kind: 'bench.wait',
  input: z.object({ n: z.number().int() }),
  concurrency: 2,
  label: ({ n }) => `job ${n}`,
  run: (ctx) =>
    new Promise((_, reject) =>
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
    ),
})
const inputs = Array.from({ length: n }, (_, i) => ({ n: i }))
const started = performance.now()
if (mode === 'many') await voces.jobs.enqueueMany('bench.wait', inputs)
else for (const input of inputs) await voces.jobs.enqueue('bench.wait', input)
const seconds = (performance.now() - started) / 1000
await voces.close()
rmSync(libraryDir, { recursive: true, force: true })
process.stdout.write(
  JSON.stringify({ seconds, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n',
)

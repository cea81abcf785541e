// The full-size form of tests/reliability/hostile-corpus.test.ts: generated hostile subtitle and
// transcript files through the real readers, and generated API calls against the real loopback
// server. Counts what was read, what was refused in words, and what went wrong (must be none).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startIngest } from '../src/core/media/ingest.ts'
import { Voces } from '../src/core/voces.ts'
import { startHttpServer } from '../src/server/http-server.ts'
import { mediaDir } from '../tests/helpers.ts'
import { fileCorpus, httpCorpus } from '../tests/reliability/hostile-corpus.ts'

const files = Number(process.env.VOCES_BENCH_HOSTILE_FILES ?? 20_000)
const calls = Number(process.env.VOCES_BENCH_HOSTILE_CALLS ?? 5_000)

export async function benchHostileInputs(): Promise<object> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-hostile-'))
  const voces = new Voces({ libraryDir: path.join(dir, 'library') })
  try {
    const rendererDir = path.join(dir, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Voces</title>')
    const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
    const ingested = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
    const recordingId = (ingested.result as { recordingId: string }).recordingId
    const server = await startHttpServer({ voces, rendererDir })
    try {
      const fileCount = fileCorpus(files)
      const httpCount = await httpCorpus(server, [recordingId], calls)
      const summary = (count: typeof fileCount) => ({
        cases: count.cases,
        accepted: count.accepted,
        refused: count.refused,
        wrong: count.failures.length,
        firstWrong: count.failures.slice(0, 5),
      })
      return { files: summary(fileCount), apiCalls: summary(httpCount) }
    } finally {
      await server.close()
    }
  } finally {
    await voces.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

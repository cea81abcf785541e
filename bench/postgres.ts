// PostgreSQL for the benches that need one: `scripts/services.sh up DIR` starts a throwaway server
// (its NAME=value lines give the address), unless VOCES_BENCH_DATABASE_URL names an empty database.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { LocalMediaStore } from '../src/core/storage/local/media.ts'
import { openPostgresStorage } from '../src/core/storage/postgres/storage.ts'
import { serviceLines } from '../tests/setup/services.ts'

const run = promisify(execFile)
const script = path.join(import.meta.dirname, '..', 'scripts', 'services.sh')

/** A throwaway PostgreSQL (scripts/services.sh) for `fn`, or the empty one VOCES_BENCH_DATABASE_URL names. */
export async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const given = process.env.VOCES_BENCH_DATABASE_URL
  if (given) return fn(given)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-pg-'))
  try {
    const { stdout } = await run('bash', [script, 'up', dir], { timeout: 120_000 })
    const url = serviceLines(stdout).VOCES_TEST_DATABASE_URL
    if (!url) throw new Error('scripts/services.sh printed no VOCES_TEST_DATABASE_URL')
    return await fn(url)
  } finally {
    await run('bash', [script, 'down', dir], { timeout: 60_000 }).catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

type PostgresStorage = Awaited<ReturnType<typeof openPostgresStorage>>

/** The storage over withDatabase, its media in a scratch folder; closed and removed after `fn`. */
export async function withPostgresStorage<T>(
  fn: (storage: PostgresStorage) => Promise<T>,
): Promise<T> {
  return withDatabase(async (url) => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-pg-media-'))
    const storage = await openPostgresStorage(url, new LocalMediaStore(scratch))
    try {
      return await fn(storage)
    } finally {
      await storage.close()
      rmSync(scratch, { recursive: true, force: true })
    }
  })
}

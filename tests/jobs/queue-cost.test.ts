import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { JobRunner, type JobHandler } from '../../src/core/jobs/runner.ts'
import { migrate } from '../../src/core/storage/sqlite/migrations/index.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { SqliteStorage } from '../../src/core/storage/sqlite/storage.ts'

/**
 * A real SQLite database that counts what the job store asks of it: statements prepared and
 * rows read back. Enqueueing a long queue once re-read the whole queue per job (and prepared a
 * statement per running job per queued row): 1,000 files grew the CLI past 5 GB (decision 0090).
 */
function countingDb() {
  const db = new Database(':memory:')
  migrate(db)
  const counts = { prepared: 0, rowsRead: 0 }
  const prepare = db.prepare.bind(db)
  const counted = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'prepare')
        return (sql: string) => {
          counts.prepared++
          const statement = prepare(sql)
          return new Proxy(statement, {
            get(st, name, r) {
              const value: unknown = Reflect.get(st, name, r)
              if (name === 'all')
                return (...args: unknown[]) => {
                  const rows = statement.all(...args)
                  counts.rowsRead += rows.length
                  return rows
                }
              if (name === 'get')
                return (...args: unknown[]) => {
                  const row = statement.get(...args)
                  if (row !== undefined) counts.rowsRead++
                  return row
                }
              return typeof value === 'function' ? value.bind(st) : value
            },
          })
        }
      const value: unknown = Reflect.get(target, key, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  }) as Db
  return { db: counted, counts }
}

/** A job that runs until the runner stops: the queue behind it only grows. */
const waiting: JobHandler<{ n: number }, null> = {
  kind: 'wait',
  input: z.object({ n: z.number().int() }),
  concurrency: 2,
  label: ({ n }) => `job ${n}`,
  run: (ctx) =>
    new Promise((_, reject) =>
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
    ),
}

describe('queue cost', () => {
  it('enqueueing jobs one by one reads a bounded number of rows per job and prepares each statement once', async () => {
    const { db, counts } = countingDb()
    const runner = new JobRunner(new SqliteStorage({ db, media: new LocalMediaStore(os.tmpdir()) }))
    runner.register(waiting)
    await runner.start()
    const n = 2000
    const ids: string[] = []
    for (let i = 0; i < n; i++) ids.push((await runner.enqueue('wait', { n: i })).id)
    const states = await Promise.all(ids.map(async (id) => (await runner.get(id))?.state))
    expect(states.filter((s) => s === 'running')).toHaveLength(2)
    // Two jobs run; each enqueue may look at the queue's head, never at the whole queue.
    expect(counts.rowsRead).toBeLessThan(4 * n)
    expect(counts.prepared).toBeLessThan(20)
    await runner.stop()
  })

  it('enqueueMany stores all the jobs or none, and looks at the queue once', async () => {
    const { db, counts } = countingDb()
    const runner = new JobRunner(new SqliteStorage({ db, media: new LocalMediaStore(os.tmpdir()) }))
    runner.register(waiting)
    await runner.start()
    await expect(
      runner.enqueueMany('wait', [{ n: 1 }, { n: 2 }, { n: 'three' as unknown as number }]),
    ).rejects.toThrow()
    expect(await runner.list()).toHaveLength(0)
    const before = counts.rowsRead
    const jobs = await runner.enqueueMany(
      'wait',
      Array.from({ length: 5000 }, (_, n) => ({ n })),
    )
    expect(jobs).toHaveLength(5000)
    expect(counts.rowsRead - before).toBeLessThanOrEqual(2)
    const queued = (
      db.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'queued'").get() as {
        n: number
      }
    ).n
    expect(queued).toBe(4998)
    await runner.stop()
  })
})

import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { JobRunner } from '../../src/core/jobs/runner.ts'
import { migrate } from '../../src/core/storage/sqlite/migrations/index.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { SqliteStorage } from '../../src/core/storage/sqlite/storage.ts'
import { tempDir } from '../helpers.ts'

// Decision 0091: a job records where its half-written files go; the runner removes them when the
// run ends, and a start removes those of a process that died. tests/reliability does it for real
// with kill -9; this looks at each rule on its own.
const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((fn) => fn()))

function setup() {
  const { dir, cleanup } = tempDir('voces-partials-')
  cleanups.push(cleanup)
  const db = new Database(path.join(dir, 'jobs.db'))
  migrate(db)
  cleanups.unshift(() => db.close())
  const storage = new SqliteStorage({ db, media: new LocalMediaStore(dir) })
  return { dir, db, storage, store: storage.jobQueue }
}

/** A process id that existed and has ended. */
function deadPid(): number {
  const ran = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' })
  return Number(ran.stdout.trim())
}

const writer = (files: string[]) => ({
  kind: 'write',
  input: z.object({}),
  concurrency: 1,
  label: () => 'write',
  async run(ctx: { recordPartials(paths: readonly string[]): Promise<void>; signal: AbortSignal }) {
    await ctx.recordPartials(files)
    for (const file of files) writeFileSync(file, 'half')
    throw new Error('disk on fire')
  },
})

describe('partial files', () => {
  it('the runner removes what a run recorded, however it ends, and forgets the record', async () => {
    const { dir, storage, store } = setup()
    const runner = new JobRunner(storage)
    const files = [path.join(dir, '.a.mp3.1234.partial'), path.join(dir, '.a.mp3.1234.partial.d')]
    runner.register(writer(files))
    await runner.start()
    const job = await runner.enqueue('write', {})
    expect((await runner.waitFor(job.id)).state).toBe('failed')
    expect(files.filter((f) => existsSync(f))).toEqual([])
    expect(await store.withPartials()).toEqual([])
    await runner.stop()
  })

  it('a start removes the partial files of a dead process, and leaves a live one alone', async () => {
    const { dir, db, storage, store } = setup()
    const runner = new JobRunner(storage)
    runner.register(writer([]))
    const dead = await runner.enqueue('write', {})
    const live = await runner.enqueue('write', {})
    const deadFiles = [path.join(dir, '.x.mp3.aa.partial'), path.join(dir, '.x.mp3.aa.partial.d')]
    const liveFile = path.join(dir, '.y.mp3.bb.partial')
    // A worker on another machine of a shared archive: its process id means nothing here.
    const elsewhere = await runner.enqueue('write', {})
    const elsewhereFile = path.join(dir, '.z.mp3.cc.partial')
    writeFileSync(elsewhereFile, 'half')
    writeFileSync(deadFiles[0] ?? '', 'half')
    mkdirSync(deadFiles[1] ?? '')
    writeFileSync(path.join(deadFiles[1] ?? '', 'probe.wav'), 'half')
    writeFileSync(liveFile, 'half')
    // As a killed process leaves them: running, with their partial files recorded.
    db.prepare("UPDATE jobs SET state = 'running'").run()
    await store.setPartials(dead.id, { pid: deadPid(), paths: deadFiles })
    await store.setPartials(live.id, { pid: process.ppid, paths: [liveFile] })
    await store.setPartials(elsewhere.id, {
      pid: deadPid(),
      host: 'another-machine',
      paths: [elsewhereFile],
    })
    const next = new JobRunner(storage)
    next.register({ ...writer([]), concurrency: 0 })
    await next.start()
    expect(deadFiles.filter((f) => existsSync(f))).toEqual([])
    expect(existsSync(liveFile)).toBe(true)
    expect(existsSync(elsewhereFile)).toBe(true)
    expect((await store.withPartials()).map((r) => r.id).sort()).toEqual(
      [live.id, elsewhere.id].sort(),
    )
    await next.stop()
  })

  it('a running job with a cancel recorded ends cancelled at the next start, not resumed', async () => {
    const { db, storage } = setup()
    const runner = new JobRunner(storage)
    runner.register({ ...writer([]), concurrency: 0 })
    const cancelled = await runner.enqueue('write', {})
    const interrupted = await runner.enqueue('write', {})
    db.prepare("UPDATE jobs SET state = 'running'").run()
    await runner.cancel(cancelled.id)
    const next = new JobRunner(storage)
    next.register({ ...writer([]), concurrency: 0 })
    await next.start()
    expect((await next.get(cancelled.id))?.state).toBe('cancelled')
    expect((await next.get(interrupted.id))?.state).toBe('queued')
    await next.stop()
  })
})

import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { VocesError } from '../../src/shared/contract/define.ts'
import { errorLine } from '../../src/shared/i18n/errors.ts'
import { databaseError, PostgresDatabase } from '../../src/core/storage/postgres/db.ts'
import {
  latestPostgresSchema,
  migratePostgres,
  postgresMigrations,
} from '../../src/core/storage/postgres/migrations/index.ts'
import { PostgresRecordings } from '../../src/core/storage/postgres/recordings.ts'
import {
  openPostgresStorage,
  type PostgresStorage,
} from '../../src/core/storage/postgres/storage.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { repoRoot, tempDir } from '../helpers.ts'
import { bareRecording, type StorageFactory } from './contract/fixtures.ts'
import { jobQueueContract } from './contract/jobs.ts'
import { peopleContract } from './contract/people.ts'
import { recordingsContract } from './contract/recordings.ts'
import { smallStoresContract } from './contract/small-stores.ts'
import { speakerStoreContract } from './contract/speakers.ts'
import { timesContract } from './contract/times.ts'
import { transactionContract } from './contract/transactions.ts'
import { transcriptsContract } from './contract/transcripts.ts'
import { freshDatabase, serviceValue } from './pg-fixture.ts'
import { searchContract } from './contract/search.ts'
import { postgresSearch } from './pg-search.ts'
import { episodeStoreContract } from './contract/episodes.ts'
import { maskingContract } from './contract/masking.ts'
import { subtitleStoreContract } from './contract/subtitles.ts'
import { postgresMasking, postgresRecording } from './pg-areas.ts'

/**
 * The shared archive's backend (decision 0136): a fresh database on the test server for each
 * fixture, migrated as it opens, media in a temp folder (the S3 store has its own contract run).
 */
export const postgres: StorageFactory = async (options = {}) => {
  const fresh = await freshDatabase()
  const { dir, cleanup } = tempDir('voces-pg-')
  const open = () => openPostgresStorage(fresh.url, new LocalMediaStore(dir), options.now)
  const opened: PostgresStorage[] = [await open()]
  return {
    storage: opened[0]!,
    reopen: async () => {
      const another = await open()
      opened.push(another)
      return another
    },
    close: async () => {
      for (const storage of opened) await storage.close()
      await fresh.drop()
      cleanup()
    },
    addRecording: async (id) => {
      // Through the backend's own class with a clock of its own: the contract's clock stays the
      // episodes' and transcripts'.
      await new PostgresRecordings(opened[0]!.db, () => new Date(0)).insert(bareRecording(id))
    },
  }
}

describe('PostgreSQL backend: the storage contract', () => {
  smallStoresContract(postgres)
  recordingsContract(postgres)
  transactionContract(postgres)
  jobQueueContract(postgres)
  peopleContract(postgres)
  transcriptsContract(postgres)
  subtitleStoreContract(postgres, postgresRecording)
  episodeStoreContract(postgres)
  maskingContract(postgresMasking)
  speakerStoreContract(postgres)
  timesContract(postgres)
})

const run = promisify(execFile)
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function database(): Promise<{ url: string; db: PostgresDatabase }> {
  const fresh = await freshDatabase()
  const db = new PostgresDatabase(fresh.url)
  cleanups.push(fresh.drop, () => db.close())
  return { url: fresh.url, db }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function rejection(promise: Promise<unknown>): Promise<VocesError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(VocesError)
  return error as VocesError
}

describe('PostgreSQL: values at the boundary', () => {
  it('gives bigints and numerics as numbers, timestamps as ISO strings, dates as text', async () => {
    const { db } = await database()
    const row = await db.row<Record<string, unknown>>(
      `SELECT 9007199254740991::bigint AS big, count(*) AS counted, 2.5::numeric AS num,
              '2026-12-07T10:00:00.123Z'::timestamptz AS at, '2026-12-07'::date AS day,
              true AS flag, '{"a":[1]}'::jsonb AS doc, 0.25::double precision AS f,
              ARRAY[1, 2]::bigint[] AS ids
         FROM (VALUES (1), (2)) AS v(x)`,
    )
    expect(row).toEqual({
      big: 9007199254740991,
      counted: 2,
      num: 2.5,
      at: '2026-12-07T10:00:00.123Z',
      day: '2026-12-07',
      flag: true,
      doc: { a: [1] },
      f: 0.25,
      ids: [1, 2],
    })
  })

  it('commits a transaction, rolls back one that throws, and undoes only a failed savepoint', async () => {
    const { db } = await database()
    await db.run('CREATE TABLE t (v text)')
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO t VALUES ('kept')")
      await tx
        .transaction(async (inner) => {
          await inner.run("INSERT INTO t VALUES ('inner')")
          throw new Error('inner fails')
        })
        .catch(() => undefined)
    })
    await expect(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES ('rolled back')")
        throw new Error('abandoned')
      }),
    ).rejects.toThrow('abandoned')
    expect(await db.rows('SELECT v FROM t')).toEqual([{ v: 'kept' }])
    expect(await db.run("UPDATE t SET v = 'x'")).toBe(1)
  })
})

describe('PostgreSQL: migrations', () => {
  it('creates the schema once and records it; a second run changes nothing', async () => {
    const { db } = await database()
    expect(await migratePostgres(db)).toBe(latestPostgresSchema)
    expect(await migratePostgres(db)).toBe(latestPostgresSchema)
    const applied = await db.rows<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    )
    expect(applied).toEqual(postgresMigrations.map(({ version, name }) => ({ version, name })))
    const tables = await db.rows<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'recordings',
        'recording_tags',
        'speakers',
        'tracks',
        'segments',
        'words',
        'jobs',
        'settings',
        'saved_searches',
        'subtitle_tracks',
        'subtitle_cues',
        'subtitle_texts',
        'subtitle_rules',
        'episodes',
        'episode_clips',
        'episode_chapters',
        'episode_cuts',
        'redactions',
        'export_log',
      ]),
    )
  })

  it('refuses a database whose schema is newer than the program, and changes nothing', async () => {
    const { url, db } = await database()
    await migratePostgres(db)
    await db.run("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')")
    const { dir, cleanup } = tempDir('voces-pg-')
    cleanups.push(async () => cleanup())
    const error = await rejection(openPostgresStorage(url, new LocalMediaStore(dir)))
    expect(error.code).toBe('DATABASE_TOO_NEW')
    expect(error.params).toEqual({ found: 99, supported: latestPostgresSchema })
    expect(error.message).toMatch(/newer Voces.*Update Voces/)
    const count = await db.row<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')
    expect(count?.n).toBe(latestPostgresSchema + 1)
  })

  it('lets two connections migrate at once: one does the work, the other waits and finds it done', async () => {
    const { url, db } = await database()
    const other = new PostgresDatabase(url)
    cleanups.push(() => other.close())
    // A migration slow enough for the two to overlap.
    const slow = [
      {
        version: 1,
        name: 'slow',
        sql: 'SELECT pg_sleep(0.5); CREATE TABLE once (id integer PRIMARY KEY);',
      },
    ]
    const results = await Promise.all([migratePostgres(db, slow), migratePostgres(other, slow)])
    expect(results).toEqual([1, 1])
    expect(await db.rows('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }])
  })

  it('lets two processes started together migrate one database: the schema is made once', async () => {
    const { url, db } = await database()
    // Two real processes (Node strips the types), each with the slow migration list below.
    const script = `
      import { PostgresDatabase } from './src/core/storage/postgres/db.ts'
      import { migratePostgres, postgresMigrations } from './src/core/storage/postgres/migrations/index.ts'
      const db = new PostgresDatabase(process.env.URL)
      const slow = { ...postgresMigrations[0], sql: 'SELECT pg_sleep(0.5);' + postgresMigrations[0].sql }
      try { console.log(await migratePostgres(db, [slow])) } finally { await db.close() }`
    const child = () =>
      run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: repoRoot,
        env: { ...process.env, URL: url },
      })
    const [first, second] = await Promise.all([child(), child()])
    expect([first.stdout.trim(), second.stdout.trim()]).toEqual(['1', '1'])
    expect(await db.rows('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }])
    const tables = await db.row<{ n: number }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'recordings'",
    )
    expect(tables?.n).toBe(1)
  })

  it('gives up waiting on another migration with a clear message', async () => {
    const { url, db } = await database()
    const other = new PostgresDatabase(url)
    cleanups.push(() => other.close())
    const slow = [{ version: 1, name: 'slow', sql: 'SELECT pg_sleep(1.5)' }]
    const first = migratePostgres(db, slow)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const error = await rejection(migratePostgres(other, slow, { waitMs: 200 }))
    expect(error.code).toBe('DATABASE_MIGRATION_BUSY')
    expect(await first).toBe(1)
  })

  it('leaves nothing of a migration that fails half way', async () => {
    const { db } = await database()
    const broken = [
      {
        version: 1,
        name: 'broken',
        sql: 'CREATE TABLE half (id integer); SELECT no_such_function()',
      },
    ]
    await expect(migratePostgres(db, broken)).rejects.toThrow(/no_such_function/)
    expect(await db.row("SELECT to_regclass('half')::text AS t")).toEqual({ t: null })
    expect(await db.rows('SELECT version FROM schema_migrations')).toEqual([])
  })
})

describe('PostgreSQL: connection faults', () => {
  it('names the host and port of a server that does not answer', async () => {
    const port = await closedPort()
    const db = new PostgresDatabase(`postgres://voces:x@127.0.0.1:${port}/voces`)
    cleanups.push(() => db.close())
    const error = await rejection(db.connect())
    expect(error.code).toBe('DATABASE_UNREACHABLE')
    expect(error.params).toEqual({ host: '127.0.0.1', port: String(port) })
    // A port is an identifier: written as typed, never "41,234" (the catalogue groups numbers).
    for (const language of ['en', 'es'] as const)
      expect(errorLine(language, error)).toContain(String(port))
  })

  it('says the user name or password is wrong', async () => {
    const url = new URL(serviceValue('VOCES_TEST_DATABASE_URL'))
    url.password = 'not-the-password'
    const { dir, cleanup } = tempDir('voces-pg-')
    cleanups.push(async () => cleanup())
    const error = await rejection(openPostgresStorage(url.toString(), new LocalMediaStore(dir)))
    expect(error.code).toBe('DATABASE_LOGIN_FAILED')
    expect(error.params).toEqual({ user: url.username })
    expect(error.message).not.toContain('not-the-password')
  })

  it('names a database that is not there', async () => {
    const url = new URL(serviceValue('VOCES_TEST_DATABASE_URL'))
    url.pathname = '/no_such_archive'
    const db = new PostgresDatabase(url.toString())
    cleanups.push(() => db.close())
    const error = await rejection(db.connect())
    expect(error.code).toBe('DATABASE_NOT_FOUND')
    expect(error.params).toMatchObject({ database: 'no_such_archive' })
  })

  it('says what to install when the server lacks unaccent', async () => {
    const { db } = await database()
    // The server's own refusal of an extension it does not have, under a name that is not
    // installed here (unaccent is): the error a server without contrib gives for unaccent.
    const raw = await db.pool.query('CREATE EXTENSION unaccent_not_installed').then(
      () => undefined,
      (e: unknown) => e,
    )
    const error = databaseError(raw, db.target) as VocesError
    expect(error).toBeInstanceOf(VocesError)
    expect(error.code).toBe('DATABASE_UNACCENT_MISSING')
    expect(error.message).toContain('postgresql-contrib')
    // Any other failure is left as it was.
    const other = await db.pool
      .query('SELECT no_such_column FROM pg_class')
      .catch((e: unknown) => e)
    expect(databaseError(other, db.target)).toBe(other)
  })

  it('refuses an address that is not PostgreSQL’s', () => {
    expect(() => new PostgresDatabase('mysql://db.example/voces')).toThrow(
      expect.objectContaining({ code: 'DATABASE_URL_INVALID' }),
    )
  })
})

describe('PostgreSQL storage', () => {
  it('opens a fresh database migrated, every port written', async () => {
    const fresh = await freshDatabase()
    cleanups.push(fresh.drop)
    const { dir, cleanup } = tempDir('voces-pg-')
    cleanups.push(async () => cleanup())
    const storage = await openPostgresStorage(fresh.url, new LocalMediaStore(dir))
    cleanups.push(() => storage.close())
    const version = await storage.db.row<{ v: number }>(
      'SELECT max(version) AS v FROM schema_migrations',
    )
    expect(version?.v).toBe(latestPostgresSchema)
    expect(await storage.subtitles.cues('r1')).toEqual([])
    expect(
      await storage.masking.transcripts.maskSpan('r1', 0, 1, { en: '', es: '', names: '' }),
    ).toBe(0)
    expect(await storage.speakers.voices('r1')).toEqual([])
    expect((await storage.search.search({ query: 'huelga' })).hits).toEqual([])
  })

  it('refuses a call inside a transaction that skips its ports, instead of waiting on itself', async () => {
    const { storage, close } = await postgres()
    cleanups.push(close)
    await expect(
      storage.transaction(async () => {
        await storage.glossary.replace(['wrong door'])
      }),
    ).rejects.toThrow(/must use the ports fn was given/)
    expect(await storage.glossary.list()).toEqual([])
  })

  it('never hands one job to two of three connections claiming at once (SKIP LOCKED)', async () => {
    const { storage, reopen, close } = await postgres()
    cleanups.push(close)
    const at = '2026-12-07T10:00:00.000Z'
    await storage.jobQueue.insertMany(
      Array.from({ length: 60 }, (_, i) => ({
        id: `job-${i}`,
        kind: 'transcribe',
        state: 'queued' as const,
        recordingId: null,
        label: `Job ${i}`,
        input: {},
        checkpoint: null,
        result: null,
        error: null,
        progress: 0,
        createdAt: at,
        updatedAt: at,
        finishedAt: null,
      })),
    )
    const workers = [storage, await reopen(), await reopen()]
    const taken = await Promise.all(
      workers.map(async (worker) => {
        const ids: string[] = []
        for (;;) {
          const claimed = await worker.jobQueue.claim('transcribe', 3, at)
          if (claimed.length === 0) return ids
          ids.push(...claimed.map((job) => job.id))
        }
      }),
    )
    const all = taken.flat()
    expect(all).toHaveLength(60)
    expect(new Set(all).size).toBe(60)
  })

  it('refuses a backup with what to do instead, writing nothing', async () => {
    const { storage, close } = await postgres()
    cleanups.push(close)
    const { dir, cleanup } = tempDir('voces-pg-')
    cleanups.push(async () => cleanup())
    const error = await rejection(storage.backupTo(`${dir}/backup.sqlite`))
    expect(error.code).toBe('BACKUP_SHARED_ARCHIVE')
    expect(existsSync(`${dir}/backup.sqlite`)).toBe(false)
  })
})

describe('PostgreSQL: the search contract', () => {
  searchContract(postgresSearch)
})

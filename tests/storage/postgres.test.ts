import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { VocesError } from '../../src/shared/contract/define.ts'
import { PostgresDatabase } from '../../src/core/storage/postgres/db.ts'
import {
  latestPostgresSchema,
  migratePostgres,
  postgresMigrations,
} from '../../src/core/storage/postgres/migrations/index.ts'
import { openPostgresStorage } from '../../src/core/storage/postgres/storage.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { tempDir } from '../helpers.ts'
import { freshDatabase, serviceValue } from './pg-fixture.ts'

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

  it('lets two processes migrate at once: one does the work, the other waits and finds it done', async () => {
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
    expect(error.params).toEqual({ host: '127.0.0.1', port })
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

  it('refuses an address that is not PostgreSQL’s', () => {
    expect(() => new PostgresDatabase('mysql://db.example/voces')).toThrow(
      expect.objectContaining({ code: 'DATABASE_URL_INVALID' }),
    )
  })
})

describe('PostgreSQL storage', () => {
  it('opens a fresh database migrated, and a port not yet written says so', async () => {
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
    await expect(storage.subtitles.cues('r1')).rejects.toThrow('not yet on PostgreSQL: subtitles')
    await expect(
      storage.masking.transcripts.maskSpan('r1', 0, 1, { en: '', es: '', names: '' }),
    ).rejects.toThrow('not yet on PostgreSQL: masking')
  })
})

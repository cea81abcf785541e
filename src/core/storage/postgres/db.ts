import pg from 'pg'
import type { CustomTypesConfig, PoolClient, QueryResult } from 'pg'
import { VocesError } from '../../../shared/contract/define.ts'
import { SerialGate } from '../sqlite/serial.ts'

/**
 * The PostgreSQL backend's one door to the database (docs/decisions/0136-postgres-backend.md).
 * Every port class takes a `Queryable`: the pool outside a transaction, the transaction's own
 * connection inside one. Values come back as the ports promise them, whatever the column type:
 *
 * - `bigint` (ids, counts, `count(*)`) and `numeric` become numbers (ids stay far below 2^53);
 * - `timestamptz` becomes an ISO string with milliseconds and `Z` (`2026-12-07T10:00:00.000Z`),
 *   as `new Date().toISOString()` writes it; the session's time zone is UTC;
 * - `date` stays the text `YYYY-MM-DD`, never a Date at local midnight;
 * - `boolean` is a boolean, `jsonb` is parsed (pg's own parsers), `double precision` a number.
 */
export interface Queryable {
  rows<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>
  row<R extends object>(sql: string, params?: readonly unknown[]): Promise<R | undefined>
  /** How many rows the statement touched (rowCount). */
  run(sql: string, params?: readonly unknown[]): Promise<number>
}

/** A Queryable that can open a transaction: the pool, or a transaction (a savepoint then). */
export interface Transactional extends Queryable {
  /** Committed when `fn` resolves, rolled back when it throws (a savepoint inside another). */
  transaction<T>(fn: (tx: Transactional) => Promise<T>): Promise<T>
}

const INT8 = 20
const INT8_ARRAY = 1016
const NUMERIC = 1700
const DATE = 1082
const TIMESTAMP = 1114
const TIMESTAMPTZ = 1184

/** `2026-12-07 10:00:00.5+00` (UTC session) as `2026-12-07T10:00:00.500Z`. */
export function isoFromTimestamp(text: string): string {
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`)
  if (Number.isNaN(date.getTime()))
    throw new Error(`PostgreSQL sent a timestamp Voces cannot read: ${text}`)
  return date.toISOString()
}

/** pg's own parser for a type (its typings list only the scalar type ids). */
const builtinParser = pg.types.getTypeParser as (
  oid: number,
  format?: string,
) => (text: string) => unknown

const parsers = new Map<number, (text: string) => unknown>([
  [INT8, Number],
  [NUMERIC, Number],
  [DATE, (text) => text],
  [TIMESTAMP, isoFromTimestamp],
  [TIMESTAMPTZ, isoFromTimestamp],
  [
    INT8_ARRAY,
    (text) => {
      const entries = builtinParser(INT8_ARRAY)(text) as Array<string | null>
      return entries.map((entry) => (entry === null ? null : Number(entry)))
    },
  ],
])

/** Per pool, not pg's global registry: another user of `pg` in the process keeps its own. */
const types: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    parsers.get(oid) ?? builtinParser(oid, format)) as CustomTypesConfig['getTypeParser'],
}

/** Where a URL points, for messages: never the password. */
export interface DatabaseTarget {
  host: string
  port: number
  user: string
  database: string
}

export function databaseTarget(url: string): DatabaseTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new VocesError(
      'DATABASE_URL_INVALID',
      'This is not a PostgreSQL address. Write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.',
    )
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new VocesError(
      'DATABASE_URL_INVALID',
      'This is not a PostgreSQL address. Write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.',
    )
  }
  const host =
    parsed.searchParams.get('host') ?? (decodeURIComponent(parsed.hostname) || 'localhost')
  return {
    host,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || process.env.PGUSER || process.env.USER || '',
    database:
      decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username),
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ENOENT',
])

/**
 * A failure to reach or enter the database as the VocesError that names what to fix; any other
 * error (a constraint, a bug in a statement) is returned as it was.
 */
export function databaseError(error: unknown, target: DatabaseTarget): unknown {
  if (error instanceof VocesError || !(error instanceof Error)) return error
  const code = (error as { code?: unknown }).code
  // Identifiers as text: the catalogue writes a number argument with thousands separators (5,432).
  const where = { host: target.host, port: String(target.port) }
  if (
    (typeof code === 'string' && UNREACHABLE.has(code)) ||
    /timeout expired|connection timeout|Connection terminated unexpectedly/i.test(error.message)
  ) {
    return new VocesError(
      'DATABASE_UNREACHABLE',
      `The database server at ${target.host}:${target.port} does not answer. Check that PostgreSQL is running there, that the host and port in the address are right, and that this machine may reach it.`,
      where,
    )
  }
  if (
    code === '28P01' ||
    code === '28000' ||
    /password must be a string|password authentication failed|SASL/i.test(error.message)
  ) {
    return new VocesError(
      'DATABASE_LOGIN_FAILED',
      `The database refused the user “${target.user}”: the user name or password in the address is wrong, or that user may not connect from this machine.`,
      { user: target.user },
    )
  }
  if (code === '3D000') {
    return new VocesError(
      'DATABASE_NOT_FOUND',
      `There is no database “${target.database}” on ${target.host}:${target.port}. Create it (createdb ${target.database}) or correct its name in the address.`,
      { database: target.database, ...where },
    )
  }
  // PostgreSQL 15 says 0A000 "extension … is not available"; older ones 58P01 (no control file).
  if ((code === '0A000' || code === '58P01') && /unaccent/.test(error.message)) {
    return new VocesError(
      'DATABASE_UNACCENT_MISSING',
      'The database server lacks the unaccent extension, which search needs. Install PostgreSQL’s contrib package on the server (Debian: postgresql-contrib), then try again.',
    )
  }
  return error
}

/** rows/row/run over one way of sending a statement (the pool, or one connection). */
abstract class Statements implements Queryable {
  abstract readonly target: DatabaseTarget
  protected abstract send(sql: string, params: unknown[] | undefined): Promise<QueryResult>

  async rows<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return (await this.query(sql, params)).rows as R[]
  }

  async row<R extends object>(sql: string, params?: readonly unknown[]): Promise<R | undefined> {
    return (await this.rows<R>(sql, params))[0]
  }

  async run(sql: string, params?: readonly unknown[]): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0
  }

  private async query(sql: string, params: readonly unknown[] | undefined): Promise<QueryResult> {
    try {
      return await this.send(sql, params ? [...params] : undefined)
    } catch (error) {
      throw databaseError(error, this.target)
    }
  }
}

/** One connection taken from the pool for a transaction; nested calls are savepoints. */
class ClientTransaction extends Statements implements Transactional {
  readonly target: DatabaseTarget
  private depth = 0
  private readonly client: PoolClient

  constructor(client: PoolClient, target: DatabaseTarget) {
    super()
    this.client = client
    this.target = target
  }

  protected send(sql: string, params: unknown[] | undefined): Promise<QueryResult> {
    return this.client.query(sql, params)
  }

  async transaction<T>(fn: (tx: Transactional) => Promise<T>): Promise<T> {
    const name = `voces_${++this.depth}`
    await this.run(`SAVEPOINT ${name}`)
    try {
      const value = await fn(this)
      await this.run(`RELEASE SAVEPOINT ${name}`)
      return value
    } catch (error) {
      await this.run(`ROLLBACK TO SAVEPOINT ${name}`)
      await this.run(`RELEASE SAVEPOINT ${name}`)
      throw error
    } finally {
      this.depth--
    }
  }
}

export interface PostgresDatabaseOptions {
  /** Connections the pool may hold (10 unless told). */
  max?: number
  /** How long to wait for a connection before the server counts as unreachable (10 s unless told). */
  connectTimeoutMs?: number
}

/** The advisory lock every write transaction holds (any fixed bigint: "voces" in ASCII, then 2). */
export const TRANSACTION_LOCK = 0x766f63657302

/**
 * A pool for one database URL, with Voces' type parsers and errors. Transactions run one at a
 * time across every process that shares the database (decision 0136): in this process a gate
 * queues them, and each holds a transaction-level advisory lock, so a read-modify-write in one is
 * never lost to another's. In this process a statement outside a transaction also waits for the
 * open one to end, as on SQLite, so two calls made while it is open see the same side of it;
 * another process's statements see the database before or after it (MVCC), never inside it.
 */
export class PostgresDatabase extends Statements implements Transactional {
  readonly pool: pg.Pool
  readonly target: DatabaseTarget
  private readonly gate = new SerialGate()

  constructor(url: string, options: PostgresDatabaseOptions = {}) {
    super()
    this.target = databaseTarget(url)
    this.pool = new pg.Pool({
      connectionString: url,
      types,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      // Timestamps are written and read in UTC, whatever the server's own zone.
      options: '-c TimeZone=UTC -c jit=off',
      application_name: 'voces',
    })
    // A pooled connection the server drops while idle must not end the process; the next query
    // opens another (or fails with the reason).
    this.pool.on('error', () => undefined)
  }

  /** Waits for this process's open transaction, as SQLite's calls do (decision 0136). */
  protected async send(sql: string, params: unknown[] | undefined): Promise<QueryResult> {
    return await this.gate.call(() => this.pool.query(sql, params))
  }

  /** Checks that the server answers and lets us in: the first query, with the mapped errors. */
  async connect(): Promise<void> {
    await this.run('SELECT 1')
  }

  /** A connection of its own for the session-level work of migrations (advisory locks). */
  async client<T>(fn: (client: Transactional) => Promise<T>): Promise<T> {
    let client: PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw databaseError(error, this.target)
    }
    let broken = false
    try {
      return await fn(new ClientTransaction(client, this.target))
    } catch (error) {
      broken = !(error instanceof VocesError) && isConnectionLost(error)
      throw error
    } finally {
      client.release(broken)
    }
  }

  async transaction<T>(fn: (tx: Transactional) => Promise<T>): Promise<T> {
    return this.gate.exclusive(() =>
      this.client(async (tx) => {
        await tx.run('BEGIN')
        try {
          await tx.run('SELECT pg_advisory_xact_lock($1)', [TRANSACTION_LOCK])
          const value = await fn(tx)
          await tx.run('COMMIT')
          return value
        } catch (error) {
          await tx.run('ROLLBACK').catch(() => undefined)
          throw error
        }
      }),
    )
  }

  close(): Promise<void> {
    return this.pool.end()
  }
}

function isConnectionLost(error: unknown): boolean {
  return error instanceof Error && /Connection terminated|ECONNRESET/.test(error.message)
}

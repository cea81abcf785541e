import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

/**
 * Databases for the PostgreSQL tests, on the server tests/setup/services.ts started (or the one
 * VOCES_TEST_DATABASE_URL names). Without one a test that needs it fails with the reason; it is
 * never skipped (decision 0136).
 */
export function serviceValue(name: string): string {
  const value = process.env[name] ?? inject('services')[name]
  if (value) return value
  const failed =
    process.env.VOCES_TEST_SERVICES_ERROR ?? inject('services').VOCES_TEST_SERVICES_ERROR
  throw new Error(
    failed ??
      `${name} is not set: run the tests through vitest (its globalSetup starts scripts/services.sh), or set it from \`scripts/services.sh up DIR\`.`,
  )
}

/** The test role's URL with another database name. */
export function urlFor(database: string): string {
  const url = new URL(serviceValue('VOCES_TEST_DATABASE_URL'))
  url.pathname = `/${database}`
  return url.toString()
}

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serviceValue('VOCES_TEST_DATABASE_ADMIN_URL') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * A new, empty database owned by the test role (no schema: opening it migrates); `drop` removes
 * it, closing whatever connections are still open to it.
 */
export async function freshDatabase(): Promise<{
  url: string
  name: string
  drop(): Promise<void>
}> {
  const name = `voces_test_${randomBytes(6).toString('hex')}`
  const owner = new URL(serviceValue('VOCES_TEST_DATABASE_URL')).username
  await asAdmin((client) => client.query(`CREATE DATABASE ${name} OWNER "${owner}"`))
  return {
    url: urlFor(name),
    name,
    drop: () =>
      asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  }
}

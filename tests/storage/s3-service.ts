import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseS3Url, type S3Location } from '../../src/core/storage/s3/location.ts'
import { repoRoot, tempDir } from '../helpers.ts'

const run = promisify(execFile)

/** A real S3-compatible store for tests: where it is, and how to stop what this file started. */
export interface S3Service {
  /** The NAME=value lines of scripts/services/swift.sh (or the ones the test run was given). */
  env: Record<string, string>
  /** The store's bucket, under a folder of its own for each call (tests never see each other). */
  location(prefix?: string): S3Location
  stop(): Promise<void>
}

/**
 * The store the test run started (VOCES_TEST_S3_ENDPOINT and friends, from scripts/services.sh),
 * or else a Swift of this file's own from scripts/services/swift.sh: the tests run every time,
 * never skipped for want of a store.
 */
export async function s3Service(): Promise<S3Service> {
  const given = process.env
  if (given.VOCES_TEST_S3_ENDPOINT && given.VOCES_TEST_MEDIA_URL && given.AWS_ACCESS_KEY_ID) {
    const env = {
      VOCES_TEST_S3_ENDPOINT: given.VOCES_TEST_S3_ENDPOINT,
      VOCES_TEST_MEDIA_URL: given.VOCES_TEST_MEDIA_URL,
      AWS_ACCESS_KEY_ID: given.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: given.AWS_SECRET_ACCESS_KEY ?? '',
      AWS_REGION: given.AWS_REGION ?? 'us-east-1',
    }
    return { env, location: locate(env), stop: async () => {} }
  }
  const folder = tempDir('voces-swift-')
  const script = path.join(repoRoot, 'scripts', 'services', 'swift.sh')
  try {
    const { stdout } = await run('bash', [script, 'up', folder.dir], { timeout: 90_000 })
    const env = Object.fromEntries(
      stdout
        .split('\n')
        .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1]!, match[2]!]),
    )
    return {
      env,
      location: locate(env),
      stop: async () => {
        await run('bash', [script, 'down', folder.dir], { timeout: 60_000 })
        folder.cleanup()
      },
    }
  } catch (error) {
    await run('bash', [script, 'down', folder.dir]).catch(() => undefined)
    folder.cleanup()
    throw error
  }
}

function locate(env: Record<string, string>): (prefix?: string) => S3Location {
  return (prefix = `test-${randomBytes(6).toString('hex')}`) =>
    parseS3Url(`${env.VOCES_TEST_MEDIA_URL}/${prefix}`, {
      VOCES_S3_ENDPOINT: env.VOCES_TEST_S3_ENDPOINT,
      AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY,
      AWS_REGION: env.AWS_REGION,
    })
}

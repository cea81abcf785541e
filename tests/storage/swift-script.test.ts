import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers.ts'

const run = promisify(execFile)
const script = path.join(repoRoot, 'scripts', 'services', 'swift.sh')

/** The processes whose command line names this folder (what `up` started). */
function processesIn(dir: string): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      } catch {
        return ''
      }
    })
    .filter((line) => line.includes(dir))
}

// scripts/services/swift.sh (decision 0144): up prints what a test needs and serves it; down
// leaves no process and no file behind.
it('starts Swift with s3api on loopback, refuses a second start, and stops every process it started', async () => {
  const { dir, cleanup } = tempDir('voces-swift-script-')
  try {
    const { stdout } = await run('bash', [script, 'up', dir], { timeout: 90_000 })
    const env = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>
    expect(Object.keys(env).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'VOCES_TEST_MEDIA_URL',
      'VOCES_TEST_S3_ENDPOINT',
    ])
    expect(env.VOCES_TEST_S3_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(env.VOCES_TEST_MEDIA_URL).toBe('s3://voces-media')
    // It serves, and refuses a request that is not signed.
    expect(await (await fetch(`${env.VOCES_TEST_S3_ENDPOINT}/healthcheck`)).text()).toBe('OK')
    expect(
      (await fetch(`${env.VOCES_TEST_S3_ENDPOINT}/voces-media/`)).status,
    ).toBeGreaterThanOrEqual(400)
    expect(processesIn(dir).length).toBe(5)
    await expect(run('bash', [script, 'up', dir])).rejects.toMatchObject({
      stderr: expect.stringContaining('already running'),
    })
    await run('bash', [script, 'down', dir], { timeout: 60_000 })
    expect(processesIn(dir)).toEqual([])
    expect(existsSync(path.join(dir, 'swift'))).toBe(false)
    await expect(fetch(`${env.VOCES_TEST_S3_ENDPOINT}/healthcheck`)).rejects.toThrow()
  } finally {
    await run('bash', [script, 'down', dir]).catch(() => undefined)
    cleanup()
  }
}, 180_000)

import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'

/**
 * Vitest's globalSetup (vitest.config.ts): the shared archive's services for this run
 * (docs/decisions/0136-postgres-backend.md). Unless VOCES_TEST_DATABASE_URL is set already (CI or
 * a developer's own services), `scripts/services.sh up` starts them in a temp folder once per run
 * and `down` stops them at teardown. Their NAME=value lines go into the environment the test
 * workers inherit, and to `inject('services')`. Should they fail to start, the reason goes to
 * VOCES_TEST_SERVICES_ERROR: the tests that need them fail with it (tests/storage/pg-fixture.ts),
 * the others run.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    services: Record<string, string>
  }
}

const run = promisify(execFile)
const script = fileURLToPath(new URL('../../scripts/services.sh', import.meta.url))

/** `NAME=value` lines, as services.sh prints them. */
export function serviceLines(stdout: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const line of stdout.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim())
    if (match) values[match[1]!] = match[2]!
  }
  return values
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.VOCES_TEST_DATABASE_URL) {
    const given: Record<string, string> = {}
    for (const [name, value] of Object.entries(process.env)) {
      if (name.startsWith('VOCES_TEST_') && value !== undefined) given[name] = value
    }
    project.provide('services', given)
    return async () => undefined
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'voces-services-'))
  let values: Record<string, string>
  try {
    const { stdout } = await run('bash', [script, 'up', dir], { timeout: 120_000 })
    values = serviceLines(stdout)
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr
    const reason = `scripts/services.sh up could not start the test services: ${
      typeof stderr === 'string' && stderr.trim()
        ? stderr.trim().split('\n').slice(-5).join(' / ')
        : String(error)
    }`
    values = { VOCES_TEST_SERVICES_ERROR: reason }
  }
  Object.assign(process.env, values)
  project.provide('services', values)
  let stopped = false
  // Should vitest end without its teardown (an uncaught error, process.exit), the cluster still
  // goes: an exit handler may only run synchronous code.
  const stopNow = () => {
    if (stopped) return
    stopped = true
    try {
      execFileSync('bash', [script, 'down', dir], { timeout: 60_000, stdio: 'ignore' })
    } catch {
      // Already down, or it could not be stopped: nothing more to do at exit.
    }
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', stopNow)
  // `timeout` and Ctrl-C end vitest with a signal, which skips both teardown and exit handlers:
  // stop the cluster, then let the signal end the process as it would have.
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const
  const onSignal = (signal: NodeJS.Signals) => {
    stopNow()
    for (const other of signals) process.off(other, onSignal)
    process.kill(process.pid, signal)
  }
  for (const signal of signals) process.once(signal, onSignal)
  return async () => {
    if (stopped) return
    stopped = true
    process.off('exit', stopNow)
    for (const signal of signals) process.off(signal, onSignal)
    await run('bash', [script, 'down', dir], { timeout: 60_000 }).catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

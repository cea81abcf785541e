import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Logger } from '../../src/core/log.ts'
import { tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

/** Every line of voces.log and its rotated files, oldest first, as the `n` field. */
function loggedNumbers(keep: number): number[] {
  const files = [...Array.from({ length: keep }, (_, i) => `voces.log.${keep - i}`), 'voces.log']
  return files
    .filter((name) => existsSync(path.join(dir, name)))
    .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').trim().split('\n'))
    .map((line) => (JSON.parse(line) as { n: number }).n)
}

describe('log rotation', () => {
  it('rotates by size, keeps N old files, and drops only the oldest lines', () => {
    const log = new Logger(dir, false, { maxBytes: 2_000, keep: 2 })
    for (let n = 0; n < 200; n += 1) log.info('tick', { n })
    expect(readdirSync(dir).sort()).toEqual(['voces.log', 'voces.log.1', 'voces.log.2'])
    for (const name of readdirSync(dir)) {
      expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(2_000)
    }
    const kept = loggedNumbers(2)
    // What is kept is the newest lines, whole and in order, up to the last one written.
    expect(kept.at(-1)).toBe(199)
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 200 - kept.length + i))
    expect(kept.length).toBeGreaterThan(50)
  })

  it('two writers of one library (the app and a CLI command) rotate the file once', () => {
    const app = new Logger(dir, false, { maxBytes: 2_000, keep: 3 })
    const cli = new Logger(dir, false, { maxBytes: 2_000, keep: 3 })
    for (let n = 0; n < 60; n += 1) (n % 2 === 0 ? app : cli).info('tick', { n })
    const kept = loggedNumbers(3)
    expect(kept).toEqual(Array.from({ length: 60 }, (_, i) => i))
    for (const name of readdirSync(dir)) {
      expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(2_000)
    }
  })

  it('reads the size of a log left by an earlier run before adding to it', () => {
    const first = new Logger(dir, false, { maxBytes: 2_000, keep: 1 })
    for (let n = 0; n < 20; n += 1) first.info('tick', { n })
    const second = new Logger(dir, false, { maxBytes: 2_000, keep: 1 })
    for (let n = 20; n < 40; n += 1) second.info('tick', { n })
    expect(statSync(path.join(dir, 'voces.log')).size).toBeLessThanOrEqual(2_000)
    expect(loggedNumbers(1).at(-1)).toBe(39)
  })
})

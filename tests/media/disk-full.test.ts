import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne } from './media-fixtures.ts'

// A real full disk: a 1 MiB tmpfs holds the library. Mounting needs root (CI runs as root); where
// it cannot be mounted the test says so instead of pretending.
let mountPoint = ''
let cleanup: () => void = () => {}
let mounted = false
beforeAll(() => {
  const t = tempDir()
  cleanup = t.cleanup
  mountPoint = path.join(t.dir, 'small-disk')
  mkdirSync(mountPoint)
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'pipe' })
    mounted = true
  } catch (error) {
    console.log(
      `SKIPPED full-disk ingest: cannot mount a small tmpfs here (${String(error).split('\n')[0]})`,
    )
  }
})
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint])
  cleanup()
})

describe('a full disk', () => {
  it('fails the ingest with one clear message and leaves nothing behind', async (ctx) => {
    if (!mounted) return ctx.skip()
    const voces = new Voces({ libraryDir: path.join(mountPoint, 'library') })
    try {
      const job = await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav'))
      expect(job.state).toBe('failed')
      expect(job.error?.code).toBe('DISK_FULL')
      expect(job.error?.message).toMatch(/disk is full/)
      expect(await voces.storage.recordings.list()).toEqual([])
      expect(readdirSync(voces.layout.temp)).toEqual([])
      expect(readdirSync(voces.layout.media)).toEqual([])
    } finally {
      await voces.close()
    }
  })
})

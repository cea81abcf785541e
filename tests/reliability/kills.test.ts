import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { tempDir } from '../helpers.ts'
import { exportableLibrary, interruptExport, killExport, killTranscription } from './kills.ts'

// The bounded form CI runs: a few random kills of each kind (a full-size run with many more is
// `npm run bench reliability`). Decisions 0091 (children and partial files) and 0092 (Ctrl-C).
const kills = 5
const interrupts = 3

let dir: string
let cleanup: () => void
let libraryDir: string
let recordingId: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-kills-'))
  mkdirSync(path.join(dir, 'out'))
  ;({ libraryDir, recordingId } = await exportableLibrary(dir, 6))
}, 120_000)
afterAll(() => cleanup())

const randomDelay = () => Math.round(Math.random() * 1500)

describe('an export killed mid-way', () => {
  it(`kill -9 of the CLI (${kills} random moments): no FFmpeg outlives it, and the next start removes its partial files`, async () => {
    for (let i = 0; i < kills; i++) {
      const outcome = await killExport(dir, libraryDir, recordingId, randomDelay())
      expect(outcome.survivors, `after ${outcome.after} ms`).toEqual([])
      expect(outcome.partialsAfterNextStart, `after ${outcome.after} ms`).toEqual([])
    }
  }, 180_000)

  it(`Ctrl-C (SIGINT, ${interrupts} random moments) cancels the export: no child left, nothing half-written, no file later`, async () => {
    for (let i = 0; i < interrupts; i++) {
      const outcome = await interruptExport(
        dir,
        libraryDir,
        recordingId,
        randomDelay(),
        `interrupted-${i}.mp3`,
      )
      expect(outcome.code, outcome.stderr).toBe(130)
      expect(outcome.survivors).toEqual([])
      expect(outcome.partials).toEqual([])
      // Cancelled, and no file ever; or, when the Ctrl-C came after the file was in place,
      // succeeded with it: never a cancelled job whose file appears.
      expect(['cancelled', 'succeeded']).toContain(outcome.state)
      expect(outcome.fileAppeared).toBe(outcome.state === 'succeeded')
    }
  }, 180_000)

  it('kill -9 of the CLI during a transcription (2 random moments): no whisper-cli outlives it', async () => {
    for (let i = 0; i < 2; i++) {
      const outcome = await killTranscription(dir, libraryDir, recordingId, randomDelay())
      expect(outcome.started).toBe(true)
      expect(outcome.survivors).toEqual([])
    }
  }, 120_000)
})

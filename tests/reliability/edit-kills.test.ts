import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.ts'
import { editableLibrary, killEdits } from './edit-kills.ts'

/** CI's bounded size; `npm run bench reliability` kills more. */
const kills = 5

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

describe('kill -9 while a person edits', () => {
  it(`${kills} random kills of a process editing a transcript: no acknowledged edit is lost`, async () => {
    const { libraryDir, recordingId, segmentIds } = await editableLibrary(dir)
    let acknowledged = 0
    for (let i = 0; i < kills; i++) {
      const outcome = await killEdits(
        libraryDir,
        recordingId,
        segmentIds,
        200 + Math.round(Math.random() * 800),
      )
      expect(outcome.lost, `kill ${i + 1}`).toBe(0)
      acknowledged += outcome.acknowledged
    }
    // The trials edited for real: each kill came in the middle of a stream of edits.
    expect(acknowledged).toBeGreaterThan(kills * 20)
  })
})

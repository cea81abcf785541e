// The library's listening copy after a redaction (decision 0007): the editor plays it and transcription
// reads it, so a redacted stretch must be covered there too; the person's original is untouched;
// the library's own copy of the original can be deleted on request.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { peaksSchema } from '../../src/shared/contract/index.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, maxVolume, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void
let id: string
let original: string
const ctx = () => ({ voces, transport: 'cli' as const })
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const workingAudio = async () =>
  path.join(voces.layout.root, (await voces.storage.recordings.files(id)).workingAudio)

const durationOf = (file: string) =>
  Number(
    execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0'].concat(file),
      {
        encoding: 'utf8',
      },
    ),
  )

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  original = path.join(dir, 'jfk interview.wav')
  copyFileSync(path.join(mediaDir, 'en', 'jfk.wav'), original)
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  await voces.settings.update({ copyIntoLibrary: true })
  id = recordingIdOf(await ingestOne(voces, original))
}, 60_000)
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('redacting a stretch', () => {
  it('covers it in the listening copy with silence or the tone, and redraws the waveform', async () => {
    const before = sha256(original)
    const lengthBefore = durationOf(await workingAudio())
    expect(maxVolume(await workingAudio(), 2.2, 1.6)).toBeGreaterThan(-20)

    const silenced = await dispatch(
      'redaction.apply',
      { recordingId: id, target: { from: 2, to: 4 }, mode: 'silence', confirm: true },
      ctx(),
    )
    expect(silenced.ok).toBe(true)
    // Digital silence: volumedetect's floor for 16-bit audio is -91 dB.
    expect(maxVolume(await workingAudio(), 2.05, 1.9)).toBeLessThanOrEqual(-91)
    // The speech after it is still there, at the same place.
    expect(maxVolume(await workingAudio(), 4.5, 2.5)).toBeGreaterThan(-20)
    expect(durationOf(await workingAudio())).toBeCloseTo(lengthBefore, 2)

    const toned = await dispatch(
      'redaction.apply',
      { recordingId: id, target: { from: 8, to: 9 }, mode: 'tone', confirm: true },
      ctx(),
    )
    expect(toned.ok).toBe(true)
    // The tone is -18 dBFS, 1 kHz: the level there is the tone's, and the silence stays silent.
    expect(maxVolume(await workingAudio(), 8.05, 0.9)).toBeCloseTo(-18, 0)
    expect(maxVolume(await workingAudio(), 2.05, 1.9)).toBeLessThanOrEqual(-91)

    const peaks = peaksSchema.parse(
      JSON.parse(
        readFileSync(
          path.join(voces.layout.root, (await voces.storage.recordings.files(id)).peaks),
          'utf8',
        ),
      ),
    )
    // Min/max pairs per bucket: the loudest absolute value between two times.
    const loudest = (from: number, to: number) =>
      Math.max(
        ...peaks.peaks
          .slice(
            2 * Math.floor(from * peaks.bucketsPerSecond),
            2 * Math.floor(to * peaks.bucketsPerSecond),
          )
          .map(Math.abs),
      )
    expect(loudest(2.1, 3.9)).toBeLessThan(0.001)
    expect(loudest(4.5, 7)).toBeGreaterThan(0.05)

    // The person's original is not touched; the library's copy of it is not either (yet).
    expect(sha256(original)).toBe(before)
    const stored = (await voces.storage.recordings.files(id)).storedPath
    expect(stored).not.toBeNull()
    expect(sha256(path.join(voces.layout.root, stored ?? ''))).toBe(before)
  }, 60_000)
})

describe("deleting the library's copy of the original", () => {
  it('asks for confirmation, deletes only the copy, and exports then read the original', async () => {
    const stored = path.join(
      voces.layout.root,
      (await voces.storage.recordings.files(id)).storedPath ?? '',
    )
    expect(existsSync(stored)).toBe(true)
    const unconfirmed = await dispatch('redaction.deleteLibraryCopy', { recordingId: id }, ctx())
    expect(unconfirmed.ok).toBe(false)
    expect(existsSync(stored)).toBe(true)

    // The CLI, on the same library: `voces redact ID --delete-copy --yes --json`.
    const c = captureIo()
    const args = ['--library', voces.layout.root, 'redact', id, '--delete-copy', '--yes', '--json']
    expect(await runCli(args, c.io)).toBe(0)
    expect(JSON.parse(c.out())).toEqual({ deleted: true, original })
    expect(existsSync(stored)).toBe(false)
    expect((await voces.storage.recordings.files(id)).storedPath).toBeNull()
    expect(existsSync(original)).toBe(true)

    const again = await dispatch(
      'redaction.deleteLibraryCopy',
      { recordingId: id, confirm: true },
      ctx(),
    )
    expect(again).toEqual({ ok: true, value: { deleted: false, original } })
  })

  it('refuses an unknown recording with its own error', async () => {
    const result = await dispatch(
      'redaction.deleteLibraryCopy',
      { recordingId: 'nope', confirm: true },
      ctx(),
    )
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('RECORDING_NOT_FOUND')
  })
})

// A redacted recording's preservation bag (decision 0007): it must not carry the redacted sound, so its
// media is a rendition with the stretches covered (lossless elsewhere), and the bag still
// validates. Real FFmpeg on real recordings, audio and video.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBag, validateBag } from '../../src/core/archive/bagit.ts'
import { redactSpan } from '../../src/core/redaction/redact.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { digitalSilence, ingestOne, maxVolume, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void

const streams = (file: string) =>
  (
    JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file], {
        encoding: 'utf8',
      }),
    ) as { streams: Array<{ codec_type: string; codec_name: string; sample_rate?: string }> }
  ).streams
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

beforeAll(() => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

async function redactedBag(source: string, from: number, to: number) {
  const id = recordingIdOf(await ingestOne(voces, source))
  await voces.storage.recordings.update(id, { consentStatus: 'given' })
  await redactSpan(voces, id, from, to, 'silence')
  const out = path.join(dir, `bag-${id}`)
  await exportBag(voces, id, out)
  const media = readdirSync(path.join(out, 'data', 'media')).map((f) =>
    path.join(out, 'data', 'media', f),
  )
  return { out, media }
}

describe('the bag of a redacted recording', () => {
  it('holds a lossless rendition with the stretch silent, not the original, and validates', async () => {
    const source = path.join(mediaDir, 'en', 'jfk.wav')
    const { out, media } = await redactedBag(source, 2, 4)
    expect(media.map((f) => path.basename(f))).toEqual(['jfk.redacted.flac'])
    const [file] = media as [string]
    expect(sha256(file)).not.toBe(sha256(source))
    expect(streams(file)).toMatchObject([
      { codec_type: 'audio', codec_name: 'flac', sample_rate: '16000' },
    ])
    expect(maxVolume(source, 2.1, 1.8)).toBeGreaterThan(-20)
    expect(maxVolume(file, 2.1, 1.8)).toBeLessThanOrEqual(digitalSilence)
    // The rest is the original, to the sample: FLAC is lossless.
    expect(maxVolume(file, 5, 2)).toBe(maxVolume(source, 5, 2))

    const validation = await validateBag(out)
    expect(validation.problems).toEqual([])
    expect(validation.info['Voces-Redaction']).toMatch(/^1 stretches covered/)
  }, 60_000)

  it('keeps a video picture as it was and covers its sound', async () => {
    const source = path.join(mediaDir, 'video', 'whisperx_sample01.mp4')
    const { out, media } = await redactedBag(source, 10, 14)
    expect(media.map((f) => path.basename(f))).toEqual(['whisperx_sample01.redacted.mkv'])
    const [file] = media as [string]
    const original = streams(source).find((s) => s.codec_type === 'video')
    expect(streams(file).map((s) => [s.codec_type, s.codec_name])).toEqual([
      ['video', original?.codec_name],
      ['audio', 'flac'],
    ])
    expect(maxVolume(source, 10.2, 3.6)).toBeGreaterThan(-40)
    expect(maxVolume(file, 10.2, 3.6)).toBeLessThanOrEqual(digitalSilence)
    expect((await validateBag(out)).valid).toBe(true)
  }, 60_000)
})

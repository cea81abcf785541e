// LAME at 128 kb/s takes about 0.4 LU off speech; without knowing that, every MP3 export of it
// went through a second, correcting encode. The measure pass now encodes a minute both ways to
// learn the loss, so the one encode lands on target (decision 0006).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { correctionThreshold } from '../../src/core/export/podcast.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(async () => {
  await voces?.close()
  cleanup()
})

const integrated = (file: string) =>
  Number(
    /^\s+I:\s+(-?[\d.]+) LUFS/m.exec(
      execFileSync(
        'sh',
        ['-c', 'ffmpeg -hide_banner -nostats -i "$1" -af ebur128 -f null - 2>&1', 'sh', file],
        {
          encoding: 'utf8',
        },
      ),
    )?.[1],
  )

describe('the codec loss probe', () => {
  it('lets one MP3 encode land within the correction threshold of the target', async () => {
    // Three minutes of real speech as a stereo 44.1 kHz recorder file.
    const source = path.join(dir, 'three minutes.wav')
    ffmpegMake(
      ['-stream_loop', '2', '-i', path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')].concat([
        '-ac',
        '2',
        '-ar',
        '44100',
        source,
      ]),
    )
    voces = new Voces({ libraryDir: path.join(dir, 'library') })
    const id = recordingIdOf(await ingestOne(voces, source))
    await voces.storage.recordings.update(id, { consentStatus: 'given' })
    const output = path.join(dir, 'episode.mp3')
    const started = await dispatch(
      'export.podcast',
      { source: id, output },
      { voces, transport: 'cli' },
    )
    if (!started.ok) throw new Error(started.error.message)
    const job = await voces.jobs.waitFor((started.value as { jobId: string }).jobId)
    expect(job.state).toBe('succeeded')

    expect(Math.abs(integrated(output) + 16)).toBeLessThanOrEqual(correctionThreshold)
    const log = readFileSync(path.join(voces.layout.logs, 'voces.log'), 'utf8')
    const encodes = log.split('\n').filter((line) => line.includes('-id3v2_version'))
    expect(encodes).toHaveLength(1)
  }, 120_000)
})

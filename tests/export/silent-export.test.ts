// A podcast export of silence fails by name and leaves nothing: ebur128 measures silence as
// -70 LUFS, its absolute gate, which the export took for a real loudness (decision 0103).
import { mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { errorText } from '../../src/shared/i18n/index.ts'
import { tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let out: string
let cleanup: () => void
let silent: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  out = path.join(dir, 'out')
  mkdirSync(out)
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  const file = path.join(dir, 'sala vacía.wav')
  ffmpegMake(['-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=stereo', '-t', '3', file])
  silent = recordingIdOf(await ingestOne(voces, file))
  await voces.storage.recordings.update(silent, { consentStatus: 'given' })
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('a podcast export of silence', () => {
  for (const format of ['mp3', 'm4a'] as const) {
    it(`fails as ${format}, naming what was exported, and leaves no file`, async () => {
      const started = await dispatch(
        'export.podcast',
        { source: silent, output: path.join(out, `silence.${format}`), format },
        { voces, transport: 'cli' },
      )
      if (!started.ok) throw new Error(started.error.message)
      const job = await voces.jobs.waitFor((started.value as { jobId: string }).jobId)
      expect(job.state).toBe('failed')
      expect(job.error?.code).toBe('SILENT_AUDIO')
      expect(job.error?.message).toBe(
        '"sala vacía" has nothing to hear: its loudness is that of silence, so it was not exported.',
      )
      expect(errorText('es', job.error ?? { code: '', message: '' }).text).toBe(
        '«sala vacía» no tiene nada que se oiga: su volumen es el del silencio, así que no se exportó.',
      )
      expect(readdirSync(out)).toEqual([])
    })
  }
})

// Detection after transcription (decision 0153): the real whisper-cli with its weightless test
// model transcribes a stereo interview built from two real people, and the job runner then
// detects its speakers by itself; not when the setting is off, and never over a person's work.
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Job, SpeakersList } from '../../src/shared/contract/index.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { captureIo, modelsDir, tempDir } from '../helpers.ts'
import { buildStereo, turnTaking } from './stereo.ts'

let dir: string
let cleanup: () => void
let voces: Voces
let interview: string

beforeEach(async () => {
  ;({ dir, cleanup } = tempDir('voces-after-transcription-'))
  process.env.VOCES_MODELS = path.join(dir, 'models')
  mkdirSync(process.env.VOCES_MODELS)
  copyFileSync(
    path.join(modelsDir, 'for-tests-ggml-tiny.bin'),
    path.join(process.env.VOCES_MODELS, 'for-tests-ggml-tiny.bin'),
  )
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  const wav = path.join(dir, 'interview.wav')
  buildStereo(wav, turnTaking())
  interview = recordingIdOf(await ingestOne(voces, wav))
})
afterEach(async () => {
  await voces.close()
  cleanup()
})

const ctx = () => ({ voces, transport: 'cli' as const })

/** Transcribes the interview and waits for its job; the jobs queued after it, by kind. */
async function transcribe(): Promise<Job[]> {
  const started = await dispatch('transcription.start', { recordingIds: [interview] }, ctx())
  if (!started.ok) throw new Error(started.error.message)
  const jobId = (started.value as { jobs: Array<{ jobId: string }> }).jobs[0]?.jobId ?? ''
  expect((await voces.jobs.waitFor(jobId)).state).toBe('succeeded')
  // The detection is queued on the transcription's success event: give it a moment to land.
  await new Promise((resolve) => setTimeout(resolve, 300))
  return (await voces.jobs.list()).filter((job) => job.kind === 'speakers-detect')
}

describe('speakers after transcription', () => {
  it('are detected by themselves, through the job runner', async () => {
    const [detect] = await transcribe()
    expect(detect?.recordingId).toBe(interview)
    const done = await voces.jobs.waitFor(detect?.id ?? '')
    expect(done.state).toBe('succeeded')
    expect(done.result).toMatchObject({ engine: 'channels', speakers: 2, skipped: null })
    const listed = await dispatch('speakers.list', { recordingId: interview }, ctx())
    expect(listed.ok && listed.value).toMatchObject({
      state: { engine: 'channels', corrected: false },
      voices: [{ label: 'Speaker 1' }, { label: 'Speaker 2' }],
    })
  })

  it('are not detected when the setting is off, nor over a person’s work', async () => {
    await voces.settings.update({ detectSpeakers: false })
    expect(await transcribe()).toEqual([])

    await voces.settings.update({ detectSpeakers: true })
    const started = await dispatch('speakers.detect', { recordingIds: [interview] }, ctx())
    if (!started.ok) throw new Error(started.error.message)
    const id = (started.value as { jobs: Array<{ jobId: string }> }).jobs[0]?.jobId ?? ''
    expect((await voces.jobs.waitFor(id)).state).toBe('succeeded')
    const renamed = await dispatch(
      'speakers.rename',
      { recordingId: interview, speaker: 'Speaker 2', name: 'Rosa Méndez' },
      ctx(),
    )
    expect(renamed.ok).toBe(true)
    const after = await transcribe()
    expect(after.map((job) => job.id)).toEqual([id])
    const listed = await dispatch('speakers.list', { recordingId: interview }, ctx())
    const voices = listed.ok ? (listed.value as SpeakersList).voices : []
    expect(voices.map((voice) => voice.name)).toEqual(['', 'Rosa Méndez'])
  })

  it('are waited for by voces transcribe, which says how many', async () => {
    const libraryDir = path.join(dir, 'library')
    await voces.close()
    const c = captureIo()
    const code = await runCli(['--library', libraryDir, 'transcribe', interview, '--json'], c.io)
    voces = new Voces({ libraryDir })
    expect(code).toBe(0)
    const [outcome] = JSON.parse(c.out()) as Array<{ speakers?: unknown }>
    expect(outcome?.speakers).toMatchObject({ engine: 'channels', speakers: 2, skipped: null })
  })
})

import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { runWhisper } from '../../src/core/transcription/engine.ts'
import { requireWhisperCli } from '../../src/core/transcription/binary.ts'
import { startTranscription } from '../../src/core/transcription/register.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Job } from '../../src/shared/contract/index.ts'
import { databaseOf, mediaDir, modelsDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

// whisper.cpp's weightless test model: the real file format, loading and cost, no text out.
const testModel = path.join(modelsDir, 'for-tests-ggml-tiny.bin')

let dir: string
let cleanup: () => void
let voces: Voces
let libraryDir: string

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
  libraryDir = path.join(dir, 'library')
  process.env.VOCES_MODELS = path.join(dir, 'models')
  mkdirSync(process.env.VOCES_MODELS)
  copyFileSync(testModel, path.join(process.env.VOCES_MODELS, 'for-tests-ggml-tiny.bin'))
  voces = new Voces({ libraryDir })
})
afterEach(async () => {
  await voces.close()
  cleanup()
})

const ctx = () => ({ voces, transport: 'cli' as const })

function whisperRuns(v: Voces): string[] {
  const log = path.join(v.layout.logs, 'voces.log')
  if (!existsSync(log)) return []
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"message":"whisper-cli"'))
}

/** Resolves at the first job event that passes the test. */
function nextJobEvent(v: Voces, test: (job: Job) => boolean): Promise<Job> {
  return new Promise((resolve) => {
    const listener = (job: Job) => {
      if (test(job)) {
        v.jobs.off('job', listener)
        resolve(job)
      }
    }
    v.jobs.on('job', listener)
  })
}

describe('the engine process', () => {
  it('runs whisper-cli on real audio with progress, and a corrupt model is a clear error', async () => {
    const binary = requireWhisperCli()
    const progress: number[] = []
    const json = await runWhisper({
      binary,
      model: testModel,
      audio: path.join(mediaDir, 'en', 'jfk.wav'),
      outBase: path.join(dir, 'jfk'),
      language: 'en',
      translate: false,
      dtw: 'tiny',
      onProgress: (f) => progress.push(f),
    })
    expect(json.transcription).toEqual([])
    expect(progress.at(-1)).toBe(1)
    expect(existsSync(path.join(dir, 'jfk.json'))).toBe(false)

    // A crash in the engine is an error for this run only: the test process (Voces) goes on.
    const audio = path.join(mediaDir, 'en', 'jfk.wav')
    const truncated = path.join(dir, 'ggml-truncated.bin')
    writeFileSync(truncated, readFileSync(testModel).subarray(0, 4096))
    await expect(
      runWhisper({
        binary,
        model: truncated,
        audio,
        outBase: path.join(dir, 't'),
        language: 'en',
        translate: false,
      }),
    ).rejects.toMatchObject({ code: 'ENGINE_CRASHED' })
    const notModel = path.join(dir, 'ggml-not-a-model.bin')
    writeFileSync(notModel, Buffer.alloc(100_000, 7))
    await expect(
      runWhisper({
        binary,
        model: notModel,
        audio,
        outBase: path.join(dir, 'n'),
        language: 'en',
        translate: false,
      }),
    ).rejects.toMatchObject({ code: 'MODEL_CORRUPT' })
  })
})

describe('transcription jobs', () => {
  it('transcribes a recording end to end and stores its track', async () => {
    const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    const progress: number[] = []
    voces.jobs.on('job', (job) => job.kind === 'transcribe' && progress.push(job.progress))
    const started = await dispatch(
      'transcription.start',
      { recordingIds: [id], language: 'en' },
      ctx(),
    )
    expect(started.ok).toBe(true)
    const { jobs } = (started as { value: { jobs: Array<{ jobId: string }> } }).value
    const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
    expect(job.state).toBe('succeeded')
    expect(job.result).toMatchObject({ recordingId: id, track: 'en', segments: 0, windows: 1 })
    expect(progress.at(-1)).toBe(1)
    const track = await dispatch('transcripts.get', { recordingId: id }, ctx())
    expect(track).toMatchObject({
      ok: true,
      value: { track: 'en', origin: 'whisper', model: 'for-tests-ggml-tiny', segments: [] },
    })
    expect(readdirSync(voces.layout.temp)).toEqual([])
  })

  it('skips silence with a Silero VAD model when one is in the models folder', async () => {
    copyFileSync(
      path.join(modelsDir, 'for-tests-silero-v6.2.0-ggml.bin'),
      path.join(process.env.VOCES_MODELS ?? '', 'ggml-silero-v6.2.0.bin'),
    )
    const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    const started = await dispatch(
      'transcription.start',
      { recordingIds: [id], language: 'en' },
      ctx(),
    )
    const { jobs } = (started as { value: { jobs: Array<{ jobId: string }> } }).value
    expect((await voces.jobs.waitFor(jobs[0]?.jobId ?? '')).state).toBe('succeeded')
    // The real engine ran with the VAD model, and the track records it.
    expect(
      whisperRuns(voces).some(
        (line) => line.includes('--vad') && line.includes('ggml-silero-v6.2.0.bin'),
      ),
    ).toBe(true)
    const settings = databaseOf(voces)
      .prepare('SELECT engine_settings FROM tracks WHERE recording_id = ?')
      .pluck()
      .get(id) as string
    expect(JSON.parse(settings)).toMatchObject({ vad: 'ggml-silero-v6.2.0.bin' })
    // It is a helper of the engine, never offered as a transcription model.
    const models = await dispatch('models.list', {}, ctx())
    expect(JSON.stringify(models)).not.toContain('silero')
  })

  it('cancel kills the engine and leaves no track and no scratch files', async () => {
    const id = recordingIdOf(
      await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')),
    )
    const running = nextJobEvent(
      voces,
      (job) => job.kind === 'transcribe' && job.state === 'running',
    )
    const { jobs } = await startTranscription(voces, {
      recordingIds: [id],
      language: 'en',
      translate: false,
    })
    const jobId = jobs[0]?.jobId ?? ''
    await running
    // Wait until the engine process has been started for this job, then cancel.
    while (whisperRuns(voces).length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
    await voces.jobs.cancel(jobId)
    const job = await voces.jobs.waitFor(jobId)
    expect(job.state).toBe('cancelled')
    // The engine process is gone: nothing runs on this job's scratch files any more.
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(
      `transcribe-${jobId}`,
    )
    expect(await voces.storage.transcripts.listTracks(id)).toEqual([])
    expect(readdirSync(voces.layout.temp)).toEqual([])
  })

  it('a job stopped mid-way resumes from its last finished window after a restart', async () => {
    const id = recordingIdOf(
      await ingestOne(voces, path.join(mediaDir, 'es', 'silero_vad_es_60s.wav')),
    )
    // Three windows of ~20 s, so the job has a checkpoint to stop after.
    const { jobs } = await startTranscription(voces, {
      recordingIds: [id],
      language: 'es',
      translate: false,
      windowSeconds: 18,
    })
    const jobId = jobs[0]?.jobId ?? ''
    const windowsDone = () => {
      const row = databaseOf(voces)
        .prepare('SELECT checkpoint FROM jobs WHERE id = ?')
        .get(jobId) as {
        checkpoint: string | null
      }
      return row.checkpoint
        ? (JSON.parse(row.checkpoint) as { transcript: unknown[] }).transcript.length
        : 0
    }
    while (windowsDone() < 1) await new Promise((resolve) => setTimeout(resolve, 25))
    await voces.close() // as a quit: the job stays `running` in the store
    const peek = new Voces({ libraryDir, startJobs: false })
    const row = databaseOf(peek)
      .prepare('SELECT state, checkpoint FROM jobs WHERE id = ?')
      .get(jobId) as {
      state: string
      checkpoint: string
    }
    await peek.close()
    expect(row.state).toBe('running')
    const saved = JSON.parse(row.checkpoint) as { windows: unknown[]; transcript: unknown[] }
    expect(saved.windows.length).toBe(3)
    expect(saved.transcript.length).toBeGreaterThanOrEqual(1)
    const doneBefore = saved.transcript.length

    voces = new Voces({ libraryDir })
    const job = await voces.jobs.waitFor(jobId)
    expect(job.state).toBe('succeeded')
    expect(job.result).toMatchObject({ track: 'es', windows: 3 })
    // Each finished window ran once: the restart did not run them again.
    const runs = whisperRuns(voces)
    for (let i = 0; i < doneBefore; i++)
      expect(runs.filter((line) => line.includes(`window-${i}.wav`))).toHaveLength(1)
    expect((await voces.storage.transcripts.requireTrack(id)).model).toBe('for-tests-ggml-tiny')
  })

  it('refuses clearly: no model, a second transcription of the same recording, missing working audio', async () => {
    const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    const first = await dispatch('transcription.start', { recordingIds: [id] }, ctx())
    expect(first.ok).toBe(true)
    const second = await dispatch('transcription.start', { recordingIds: [id] }, ctx())
    expect(second).toMatchObject({ ok: false, error: { code: 'TRANSCRIPTION_RUNNING' } })
    const done = (first as { value: { jobs: Array<{ jobId: string }> } }).value.jobs[0]?.jobId ?? ''
    await voces.jobs.waitFor(done)

    rmSync(path.join(voces.layout.root, (await voces.storage.recordings.files(id)).workingAudio))
    const missing = await dispatch('transcription.start', { recordingIds: [id] }, ctx())
    expect(missing).toMatchObject({ ok: false, error: { code: 'WORKING_AUDIO_MISSING' } })

    rmSync(process.env.VOCES_MODELS ?? '', { recursive: true })
    const none = await dispatch('transcription.start', { recordingIds: [id] }, ctx())
    expect(none).toMatchObject({ ok: false, error: { code: 'NO_MODEL' } })
    expect(none.ok || none.error.message).toMatch(/voces models download/)
  })

  it('a recording shorter than one second gives an empty track, not an error', async () => {
    // Ingest refuses less than half a second of sound (too short to use at all).
    const short = path.join(dir, 'short.wav')
    ffmpegMake(['-i', path.join(mediaDir, 'en', 'jfk.wav'), '-t', '0.6', short])
    const id = recordingIdOf(await ingestOne(voces, short))
    const { jobs } = await startTranscription(voces, {
      recordingIds: [id],
      language: 'auto',
      translate: true,
    })
    const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
    expect(job.state).toBe('succeeded')
    expect(job.result).toMatchObject({ segments: 0, words: 0 })
  })
})

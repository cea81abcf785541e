import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ingestFile, readPeaks, startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from './media-fixtures.ts'

let dir: string
let cleanup: () => void
let voces: Voces
let libraryDir: string

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
  libraryDir = path.join(dir, 'library')
  voces = new Voces({ libraryDir })
})
afterEach(async () => {
  await voces.close()
  cleanup()
})

/** Nothing half-made: no staging folder, and exactly one media folder per recording. */
async function expectNoLeftovers(v: Voces) {
  expect(readdirSync(v.layout.temp)).toEqual([])
  expect(readdirSync(v.layout.media).sort()).toEqual(
    (await v.storage.recordings.list()).map((r) => r.id).sort(),
  )
}

describe('ingest', () => {
  it('ingests a real WAV: probe, hash, 16 kHz mono working audio, peaks, original untouched', async () => {
    const source = path.join(mediaDir, 'en', 'jfk.wav')
    const before = readFileSync(source)
    const id = recordingIdOf(await ingestOne(voces, source))
    const recording = await voces.storage.recordings.require(id)
    expect(recording.title).toBe('jfk')
    expect(recording.path).toBe(source)
    expect(recording.duration).toBeCloseTo(11, 0)
    expect(recording.hasVideo).toBe(false)
    expect(recording.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(readFileSync(source).equals(before)).toBe(true)

    const wav = readFileSync(
      path.join(libraryDir, (await voces.storage.recordings.files(id)).workingAudio),
    )
    expect(wav.readUInt16LE(22)).toBe(1) // channels
    expect(wav.readUInt32LE(24)).toBe(16000) // sample rate
    const peaks = await readPeaks(voces, id)
    expect(peaks.bucketsPerSecond).toBe(100)
    expect(peaks.peaks.length / 2).toBeCloseTo(recording.duration * 100, -1)
    expect(Math.max(...peaks.peaks)).toBeGreaterThan(0.2)
    expect(Math.min(...peaks.peaks)).toBeLessThan(-0.2)
    expect(peaks.peaks.every((v) => v >= -1 && v <= 1)).toBe(true)
    await expectNoLeftovers(voces)
  })

  it('ingests video with a poster frame, and WebM/Opus', async () => {
    const mp4 = recordingIdOf(
      await ingestOne(voces, path.join(mediaDir, 'video', 'whisperx_sample01.mp4')),
    )
    const webm = recordingIdOf(
      await ingestOne(voces, path.join(mediaDir, 'video', 'whishper_30sec.webm')),
    )
    const video = await voces.storage.recordings.require(webm)
    expect(video.hasVideo).toBe(true)
    expect(video.videoCodec).toBe('vp9')
    expect(video.audioCodec).toBe('opus')
    expect(video.width).toBeGreaterThan(0)
    expect(video.hasPoster).toBe(true)
    const poster = readFileSync(
      path.join(libraryDir, (await voces.storage.recordings.files(webm)).poster ?? 'missing'),
    )
    expect(poster.subarray(0, 2).toString('hex')).toBe('ffd8') // a JPEG
    expect((await voces.storage.recordings.require(mp4)).duration).toBeGreaterThan(55)
  })

  it('refuses a second copy of the same file and names the first', async () => {
    const source = path.join(mediaDir, 'es', 'leopard_es.wav')
    const copy = path.join(dir, 'otra copia.wav')
    copyFileSync(source, copy)
    const first = recordingIdOf(await ingestOne(voces, source))
    const second = await ingestOne(voces, copy)
    expect(second.state).toBe('failed')
    expect(second.error?.code).toBe('DUPLICATE_RECORDING')
    expect(second.error?.message).toContain('leopard_es')
    expect(second.error?.message).toContain(first)
    await expectNoLeftovers(voces)
  })

  it('titles an upload from a Windows computer by its name, and keeps the path as the person gave it', async () => {
    // A worker of a shared archive reads the person's file from the store (decision 0192); the
    // path only names it, and on a Linux worker a backslash separates nothing.
    const key = 'uploads/ingest-t1/Entrevista Rosa.wav'
    await voces.storage.media.putFile(key, path.join(mediaDir, 'en', 'jfk.wav'))
    const person = 'C:\\Users\\ana\\Entrevistas\\Entrevista Rosa.wav'
    const { recordingId } = await ingestFile(voces, {
      id: 'ingest-t1',
      input: { path: person, upload: key },
      signal: new AbortController().signal,
      progress: () => {},
    })
    const recording = await voces.storage.recordings.require(recordingId)
    expect(recording.title).toBe('Entrevista Rosa')
    expect(recording.path).toBe(person)
    expect(recording.storedPath).toBe(key)
  })

  it('copies the original into the library when the setting is on', async () => {
    await voces.settings.update({ copyIntoLibrary: true })
    const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    const stored = (await voces.storage.recordings.require(id)).storedPath
    expect(stored).toBe(`media/${id}/original.wav`)
    expect(statSync(path.join(libraryDir, stored ?? '')).size).toBe(
      statSync(path.join(mediaDir, 'en', 'jfk.wav')).size,
    )
  })

  it('gives each bad file one clear message, goes on with the batch and leaves nothing behind', async () => {
    const bad = path.join(dir, 'bad inputs')
    mkdirSync(bad)
    writeFileSync(path.join(bad, 'fake.mp3'), 'This is a text file, not an MP3.\n'.repeat(20))
    writeFileSync(path.join(bad, 'empty.wav'), '')
    ffmpegMake([
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=5',
      '-c:a',
      'libmp3lame',
      path.join(dir, 'whole.mp3'),
    ])
    const whole = readFileSync(path.join(dir, 'whole.mp3'))
    writeFileSync(path.join(bad, 'truncated.mp3'), whole.subarray(0, 300))
    ffmpegMake([
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=160x120:rate=10:duration=2',
      '-pix_fmt',
      'yuv420p',
      path.join(bad, 'silent video.mp4'),
    ])
    const odd = `Entrevista "María" — 'obra' 🎙️\nnueva línea.wav`
    copyFileSync(path.join(mediaDir, 'en', 'jfk.wav'), path.join(bad, odd))

    const started = await startIngest(voces, [bad, path.join(dir, 'no such file.wav')])
    expect(started.skipped).toEqual([
      expect.objectContaining({
        code: 'FILE_NOT_FOUND',
        message: expect.stringContaining('no such file.wav'),
      }),
    ])
    const jobs = await Promise.all(
      started.jobs.map(async (j) => ({
        name: path.basename(j.file),
        job: await voces.jobs.waitFor(j.jobId),
      })),
    )
    const byName = Object.fromEntries(jobs.map(({ name, job }) => [name, job]))
    expect(byName['fake.mp3']?.error?.code).toBe('MEDIA_UNREADABLE')
    expect(byName['fake.mp3']?.error?.message).toContain('fake.mp3')
    expect(byName['empty.wav']?.error?.code).toBe('EMPTY_FILE')
    expect(byName['silent video.mp4']?.error?.code).toBe('NO_AUDIO')
    expect(byName['silent video.mp4']?.error?.params).toEqual({ file: 'silent video.mp4' })
    // A truncated MP3 is either read for what it holds or refused with a message; never half-stored.
    const truncated = byName['truncated.mp3']
    expect(truncated?.state === 'succeeded' || truncated?.error?.code === 'MEDIA_UNREADABLE').toBe(
      true,
    )
    const oddJob = byName[odd]
    expect(oddJob?.state).toBe('succeeded')
    expect((await voces.storage.recordings.require(recordingIdOf(oddJob!))).path).toBe(
      path.join(bad, odd),
    )
    await expectNoLeftovers(voces)
  })

  it('keeps the length that decodes, not the one a cut-short header claims', async () => {
    const whole = path.join(dir, 'minute.mp3')
    ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=60', '-b:a', '128k', whole])
    const bytes = readFileSync(whole)
    // The first 10% of a 60 s MP3: its header still says 1:00 (ffprobe estimates from it).
    const cut = path.join(dir, 'cut short.mp3')
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 10)))
    const recording = await voces.storage.recordings.require(
      recordingIdOf(await ingestOne(voces, cut)),
    )
    expect(recording.duration).toBeGreaterThan(5)
    expect(recording.duration).toBeLessThan(7)
    // What the library says is what plays: the working audio and the waveform agree with it.
    const peaks = await readPeaks(voces, recording.id)
    expect(peaks.peaks.length / 2 / peaks.bucketsPerSecond).toBeCloseTo(recording.duration, 0)
  })

  it('refuses a recording too short to use, naming it, and keeps nothing of it', async () => {
    const blip = path.join(dir, 'blip.wav')
    ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.001', blip])
    const job = await ingestOne(voces, blip)
    expect(job.error).toMatchObject({ code: 'TOO_SHORT', params: { file: 'blip.wav' } })
    expect(job.error?.params?.ms).toBeLessThanOrEqual(2)
    expect(job.error?.message).toMatch(/^blip\.wav holds only \d ms of sound/)
    expect(await voces.storage.recordings.list()).toEqual([])
    await expectNoLeftovers(voces)
  })

  it('follows links in a dropped folder, reads a looping link once, and names a non-UTF-8 name', async () => {
    const folder = path.join(dir, 'dropped')
    const elsewhere = path.join(dir, 'elsewhere')
    mkdirSync(path.join(folder, 'sub'), { recursive: true })
    mkdirSync(elsewhere)
    copyFileSync(path.join(mediaDir, 'en', 'jfk.wav'), path.join(elsewhere, 'kennedy.wav'))
    copyFileSync(path.join(mediaDir, 'es', 'leopard_es.wav'), path.join(elsewhere, 'muestra.wav'))
    symlinkSync(path.join(elsewhere, 'kennedy.wav'), path.join(folder, 'linked.wav'))
    symlinkSync(elsewhere, path.join(folder, 'sub', 'linked folder'))
    symlinkSync(folder, path.join(folder, 'sub', 'back to the top'))
    // "enté.wav" written in Latin-1: the é is one byte, 0xE9, which is not UTF-8.
    writeFileSync(
      Buffer.concat([Buffer.from(`${folder}/ent`), Buffer.from([0xe9]), Buffer.from('.wav')]),
      readFileSync(path.join(mediaDir, 'en', 'jfk.wav')),
    )
    const started = await startIngest(voces, [folder])
    expect(started.jobs.map((j) => path.relative(folder, j.file)).sort()).toEqual([
      'linked.wav',
      path.join('sub', 'linked folder', 'kennedy.wav'),
      path.join('sub', 'linked folder', 'muestra.wav'),
    ])
    expect(started.skipped).toEqual([
      expect.objectContaining({
        code: 'NAME_NOT_UTF8',
        message: expect.stringContaining('The name of ent\uFFFD.wav is not valid text'),
      }),
    ])
    const jobs = await Promise.all(started.jobs.map((j) => voces.jobs.waitFor(j.jobId)))
    // linked.wav and the linked folder's kennedy.wav are one file: the second is refused as a copy.
    expect(jobs.map((job) => job.state).sort()).toEqual(['failed', 'succeeded', 'succeeded'])
    expect(jobs.find((job) => job.state === 'failed')?.error?.code).toBe('DUPLICATE_RECORDING')
    // Named on the command line, such a name arrives with � in it and names no file.
    const named = await startIngest(voces, [path.join(folder, 'ent\uFFFD.wav')])
    expect(named.skipped).toEqual([expect.objectContaining({ code: 'NAME_NOT_UTF8' })])
  })

  it('says clearly when FFmpeg cannot be found, and changes nothing', async () => {
    const savedPath = process.env.PATH
    process.env.PATH = path.join(dir, 'empty-bin')
    try {
      const job = await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav'))
      expect(job.error?.code).toBe('FFMPEG_NOT_FOUND')
      expect(job.error?.message).toMatch(/Install FFmpeg/)
    } finally {
      process.env.PATH = savedPath
    }
    expect(await voces.storage.recordings.list()).toEqual([])
    await expectNoLeftovers(voces)
  })
})

describe('ingest jobs over time', () => {
  let long: string
  beforeEach(() => {
    long = path.join(dir, 'long interview.flac')
    ffmpegMake([
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=duration=1800:amplitude=0.3:sample_rate=44100',
      '-ac',
      '2',
      '-c:a',
      'flac',
      '-compression_level',
      '0',
      long,
    ])
  })

  it('cancels mid-way and leaves no row and no file', async () => {
    const { jobs } = await startIngest(voces, [long])
    const jobId = jobs[0]?.jobId ?? ''
    await new Promise<void>((resolve) => {
      const onJob = (job: { id: string; progress: number }) => {
        if (job.id === jobId && job.progress > 0.05) {
          voces.jobs.off('job', onJob)
          resolve()
        }
      }
      voces.jobs.on('job', onJob)
    })
    await voces.jobs.cancel(jobId)
    const job = await voces.jobs.waitFor(jobId)
    expect(job.state).toBe('cancelled')
    expect(await voces.storage.recordings.list()).toEqual([])
    await expectNoLeftovers(voces)
  })

  it('survives a restart: an interrupted ingest starts again and completes', async () => {
    const { jobs } = await startIngest(voces, [long])
    const jobId = jobs[0]?.jobId ?? ''
    await new Promise<void>((resolve) =>
      voces.jobs.on('job', (job) => job.id === jobId && job.progress > 0.05 && resolve()),
    )
    await voces.close() // the app quits mid-ingest
    expect(existsSync(path.join(libraryDir, 'tmp'))).toBe(true)
    voces = new Voces({ libraryDir })
    const job = await voces.jobs.waitFor(jobId)
    expect(job.state).toBe('succeeded')
    expect(await voces.storage.recordings.list()).toHaveLength(1)
    expect((await voces.storage.recordings.list())[0]?.duration).toBeCloseTo(1800, 0)
    await expectNoLeftovers(voces)
  })
})

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  checkFfmpegPath,
  ffmpegInfo,
  findTool,
  progressSeconds,
  requireTool,
  runPiped,
  runTool,
  ToolFailedError,
} from '../../src/core/media/ffmpeg.ts'
import { CancelledError } from '../../src/core/errors.ts'
import { probe } from '../../src/core/media/probe.ts'
import { mediaDir, tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

function fakeTool(folder: string, name: string): string {
  mkdirSync(folder, { recursive: true })
  const file = path.join(folder, name)
  writeFileSync(file, '#!/bin/sh\nexit 0\n')
  chmodSync(file, 0o755)
  return file
}

describe('binary lookup', () => {
  it('takes the setting first, then the bundled binary, then PATH', () => {
    const setting = fakeTool(path.join(dir, 'mine'), 'ffmpeg')
    const settingProbe = fakeTool(path.join(dir, 'mine'), 'ffprobe')
    const resources = path.join(dir, 'resources')
    const bundled = fakeTool(
      path.join(resources, 'bin', `${process.platform}-${process.arch}`),
      'ffmpeg',
    )
    const onPath = fakeTool(path.join(dir, 'path'), 'ffmpeg')
    const env = { PATH: path.join(dir, 'path') }
    expect(findTool('ffmpeg', { ffmpegPath: setting, resourcesDir: resources, env })).toBe(setting)
    expect(findTool('ffprobe', { ffmpegPath: setting, resourcesDir: resources, env })).toBe(
      settingProbe,
    )
    expect(
      findTool('ffmpeg', {
        ffmpegPath: path.join(dir, 'gone', 'ffmpeg'),
        resourcesDir: resources,
        env,
      }),
    ).toBe(bundled)
    expect(findTool('ffmpeg', { env })).toBe(onPath)
    expect(findTool('ffmpeg', { env: { PATH: path.join(dir, 'nothing') } })).toBeNull()
    expect(() => requireTool('ffprobe', { env: { PATH: '' } })).toThrow(
      /could not find ffprobe.*Install FFmpeg/,
    )
  })
})

describe('the FFmpeg Settings names', () => {
  it('reads the version of the FFmpeg found (it showed "?" when stdout was not kept)', async () => {
    const info = await ffmpegInfo({ ffmpegPath: '/usr/bin/ffmpeg' })
    expect(info).toMatchObject({ found: true, path: '/usr/bin/ffmpeg' })
    expect(info.version).toMatch(/^\d+\.\d+/)
    expect(await checkFfmpegPath('/usr/bin/ffmpeg')).toBe(info.version)
  })

  it('refuses a path that is missing, or runs but is not FFmpeg', async () => {
    for (const wrong of [path.join(dir, 'gone'), fakeTool(path.join(dir, 'bin'), 'ffmpeg'), dir])
      await expect(checkFfmpegPath(wrong)).rejects.toMatchObject({
        code: 'FFMPEG_PATH_INVALID',
        params: { path: wrong },
      })
  })
})

describe('runTool', () => {
  const ffmpeg = requireTool('ffmpeg')

  it('reports progress from -progress pipe:1', async () => {
    const seen: number[] = []
    await runTool(
      ffmpeg,
      [
        '-v',
        'error',
        '-nostats',
        '-progress',
        'pipe:1',
        '-f',
        'lavfi',
        '-i',
        'sine=duration=30',
        '-f',
        'null',
        '-',
      ],
      {
        onProgress: (fields) => {
          const s = progressSeconds(fields)
          if (s !== null) seen.push(s)
        },
      },
    )
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.at(-1)).toBeCloseTo(30, 0)
  })

  it('puts the last stderr lines in the error', async () => {
    const error = await runTool(ffmpeg, [
      '-v',
      'error',
      '-i',
      path.join(dir, 'missing.wav'),
      '-f',
      'null',
      '-',
    ]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ToolFailedError)
    expect((error as ToolFailedError).message).toMatch(/missing\.wav.*No such file/s)
    expect((error as ToolFailedError).code).toBe('FFMPEG_FAILED')
  })

  it('stops at once on abort, and on timeout', async () => {
    const endless = ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'sine', '-f', 'null', '-']
    const controller = new AbortController()
    const running = runTool(ffmpeg, endless, { signal: controller.signal })
    setTimeout(() => controller.abort(), 200)
    await expect(running).rejects.toBeInstanceOf(CancelledError)
    await expect(runTool(ffmpeg, endless, { timeoutMs: 300 })).rejects.toThrow(/longer than/)
  })
})

describe('runPiped', () => {
  const ffmpeg = requireTool('ffmpeg')
  const ffprobe = requireTool('ffprobe')
  const producer = (input: string[]) => ({
    file: ffmpeg,
    args: ['-v', 'error', '-nostdin', ...input, '-c:a', 'pcm_f32le', '-f', 'nut', 'pipe:1'],
  })
  const consumer = (output: string) => ({
    file: ffmpeg,
    args: ['-v', 'error', '-nostats', '-progress', 'pipe:1', '-f', 'nut', '-i', 'pipe:0'].concat([
      '-c:a',
      'libmp3lame',
      '-b:a',
      '64k',
      '-y',
      output,
    ]),
  })

  it("feeds one process's output to the next, with the consumer's progress", async () => {
    const output = path.join(dir, 'piped.mp3')
    const seen: number[] = []
    await runPiped(producer(['-f', 'lavfi', '-i', 'sine=duration=20']), consumer(output), {
      onProgress: (fields) => {
        const s = progressSeconds(fields)
        if (s !== null) seen.push(s)
      },
    })
    const info = await probe(ffprobe, output)
    expect(info.audio?.codec).toBe('mp3')
    expect(info.duration).toBeCloseTo(20, 0)
    expect(seen.at(-1)).toBeCloseTo(20, 0)
  })

  it("reports a producer's own failure, even when the consumer took the cut stream", async () => {
    const error = await runPiped(
      producer(['-i', path.join(dir, 'missing.wav')]),
      consumer(path.join(dir, 'never.mp3')),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ToolFailedError)
    expect((error as ToolFailedError).message).toMatch(/missing\.wav.*No such file/s)
  })

  it("reports the consumer's failure and stops the producer", async () => {
    const endless = producer(['-re', '-f', 'lavfi', '-i', 'sine'])
    const error = await runPiped(endless, {
      file: ffmpeg,
      args: [
        '-v',
        'error',
        '-f',
        'nut',
        '-i',
        'pipe:0',
        '-c:a',
        'no_such_codec',
        '-f',
        'null',
        '-',
      ],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ToolFailedError)
    expect((error as ToolFailedError).message).toMatch(/no_such_codec/)
  })

  it('stops both on abort', async () => {
    const controller = new AbortController()
    const running = runPiped(
      producer(['-re', '-f', 'lavfi', '-i', 'sine']),
      consumer(path.join(dir, 'cancelled.mp3')),
      { signal: controller.signal },
    )
    setTimeout(() => controller.abort(), 300)
    await expect(running).rejects.toBeInstanceOf(CancelledError)
  })
})

describe('probe', () => {
  it('reads streams and duration, and treats cover art as no video', async () => {
    const ffprobe = requireTool('ffprobe')
    const wav = await probe(ffprobe, path.join(mediaDir, 'en', 'jfk.wav'))
    expect(wav).toMatchObject({
      format: 'wav',
      audio: { sampleRate: 16000, channels: 1 },
      video: null,
    })
    const video = await probe(ffprobe, path.join(mediaDir, 'video', 'vibe_short.mp4'))
    expect(video.video?.codec).toBeTruthy()
    expect(video.duration).toBeGreaterThan(1)
    const fake = path.join(dir, 'fake.m4a')
    writeFileSync(fake, 'not media')
    await expect(probe(ffprobe, fake)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' })
  })
})

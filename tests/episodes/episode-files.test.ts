// An episode's cover, intro and outro are files a person chose: a path that is not a file is
// refused when the episode is saved, and again by an export before FFmpeg runs, naming the field
// and the file (decision 0078). Real library, real ingest, real FFmpeg behind a wrapper that
// writes down every time it is started.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { episodeFileMissing } from '../../src/core/episodes/service.ts'
import { ffmpegInfo } from '../../src/core/media/ffmpeg.ts'
import { Voces } from '../../src/core/voces.ts'
import {
  episodeFileFields,
  podcastExportInput,
  type ApiError,
  type Episode,
  type Job,
  type Result,
} from '../../src/shared/contract/index.ts'
import { errorText } from '../../src/shared/i18n/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void
let recordingId: string
let intro: string
let cover: string
const ctx = () => ({ voces, transport: 'cli' as const })

function call(method: string, input: unknown): Promise<Result<unknown>> {
  return dispatch(method, input, ctx())
}

function refusal(result: Result<unknown>): ApiError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

async function created(input: Record<string, unknown>): Promise<Episode> {
  const result = await call('episodes.create', {
    title: 'Files',
    clips: [{ recordingId, start: 0, end: 5 }],
    ...input,
  })
  if (!result.ok) throw new Error(result.error.message)
  return result.value as Episode
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-episode-files-'))
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  recordingId = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')),
  )
  await voces.storage.recordings.update(recordingId, { consentStatus: 'given' })
  intro = path.join(dir, 'intro.wav')
  ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', intro])
  cover = path.join(dir, 'cover.png')
  ffmpegMake(['-f', 'lavfi', '-i', 'color=c=teal:s=300x300', '-frames:v', '1', cover])
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('saving an episode', () => {
  it('refuses an intro that does not exist, naming the field and the file, and creates nothing', async () => {
    const missing = path.join(dir, 'gone', 'intro.mp3')
    const error = refusal(
      await call('episodes.create', {
        title: 'No intro',
        intro: missing,
        clips: [{ recordingId, start: 0, end: 5 }],
      }),
    )
    expect(error.code).toBe('EPISODE_INTRO_MISSING')
    expect(error.params).toEqual({ field: 'intro', file: missing })
    expect(error.message).toContain('intro music')
    expect(error.message).toContain(missing)
    expect(await voces.storage.episodes.list()).toEqual([])
    // The person reads it in their language, with the file beside it.
    expect(errorText('es', error)).toEqual({
      file: missing,
      text: expect.stringMatching(/^No se encuentra la música de entrada/),
    })
    expect(errorText('en', error).text).toMatch(/^The intro music cannot be found/)
  })

  it('refuses a cover that is gone and an outro that is a folder; what was stored stays', async () => {
    const episode = await created({ cover, intro })
    const missingCover = path.join(dir, 'nowhere.png')
    const gone = refusal(
      await call('episodes.update', { id: episode.id, patch: { cover: missingCover } }),
    )
    expect(gone.code).toBe('EPISODE_COVER_MISSING')
    expect(gone.params).toEqual({ field: 'cover', file: missingCover })
    const folder = refusal(
      await call('episodes.update', { id: episode.id, patch: { title: 'Renamed', outro: dir } }),
    )
    expect(folder.code).toBe('EPISODE_OUTRO_MISSING')
    const stored = await voces.storage.episodes.require(episode.id)
    expect(stored).toMatchObject({ title: 'Files', cover, intro, outro: null })
    // A patch that leaves the files alone is not held up by them.
    expect((await call('episodes.update', { id: episode.id, patch: { title: 'Kept' } })).ok).toBe(
      true,
    )
  })

  it('has a sentence for each field in both catalogues, naming the field', () => {
    const words = {
      cover: ['cover image', 'imagen de portada'],
      intro: ['intro music', 'música de entrada'],
      outro: ['outro music', 'música de cierre'],
    }
    for (const field of episodeFileFields) {
      const error = episodeFileMissing(field, '/music/gone.mp3').toApiError()
      const [english, spanish] = words[field]
      expect(errorText('en', error).text.toLowerCase()).toContain(english)
      expect(errorText('es', error).text.toLowerCase()).toContain(spanish)
      expect(error.message).toContain(english)
    }
  })

  it('keeps a relative path as the file it named when it was saved', async () => {
    const relative = path.relative(process.cwd(), intro)
    const episode = await created({ intro: relative })
    expect(episode.intro).toBe(intro)
  })
})

describe('exporting an episode whose intro is gone since', () => {
  it('fails naming the intro and its file, before FFmpeg or ffprobe is started', async () => {
    const own = path.join(dir, 'own-intro.wav')
    writeFileSync(own, readFileSync(intro))
    const episode = await created({ intro: own, cover })
    rmSync(own)

    // FFmpeg and ffprobe behind wrappers that write down each start, then run the real ones.
    const bin = path.join(dir, 'bin')
    const starts = path.join(dir, 'starts.log')
    mkdirSync(bin)
    writeFileSync(starts, '')
    for (const tool of ['ffmpeg', 'ffprobe']) {
      const wrapper = path.join(bin, tool)
      writeFileSync(wrapper, `#!/bin/sh\necho "${tool} $*" >> "${starts}"\nexec ${tool} "$@"\n`)
      chmodSync(wrapper, 0o755)
    }
    await voces.settings.update({ ffmpegPath: path.join(bin, 'ffmpeg') })
    const input = { source: episode.id, output: path.join(dir, 'episode.mp3') }

    // Asked for: refused at once.
    const early = refusal(await call('export.podcast', input))
    expect(early.code).toBe('EPISODE_INTRO_MISSING')
    expect(early.params).toEqual({ field: 'intro', file: own })

    // Gone between the request and the job: the job says the same.
    const job: Job = await voces.jobs.waitFor(
      (await voces.jobs.enqueue('export.podcast', podcastExportInput.parse(input))).id,
    )
    expect(job.state).toBe('failed')
    expect(job.error).toMatchObject({
      code: 'EPISODE_INTRO_MISSING',
      params: { field: 'intro', file: own },
    })
    expect(readFileSync(starts, 'utf8')).toBe('')
    expect(refusal(await call('export.audiogram', input)).code).toBe('EPISODE_INTRO_MISSING')
    expect(readdirSync(dir).filter((name) => name.startsWith('episode'))).toEqual([])

    // The wrappers do write down a start, so the empty log above means none was made.
    expect((await ffmpegInfo(await voces.settings.get())).found).toBe(true)
    expect(readFileSync(starts, 'utf8')).toMatch(/^ffmpeg -hide_banner -version/)
  })
})

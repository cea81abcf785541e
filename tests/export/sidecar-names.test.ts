// An episode exported as MP3 and then as M4A under the same name: the second export's sidecars
// carry its format and the first's stay as they were (decision 0102). Real FFmpeg, real files.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Episode, ExportResult, Job } from '../../src/shared/contract/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let out: string
let cleanup: () => void
let episode: Episode

const ctx = () => ({ voces, transport: 'cli' as const })

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input, ctx())
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

async function exportAs(format: 'mp3' | 'm4a'): Promise<string[]> {
  const { jobId } = await call<{ jobId: string }>('export.podcast', {
    source: episode.id,
    output: path.join(out, `huelga.${format}`),
    format,
    publishUrl: 'https://center.example.org/podcast/',
  })
  const job: Job = await voces.jobs.waitFor(jobId)
  expect(job.error).toBeNull()
  return (job.result as ExportResult).sidecars.map((file) => path.basename(file))
}

/** Every file of the folder but the audio, with its text. */
function sidecarTexts(): Record<string, string> {
  const texts: Record<string, string> = {}
  for (const name of readdirSync(out).sort())
    if (!/\.(mp3|m4a)$/.test(name)) texts[name] = readFileSync(path.join(out, name), 'utf8')
  return texts
}

const names = (base: string) => [
  `${base}.chapters.json`,
  `${base}.transcript.srt`,
  `${base}.transcript.vtt`,
  `${base}.transcript.json`,
  `${base}.rss-item.xml`,
]

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  out = path.join(dir, 'out')
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  await voces.storage.recordings.update(id, { consentStatus: 'given' })
  await call('transcripts.import', {
    recordingId: id,
    track: 'en',
    fileName: 'jfk.srt',
    text: '1\n00:00:00,300 --> 00:00:04,000\nAnd so my fellow Americans,\n\n2\n00:00:04,200 --> 00:00:07,500\nask not.\n',
  })
  const created = await call<Episode>('episodes.create', {
    title: 'La huelga',
    clips: [{ recordingId: id, start: 0, end: 8 }],
  })
  episode = await call<Episode>('episodes.setChapters', {
    id: created.id,
    chapters: [{ start: 0, titleEn: 'Ask not', titleEs: 'No pregunten' }],
  })
  mkdirSync(out)
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('an MP3 and an M4A export of one name', () => {
  it('keep their own sidecars: the second format names its own, the first is not touched', async () => {
    expect(await exportAs('mp3')).toEqual(names('huelga'))
    const first = sidecarTexts()
    expect(Object.keys(first).sort()).toEqual(names('huelga').sort())
    expect(first['huelga.rss-item.xml']).toContain('huelga.mp3" length=')

    expect(await exportAs('m4a')).toEqual(names('huelga.m4a'))
    const both = sidecarTexts()
    expect(Object.keys(both).sort()).toEqual([...names('huelga'), ...names('huelga.m4a')].sort())
    // The MP3's sidecars are as its export left them.
    for (const name of names('huelga')) expect(both[name], name).toBe(first[name])
    // The M4A's RSS item points at its own file, chapters and transcripts.
    const item = both['huelga.m4a.rss-item.xml'] ?? ''
    const at = 'https://center.example.org/podcast/huelga.m4a'
    expect(item).toMatch(new RegExp(`<enclosure url="${at}" length="\\d+" type="audio/mp4"/>`))
    expect(item).toContain(`url="${at}.chapters.json"`)
    expect(item).toContain(`url="${at}.transcript.vtt"`)
    expect(item).not.toContain('huelga.mp3')
  })

  it('each export again writes over its own sidecars only', async () => {
    const before = sidecarTexts()
    expect(await exportAs('mp3')).toEqual(names('huelga'))
    expect(await exportAs('m4a')).toEqual(names('huelga.m4a'))
    const after = sidecarTexts()
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
    expect(after['huelga.rss-item.xml']).toContain('huelga.mp3" length=')
    expect(after['huelga.m4a.rss-item.xml']).toContain('huelga.m4a" length=')
    expect(after['huelga.chapters.json']).toBe(before['huelga.chapters.json'])
  })
})

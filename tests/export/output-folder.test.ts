import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { Voces } from '../../src/core/voces.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let dir: string
let cleanup: () => void
let library: string
let recordingId: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  library = path.join(dir, 'library')
  const voces = new Voces({ libraryDir: library })
  recordingId = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  await voces.storage.recordings.update(recordingId, { consentStatus: 'given' })
  await voces.close()
}, 120_000)
afterAll(() => cleanup())

async function cli(...args: string[]) {
  const c = captureIo()
  const code = await runCli(['--library', library, ...args], c.io)
  return { code, out: c.out(), err: c.err() }
}

describe('where a person asked a file to be saved', () => {
  it('a folder that does not exist is named, not a temporary file beside it', async () => {
    const missing = path.join(dir, 'no such folder')
    const csv = await cli('search', 'country', '--csv', path.join(missing, 'hits.csv'))
    expect(csv.code).not.toBe(0)
    expect(csv.err).toContain(`The folder ${missing} does not exist`)
    expect(csv.err).not.toMatch(/partial|ENOENT/)
    const podcast = await cli('export', 'podcast', recordingId, '-o', path.join(missing, 'x.mp3'))
    expect(podcast.code).not.toBe(0)
    expect(podcast.err).toContain(`The folder ${missing} does not exist`)
  })

  it('a folder Voces may not write in is said so, before any work starts', async () => {
    // /sys refuses new files even to root, as a read-only or locked folder does.
    for (const args of [
      ['export', 'podcast', recordingId, '-o', '/sys/episode.mp3'],
      ['search', 'country', '--csv', '/sys/hits.csv'],
      ['backup', '-o', '/sys/library.sqlite'],
    ]) {
      const run = await cli(...args)
      expect(run.code, args.join(' ')).not.toBe(0)
      expect(run.err, args.join(' ')).toContain('Voces may not write in the folder /sys')
      expect(run.err).not.toMatch(/INTERNAL|EACCES/)
    }
    // Nothing was queued to fail later: the ingest is the library's only job.
    const voces = new Voces({ libraryDir: library })
    try {
      expect((await voces.jobs.list()).map((job) => job.kind)).toEqual(['ingest'])
    } finally {
      await voces.close()
    }
  })

  it('a folder given where a file name belongs is said so', async () => {
    const folder = path.join(dir, 'a folder')
    mkdirSync(folder)
    const run = await cli('export', 'podcast', recordingId, '-o', folder)
    expect(run.code).not.toBe(0)
    expect(run.err).toContain(`${folder} is a folder`)
    expect(readdirSync(folder)).toEqual([])
    expect(existsSync(path.join(dir, 'x.mp3'))).toBe(false)
  })
})

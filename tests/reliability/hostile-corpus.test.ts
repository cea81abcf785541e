import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { fileCorpus, httpCorpus } from './hostile-corpus.ts'

/** CI's bounded size; `npm run bench reliability` runs thousands (bench/reliability.ts). */
const fileCases = Number(process.env.VOCES_CORPUS_FILES ?? 400)
const httpCases = Number(process.env.VOCES_CORPUS_CALLS ?? 250)

let voces: Voces
let server: RunningServer
let cleanup: () => void
const ids: string[] = []

beforeAll(async () => {
  let dir: string
  ;({ dir, cleanup } = tempDir())
  const rendererDir = path.join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Voces</title>')
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  const recording = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  const episode = await dispatch(
    'episodes.create',
    { title: 'Trials', clips: [{ recordingId: recording, start: 0, end: 5 }] },
    { voces, transport: 'cli' },
  )
  ids.push(recording, episode.ok ? (episode.value as { id: string }).id : 'none')
  server = await startHttpServer({ voces, rendererDir })
}, 120_000)
afterAll(async () => {
  await server?.close()
  await voces?.close()
  cleanup()
})

describe('hostile inputs, generated', () => {
  it(`${fileCases} subtitle and transcript files: each read or refused in words, no impossible time`, () => {
    const count = fileCorpus(fileCases)
    expect(count.failures).toEqual([])
    expect(count.cases).toBe(fileCases)
    // The corpus reaches both ends: some files are read, most are refused.
    expect(count.accepted).toBeGreaterThan(0)
    expect(count.refused).toBeGreaterThan(0)
  })

  it(`${httpCases} API calls on the loopback server: never a 5xx, an internal error or a word-less refusal`, async () => {
    const count = await httpCorpus(server, ids, httpCases)
    expect(count.failures).toEqual([])
    expect(count.cases).toBe(httpCases)
    expect(count.refused).toBeGreaterThan(0)
  })
})

import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Cut, Filler } from '../../src/shared/contract/index.ts'
import { databaseOf, captureIo, tempDir } from '../helpers.ts'

const capture = captureIo

let library: string
let cleanup: () => void
let episodeId: string

beforeAll(async () => {
  const dir = tempDir('voces-cli-cuts-')
  cleanup = dir.cleanup
  library = path.join(dir.dir, 'library')
  const voces = new Voces({ libraryDir: library, startJobs: false })
  const at = new Date().toISOString()
  databaseOf(voces)
    .prepare(
      `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, created_at, updated_at)
       VALUES ('rec1', 'Rec', '/x.wav', 'h', 1, 30, 'wav', 0, 'a', 'p', ?, ?)`,
    )
    .run(at, at)
  const words = ['Um', 'we', 'won', 'the', 'vote', 'uh', 'today'].map((text, i) => ({
    start: 2 + i,
    end: 2.5 + i,
    text,
    probability: null,
  }))
  await voces.storage.transcripts.replaceTrack({
    recordingId: 'rec1',
    language: 'en',
    kind: 'transcript',
    origin: 'typed',
    model: null,
    engineSettings: {},
    segments: [
      {
        start: 2,
        end: 8.5,
        speaker: null,
        language: 'en',
        text: 'Um we won the vote uh today',
        words,
      },
    ],
  })
  episodeId = (
    await voces.storage.episodes.create({ title: 'Vote' }, [
      { recordingId: 'rec1', start: 1, end: 20 },
    ])
  ).id
  await voces.close()
})
afterAll(() => cleanup())

describe('voces episode cuts', () => {
  it('cuts a stretch by recording time, widened to the pauses, and lists the cuts', async () => {
    const c = capture()
    const code = await runCli(
      ['--library', library, 'episode', 'cuts', episodeId, '--cut', 'rec1:0:05-0:05.5', '--json'],
      c.io,
    )
    expect(c.err()).toBe('')
    expect(code).toBe(0)
    const result = JSON.parse(c.out()) as { cuts: Cut[]; duration: number }
    // "the" (5–5.5): from the middle of the pause before it to the middle of the one after.
    expect(result.cuts).toEqual([{ recordingId: 'rec1', start: 4.75, end: 5.75, kind: 'edit' }])
    expect(result.duration).toBe(18)
  })

  it('lists the filler words offered, then removes them all', async () => {
    const listed = capture()
    expect(
      await runCli(['--library', library, 'episode', 'cuts', episodeId, '--fillers'], listed.io),
    ).toBe(0)
    expect(listed.out()).toContain('offered  [Um] we won the vote uh…')
    expect(listed.out()).toContain('offered  …Um we won the vote [uh] today')
    const removed = capture()
    const code = await runCli(
      ['--library', library, 'episode', 'cuts', episodeId, '--remove-fillers', '--json'],
      removed.io,
    )
    expect(code).toBe(0)
    const result = JSON.parse(removed.out()) as { cuts: Cut[]; fillers: Filler[] }
    expect(result.fillers.map((f) => [f.filler, f.cut])).toEqual([
      ['um', true],
      ['uh', true],
    ])
    expect(result.cuts.map((c) => c.kind)).toEqual(['filler', 'edit', 'filler'])
  })

  it('refuses a stretch that is no stretch, and one outside every clip', async () => {
    const bad = capture()
    expect(
      await runCli(
        ['--library', library, 'episode', 'cuts', episodeId, '--cut', 'rec1:9-8'],
        bad.io,
      ),
    ).toBe(2)
    expect(bad.err()).toContain('ends before it starts')
    const outside = capture()
    expect(
      await runCli(
        ['--library', library, 'episode', 'cuts', episodeId, '--cut', 'rec1:25-26'],
        outside.io,
      ),
    ).toBe(1)
    expect(outside.err()).toContain("A cut must lie inside one of the episode's clips")
  })
})

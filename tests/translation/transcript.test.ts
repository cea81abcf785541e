import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { spreadWords } from '../../src/core/translation/transcript.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Job } from '../../src/shared/contract/index.ts'
import { insertRecording, insertTrack } from '../editor/fixtures.ts'
import { databaseOf, tempDir } from '../helpers.ts'

const rec = 'rec-t'
let dir: ReturnType<typeof tempDir>
let voces: Voces

const words = (text: string, start: number): Array<[string, number, number]> =>
  text.split(' ').map((word, i) => [word, start + i * 0.4, start + i * 0.4 + 0.35])

beforeEach(() => {
  dir = tempDir('voces-translate-transcript-')
  voces = new Voces({ libraryDir: path.join(dir.dir, 'lib') })
  const db = databaseOf(voces)
  insertRecording(db, rec)
  insertTrack(db, rec, 'es', [
    { speaker: 'Speaker 1', words: words('Nos pagaban menos del salario mínimo.', 1) },
    { speaker: 'Speaker 2', words: words('La huelga empezó un lunes.', 5) },
  ])
})
afterEach(async () => {
  await voces.close()
  dir.cleanup()
})

const call = (method: string, input: Record<string, unknown>) =>
  dispatch(method, input, { voces, transport: 'cli' })

async function translate(input: Record<string, unknown>): Promise<Job> {
  const started = await call('translation.transcript', input)
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`)
  return voces.jobs.waitFor((started.value as { jobId: string }).jobId)
}

describe('a transcript translation track', () => {
  it('spreads a translation’s words over its segment by their length', () => {
    const spread = spreadWords('We won it', 2, 3.6)
    expect(spread.map((w) => w.text)).toEqual(['We', 'won', 'it'])
    expect(spread[0]?.start).toBe(2)
    expect(spread[1]?.start).toBeCloseTo(2.457, 3)
    expect(spread[2]?.end).toBeCloseTo(3.6, 6)
  })

  it('is made from the Spanish transcript into English, segment for segment, as machine text', async () => {
    const job = await translate({ recordingId: rec, to: 'en' })
    expect(job.state).toBe('succeeded')
    expect(job.result).toMatchObject({ language: 'en', engine: 'apertium', segments: 2 })
    const tracks = await voces.storage.transcripts.listTracks(rec)
    expect(tracks.find((t) => t.track === 'en')).toMatchObject({
      kind: 'translation',
      origin: 'whisper',
      model: 'apertium',
      engineSettings: { translation: { from: 'es', engine: 'apertium' } },
      segmentCount: 2,
    })
    const source = await voces.storage.transcripts.labelledSegments(rec, 'es')
    const made = await voces.storage.transcripts.labelledSegments(rec, 'en')
    // The same timing (stored to the millisecond) and speakers.
    const ms = (t: number) => Math.round(t * 1000)
    expect(made.map((s) => [ms(s.start), ms(s.end), s.speaker])).toEqual(
      source.map((s) => [ms(s.start), ms(s.end), s.speaker]),
    )
    expect(made[0]?.text).toMatch(/minimum (wage|salary)/)
    expect(made[1]?.text).toMatch(/strike/)
    for (const segment of made)
      for (const word of segment.words) {
        expect(word.start).toBeGreaterThanOrEqual(segment.start)
        expect(word.end).toBeLessThanOrEqual(segment.end + 1e-9)
      }
  })

  it('replaces its own unchecked translation, and asks before one a person checked', async () => {
    await translate({ recordingId: rec, to: 'en' })
    expect((await translate({ recordingId: rec, to: 'en' })).state).toBe('succeeded')
    const segment = (await voces.storage.transcripts.editorTrack(rec, 'en'))?.segments[0]
    await voces.storage.transcripts.review([segment?.id ?? 0], 'verified', 'Rosa')
    const refused = await call('translation.transcript', { recordingId: rec, to: 'en' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'TRANSLATION_TRACK_EXISTS', params: { count: 2, verified: 1 } },
    })
    expect((await translate({ recordingId: rec, to: 'en', replace: true })).state).toBe('succeeded')
    expect(await voces.storage.transcripts.verifiedSegments(rec, ['en'])).toBe(0)
  })

  it('never takes the place of the recording’s own transcript, and needs one to start from', async () => {
    const over = await call('translation.transcript', { recordingId: rec, to: 'es', replace: true })
    expect(over).toMatchObject({ ok: false, error: { code: 'TRANSLATION_NO_TRANSCRIPT' } })
    await translate({ recordingId: rec, to: 'en' })
    const back = await call('translation.transcript', { recordingId: rec, to: 'es', replace: true })
    expect(back).toMatchObject({ ok: false, error: { code: 'TRANSLATION_OVER_TRANSCRIPT' } })
    expect(
      (await voces.storage.transcripts.listTracks(rec)).find((t) => t.track === 'es')?.kind,
    ).toBe('transcript')
  })
})

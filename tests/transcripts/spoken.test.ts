// "Languages spoken" follows the source transcript while it still holds the ingest default
// (docs/decisions/0135-languages-from-the-transcript.md): real core, real SQLite, real FFmpeg ingest.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { spokenIn } from '../../src/core/transcripts/spoken.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

const wav = path.join(mediaDir, 'en', 'jfk.wav')
let voces: Voces
let dir: string
let cleanup: () => void
let id: string

const segment = (start: number, language: 'en' | 'es', text: string) => ({
  start,
  end: start + 1,
  speaker: null,
  language,
  text,
})

async function importAs(track: 'en' | 'es', segments: ReturnType<typeof segment>[]) {
  const result = await dispatch(
    'transcripts.import',
    {
      recordingId: id,
      track,
      fileName: 'interview.json',
      text: JSON.stringify({ segments }),
      replace: true,
    },
    { voces, transport: 'cli' },
  )
  expect(result.ok).toBe(true)
  return (await voces.storage.recordings.require(id)).languages
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  id = recordingIdOf(await ingestOne(voces, wav))
})
afterAll(async () => {
  await voces?.close()
  cleanup()
})

describe('languages spoken, from the transcript', () => {
  it('names the languages with text', () => {
    expect(spokenIn([segment(0, 'es', 'Hola'), segment(1, 'en', '  ')])).toBe('es')
    expect(spokenIn([segment(0, 'es', 'Hola'), segment(1, 'en', 'Hi')])).toBe('en,es')
    expect(spokenIn([])).toBeNull()
  })

  it('takes Spanish from a Spanish transcript over the default, and keeps what a person chose', async () => {
    expect((await voces.storage.recordings.require(id)).languages).toBe('en')
    expect(await importAs('es', [segment(0, 'es', 'Buenos días, compañeras.')])).toBe('es')
    // A person says both; a later transcript does not undo that.
    await voces.storage.recordings.update(id, { languages: 'en,es' })
    expect(await importAs('es', [segment(0, 'es', 'Otra vez.')])).toBe('en,es')
  })
})

// A disguised speaker is asked for by label or by name, in any case and with or without accents;
// the transcripts published beside the export must leave out every name they go by.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { disguisedSpeakerKeys, speakerKey } from '../../src/core/redaction/disguise.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(async () => {
  await voces?.close()
  cleanup()
})

describe('names of disguised speakers', () => {
  it('are every label and name of the speakers asked for, folded, and no one else', async () => {
    voces = new Voces({ libraryDir: path.join(dir, 'library') })
    const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    const add = databaseOf(voces).prepare(
      'INSERT INTO speakers (recording_id, label, name) VALUES (?, ?, ?)',
    )
    add.run(id, 'Speaker 1', 'María López')
    add.run(id, 'Speaker 2', 'Luis')
    const keys = await disguisedSpeakerKeys(voces, [id], ['maria lopez'])
    expect(keys.has(speakerKey('Speaker 1'))).toBe(true)
    expect(keys.has(speakerKey('María López'))).toBe(true)
    expect(keys.has(speakerKey('Luis'))).toBe(false)
    expect(keys.has(speakerKey('Speaker 2'))).toBe(false)
    expect((await disguisedSpeakerKeys(voces, [id], ['SPEAKER 2'])).has(speakerKey('Luis'))).toBe(
      true,
    )
  })
})

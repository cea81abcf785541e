// The speaker filter takes a numbered speaker as either language's screen shows it: the Spanish
// screen says "Hablante 2" for the stored "Speaker 2" (decisions 0082 and 0104).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Voces } from '../../src/core/voces.ts'
import { addRecording, addSpeaker, addTrack, openLibrary, sqliteSearch } from './fixtures.ts'
import { databaseOf } from '../helpers.ts'

let voces: Voces
let cleanup: () => Promise<void>

beforeAll(() => {
  ;({ voces, cleanup } = openLibrary())
  const db = databaseOf(voces)
  addRecording(db, { id: 'planta', title: 'La planta' })
  const first = addSpeaker(db, 'planta', 'Speaker 1')
  const second = addSpeaker(db, 'planta', 'Speaker 2')
  const twelfth = addSpeaker(db, 'planta', 'Speaker 12')
  const named = addSpeaker(db, 'planta', 'Speaker 3', 'Rosa Díaz')
  addTrack(db, 'planta', 'es', [
    { start: 1, text: 'El turno de noche en la planta.', speaker: first },
    { start: 10, text: 'La planta cerró en marzo.', speaker: second },
    { start: 20, text: 'Volvimos a la planta en abril.', speaker: twelfth },
    { start: 30, text: 'En la planta nadie hablaba inglés.', speaker: named },
  ])
})
afterAll(() => cleanup())

const starts = (speaker: string) =>
  sqliteSearch(voces)
    .search({ query: 'planta', filters: { speaker } })
    .hits.map((hit) => hit.start)

describe('speaker filter', () => {
  it('finds the stored "Speaker N" by the label either language shows', () => {
    expect(starts('Speaker 2')).toEqual([10])
    expect(starts('Hablante 2')).toEqual([10])
    expect(starts('hablante 2')).toEqual([10])
    expect(starts(' HABLANTE  12 ')).toEqual([20])
    expect(starts('Hablante 1')).toEqual([1])
  })

  it('names no other speaker: another number, a bare word, a named speaker by its old label', () => {
    expect(starts('Hablante 4')).toEqual([])
    expect(starts('Hablante')).toEqual([])
    // Speaker 3 was given a name: the screen shows "Rosa Díaz", which finds it; so does its label.
    expect(starts('rosa')).toEqual([30])
    expect(starts('Hablante 3')).toEqual([30])
  })
})

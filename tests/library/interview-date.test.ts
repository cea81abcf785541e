// An interview date is a day that exists: one schema (zod's ISO date) for a recording's date and
// the search's range, refused by the core with nothing changed, and marked by the form with the
// date's own message rather than "not valid".
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { validatePatch } from '../../src/renderer/recording/metadata.ts'
import {
  isoDateSchema,
  recordingMetadataSchema,
  searchFiltersSchema,
} from '../../src/shared/contract/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let cleanup: () => void
let id: string
const ctx = () => ({ voces, transport: 'cli' as const })

beforeAll(async () => {
  const dir = tempDir('voces-interview-date-')
  cleanup = dir.cleanup
  voces = new Voces({ libraryDir: path.join(dir.dir, 'library') })
  id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('the interview date', () => {
  it('is one schema with the search range', () => {
    expect(recordingMetadataSchema.shape.interviewDate.unwrap()).toBe(isoDateSchema)
    expect(searchFiltersSchema.shape.from.unwrap()).toBe(isoDateSchema)
    expect(searchFiltersSchema.shape.to.unwrap()).toBe(isoDateSchema)
  })

  it('takes days that exist, leap days included, and nothing else', () => {
    for (const day of ['2024-02-29', '2000-02-29', '1961-01-20', '2023-12-31'])
      expect(isoDateSchema.safeParse(day).success, day).toBe(true)
    for (const day of ['2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '1990-13-45'])
      expect(isoDateSchema.safeParse(day).success, day).toBe(false)
  })

  it('is marked in the form with the date message, for a day that does not exist too', () => {
    for (const typed of ['2024-02-30', '2023-02-29', '5/1/24', 'unreadable']) {
      const { valid, errors } = validatePatch({ interviewDate: typed, place: 'Oakland' })
      expect(valid, typed).toEqual({ place: 'Oakland' })
      expect(errors.interviewDate, typed).toEqual({ key: 'validation.date' })
    }
  })

  it('is refused by the core when the day does not exist, and the stored one stays', async () => {
    const kept = await dispatch(
      'library.update',
      { id, patch: { interviewDate: '2024-02-29' } },
      ctx(),
    )
    expect(kept.ok).toBe(true)
    const refused = await dispatch(
      'library.update',
      { id, patch: { interviewDate: '2024-02-30', place: 'Fresno' } },
      ctx(),
    )
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/date/i)
    expect(await voces.storage.recordings.require(id)).toMatchObject({
      interviewDate: '2024-02-29',
      place: '',
    })
  })
})

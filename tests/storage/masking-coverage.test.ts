import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findName } from '../../src/core/redaction/fold.ts'
import { redactName } from '../../src/core/redaction/redact.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, tempDir } from '../helpers.ts'
import { seedEpisode, seedRecording } from './sqlite-seed.ts'
import { keptOnPurpose, masked, noWords, sqliteDerived, sqliteNoWords } from './text-columns.ts'

/*
 * Redaction through the owners (decision 0122): every column of the SQLite schema that can hold
 * text is listed once (tests/storage/text-columns.ts), as masked by an owner, kept on purpose
 * (with why), or holding no words at all. A new table or column of text fails the first test until someone decides which;
 * the second seeds the name into every masked column and finds it gone after one redaction.
 */

/** The columns masking rewrites on SQLite: the owners' and the FTS5 index's. */
const maskedHere = [...Object.values(masked).flat(), ...sqliteDerived]

/** SQLite's type affinity: a column of INTEGER or REAL affinity cannot keep a word as text. */
const holdsText = (declared: string) => {
  const type = declared.toUpperCase()
  if (type.includes('INT')) return false
  if (/CHAR|CLOB|TEXT/.test(type)) return true
  if (type === '' || type.includes('BLOB')) return true
  return false
}

/** Either part of the name (a word row holds one), or its folded tokens in the index's pages. */
const found = (value: unknown) =>
  typeof value === 'string'
    ? findName(value, 'María').length + findName(value, 'López').length > 0
    : Buffer.isBuffer(value) && /maria|lopez/.test(value.toString('latin1'))

let voces: Voces
let cleanup: () => void
beforeAll(() => {
  const made = tempDir('voces-coverage-')
  cleanup = made.cleanup
  voces = new Voces({ libraryDir: path.join(made.dir, 'library'), startJobs: false })
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

function schemaTextColumns(): string[] {
  const tables = databaseOf(voces)
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[]
  return tables.flatMap((table) =>
    (
      databaseOf(voces).prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as Array<{
        name: string
        type: string
      }>
    )
      .filter((column) => holdsText(column.type))
      .map((column) => `${table}.${column.name}`),
  )
}

describe('redaction covers every column of text', () => {
  it('lists every column of the schema that can hold text once: masked, kept on purpose, or no words', () => {
    const listed = [...maskedHere, ...Object.keys(keptOnPurpose), ...noWords, ...sqliteNoWords]
    expect(listed.length).toBe(new Set(listed).size)
    const columns = schemaTextColumns()
    // A column no list names: decide which owner masks it, or why it is kept.
    expect(columns.filter((column) => !listed.includes(column))).toEqual([])
    // A listed column the schema no longer has: take it off the list.
    expect(listed.filter((column) => !columns.includes(column))).toEqual([])
  })

  it('leaves the name in no masked column after one redaction, and it was in each before', async () => {
    seedRecording(databaseOf(voces), {
      id: 'r1',
      duration: 30,
      tracks: [
        {
          language: 'en',
          kind: 'transcript',
          segments: [
            {
              start: 0,
              end: 4,
              text: 'I worked with María López.',
              speaker: 'SPEAKER_00',
              words: [
                { start: 0, end: 1, text: 'I' },
                { start: 1, end: 2, text: 'worked' },
                { start: 2, end: 2.5, text: 'with' },
                { start: 2.5, end: 3, text: 'María' },
                { start: 3, end: 4, text: 'López.' },
              ],
            },
          ],
        },
        {
          language: 'es',
          kind: 'translation',
          segments: [{ start: 0, end: 4, text: 'Trabajé con María López.' }],
        },
      ],
      speakers: [{ label: 'SPEAKER_00', name: 'María López', affiliation: 'amiga de María López' }],
      cues: [
        {
          start: 0,
          end: 4,
          speaker: 'María López',
          texts: { en: 'With María López.', es: 'Con María López.' },
        },
      ],
      jobs: [
        {
          id: 'j1',
          kind: 'transcribe',
          state: 'succeeded',
          checkpoint: '{"text":"María López"}',
          result: '{"text":"María López"}',
        },
      ],
    })
    seedEpisode(databaseOf(voces), {
      id: 'e1',
      recordings: ['r1'],
      descriptionEn: 'With María López.',
      descriptionEs: 'Con María López.',
      notes: { summaryEs: 'Habla María López.' },
      chapters: [{ start: 0, titleEn: 'María López', titleEs: 'María López' }],
    })
    const holders = () =>
      maskedHere.filter((column) => {
        const [table, field] = column.split('.') as [string, string]
        if (table === 'segments_fts')
          return (
            (databaseOf(voces)
              .prepare('SELECT count(*) FROM segments_fts WHERE segments_fts MATCH ?')
              .pluck()
              .get('lopez') as number) > 0
          )
        const values = databaseOf(voces).prepare(`SELECT "${field}" FROM "${table}"`).pluck().all()
        return values.some(found)
      })
    const before = holders()
    // Every masked column held the name (the FTS index's pages hold it folded: "lopez").
    expect(before.filter((c) => c !== 'segments_fts_idx.term')).toEqual(
      maskedHere.filter((c) => c !== 'segments_fts_idx.term'),
    )
    await redactName(voces, 'r1', 'maria lopez', 'tone')
    expect(holders()).toEqual([])
  })
})

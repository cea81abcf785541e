import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import type { Voces } from '../../src/core/voces.ts'
import type {
  SavedSearch,
  SearchFilters,
  SearchHit,
  SearchResult,
} from '../../src/shared/contract/index.ts'
import { addRecording, addSpeaker, addTrack, openLibrary, sqliteSearch } from './fixtures.ts'
import { databaseOf } from '../helpers.ts'

let voces: Voces
let cleanup: () => Promise<void>
let edited: number

beforeAll(() => {
  ;({ voces, cleanup } = openLibrary())
  const db = databaseOf(voces)
  addRecording(db, {
    id: 'huelga92',
    title: 'Huelga de 1992',
    interviewDate: '1992-05-01',
    tags: ['huelga', 'construcción'],
  })
  const maria = addSpeaker(db, 'huelga92', 'SPEAKER_00', 'María López')
  const juan = addSpeaker(db, 'huelga92', 'SPEAKER_01', 'Juan Pérez')
  addTrack(db, 'huelga92', 'es', [
    { start: 12.5, text: 'La CONSTRUCCIÓN del sindicato fue difícil.', speaker: maria },
    { start: 30, text: 'Organizamos la huelga en la obra, "sin miedo".', speaker: juan },
    { start: 61, text: 'Los patrones nos robaban el salario.', speaker: maria },
  ])
  addTrack(
    db,
    'huelga92',
    'en',
    [{ start: 12.5, text: 'Building the union was hard.', speaker: maria }],
    'translation',
  )
  addRecording(db, {
    id: 'nights05',
    title: 'Organizing nights, 2005',
    interviewDate: '2005-03-10',
    tags: ['union'],
    consent: 'restricted',
  })
  const ids = addTrack(db, 'nights05', 'en', [
    { start: 5, text: 'We were organizing the night shift for collective bargaining.' },
    { start: 20, text: 'Bargaining was collective, and the strike came later.' },
    { start: 40, text: '=HYPERLINK("http://evil") said the flyer, then the union won' },
  ])
  edited = ids.segmentIds[1] ?? 0
  addRecording(db, {
    id: 'gone',
    title: 'Withdrawn',
    interviewDate: '1999-01-01',
    consent: 'withdrawn',
  })
  addTrack(db, 'gone', 'en', [{ start: 1, text: 'The strike and the union, off the record.' }])
  addRecording(db, { id: 'undated', title: 'Undated', tags: ['union', 'huelga'] })
  addTrack(db, 'undated', 'en', [{ start: 2, text: 'The union hall burned down.' }])
})
afterAll(() => cleanup())

const search = (query: string, filters: SearchFilters = {}, limit?: number) =>
  sqliteSearch(voces).search({ query, filters, limit })
const where = (hits: SearchHit[]) => hits.map((h) => `${h.recordingId}@${h.start}`)
const highlighted = (hit: SearchHit | undefined) =>
  hit ? hit.highlights.map(([from, to]) => hit.snippet.slice(from, to)) : []

describe('search', () => {
  it('ignores accents and case, and highlights what matched', () => {
    for (const query of ['construccion', 'Construcción', 'CONSTRUCCION']) {
      const { hits } = search(query)
      expect(where(hits)).toEqual(['huelga92@12.5'])
      expect(highlighted(hits[0])).toEqual(['CONSTRUCCIÓN'])
      expect(hits[0]).toMatchObject({
        language: 'es',
        speaker: 'María López',
        trackKind: 'transcript',
      })
    }
  })

  it('finds phrases, prefixes, alternatives, and leaves out excluded words', () => {
    expect(where(search('"collective bargaining"').hits)).toEqual(['nights05@5'])
    expect(where(search('organiz*').hits).sort()).toEqual(['huelga92@30', 'nights05@5'])
    expect(highlighted(search('organiz*').hits.find((h) => h.recordingId === 'nights05'))).toEqual([
      'organizing',
    ])
    expect(where(search('salario OR bargaining').hits).sort()).toEqual([
      'huelga92@61',
      'nights05@20',
      'nights05@5',
    ])
    expect(where(search('union -burned').hits).sort()).toEqual(['huelga92@12.5', 'nights05@40'])
  })

  it('finds the word being typed as the start of longer words, as the person types', () => {
    const typing = (query: string) =>
      sqliteSearch(voces).search({ query, asYouType: true, filters: {} })
    const partial = typing('construc')
    expect(where(partial.hits)).toEqual(['huelga92@12.5'])
    expect(highlighted(partial.hits[0])).toEqual(['CONSTRUCCIÓN'])
    expect(partial.completing).toBe('construc')
    expect(where(search('construc').hits)).toEqual([])
    // A space after the word searches it alone.
    expect(typing('construc ').hits).toEqual([])
    expect(where(typing('"collective barg').hits)).toEqual(['nights05@5'])
  })

  it("shows a recording's metadata as it is now, after an edit between searches", () => {
    const title = () => search('salario').groups[0]?.recording.title
    expect(title()).toBe('Huelga de 1992')
    databaseOf(voces)
      .prepare("UPDATE recordings SET title = 'La huelga' WHERE id = 'huelga92'")
      .run()
    expect(title()).toBe('La huelga')
    databaseOf(voces)
      .prepare("UPDATE recordings SET title = 'Huelga de 1992' WHERE id = 'huelga92'")
      .run()
    expect(title()).toBe('Huelga de 1992')
  })

  it("shows a speaker's name and a track's language as they are now", () => {
    const first = () => search('salario').hits[0]
    expect(first()).toMatchObject({ speaker: 'María López', language: 'es' })
    databaseOf(voces)
      .prepare("UPDATE speakers SET name = 'María L.' WHERE name = 'María López'")
      .run()
    expect(first()?.speaker).toBe('María L.')
    databaseOf(voces).prepare("UPDATE speakers SET name = '' WHERE name = 'María L.'").run()
    expect(first()?.speaker).toBe('SPEAKER_00')
    databaseOf(voces)
      .prepare("UPDATE speakers SET name = 'María López' WHERE label = 'SPEAKER_00'")
      .run()
    expect(first()?.speaker).toBe('María López')
  })

  it('still searches when the query is mistyped', () => {
    expect(where(search('"collective bargaining').hits)).toEqual(['nights05@5'])
    expect(where(search('salario OR').hits)).toEqual(['huelga92@61'])
    expect(where(search('(salario').hits)).toEqual(['huelga92@61'])
    expect(where(search('"sin miedo"" huelga').hits)).toEqual(['huelga92@30'])
    for (const nothing of ['"', '', '   ', '-strike', 'OR', '*', '()']) {
      expect(search(nothing)).toEqual({
        expression: null,
        hits: [],
        groups: [],
        hasMore: false,
        ranking: 'all',
        total: 0,
        examined: 0,
        completing: null,
      })
    }
  })

  it('hides withdrawn recordings unless asked', () => {
    expect(where(search('strike').hits)).toEqual(['nights05@20'])
    expect(where(search('strike', { includeWithdrawn: true }).hits).sort()).toEqual([
      'gone@1',
      'nights05@20',
    ])
    expect(where(search('strike', { consent: ['withdrawn'] }).hits)).toEqual([])
    expect(
      where(search('strike', { consent: ['withdrawn'], includeWithdrawn: true }).hits),
    ).toEqual(['gone@1'])
    // The withdrawn recording's "union" lies between the others' (ids in the order written):
    // a page of every match still leaves it out.
    expect(where(search('union').hits).sort()).toEqual([
      'huelga92@12.5',
      'nights05@40',
      'undated@2',
    ])
  })

  it('filters by language, speaker, date, tags, consent and recording', () => {
    const union = (filters: SearchFilters) =>
      where(search('union OR sindicato', filters).hits).sort()
    expect(union({ language: 'es' })).toEqual(['huelga92@12.5'])
    expect(union({ language: 'en' })).toEqual(['huelga92@12.5', 'nights05@40', 'undated@2'])
    expect(union({ speaker: 'maria' })).toEqual(['huelga92@12.5', 'huelga92@12.5'])
    expect(union({ speaker: 'speaker_01' })).toEqual([])
    expect(where(search('huelga', { speaker: 'SPEAKER_01' }).hits)).toEqual(['huelga92@30'])
    expect(union({ speaker: 'nobody' })).toEqual([])
    expect(union({ from: '2000-01-01' })).toEqual(['nights05@40'])
    expect(union({ from: '1990-01-01', to: '1992-12-31' })).toEqual([
      'huelga92@12.5',
      'huelga92@12.5',
    ])
    expect(union({ tags: ['union'] })).toEqual(['nights05@40', 'undated@2'])
    expect(union({ tags: ['union', 'huelga'] })).toEqual(['undated@2'])
    expect(union({ tags: ['construcción', 'huelga'] })).toEqual(['huelga92@12.5', 'huelga92@12.5'])
    expect(union({ consent: ['restricted'] })).toEqual(['nights05@40'])
    expect(union({ recordingId: 'undated' })).toEqual(['undated@2'])
    expect(union({ recordingId: 'gone' })).toEqual([])
  })

  it('groups hits by recording (best recording first, its hits in time order), with a limit', () => {
    const result = search('union OR sindicato OR strike OR bargaining')
    expect(result.groups.map((g) => g.recording.id)).toEqual([
      ...new Set(result.hits.map((h) => h.recordingId)),
    ])
    const scores = result.hits.map((h) => h.score)
    expect(scores).toEqual([...scores].sort((a, b) => a - b))
    const nights = result.groups.find((g) => g.recording.id === 'nights05')
    expect(nights?.recording).toMatchObject({
      title: 'Organizing nights, 2005',
      interviewDate: '2005-03-10',
      consentStatus: 'restricted',
      tags: ['union'],
    })
    expect(nights?.hits.map((h) => h.start)).toEqual([5, 20, 40])
    const two = search('union OR sindicato OR strike OR bargaining', {}, 2)
    expect(two.hits).toEqual(result.hits.slice(0, 2))
    expect(two.hasMore).toBe(true)
    expect(result.hasMore).toBe(false)
  })

  it('hides a recording the moment its consent is withdrawn, and shows it again', async () => {
    expect(where(search('salario').hits)).toEqual(['huelga92@61'])
    await voces.storage.recordings.update('huelga92', { consentStatus: 'withdrawn' })
    expect(where(search('salario').hits)).toEqual([])
    await voces.storage.recordings.update('huelga92', { consentStatus: 'given', tags: ['huelga'] })
    expect(where(search('salario', { tags: ['construcción'] }).hits)).toEqual([])
    await voces.storage.recordings.update('huelga92', { tags: ['huelga', 'construcción'] })
    expect(where(search('salario', { tags: ['construcción'] }).hits)).toEqual(['huelga92@61'])
  })

  it('reflects an edit at once', () => {
    expect(where(search('lockout').hits)).toEqual([])
    databaseOf(voces)
      .prepare('UPDATE segments SET text = ? WHERE id = ?')
      .run('Bargaining failed, and the lockout came later.', edited)
    expect(where(search('lockout').hits)).toEqual(['nights05@20'])
    expect(where(search('strike').hits)).toEqual([])
  })
})

describe('search API', () => {
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await dispatch(method, input, { voces, transport: 'cli' })
    if (!result.ok) throw new Error(result.error.message)
    return result.value as T
  }

  it('answers search.query through the contract', async () => {
    const result = await call<SearchResult>('search.query', { query: 'salario' })
    expect(where(result.hits)).toEqual(['huelga92@61'])
    const bad = await dispatch(
      'search.query',
      { query: 'x', limit: 0 },
      { voces, transport: 'cli' },
    )
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_INPUT')
  })

  it('saves, replaces, lists and removes named searches', async () => {
    const first = await call<SavedSearch>('search.saved.save', {
      name: 'Huelgas',
      query: 'huelga',
      filters: { language: 'es' },
    })
    const replaced = await call<SavedSearch>('search.saved.save', {
      name: 'HUELGAS',
      query: 'huelga OR strike',
    })
    await call<SavedSearch>('search.saved.save', { name: 'Alpha', query: 'union' })
    expect(replaced.id).toBe(first.id)
    const list = await call<SavedSearch[]>('search.saved.list', {})
    expect(list.map((s) => [s.name, s.query, s.filters])).toEqual([
      ['Alpha', 'union', {}],
      ['HUELGAS', 'huelga OR strike', {}],
    ])
    expect(await call('search.saved.remove', { id: first.id })).toEqual({ removed: true })
    expect(await call('search.saved.remove', { id: first.id })).toEqual({ removed: false })
    expect((await call<SavedSearch[]>('search.saved.list', {})).map((s) => s.name)).toEqual([
      'Alpha',
    ])
  })

  it('exports hits as CSV with a link that plays from the moment', async () => {
    const { csv, rows } = await call<{ csv: string; rows: number }>('search.exportCsv', {
      query: 'union',
      filters: { recordingId: 'nights05' },
    })
    expect(rows).toBe(1)
    expect(csv.startsWith('\uFEFFrecording,time,speaker,language,text,link\r\n')).toBe(true)
    const line = csv.split('\r\n')[1]
    expect(line).toBe(
      '"Organizing nights, 2005",0:00:40,,en,"\'=HYPERLINK(""http://evil"") said the flyer, then the union won",voces://recording/nights05?t=40',
    )
  })
})

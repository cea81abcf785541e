import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '../../../src/core/storage/ports.ts'
import type {
  Recording,
  SearchFilters,
  SearchHit,
  SearchResult,
} from '../../../src/shared/contract/index.ts'

/*
 * The SearchIndex port (decision 0120): what any backend's engine must find, for every kind of
 * query README's "Searching the archive" lists, with every filter. Written for an engine that is
 * not FTS5 as much as for FTS5: no segment or track ids, no FTS5 expression, no exact scores, no
 * stemming either way (no query here has a word whose stem another word of the texts shares), and
 * scores only compared (lower is better, as the contract says).
 */

/** A speaker of a seeded recording; segments name it by label. */
export interface SeedSpeaker {
  label: string
  name?: string
}

export interface SeedSegment {
  /** Seconds. */
  start: number
  /** Seconds; `start + 5` when not given. */
  end?: number
  text: string
  /** A label from the recording's speakers. */
  speaker?: string
}

export interface SeedTrack {
  language: 'en' | 'es'
  kind?: 'transcript' | 'translation'
  segments: SeedSegment[]
}

/** A recording with what search reads of it: metadata, speakers, tracks of segments. */
export interface SeedRecording {
  id: string
  title?: string
  interviewDate?: string | null
  consent?: Recording['consentStatus']
  tags?: string[]
  speakers?: SeedSpeaker[]
  tracks: SeedTrack[]
}

/**
 * A backend under test for search. The writers stand for the owners of the rows (recordings,
 * transcripts): the index must follow what they write without being told. Until those ports have
 * moved (decision 0100's order), a backend writes its own rows here; then these become port calls.
 */
export interface SearchFixture {
  storage: Storage
  add(recording: SeedRecording): Promise<void>
  setConsent(recordingId: string, consent: Recording['consentStatus']): Promise<void>
  /** Gives the segment of that track that starts at `start` another text. */
  editText(recordingId: string, language: 'en' | 'es', start: number, text: string): Promise<void>
  /** Removes the recording with everything it holds. */
  remove(recordingId: string): Promise<void>
  close(): Promise<void>
}

export type SearchFactory = () => Promise<SearchFixture>

/** The archive every test searches (each test that writes puts back what it changed). */
const archive: SeedRecording[] = [
  {
    id: 'huelga92',
    title: 'Huelga de 1992',
    interviewDate: '1992-05-01',
    tags: ['huelga', 'construcción'],
    speakers: [
      { label: 'SPEAKER_00', name: 'María López' },
      { label: 'SPEAKER_01', name: 'Juan Pérez' },
    ],
    tracks: [
      {
        language: 'es',
        segments: [
          {
            start: 12.5,
            text: 'La CONSTRUCCIÓN del sindicato fue difícil.',
            speaker: 'SPEAKER_00',
          },
          {
            start: 30,
            text: 'Organizamos la huelga en la obra, sin miedo.',
            speaker: 'SPEAKER_01',
          },
          { start: 61, text: 'Los patrones nos robaban el salario.', speaker: 'SPEAKER_00' },
          { start: 75, text: 'Los compañeros de la organización votaron.', speaker: 'SPEAKER_01' },
        ],
      },
      {
        language: 'en',
        kind: 'translation',
        segments: [{ start: 12.5, text: 'Building the union was hard.', speaker: 'SPEAKER_00' }],
      },
    ],
  },
  {
    id: 'nights05',
    title: 'Organizing nights, 2005',
    interviewDate: '2005-03-10',
    tags: ['union'],
    consent: 'restricted',
    speakers: [{ label: 'Speaker 1' }],
    tracks: [
      {
        language: 'en',
        segments: [
          { start: 5, text: 'We were organizing the night shift for collective bargaining.' },
          { start: 20, text: 'Bargaining was collective, and the strike came later.' },
          { start: 40, text: 'Wage theft was why the union won the vote.', speaker: 'Speaker 1' },
          { start: 55, text: 'They called it theft of our pay, and an organ played.' },
        ],
      },
    ],
  },
  {
    id: 'gone',
    title: 'Withdrawn',
    interviewDate: '1999-01-01',
    consent: 'withdrawn',
    tracks: [{ language: 'en', segments: [{ start: 1, text: 'The strike and the union.' }] }],
  },
  {
    id: 'undated',
    title: 'Undated',
    tags: ['union', 'huelga'],
    tracks: [
      {
        language: 'en',
        segments: [
          { start: 2, text: 'The union hall burned down during the strike.' },
          { start: 9, text: 'Sindicato, union, sindicato: the same word twice.' },
        ],
      },
    ],
  },
]

const where = (hits: readonly SearchHit[]) => hits.map((h) => `${h.recordingId}@${h.start}`)
const found = (result: SearchResult) => where(result.hits).sort()
const highlighted = (hit: SearchHit | undefined) =>
  hit ? hit.highlights.map(([from, to]) => hit.snippet.slice(from, to)) : []

export function searchContract(factory: SearchFactory): void {
  describe('search', () => {
    let fixture: SearchFixture
    let storage: Storage
    const search = (query: string, filters: SearchFilters = {}, more: object = {}) =>
      storage.search.search({ query, filters, ...more })

    beforeAll(async () => {
      fixture = await factory()
      storage = fixture.storage
      for (const recording of archive) await fixture.add(recording)
    })
    afterAll(() => fixture.close())

    it('finds segments holding every word, in any order, case and accents aside', async () => {
      expect(found(await search('union strike'))).toEqual(['undated@2'])
      expect(found(await search('strike union'))).toEqual(['undated@2'])
      for (const query of ['construccion', 'Construcción', 'CONSTRUCCION']) {
        const result = await search(query)
        expect(where(result.hits)).toEqual(['huelga92@12.5'])
        expect(highlighted(result.hits[0])).toEqual(['CONSTRUCCIÓN'])
      }
      // Accents are folded on both sides: typed with them, found without, and the other way.
      expect(found(await search('companeros'))).toEqual(['huelga92@75'])
      expect(found(await search('SALÁRIO'))).toEqual(['huelga92@61'])
      expect(found(await search('nobody said this'))).toEqual([])
    })

    it('finds a phrase only as those words together, in that order', async () => {
      expect(found(await search('"wage theft"'))).toEqual(['nights05@40'])
      expect(found(await search('"theft wage"'))).toEqual([])
      expect(found(await search('wage theft'))).toEqual(['nights05@40'])
      expect(found(await search('"collective bargaining"'))).toEqual(['nights05@5'])
      // A lone quote runs to the end.
      expect(found(await search('"collective bargaining'))).toEqual(['nights05@5'])
    })

    it('finds the words a prefix starts, accents folded, and not a shorter word', async () => {
      const result = await search('organiz*')
      expect(found(result)).toEqual(['huelga92@30', 'huelga92@75', 'nights05@5'])
      expect(result.hits.flatMap(highlighted).sort()).toEqual([
        'Organizamos',
        'organización',
        'organizing',
      ])
      expect(found(await search('ORGANÍZ*'))).toEqual(found(result))
    })

    it('finds either word with OR, which binds its neighbours before the AND', async () => {
      expect(found(await search('salario OR bargaining'))).toEqual([
        'huelga92@61',
        'nights05@20',
        'nights05@5',
      ])
      expect(found(await search('salario | miedo'))).toEqual(['huelga92@30', 'huelga92@61'])
      // a OR b c = (a or b) and c
      expect(found(await search('burned OR theft wage'))).toEqual(['nights05@40'])
      expect(found(await search('hall OR vote union'))).toEqual(['nights05@40', 'undated@2'])
      // A trailing OR is ignored.
      expect(found(await search('salario OR'))).toEqual(['huelga92@61'])
    })

    it('leaves out what is excluded with a minus or NOT, words and phrases', async () => {
      expect(found(await search('union'))).toEqual([
        'huelga92@12.5',
        'nights05@40',
        'undated@2',
        'undated@9',
      ])
      expect(found(await search('union -burned'))).toEqual([
        'huelga92@12.5',
        'nights05@40',
        'undated@9',
      ])
      expect(found(await search('union NOT sindicato'))).toEqual([
        'huelga92@12.5',
        'nights05@40',
        'undated@2',
      ])
      expect(found(await search('union -"wage theft"'))).toEqual([
        'huelga92@12.5',
        'undated@2',
        'undated@9',
      ])
      // Only an exclusion searches nothing.
      expect((await search('-strike')).expression).toBeNull()
    })

    it('as the person types, finds the word being typed as the start of longer words', async () => {
      const typing = (query: string) => storage.search.search({ query, asYouType: true })
      const partial = await typing('construc')
      expect(where(partial.hits)).toEqual(['huelga92@12.5'])
      expect(partial.completing).toBe('construc')
      expect(found(await search('construc'))).toEqual([])
      expect((await search('construc')).completing).toBeNull()
      // A space after the word searches it alone.
      expect((await typing('construc ')).hits).toEqual([])
      expect(where((await typing('"collective barg')).hits)).toEqual(['nights05@5'])
    })

    it('answers text with nothing to search for with no hits and no expression', async () => {
      for (const nothing of ['', '   ', '"', 'OR', '*', '()', '-strike']) {
        expect(await search(nothing)).toEqual({
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
      // Punctuation and stray operators are dropped, never an error.
      expect(found(await search('(salario'))).toEqual(['huelga92@61'])
      expect(found(await search('salario) "'))).toEqual(['huelga92@61'])
    })

    it('says where, who and what: the hit, its snippet and what matched in it', async () => {
      const [hit] = (await search('salario')).hits
      expect(hit).toMatchObject({
        recordingId: 'huelga92',
        trackKind: 'transcript',
        language: 'es',
        start: 61,
        end: 66,
        speaker: 'María López',
        text: 'Los patrones nos robaban el salario.',
      })
      expect(hit?.snippet).toContain('salario')
      expect(highlighted(hit)).toEqual(['salario'])
      const translation = (await search('building')).hits[0]
      expect(translation).toMatchObject({ trackKind: 'translation', language: 'en' })
      // No name given: the label, as it is.
      expect((await search('"wage theft"')).hits[0]?.speaker).toBe('Speaker 1')
      expect((await search('burned')).hits[0]?.speaker).toBeNull()
      // Every word that matched is marked, as often as it appears.
      expect(highlighted((await search('sindicato')).hits.find((h) => h.start === 9))).toEqual([
        'Sindicato',
        'sindicato',
      ])
    })

    it('ranks best first, scores lower is better, and groups hits by recording', async () => {
      const result = await search('union OR sindicato OR strike OR bargaining')
      const scores = result.hits.map((h) => h.score)
      expect(scores).toEqual([...scores].sort((a, b) => a - b))
      expect(result).toMatchObject({ ranking: 'all', total: result.hits.length, hasMore: false })
      // A word said twice ranks above the same word said once in a segment as long.
      expect(where((await search('sindicato')).hits)).toEqual(['undated@9', 'huelga92@12.5'])
      expect(result.groups.map((g) => g.recording.id)).toEqual([
        ...new Set(result.hits.map((h) => h.recordingId)),
      ])
      const nights = result.groups.find((g) => g.recording.id === 'nights05')
      expect(nights?.recording).toMatchObject({
        id: 'nights05',
        title: 'Organizing nights, 2005',
        interviewDate: '2005-03-10',
        consentStatus: 'restricted',
        tags: ['union'],
      })
      expect(nights?.hits.map((h) => h.start)).toEqual([5, 20, 40])
      const huelga = result.groups.find((g) => g.recording.id === 'huelga92')
      expect(huelga?.recording.tags.sort()).toEqual(['construcción', 'huelga'])
      // Both tracks' hits at the same moment, in the order they were said.
      expect(huelga?.hits.map((h) => h.start)).toEqual([12.5, 12.5])
    })

    it('pages through the same ranking with limit and offset', async () => {
      const query = 'union OR sindicato OR strike OR bargaining OR organiz* OR salario'
      const all = await search(query, {}, { limit: 100 })
      expect(all.hits.length).toBe(10)
      expect(all.total).toBe(10)
      const pages: SearchHit[] = []
      for (let offset = 0; offset < 12; offset += 3) {
        const page = await search(query, {}, { limit: 3, offset })
        expect(page.hasMore).toBe(offset + 3 < 10)
        expect(page.total).toBe(10)
        pages.push(...page.hits)
      }
      expect(pages).toEqual(all.hits)
      expect((await search(query, {}, { limit: 3, offset: 30 })).hits).toEqual([])
    })

    it('filters by language, speaker, date, tags, consent and recording', async () => {
      const union = async (filters: SearchFilters) =>
        found(await search('union OR sindicato', filters))
      expect(await union({ language: 'es' })).toEqual(['huelga92@12.5'])
      expect(await union({ language: 'en' })).toEqual([
        'huelga92@12.5',
        'nights05@40',
        'undated@2',
        'undated@9',
      ])
      // Part of a name, case and accents aside; a label; a numbered label as Spanish shows it.
      expect(await union({ speaker: 'maria' })).toEqual(['huelga92@12.5', 'huelga92@12.5'])
      expect(found(await search('huelga', { speaker: 'SPEAKER_01' }))).toEqual(['huelga92@30'])
      expect(await union({ speaker: 'speaker 1' })).toEqual(['nights05@40'])
      expect(await union({ speaker: 'Hablante 1' })).toEqual(['nights05@40'])
      expect(await union({ speaker: 'nobody' })).toEqual([])
      // Dates inclusive; a recording with no date is left out once a date is set.
      expect(await union({ from: '2005-03-10' })).toEqual(['nights05@40'])
      expect(await union({ from: '1990-01-01', to: '1992-05-01' })).toEqual([
        'huelga92@12.5',
        'huelga92@12.5',
      ])
      expect(await union({ to: '1992-04-30' })).toEqual([])
      // Every tag chosen must be on the recording.
      expect(await union({ tags: ['union'] })).toEqual(['nights05@40', 'undated@2', 'undated@9'])
      expect(await union({ tags: ['union', 'huelga'] })).toEqual(['undated@2', 'undated@9'])
      expect(await union({ tags: ['construcción', 'union'] })).toEqual([])
      expect(await union({ consent: ['restricted'] })).toEqual(['nights05@40'])
      expect(await union({ consent: ['given', 'unknown'] })).toEqual([
        'huelga92@12.5',
        'huelga92@12.5',
        'undated@2',
        'undated@9',
      ])
      expect(await union({ recordingId: 'undated' })).toEqual(['undated@2', 'undated@9'])
      expect(await union({ recordingId: 'gone' })).toEqual([])
      expect(await union({ recordingId: 'undated', language: 'es' })).toEqual([])
    })

    it('hides recordings whose consent was withdrawn unless asked for them', async () => {
      expect(found(await search('strike'))).toEqual(['nights05@20', 'undated@2'])
      expect(found(await search('strike', { includeWithdrawn: true }))).toEqual([
        'gone@1',
        'nights05@20',
        'undated@2',
      ])
      expect(found(await search('strike', { consent: ['withdrawn'] }))).toEqual([])
      expect(
        found(await search('strike', { consent: ['withdrawn'], includeWithdrawn: true })),
      ).toEqual(['gone@1'])
      const shown = await search('union OR strike', {}, { limit: 100 })
      expect(shown.groups.map((g) => g.recording.id)).not.toContain('gone')
    })

    it('follows the owners: consent, edits and removals count at once', async () => {
      expect(found(await search('salario'))).toEqual(['huelga92@61'])
      await fixture.setConsent('huelga92', 'withdrawn')
      expect(found(await search('salario'))).toEqual([])
      expect(found(await search('salario', { includeWithdrawn: true }))).toEqual(['huelga92@61'])
      await fixture.setConsent('huelga92', 'given')
      expect(found(await search('salario'))).toEqual(['huelga92@61'])

      await fixture.editText('nights05', 'en', 20, 'Bargaining failed, and the lockout came later.')
      expect(found(await search('lockout'))).toEqual(['nights05@20'])
      expect(found(await search('strike'))).toEqual(['undated@2'])
      await fixture.editText(
        'nights05',
        'en',
        20,
        'Bargaining was collective, and the strike came later.',
      )
      expect(found(await search('lockout'))).toEqual([])

      await fixture.add({
        id: 'late',
        title: 'Added later',
        tracks: [{ language: 'es', segments: [{ start: 3, text: 'La zafra empezó tarde.' }] }],
      })
      expect(found(await search('zafra'))).toEqual(['late@3'])
      expect(found(await search('zaf*'))).toEqual(['late@3'])
      await fixture.remove('late')
      expect(found(await search('zafra'))).toEqual([])
      expect(found(await search('zaf*'))).toEqual([])
    })

    it('searches inside a transaction through its own port', async () => {
      const outside = await search('salario')
      const inside = await storage.transaction((tx) =>
        tx.search.search({ query: 'salario', filters: {} }),
      )
      expect(inside).toEqual(outside)
    })
  })
}

import { describe, expect, it } from 'vitest'
import {
  allTags,
  noFilters,
  searchText,
  viewRows,
  type LibraryFilters,
  type LibraryRow,
} from '../../src/renderer/library/library-view.ts'
import type { Recording, RecordingState } from '../../src/shared/contract/index.ts'

function recording(id: string, patch: Partial<Recording> = {}): Recording {
  return {
    id,
    title: id,
    path: `/in/${id}.wav`,
    storedPath: null,
    sha256: id,
    sizeBytes: 1,
    duration: 60,
    format: 'wav',
    hasVideo: false,
    width: null,
    height: null,
    audioCodec: 'pcm',
    videoCodec: null,
    sampleRate: 16000,
    channels: 1,
    hasPoster: false,
    interviewees: [],
    interviewer: '',
    interviewDate: null,
    place: '',
    languages: 'en',
    consentStatus: 'unknown',
    consentNote: '',
    tags: [],
    notes: '',
    createdAt: '2026-12-07T10:00:00.000Z',
    updatedAt: '2026-12-07T10:00:00.000Z',
    ...patch,
  }
}

const state = (id: string, patch: Partial<RecordingState> = {}): RecordingState => ({
  id,
  transcribed: false,
  subtitles: [],
  speakers: 0,
  speakersNamed: 0,
  segments: 0,
  checkedSegments: 0,
  ...patch,
})

// In the store's order: newest added first.
const rows: LibraryRow[] = [
  {
    recording: recording('c', {
      title: 'Huelga de limpieza',
      interviewer: 'Ana Núñez',
      languages: 'es',
      consentStatus: 'given',
      tags: ['janitors'],
      interviewDate: '1990-04-01',
      duration: 30,
    }),
    state: state('c', {
      transcribed: true,
      subtitles: ['en', 'es'],
      speakers: 2,
      speakersNamed: 2,
      segments: 10,
      checkedSegments: 10,
    }),
  },
  {
    recording: recording('b', {
      title: 'Zeta shift',
      interviewees: ['Rosa Martínez'],
      notes: 'Talks about the picket line.',
      tags: ['nurses'],
      duration: 3600,
    }),
    state: state('b', {
      transcribed: true,
      subtitles: ['en'],
      speakers: 2,
      speakersNamed: 1,
      segments: 10,
      checkedSegments: 4,
    }),
  },
  {
    recording: recording('a', {
      title: 'Apple pickers',
      interviewDate: '2001-09-10',
      duration: 600,
    }),
    state: state('a'),
  },
]
const texts = new Map(rows.map((row) => [row.recording.id, searchText(row.recording)]))
const ids = (filters: Partial<LibraryFilters>) =>
  viewRows(rows, { ...noFilters, ...filters }, texts).map((row) => row.recording.id)

describe('the library view', () => {
  it('searches title, people, tags and notes, every word, accents and case aside', () => {
    expect(ids({ query: 'nunez' })).toEqual(['c'])
    expect(ids({ query: 'ROSA picket' })).toEqual(['b'])
    expect(ids({ query: 'nurses' })).toEqual(['b'])
    expect(ids({ query: 'rosa janitors' })).toEqual([])
    expect(ids({ query: '  ' })).toEqual(['c', 'b', 'a'])
  })

  it('sorts by added, interview date (undated last), length and title', () => {
    expect(ids({ sort: 'added' })).toEqual(['c', 'b', 'a'])
    expect(ids({ sort: 'interviewDate' })).toEqual(['a', 'c', 'b'])
    expect(ids({ sort: 'length' })).toEqual(['b', 'a', 'c'])
    expect(ids({ sort: 'title' })).toEqual(['a', 'c', 'b'])
  })

  it('filters by language, consent, tag and each state', () => {
    expect(ids({ language: 'es' })).toEqual(['c'])
    expect(ids({ consent: 'unknown' })).toEqual(['b', 'a'])
    expect(ids({ tag: 'nurses' })).toEqual(['b'])
    expect(ids({ transcript: 'no' })).toEqual(['a'])
    expect(ids({ subtitles: 'es' })).toEqual(['c'])
    expect(ids({ subtitles: 'none' })).toEqual(['a'])
    expect(ids({ speakersNamed: 'yes' })).toEqual(['c'])
    expect(ids({ speakersNamed: 'no' })).toEqual(['b', 'a'])
    expect(ids({ checked: 'all' })).toEqual(['c'])
    expect(ids({ checked: 'some' })).toEqual(['b'])
    expect(ids({ checked: 'none', transcript: 'yes' })).toEqual([])
    expect(allTags(rows.map((row) => row.recording))).toEqual(['janitors', 'nurses'])
  })
})

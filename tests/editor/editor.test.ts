import type { Database } from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SqliteTranscriptEditor } from '../../src/core/storage/sqlite/editor.ts'
import { StatementCache } from '../../src/core/storage/sqlite/statements.ts'
import type { EditorSegment } from '../../src/shared/contract/index.ts'
import { insertRecording, insertTrack, openTestDatabase } from './fixtures.ts'

let db: Database
let cleanup: () => void
let editor: SqliteTranscriptEditor
let ids: number[]
let speakers: Map<string, number>
const now = () => new Date('2025-03-01T12:00:00.000Z')

let rec = ''
let serial = 0

// One database for the file, a fresh recording for each test: better-sqlite3 aborts the vitest
// worker when it garbage-collects a closed Database mid-run (Node 24), so none is closed early.
beforeAll(() => {
  ;({ db, cleanup } = openTestDatabase())
  editor = new SqliteTranscriptEditor(new StatementCache(db), now)
})
afterAll(() => cleanup())

beforeEach(() => {
  serial += 1
  rec = `rec-${serial}`
  insertRecording(db, rec)
  const track = insertTrack(db, rec, 'en', [
    {
      speaker: 'SPEAKER_00',
      words: [
        ['And', 0.3, 0.5],
        ['so,', 0.6, 0.9],
        ['my', 1.0, 1.2, 0.3],
        ['fellow', 1.3, 1.6],
        ['Americans,', 1.7, 2.4],
      ],
    },
    {
      speaker: 'SPEAKER_01',
      words: [
        ['ask', 3.0, 3.3],
        ['not', 3.4, 3.7],
        ['what', 3.8, 4.0],
        ['your', 4.1, 4.3],
        ['country', 4.4, 4.9],
      ],
    },
    {
      speaker: 'SPEAKER_00',
      words: [
        ['can', 5.2, 5.4],
        ['do', 5.5, 5.6],
        ['for', 5.7, 5.8],
        ['you.', 5.9, 6.3],
      ],
    },
  ])
  ids = track.segmentIds
  speakers = track.speakerIds
})

const load = () => editor.store.load(rec, 'en')
const segment = (k: number): EditorSegment => {
  const found = load()?.segments[k]
  if (!found) throw new Error(`no segment ${k}`)
  return found
}
const id = (k: number) => ids[k] ?? -1
const times = (s: EditorSegment) => s.words.map((word) => [word.text, word.start, word.end])

describe('editing a segment’s text', () => {
  it('keeps unchanged words’ times and ids, and writes the text and the search index', () => {
    const before = segment(1)
    const change = editor.editText(id(1), 'ask not what our country')
    expect(change.count).toBe(1)
    expect(change.segments).toHaveLength(1)
    const after = segment(1)
    expect(after.text).toBe('ask not what our country')
    expect(times(after)).toEqual([
      ['ask', 3.0, 3.3],
      ['not', 3.4, 3.7],
      ['what', 3.8, 4.0],
      ['our', 4.1, 4.3],
      ['country', 4.4, 4.9],
    ])
    expect(after.words[4]?.id).toBe(before.words[4]?.id)
    expect(after.words[3]?.probability).toBeNull()
    const hits = db.prepare("SELECT rowid FROM segments_fts WHERE segments_fts MATCH 'our'").all()
    expect(hits).toEqual([{ rowid: id(1) }])
  })

  it('undoes and redoes exactly, as often as asked', () => {
    const original = load()
    const change = editor.editText(id(0), 'And so, my dear fellow Americans,')
    const edited = load()
    const redo = editor.apply(change.undo)
    expect(load()).toEqual(original)
    const undoAgain = editor.apply(redo.undo)
    expect(load()).toEqual(edited)
    editor.apply(undoAgain.undo)
    expect(load()).toEqual(original)
  })

  it('changes nothing when the text is the same', () => {
    const change = editor.editText(id(2), '  can  do for\nyou. ')
    expect(change.count).toBe(0)
    expect(change.undo.put).toEqual([])
  })

  it('refuses an unknown segment with a code', () => {
    expect(() => editor.editText(999, 'x')).toThrow(
      expect.objectContaining({ code: 'SEGMENT_NOT_FOUND' }),
    )
  })
})

describe('split and merge', () => {
  it('splits before a word, keeps every word’s time, and undoes', () => {
    const original = load()
    const change = editor.split(id(1), 2)
    expect(change.segments.map((s) => s.text)).toEqual(['ask not', 'what your country'])
    const [head, tail] = change.segments
    expect(head).toMatchObject({ start: 3.0, end: 3.7, speakerId: speakers.get('SPEAKER_01') })
    expect(tail).toMatchObject({ start: 3.8, end: 4.9, speakerId: speakers.get('SPEAKER_01') })
    expect(load()?.segments).toHaveLength(4)
    editor.apply(change.undo)
    expect(load()).toEqual(original)
  })

  it('refuses to split at either end', () => {
    expect(() => editor.split(id(1), 5)).toThrow(
      expect.objectContaining({ code: 'SPLIT_OUT_OF_RANGE' }),
    )
  })

  it('merges with the next segment and undoes, restoring the second one with its id', () => {
    const original = load()
    editor.review([id(0), id(1)], 'verified', 'Ana')
    const reviewed = load()
    const change = editor.merge(id(0))
    expect(change.removed).toEqual([id(1)])
    expect(change.segments[0]).toMatchObject({
      text: 'And so, my fellow Americans, ask not what your country',
      start: 0.3,
      end: 4.9,
      review: 'verified',
    })
    expect(change.segments[0]?.words).toHaveLength(10)
    const redo = editor.apply(change.undo)
    expect(load()).toEqual(reviewed)
    editor.apply(redo.undo)
    expect(load()?.segments).toHaveLength(2)
    expect(() => editor.merge(id(2))).toThrow(expect.objectContaining({ code: 'MERGE_NO_NEXT' }))
    expect(original?.segments).toHaveLength(3)
  })
})

describe('speakers', () => {
  it('sets a segment’s speaker and names a speaker once for the recording', () => {
    const first = speakers.get('SPEAKER_00') ?? -1
    expect(editor.setSpeaker(id(1), first).segments[0]?.speakerId).toBe(first)
    const rename = editor.renameSpeaker(first, 'María Pérez', 'UFW Local 2')
    expect(rename.speakers).toEqual([
      { id: first, label: 'SPEAKER_00', name: 'María Pérez', affiliation: 'UFW Local 2' },
    ])
    editor.apply(rename.undo)
    expect(load()?.speakers.find((s) => s.id === first)).toMatchObject({
      name: '',
      affiliation: '',
    })
  })

  it('adds a speaker with a fresh label, and undoing removes it', () => {
    const added = editor.addSpeaker(rec, 'Rosa', '')
    expect(added.speakers[0]).toMatchObject({ label: 'Speaker 3', name: 'Rosa' })
    editor.apply(added.undo)
    expect(load()?.speakers).toHaveLength(2)
  })

  it('refuses another recording’s speaker', () => {
    insertRecording(db, `other-${serial}`)
    const other = insertTrack(db, `other-${serial}`, 'es', [
      { speaker: 'X', words: [['hola', 0, 1]] },
    ])
    expect(() => editor.setSpeaker(id(0), other.speakerIds.get('X') ?? -1)).toThrow(
      expect.objectContaining({ code: 'SPEAKER_NOT_FOUND' }),
    )
  })
})

describe('find and replace', () => {
  it('replaces across the track, counts, keeps other words’ times, and undoes in one step', () => {
    const original = load()
    const change = editor.replace(rec, 'en', 'your country', 'the nation', {
      matchCase: false,
      wholeWord: true,
    })
    expect(change.count).toBe(1)
    expect(segment(1).text).toBe('ask not what the nation')
    expect(times(segment(1)).slice(0, 3)).toEqual(
      times(original?.segments[1] as EditorSegment).slice(0, 3),
    )
    const many = editor.replace(rec, 'en', 'O', '0', { matchCase: false, wholeWord: false })
    expect(many.count).toBe(7) // so, fellow, not, nation, do, for, you
    editor.apply(many.undo)
    editor.apply(change.undo)
    expect(load()).toEqual(original)
  })

  it('respects whole words and case', () => {
    expect(editor.replace(rec, 'en', 'an', 'x', { matchCase: false, wholeWord: true }).count).toBe(
      0,
    )
    expect(
      editor.replace(rec, 'en', 'and', 'And', { matchCase: true, wholeWord: true }).count,
    ).toBe(0)
  })
})

describe('review', () => {
  it('says where the track came from, so an unverified segment is labelled by it', () => {
    expect(load()?.origin).toBe('whisper')
    db.prepare("UPDATE tracks SET origin = 'imported' WHERE recording_id = ?").run(rec)
    expect(load()?.origin).toBe('imported')
    db.prepare("UPDATE tracks SET origin = 'whisper' WHERE recording_id = ?").run(rec)
  })

  it('marks verified with reviewer and time, and back', () => {
    const change = editor.review([id(0), id(2)], 'verified', 'Ana Morales')
    expect(change.segments.map((s) => [s.review, s.reviewedBy, s.reviewedAt])).toEqual([
      ['verified', 'Ana Morales', '2025-03-01T12:00:00.000Z'],
      ['verified', 'Ana Morales', '2025-03-01T12:00:00.000Z'],
    ])
    expect(editor.review([id(0)], 'machine').segments[0]).toMatchObject({
      review: 'machine',
      reviewedBy: null,
    })
    expect(() => editor.review([id(0)], 'verified')).toThrow(
      expect.objectContaining({ code: 'REVIEWER_REQUIRED' }),
    )
  })
})

describe('any sequence of edits, undone in reverse', () => {
  it('brings the track back exactly, with word times in order after every step', () => {
    const vocabulary = ['ask', 'not', 'país', 'union', 'we', 'work', 'can', 'do']
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('text' as const),
        k: fc.nat(),
        words: fc.array(fc.constantFrom(...vocabulary), { maxLength: 8 }),
      }),
      fc.record({ kind: fc.constant('split' as const), k: fc.nat(), at: fc.nat() }),
      fc.record({ kind: fc.constant('merge' as const), k: fc.nat() }),
    )
    fc.assert(
      fc.property(fc.array(action, { maxLength: 12 }), (actions) => {
        const original = load()
        const undos = []
        for (const step of actions) {
          const list = load()?.segments ?? []
          const target = list[step.k % list.length]
          if (!target) continue
          if (step.kind === 'text') {
            const kept = target.words.map((word) => word.text).filter((_, n) => n % 2 === 0)
            undos.push(editor.editText(target.id, [...kept, ...step.words].join(' ')).undo)
          } else if (step.kind === 'split' && target.words.length > 1) {
            undos.push(editor.split(target.id, 1 + (step.at % (target.words.length - 1))).undo)
          } else if (step.kind === 'merge' && list.indexOf(target) < list.length - 1) {
            undos.push(editor.merge(target.id).undo)
          }
          for (const s of load()?.segments ?? []) {
            expect(s.start).toBeLessThanOrEqual(s.end)
            s.words.forEach((word, n) => {
              expect(word.start).toBeLessThanOrEqual(word.end)
              if (n > 0) expect(s.words[n - 1]?.start).toBeLessThanOrEqual(word.start)
            })
          }
        }
        for (const patch of undos.reverse()) editor.apply(patch)
        expect(load()).toEqual(original)
      }),
      { numRuns: 60 },
    )
  })
})

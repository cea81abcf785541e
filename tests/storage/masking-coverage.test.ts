import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findName } from '../../src/core/redaction/fold.ts'
import { redactName } from '../../src/core/redaction/redact.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, tempDir } from '../helpers.ts'
import { seedEpisode, seedRecording } from './sqlite-seed.ts'

/*
 * Redaction through the owners (decision 0122): every column of the SQLite schema that can hold
 * text is listed here once, as masked by an owner, kept on purpose (with why), or holding no
 * words at all. A new table or column of text fails the first test until someone decides which;
 * the second seeds the name into every masked column and finds it gone after one redaction.
 */

/** Columns each owner's masking (src/core/storage/sqlite/masking.ts) rewrites. */
const masked: Record<string, readonly string[]> = {
  transcripts: ['segments.text', 'words.text', 'speakers.name', 'speakers.affiliation'],
  // The FTS5 index over segments.text (external content), kept in step by its triggers with
  // secure-delete: masking a segment removes its old tokens from the index pages.
  search: ['segments_fts.text', 'segments_fts_data.block', 'segments_fts_idx.term'],
  subtitles: ['subtitle_texts.text', 'subtitle_cues.speaker'],
  episodes: [
    'episodes.notes',
    'episodes.description',
    'episode_chapters.title_en',
    'episode_chapters.title_es',
  ],
  jobs: ['jobs.checkpoint', 'jobs.result'],
}

/** Text a person typed that redaction leaves as it is, and why. */
const keptOnPurpose: Record<string, string> = {
  'recordings.title': 'the catalogue record, edited in the recording’s form',
  'recordings.interviewees': 'the catalogue record: who consented to be recorded',
  'recordings.interviewer': 'the catalogue record',
  'recordings.place': 'the catalogue record',
  'recordings.notes': 'the catalogue record',
  'recordings.consent_note': 'the terms the recording was given under',
  'recordings.original_path': 'the file the person chose; the original is not the library’s',
  'recording_tags.tag': 'the archive’s topics',
  'speakers.label': 'the transcript’s own key for a voice (Whisper’s SPEAKER_00, or a file’s)',
  'segments.reviewed_by': 'who checked the text: archive staff, not what was said',
  'subtitle_texts.reviewed_by': 'who checked the text: archive staff, not what was said',
  'subtitle_tracks.source': 'the name of the file subtitles were imported from',
  'episodes.title': 'the published episode’s title, edited in its form',
  'episodes.show_title': 'the show’s name',
  'jobs.label': 'what the queue shows of a job (a recording’s or an episode’s title)',
  'jobs.input': 'what a job was asked to do (paths, options, a disguised speaker as named)',
  'jobs.error': 'why a job failed, as a message to the person',
  'export_log.output': 'the audit of what left the library, only added to',
  'export_log.recordings': 'the audit of what left the library, only added to',
  'export_log.reason': 'the audit of what left the library, only added to',
  'saved_searches.name': 'a person’s saved search, their words and not the interview’s',
  'saved_searches.query': 'a person’s saved search, their words and not the interview’s',
  'settings.value': 'the library’s settings and glossary (transcription vocabulary)',
  'tracks.engine_settings': 'how the track was transcribed (model options, glossary prompt)',
  'voice_profiles.name':
    'a voice the library remembers: forgotten whole by `voices forget` (decision 0155); a redaction withdraws its proposals in the recording',
  'voice_profiles.affiliation': 'the remembered voice’s union, forgotten with it (decision 0155)',
  'voice_profiles.embedding':
    'numbers of a voice, no words; forgotten with its profile (decision 0155)',
}

/** Columns that hold no words: ids, keys, enumerations, dates, hashes, library paths, rules. */
const noWords = [
  'speaker_state.recording_id',
  'speaker_state.engine',
  'speaker_state.detected_at',
  'speaker_state.corrected_at',
  'speaker_turns.recording_id',
  'voice_profiles.created_at',
  'episode_chapters.episode_id',
  'episode_clips.episode_id',
  'episode_clips.recording_id',
  'episode_cuts.episode_id',
  'episode_cuts.recording_id',
  'episode_cuts.kind',
  'episode_cuts.created_at',
  'episodes.id',
  'episodes.cover',
  'episodes.intro',
  'episodes.outro',
  'episodes.created_at',
  'episodes.updated_at',
  'export_log.at',
  'export_log.kind',
  'export_log.source_id',
  'jobs.id',
  'jobs.kind',
  'jobs.state',
  'jobs.recording_id',
  'jobs.created_at',
  'jobs.updated_at',
  'jobs.finished_at',
  'jobs.partials',
  'recording_tags.recording_id',
  'recordings.id',
  'recordings.stored_path',
  'recordings.sha256',
  'recordings.format',
  'recordings.audio_codec',
  'recordings.video_codec',
  'recordings.working_audio',
  'recordings.peaks',
  'recordings.poster',
  'recordings.interview_date',
  'recordings.languages',
  'recordings.consent_status',
  'recordings.created_at',
  'recordings.updated_at',
  'redactions.recording_id',
  'redactions.mode',
  'redactions.created_at',
  'saved_searches.id',
  'saved_searches.filters',
  'saved_searches.created_at',
  'saved_searches.updated_at',
  'segments.language',
  'segments.review',
  'segments.reviewed_at',
  'segments_fts_config.k',
  'segments_fts_config.v',
  'segments_fts_docsize.sz',
  'segments_fts_idx.segid',
  'segments_fts_idx.pgno',
  'settings.key',
  'speakers.recording_id',
  'subtitle_cues.recording_id',
  'subtitle_rules.recording_id',
  'subtitle_rules.rules',
  'subtitle_texts.language',
  'subtitle_texts.review',
  'subtitle_texts.reviewed_at',
  'subtitle_tracks.recording_id',
  'subtitle_tracks.language',
  'subtitle_tracks.origin',
  'subtitle_tracks.created_at',
  'subtitle_tracks.updated_at',
  'tracks.recording_id',
  'tracks.language',
  'tracks.kind',
  'tracks.origin',
  'tracks.model',
  'tracks.created_at',
  'tracks.updated_at',
]

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
    const listed = [...Object.values(masked).flat(), ...Object.keys(keptOnPurpose), ...noWords]
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
      description: 'With María López.',
      notes: { summaryEs: 'Habla María López.' },
      chapters: [{ start: 0, titleEn: 'María López', titleEs: 'María López' }],
    })
    const holders = () =>
      Object.values(masked)
        .flat()
        .filter((column) => {
          const [table, field] = column.split('.') as [string, string]
          if (table === 'segments_fts')
            return (
              (databaseOf(voces)
                .prepare('SELECT count(*) FROM segments_fts WHERE segments_fts MATCH ?')
                .pluck()
                .get('lopez') as number) > 0
            )
          const values = databaseOf(voces)
            .prepare(`SELECT "${field}" FROM "${table}"`)
            .pluck()
            .all()
          return values.some(found)
        })
    const before = holders()
    // Every masked column held the name (the FTS index's pages hold it folded: "lopez").
    expect(before.filter((c) => c !== 'segments_fts_idx.term')).toEqual(
      Object.values(masked)
        .flat()
        .filter((c) => c !== 'segments_fts_idx.term'),
    )
    await redactName(voces, 'r1', 'maria lopez', 'tone')
    expect(holders()).toEqual([])
  })
})

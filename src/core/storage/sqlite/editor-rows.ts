import type { Statement } from 'better-sqlite3'
import {
  type EditorPatch,
  type EditorSegment,
  type TrackLanguage,
  type EditorSpeaker,
  type EditorTranscript,
  type EditorWord,
} from '../../../shared/contract/index.ts'
import { segmentNotFound } from '../../transcripts/errors.ts'
import {
  editorTranscriptFromRows,
  segmentColumns,
  staleEdit,
  toSegment,
  toTrack,
  wordColumns,
  type SegmentRow,
  type TrackRef,
  type TrackRow,
} from '../rows.ts'
import type { StatementCache } from './statements.ts'

/**
 * Rows of migration 001 (tracks, segments, words, speakers) as the editor reads and writes them.
 * The editor's operations (sqlite/editor.ts) call these inside their transactions; nothing here
 * opens one. Statements come from the connection's one cache (sqlite/statements.ts).
 */
export class EditorRows {
  readonly cache: StatementCache
  constructor(cache: StatementCache) {
    this.cache = cache
  }

  sql(query: string): Statement {
    return this.cache.get(query)
  }

  track(recordingId: string, language?: TrackLanguage): TrackRef | undefined {
    const row = (
      language
        ? this.sql(
            'SELECT id, recording_id, language, kind, origin FROM tracks WHERE recording_id = ? AND language = ?',
          ).get(recordingId, language)
        : this.sql(
            "SELECT id, recording_id, language, kind, origin FROM tracks WHERE recording_id = ? ORDER BY kind = 'translation', id LIMIT 1",
          ).get(recordingId)
    ) as TrackRow | undefined
    return row ? toTrack(row) : undefined
  }

  trackOfSegment(segmentId: number): TrackRef {
    const row = this.sql(
      'SELECT t.id, t.recording_id, t.language, t.kind, t.origin FROM tracks t JOIN segments s ON s.track_id = t.id WHERE s.id = ?',
    ).get(segmentId) as TrackRow | undefined
    if (!row) throw segmentNotFound(segmentId)
    return toTrack(row)
  }

  load(recordingId: string, language?: TrackLanguage): EditorTranscript | null {
    const track = this.track(recordingId, language)
    if (!track) return null
    const rows = this.sql('SELECT * FROM segments WHERE track_id = ? ORDER BY start, id').all(
      track.id,
    ) as SegmentRow[]
    const words = this.sql(
      `SELECT w.id, w.segment_id, w.start, w.end, w.text, w.probability FROM words w
         JOIN segments s ON s.id = w.segment_id WHERE s.track_id = ? ORDER BY w.segment_id, w.start, w.id`,
    ).all(track.id) as Array<EditorWord & { segment_id: number }>
    return editorTranscriptFromRows(recordingId, track, rows, words, this.speakers(recordingId))
  }

  speakers(recordingId: string): EditorSpeaker[] {
    return this.sql(
      'SELECT id, label, name, affiliation FROM speakers WHERE recording_id = ? ORDER BY id',
    ).all(recordingId) as EditorSpeaker[]
  }

  speaker(speakerId: number): (EditorSpeaker & { recordingId: string }) | undefined {
    return this.sql(
      'SELECT id, label, name, affiliation, recording_id AS recordingId FROM speakers WHERE id = ?',
    ).get(speakerId) as (EditorSpeaker & { recordingId: string }) | undefined
  }

  segment(segmentId: number): EditorSegment {
    const row = this.sql('SELECT * FROM segments WHERE id = ?').get(segmentId) as
      SegmentRow | undefined
    if (!row) throw segmentNotFound(segmentId)
    const words = this.sql(
      'SELECT id, start, end, text, probability FROM words WHERE segment_id = ? ORDER BY start, id',
    ).all(segmentId) as EditorWord[]
    return toSegment(row, words)
  }

  /** The segment after this one in its track's time order, if any. */
  nextSegmentId(segmentId: number): number | undefined {
    const row = this.sql(
      `SELECT n.id FROM segments s JOIN segments n ON n.track_id = s.track_id
         WHERE s.id = ? AND (n.start > s.start OR (n.start = s.start AND n.id > s.id))
         ORDER BY n.start, n.id LIMIT 1`,
    ).get(segmentId) as { id: number } | undefined
    return row?.id
  }

  segmentIdsOfTrack(trackId: number): number[] {
    return (
      this.sql('SELECT id FROM segments WHERE track_id = ? ORDER BY start, id').all(
        trackId,
      ) as Array<{ id: number }>
    ).map((row) => row.id)
  }

  /**
   * Writes a segment's whole state: its row (inserted again, with its id, when it was removed) and
   * its words. Words that carry an id still free keep it, so word ids stay stable across undo.
   */
  put(trackId: number, segment: EditorPatch['put'][number]): void {
    const taken = this.sql('SELECT track_id FROM segments WHERE id = ?').get(segment.id) as
      { track_id: number } | undefined
    if (taken && taken.track_id !== trackId) throw staleEdit(segment.id)
    const values = segmentColumns(segment)
    if (taken) {
      this.sql(
        `UPDATE segments SET start = ?, end = ?, speaker_id = ?, language = ?, text = ?, review = ?,
           reviewed_by = ?, reviewed_at = ? WHERE id = ?`,
      ).run(...values, segment.id)
    } else {
      this.sql(
        `INSERT INTO segments (start, end, speaker_id, language, text, review, reviewed_by, reviewed_at, id, track_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...values, segment.id, trackId)
    }
    this.sql('DELETE FROM words WHERE segment_id = ?').run(segment.id)
    const free = this.sql('SELECT 1 FROM words WHERE id = ?')
    const withId = this.sql(
      'INSERT INTO words (id, segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const withoutId = this.sql(
      'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, ?)',
    )
    for (const word of segment.words) {
      const values = wordColumns(segment.id, word)
      if (word.id !== undefined && !free.get(word.id)) withId.run(word.id, ...values)
      else withoutId.run(...values)
    }
  }

  /** Inserts a new segment and returns its id. */
  insert(trackId: number, segment: Omit<EditorSegment, 'id' | 'words'>): number {
    return Number(
      this.sql(
        `INSERT INTO segments (track_id, start, end, speaker_id, language, text, review, reviewed_by, reviewed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(trackId, ...segmentColumns(segment)).lastInsertRowid,
    )
  }

  remove(segmentId: number): void {
    this.sql('DELETE FROM segments WHERE id = ?').run(segmentId)
  }

  putSpeaker(recordingId: string, speaker: EditorSpeaker): void {
    this.sql(
      `INSERT INTO speakers (id, recording_id, label, name, affiliation) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, affiliation = excluded.affiliation`,
    ).run(speaker.id, recordingId, speaker.label, speaker.name, speaker.affiliation)
  }

  removeSpeaker(speakerId: number): void {
    this.sql('DELETE FROM speakers WHERE id = ?').run(speakerId)
  }

  touch(trackId: number, at: string): void {
    this.sql('UPDATE tracks SET updated_at = ? WHERE id = ?').run(at, trackId)
  }
}

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
import type { Queryable } from './db.ts'

const trackColumns = 'id, recording_id, language, kind, origin'

/**
 * The editor's rows on PostgreSQL: sqlite/editor-rows.ts's reads and writes (decision 0136).
 * postgres/editor.ts calls these inside its transactions; nothing here opens one.
 */
export class PostgresEditorRows {
  readonly q: Queryable
  constructor(q: Queryable) {
    this.q = q
  }

  track(recordingId: string, language?: TrackLanguage): Promise<TrackRef | undefined> {
    const row = language
      ? this.q.row<TrackRow>(
          `SELECT ${trackColumns} FROM tracks WHERE recording_id = $1 AND language = $2`,
          [recordingId, language],
        )
      : this.q.row<TrackRow>(
          `SELECT ${trackColumns} FROM tracks WHERE recording_id = $1
           ORDER BY kind = 'translation', id LIMIT 1`,
          [recordingId],
        )
    return row.then((found) => (found ? toTrack(found) : undefined))
  }

  async trackOfSegment(segmentId: number): Promise<TrackRef> {
    const row = await this.q.row<TrackRow>(
      `SELECT t.id, t.recording_id, t.language, t.kind, t.origin
       FROM tracks t JOIN segments s ON s.track_id = t.id WHERE s.id = $1`,
      [segmentId],
    )
    if (!row) throw segmentNotFound(segmentId)
    return toTrack(row)
  }

  async load(recordingId: string, language?: TrackLanguage): Promise<EditorTranscript | null> {
    const track = await this.track(recordingId, language)
    if (!track) return null
    const rows = await this.q.rows<SegmentRow>(
      'SELECT * FROM segments WHERE track_id = $1 ORDER BY start, id',
      [track.id],
    )
    const words = await this.q.rows<EditorWord & { segment_id: number }>(
      `SELECT w.id, w.segment_id, w.start, w."end", w.text, w.probability FROM words w
       JOIN segments s ON s.id = w.segment_id WHERE s.track_id = $1
       ORDER BY w.segment_id, w.start, w.id`,
      [track.id],
    )
    return editorTranscriptFromRows(
      recordingId,
      track,
      rows,
      words,
      await this.speakers(recordingId),
    )
  }

  speakers(recordingId: string): Promise<EditorSpeaker[]> {
    return this.q.rows<EditorSpeaker>(
      'SELECT id, label, name, affiliation FROM speakers WHERE recording_id = $1 ORDER BY id',
      [recordingId],
    )
  }

  speaker(speakerId: number): Promise<(EditorSpeaker & { recordingId: string }) | undefined> {
    return this.q.row<EditorSpeaker & { recordingId: string }>(
      'SELECT id, label, name, affiliation, recording_id AS "recordingId" FROM speakers WHERE id = $1',
      [speakerId],
    )
  }

  async segmentExists(segmentId: number): Promise<boolean> {
    return (
      (await this.q.row('SELECT 1 AS one FROM segments WHERE id = $1', [segmentId])) !== undefined
    )
  }

  async segment(segmentId: number): Promise<EditorSegment> {
    const row = await this.q.row<SegmentRow>('SELECT * FROM segments WHERE id = $1', [segmentId])
    if (!row) throw segmentNotFound(segmentId)
    const words = await this.q.rows<EditorWord>(
      'SELECT id, start, "end", text, probability FROM words WHERE segment_id = $1 ORDER BY start, id',
      [segmentId],
    )
    return toSegment(row, words)
  }

  /** The segment after this one in its track's time order, if any. */
  async nextSegmentId(segmentId: number): Promise<number | undefined> {
    const row = await this.q.row<{ id: number }>(
      `SELECT n.id FROM segments s JOIN segments n ON n.track_id = s.track_id
       WHERE s.id = $1 AND (n.start > s.start OR (n.start = s.start AND n.id > s.id))
       ORDER BY n.start, n.id LIMIT 1`,
      [segmentId],
    )
    return row?.id
  }

  /**
   * Writes a segment's whole state: its row (inserted again, with its id, when it was removed) and
   * its words. Words that carry an id still free keep it, so word ids stay stable across undo.
   * The ids put back were handed out by their sequence before, so they never collide with a new one.
   */
  async put(trackId: number, segment: EditorPatch['put'][number]): Promise<void> {
    const taken = await this.q.row<{ track_id: number }>(
      'SELECT track_id FROM segments WHERE id = $1',
      [segment.id],
    )
    if (taken && taken.track_id !== trackId) throw staleEdit(segment.id)
    const values = [...segmentColumns(segment), segment.id]
    if (taken) {
      await this.q.run(
        `UPDATE segments SET start = $1, "end" = $2, speaker_id = $3, language = $4, text = $5,
           review = $6, reviewed_by = $7, reviewed_at = $8 WHERE id = $9`,
        values,
      )
    } else {
      await this.q.run(
        `INSERT INTO segments (start, "end", speaker_id, language, text, review, reviewed_by,
           reviewed_at, id, track_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [...values, trackId],
      )
    }
    await this.q.run('DELETE FROM words WHERE segment_id = $1', [segment.id])
    for (const word of segment.words) {
      const values = wordColumns(segment.id, word)
      const free =
        word.id !== undefined &&
        (await this.q.row('SELECT 1 AS one FROM words WHERE id = $1', [word.id])) === undefined
      if (free) {
        await this.q.run(
          'INSERT INTO words (segment_id, start, "end", text, probability, id) VALUES ($1, $2, $3, $4, $5, $6)',
          [...values, word.id],
        )
      } else {
        await this.q.run(
          'INSERT INTO words (segment_id, start, "end", text, probability) VALUES ($1, $2, $3, $4, $5)',
          values,
        )
      }
    }
  }

  /** Inserts a new segment and returns its id. */
  async insert(trackId: number, segment: Omit<EditorSegment, 'id' | 'words'>): Promise<number> {
    const row = await this.q.row<{ id: number }>(
      `INSERT INTO segments (track_id, start, "end", speaker_id, language, text, review,
         reviewed_by, reviewed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [trackId, ...segmentColumns(segment)],
    )
    if (!row) throw new Error('PostgreSQL returned no segment id')
    return row.id
  }

  async remove(segmentId: number): Promise<void> {
    await this.q.run('DELETE FROM segments WHERE id = $1', [segmentId])
  }

  async putSpeaker(recordingId: string, speaker: EditorSpeaker): Promise<void> {
    await this.q.run(
      `INSERT INTO speakers (id, recording_id, label, name, affiliation) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, affiliation = excluded.affiliation`,
      [speaker.id, recordingId, speaker.label, speaker.name, speaker.affiliation],
    )
  }

  async removeSpeaker(speakerId: number): Promise<void> {
    await this.q.run('DELETE FROM speakers WHERE id = $1', [speakerId])
  }

  async touch(trackId: number, at: string): Promise<void> {
    await this.q.run('UPDATE tracks SET updated_at = $1 WHERE id = $2', [at, trackId])
  }
}

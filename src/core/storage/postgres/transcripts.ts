import type {
  Segment,
  TrackLanguage,
  TrackSummary,
  TranscriptTrack,
} from '../../../shared/contract/index.ts'
import { trackNotFound } from '../../transcripts/errors.ts'
import type { NewTrack } from '../ports.ts'
import { clampTimes, trackSummaryFromRow, type TrackSummaryRow } from '../rows.ts'
import {
  segmentsFromRows,
  SpeakerLookup,
  type TranscriptSegmentRow,
  type WordRow,
} from '../rows-transcripts.ts'
import type { Transactional } from './db.ts'

/*
 * Transcript tracks on PostgreSQL: sqlite/transcripts.ts's logic on the same tables (decisions
 * 0114 and 0136). A whole track is written in three statements whatever its length: the segment
 * ids are taken from their sequence first, then segments and words go in as arrays (unnest), so a
 * long interview is not thousands of round trips to a server across the network.
 */

const selectTracks = `
  SELECT t.*,
    (SELECT count(*) FROM segments s WHERE s.track_id = t.id) AS segment_count,
    (SELECT count(*) FROM words w JOIN segments s ON s.id = w.segment_id WHERE s.track_id = t.id) AS word_count
  FROM tracks t`

export class PostgresTranscripts {
  private readonly q: Transactional
  private readonly now: () => Date
  constructor(q: Transactional, now: () => Date) {
    this.q = q
    this.now = now
  }

  async listTracks(recordingId: string): Promise<TrackSummary[]> {
    const rows = await this.q.rows<TrackSummaryRow>(
      `${selectTracks} WHERE t.recording_id = $1 ORDER BY t.kind = 'translation', t.language`,
      [recordingId],
    )
    return rows.map(trackSummaryFromRow)
  }

  /** As on SQLite: each segment's speaker is the name it is shown under (shownSpeaker). */
  async getTrack(
    recordingId: string,
    language?: TrackLanguage,
  ): Promise<TranscriptTrack | undefined> {
    const row = language
      ? await this.q.row<TrackSummaryRow>(
          `${selectTracks} WHERE t.recording_id = $1 AND t.language = $2`,
          [recordingId, language],
        )
      : await this.q.row<TrackSummaryRow>(
          `${selectTracks} WHERE t.recording_id = $1 ORDER BY t.kind = 'translation', t.id LIMIT 1`,
          [recordingId],
        )
    if (!row) return undefined
    return { ...trackSummaryFromRow(row), segments: await this.segmentsOf(row.id) }
  }

  async requireTrack(recordingId: string, language?: TrackLanguage): Promise<TranscriptTrack> {
    const track = await this.getTrack(recordingId, language)
    if (!track) throw trackNotFound(recordingId, language)
    return track
  }

  /** sqlite/transcripts.ts's replaceTrack: speakers kept, found by label or shown name. */
  async replaceTrack(track: NewTrack): Promise<TrackSummary> {
    const at = this.now().toISOString()
    await this.q.transaction(async (tx) => {
      const previous = await tx.row<{ created_at: string }>(
        'SELECT created_at FROM tracks WHERE recording_id = $1 AND language = $2',
        [track.recordingId, track.language],
      )
      await tx.run('DELETE FROM tracks WHERE recording_id = $1 AND language = $2', [
        track.recordingId,
        track.language,
      ])
      if (track.kind === 'transcript') {
        await tx.run("DELETE FROM tracks WHERE recording_id = $1 AND kind = 'transcript'", [
          track.recordingId,
        ])
      }
      const inserted = await tx.row<{ id: number }>(
        `INSERT INTO tracks (recording_id, language, kind, origin, model, engine_settings, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          track.recordingId,
          track.language,
          track.kind,
          track.origin,
          track.model,
          JSON.stringify(track.engineSettings),
          previous?.created_at ?? at,
          at,
        ],
      )
      if (!inserted) throw new Error('replaceTrack: PostgreSQL returned no track id')
      const lookup = new SpeakerLookup<number>(
        await tx.rows<{ id: number; label: string; name: string }>(
          'SELECT id, label, name FROM speakers WHERE recording_id = $1 ORDER BY id',
          [track.recordingId],
        ),
      )
      const segments = [...track.segments].sort((a, b) => a.start - b.start).map(clampTimes)
      const speakers: Array<number | null> = []
      for (const segment of segments) {
        const text = segment.speaker?.trim() ?? ''
        if (text === '') {
          speakers.push(null)
          continue
        }
        let id = lookup.find(text)
        if (id === undefined) {
          const added = await tx.row<{ id: number }>(
            'INSERT INTO speakers (recording_id, label) VALUES ($1, $2) RETURNING id',
            [track.recordingId, text],
          )
          if (!added) throw new Error('replaceTrack: PostgreSQL returned no speaker id')
          id = added.id
          lookup.added(text, id)
        }
        speakers.push(id)
      }
      if (segments.length === 0) return
      const ids = (
        await tx.rows<{ id: number }>(
          "SELECT nextval(pg_get_serial_sequence('segments', 'id')) AS id FROM generate_series(1, $1)",
          [segments.length],
        )
      ).map((row) => row.id)
      await tx.run(
        `INSERT INTO segments (id, track_id, start, "end", speaker_id, language, text)
         SELECT id, $2, start, "end", speaker_id, language, text
         FROM unnest($1::bigint[], $3::float8[], $4::float8[], $5::bigint[], $6::text[], $7::text[])
           AS s(id, start, "end", speaker_id, language, text)`,
        [
          ids,
          inserted.id,
          segments.map((s) => s.start),
          segments.map((s) => s.end),
          speakers,
          segments.map((s) => s.language),
          segments.map((s) => s.text),
        ],
      )
      const words = segments.flatMap((segment, index) =>
        segment.words.map((word) => ({ ...clampTimes(word), segmentId: ids[index]! })),
      )
      if (words.length === 0) return
      await tx.run(
        `INSERT INTO words (segment_id, start, "end", text, probability)
         SELECT * FROM unnest($1::bigint[], $2::float8[], $3::float8[], $4::text[], $5::float8[])`,
        [
          words.map((w) => w.segmentId),
          words.map((w) => w.start),
          words.map((w) => w.end),
          words.map((w) => w.text),
          words.map((w) => w.probability),
        ],
      )
    })
    const summary = (await this.listTracks(track.recordingId)).find(
      (item) => item.track === track.language,
    )
    if (!summary) throw new Error('replaceTrack: the track just written is missing')
    return summary
  }

  async removeTrack(recordingId: string, language: TrackLanguage): Promise<boolean> {
    const removed = await this.q.run(
      'DELETE FROM tracks WHERE recording_id = $1 AND language = $2',
      [recordingId, language],
    )
    return removed > 0
  }

  /** Counted per language named (a language named twice counts twice, as on SQLite). */
  async verifiedSegments(
    recordingId: string,
    languages: readonly TrackLanguage[],
  ): Promise<number> {
    const row = await this.q.row<{ n: number }>(
      `SELECT count(*) AS n FROM unnest($2::text[]) AS l(language)
       JOIN tracks t ON t.recording_id = $1 AND t.language = l.language
       JOIN segments s ON s.track_id = t.id AND s.review = 'verified'`,
      [recordingId, languages],
    )
    return row?.n ?? 0
  }

  async labelledSegments(recordingId: string, language: TrackLanguage): Promise<Segment[]> {
    const row = await this.q.row<{ id: number }>(
      'SELECT id FROM tracks WHERE recording_id = $1 AND language = $2',
      [recordingId, language],
    )
    return row ? this.segmentsOf(row.id, 'label') : []
  }

  private async segmentsOf(
    trackId: number,
    speaker: 'shown' | 'label' = 'shown',
  ): Promise<Segment[]> {
    const segments = await this.q.rows<TranscriptSegmentRow>(
      `SELECT s.id, s.start, s."end", s.language, s.text, sp.label, sp.name
       FROM segments s LEFT JOIN speakers sp ON sp.id = s.speaker_id
       WHERE s.track_id = $1 ORDER BY s.start, s.id`,
      [trackId],
    )
    const words = await this.q.rows<WordRow>(
      `SELECT w.segment_id, w.start, w."end", w.text, w.probability
       FROM words w JOIN segments s ON s.id = w.segment_id
       WHERE s.track_id = $1 ORDER BY w.segment_id, w.start, w.id`,
      [trackId],
    )
    return segmentsFromRows(segments, words, speaker)
  }
}

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
import type { StatementCache } from './statements.ts'

const selectTracks = `
  SELECT t.*,
    (SELECT count(*) FROM segments s WHERE s.track_id = t.id) AS segment_count,
    (SELECT count(*) FROM words w JOIN segments s ON s.id = w.segment_id WHERE s.track_id = t.id) AS word_count
  FROM tracks t`

export class SqliteTranscripts {
  private readonly sql: StatementCache
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date) {
    this.sql = sql
    this.now = now
  }

  listTracks(recordingId: string): TrackSummary[] {
    const rows = this.sql
      .get(`${selectTracks} WHERE t.recording_id = ? ORDER BY t.kind = 'translation', t.language`)
      .all(recordingId) as TrackSummaryRow[]
    return rows.map(trackSummaryFromRow)
  }

  /**
   * A track with its segments and words, in time order; without `language`, the source transcript.
   * Each segment's speaker is the name it is shown under (shownSpeaker): what every export,
   * the podcast sidecars and the episode transcript publish.
   */
  getTrack(recordingId: string, language?: TrackLanguage): TranscriptTrack | undefined {
    const row = (
      language
        ? this.sql
            .get(`${selectTracks} WHERE t.recording_id = ? AND t.language = ?`)
            .get(recordingId, language)
        : this.sql
            .get(
              `${selectTracks} WHERE t.recording_id = ? ORDER BY t.kind = 'translation', t.id LIMIT 1`,
            )
            .get(recordingId)
    ) as TrackSummaryRow | undefined
    if (!row) return undefined
    return { ...trackSummaryFromRow(row), segments: this.segmentsOf(row.id) }
  }

  requireTrack(recordingId: string, language?: TrackLanguage): TranscriptTrack {
    const track = this.getTrack(recordingId, language)
    if (!track) throw trackNotFound(recordingId, language)
    return track
  }

  /**
   * Writes a whole track in one transaction, replacing the track of the same language and, for a
   * source transcript, the recording's previous source transcript (a new run may detect another
   * language). Speakers are found or created by label and kept: the editor may have named them.
   * A file exported after naming carries the names (decision 0075), so a speaker is also found by
   * the name it is shown under: importing it back keeps the speakers the editor named.
   */
  replaceTrack(track: NewTrack): TrackSummary {
    const at = this.now().toISOString()
    this.sql.db.transaction(() => {
      const previous = this.sql
        .get('SELECT created_at FROM tracks WHERE recording_id = ? AND language = ?')
        .get(track.recordingId, track.language) as { created_at: string } | undefined
      this.sql
        .get('DELETE FROM tracks WHERE recording_id = ? AND language = ?')
        .run(track.recordingId, track.language)
      if (track.kind === 'transcript') {
        this.sql
          .get("DELETE FROM tracks WHERE recording_id = ? AND kind = 'transcript'")
          .run(track.recordingId)
      }
      const trackId = this.sql
        .get(
          `INSERT INTO tracks (recording_id, language, kind, origin, model, engine_settings, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          track.recordingId,
          track.language,
          track.kind,
          track.origin,
          track.model,
          JSON.stringify(track.engineSettings),
          previous?.created_at ?? at,
          at,
        ).lastInsertRowid
      const speakers = new SpeakerLookup<number | bigint>(
        this.sql
          .get('SELECT id, label, name FROM speakers WHERE recording_id = ? ORDER BY id')
          .all(track.recordingId) as Array<{ id: number; label: string; name: string }>,
      )
      const addSpeaker = this.sql.get('INSERT INTO speakers (recording_id, label) VALUES (?, ?)')
      const speakerId = (text: string) => {
        let id = speakers.find(text)
        if (id === undefined) {
          id = addSpeaker.run(track.recordingId, text).lastInsertRowid
          speakers.added(text, id)
        }
        return id
      }
      const addSegment = this.sql.get(
        'INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, ?, ?, ?, ?, ?)',
      )
      const addWord = this.sql.get(
        'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, ?)',
      )
      for (const raw of [...track.segments].sort((a, b) => a.start - b.start)) {
        const segment = clampTimes(raw)
        const speaker =
          segment.speaker && segment.speaker.trim() !== ''
            ? speakerId(segment.speaker.trim())
            : null
        const segmentId = addSegment.run(
          trackId,
          segment.start,
          segment.end,
          speaker,
          segment.language,
          segment.text,
        ).lastInsertRowid
        for (const word of segment.words.map(clampTimes)) {
          addWord.run(segmentId, word.start, word.end, word.text, word.probability)
        }
      }
    })()
    const summary = this.listTracks(track.recordingId).find((item) => item.track === track.language)
    if (!summary) throw new Error('replaceTrack: the track just written is missing')
    return summary
  }

  removeTrack(recordingId: string, language: TrackLanguage): boolean {
    return (
      this.sql
        .get('DELETE FROM tracks WHERE recording_id = ? AND language = ?')
        .run(recordingId, language).changes > 0
    )
  }

  /** How many segments of the recording's tracks in these languages a person verified. */
  verifiedSegments(recordingId: string, languages: readonly TrackLanguage[]): number {
    const count = this.sql.get(
      `SELECT count(*) AS n FROM segments s JOIN tracks t ON t.id = s.track_id
       WHERE t.recording_id = ? AND t.language = ? AND s.review = 'verified'`,
    )
    return languages.reduce(
      (sum, language) => sum + (count.get(recordingId, language) as { n: number }).n,
      0,
    )
  }

  /**
   * A track's segments with each speaker by its label: what subtitle cues keep, to show by the one
   * rule when they are read (decision 0075). Empty when there is no such track.
   */
  labelledSegments(recordingId: string, language: TrackLanguage): Segment[] {
    const row = this.sql
      .get('SELECT id FROM tracks WHERE recording_id = ? AND language = ?')
      .get(recordingId, language) as { id: number } | undefined
    return row ? this.segmentsOf(row.id, 'label') : []
  }

  private segmentsOf(trackId: number, speaker: 'shown' | 'label' = 'shown'): Segment[] {
    const segments = this.sql
      .get(
        `SELECT s.id, s.start, s.end, s.language, s.text, sp.label, sp.name
         FROM segments s LEFT JOIN speakers sp ON sp.id = s.speaker_id
         WHERE s.track_id = ? ORDER BY s.start, s.id`,
      )
      .all(trackId) as TranscriptSegmentRow[]
    const words = this.sql
      .get(
        `SELECT w.segment_id, w.start, w.end, w.text, w.probability
         FROM words w JOIN segments s ON s.id = w.segment_id
         WHERE s.track_id = ? ORDER BY w.segment_id, w.start, w.id`,
      )
      .all(trackId) as WordRow[]
    return segmentsFromRows(segments, words, speaker)
  }
}

import type {
  ShownTurn,
  SpeakersState,
  Voice,
  VoiceProfile,
} from '../../../shared/contract/index.ts'
import {
  embeddingBytes,
  embeddingFromBytes,
  numberTurns,
  shownTurns,
  speakersCorrected,
  speakerOfTurn,
  splitByTurns,
  voicesOf,
  type SpeakerStretch,
  type VoiceRow,
} from '../../speakers/store-rules.ts'
import { recordingNotFound } from '../../library/recordings.ts'
import type { LabelledTurn, SpeakerRecord } from '../ports.ts'
import type { StatementCache } from './statements.ts'

/** Marks a recording's speakers as a person's work (decision 0153); the editor's edits call it. */
export const markCorrectedSql = `INSERT INTO speaker_state (recording_id, corrected_at) VALUES (?, ?)
  ON CONFLICT (recording_id) DO UPDATE SET corrected_at = excluded.corrected_at`

interface SegmentRow {
  id: number
  track_id: number
  start: number
  end: number
  language: string
  review: string
  reviewed_by: string | null
  reviewed_at: string | null
}

const sourceTrack = `SELECT id FROM tracks WHERE recording_id = ? ORDER BY kind = 'translation', id LIMIT 1`

/**
 * Speaker detection's rows on SQLite (migration 007, decisions 0153 and 0155): the turns an
 * engine found, whether a person corrected the speakers, and the voice profiles the center asked
 * to keep. Segments and words stay the transcripts' rows; a detection splits segments where
 * their words change speaker, so each segment, and each of its words, has one speaker.
 */
export class SqliteSpeakers {
  private readonly sql: StatementCache
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date) {
    this.sql = sql
    this.now = now
  }

  state(recordingId: string): SpeakersState {
    const row = this.sql
      .get(
        `SELECT st.engine, st.detected_at, st.corrected_at,
           EXISTS (SELECT 1 FROM speakers WHERE recording_id = @id AND (name <> '' OR affiliation <> '')) AS named,
           (SELECT count(DISTINCT s.speaker_id) FROM segments s JOIN tracks t ON t.id = s.track_id
             WHERE t.recording_id = @id) AS used
         FROM (SELECT 1) LEFT JOIN speaker_state st ON st.recording_id = @id`,
      )
      .get({ id: recordingId }) as {
      engine: string | null
      detected_at: string | null
      corrected_at: string | null
      named: number
      used: number
    }
    const corrected = speakersCorrected({
      detectedAt: row.detected_at,
      correctedAt: row.corrected_at,
      named: row.named === 1,
      used: row.used,
    })
    return { engine: row.engine, detectedAt: row.detected_at, corrected }
  }

  saveDetection(
    recordingId: string,
    engine: string,
    turns: readonly LabelledTurn[],
  ): { speakers: number; segments: number } {
    return this.sql.db.transaction(() => {
      this.sql.get('DELETE FROM speakers WHERE recording_id = ?').run(recordingId)
      const { labels, numbered } = numberTurns(turns)
      const addSpeaker = this.sql.get('INSERT INTO speakers (recording_id, label) VALUES (?, ?)')
      const speakerIds = labels.map((label) =>
        Number(addSpeaker.run(recordingId, label).lastInsertRowid),
      )
      const addTurn = this.sql.get(
        'INSERT INTO speaker_turns (recording_id, speaker_id, start, end) VALUES (?, ?, ?, ?)',
      )
      for (const turn of numbered)
        addTurn.run(
          recordingId,
          speakerIds[turn.speaker],
          turn.start,
          Math.max(turn.start, turn.end),
        )
      const idOf = (speaker: number | null) =>
        speaker === null ? null : (speakerIds[speaker] ?? null)
      let segments = 0
      const tracks = this.sql
        .get('SELECT id FROM tracks WHERE recording_id = ? ORDER BY id')
        .all(recordingId) as Array<{ id: number }>
      const segmentsOf = this.sql.get(
        `SELECT id, track_id, start, end, language, review, reviewed_by, reviewed_at FROM segments
         WHERE track_id = ? ORDER BY start, id`,
      )
      const wordsOf = this.sql.get(
        'SELECT id, start, end, text FROM words WHERE segment_id = ? ORDER BY start, id',
      )
      const setSpeaker = this.sql.get('UPDATE segments SET speaker_id = ? WHERE id = ?')
      const head = this.sql.get(
        'UPDATE segments SET speaker_id = ?, end = ?, text = ? WHERE id = ?',
      )
      const addSegment = this.sql.get(
        `INSERT INTO segments (track_id, start, end, speaker_id, language, text, review, reviewed_by, reviewed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      const moveWord = this.sql.get('UPDATE words SET segment_id = ? WHERE id = ?')
      for (const track of tracks) {
        for (const segment of segmentsOf.all(track.id) as SegmentRow[]) {
          const words = wordsOf.all(segment.id) as Array<{
            id: number
            start: number
            end: number
            text: string
          }>
          const parts = splitByTurns(segment, words, numbered)
          segments += parts.length
          const [first, ...rest] = parts
          if (!first) continue
          if (rest.length === 0) {
            setSpeaker.run(idOf(first.speaker), segment.id)
            continue
          }
          head.run(idOf(first.speaker), first.end, first.text, segment.id)
          for (const part of rest) {
            const id = Number(
              addSegment.run(
                segment.track_id,
                part.start,
                part.end,
                idOf(part.speaker),
                segment.language,
                part.text,
                segment.review,
                segment.reviewed_by,
                segment.reviewed_at,
              ).lastInsertRowid,
            )
            for (const wordId of part.wordIds) moveWord.run(id, wordId)
          }
        }
      }
      this.sql
        .get(
          `INSERT INTO speaker_state (recording_id, engine, detected_at, corrected_at) VALUES (?, ?, ?, NULL)
           ON CONFLICT (recording_id) DO UPDATE SET engine = excluded.engine,
             detected_at = excluded.detected_at, corrected_at = NULL`,
        )
        .run(recordingId, engine, this.now().toISOString())
      return { speakers: labels.length, segments }
    })()
  }

  /** The source transcript's segments when there is one, else the detected turns. */
  private stretches(recordingId: string): SpeakerStretch[] {
    const track = this.sql.get(sourceTrack).get(recordingId) as { id: number } | undefined
    return track
      ? (this.sql
          .get(
            'SELECT speaker_id AS speakerId, start, end FROM segments WHERE track_id = ? ORDER BY start, id',
          )
          .all(track.id) as SpeakerStretch[])
      : (this.sql
          .get(
            'SELECT speaker_id AS speakerId, start, end FROM speaker_turns WHERE recording_id = ? ORDER BY start, id',
          )
          .all(recordingId) as SpeakerStretch[])
  }

  voices(recordingId: string): Voice[] {
    const rows = this.sql
      .get(
        `SELECT sp.id, sp.label, sp.name, sp.affiliation, vp.name AS proposed,
           vp.affiliation AS proposedAffiliation, pr.similarity
         FROM speakers sp
         LEFT JOIN speaker_proposals pr ON pr.speaker_id = sp.id
         LEFT JOIN voice_profiles vp ON vp.id = pr.profile_id
         WHERE sp.recording_id = ? ORDER BY sp.id`,
      )
      .all(recordingId) as VoiceRow[]
    return voicesOf(rows, this.stretches(recordingId))
  }

  turns(recordingId: string): ShownTurn[] {
    const speakers = this.sql
      .get('SELECT id, label, name FROM speakers WHERE recording_id = ?')
      .all(recordingId) as Array<{ id: number; label: string; name: string }>
    return shownTurns(speakers, this.stretches(recordingId))
  }

  stretchesOf(speakerId: number): Array<{ start: number; end: number }> {
    const owner = this.sql.get('SELECT recording_id FROM speakers WHERE id = ?').get(speakerId) as
      { recording_id: string } | undefined
    if (!owner) return []
    return this.stretches(owner.recording_id)
      .filter((stretch) => stretch.speakerId === speakerId)
      .map(({ start, end }) => ({ start, end }))
  }

  rename(speakerId: number, name: string, affiliation: string): void {
    this.sql
      .get('UPDATE speakers SET name = ?, affiliation = ? WHERE id = ?')
      .run(name, affiliation, speakerId)
  }

  merge(speakerId: number, intoId: number): void {
    this.sql.db.transaction(() => {
      const owner = this.sql
        .get('SELECT recording_id FROM speakers WHERE id = ?')
        .get(speakerId) as { recording_id: string } | undefined
      if (!owner) return
      this.sql.get('UPDATE segments SET speaker_id = ? WHERE speaker_id = ?').run(intoId, speakerId)
      this.sql
        .get('UPDATE speaker_turns SET speaker_id = ? WHERE speaker_id = ?')
        .run(intoId, speakerId)
      this.sql.get('DELETE FROM speakers WHERE id = ?').run(speakerId)
      this.sql.get(markCorrectedSql).run(owner.recording_id, this.now().toISOString())
    })()
  }

  setProposals(
    recordingId: string,
    proposals: ReadonlyArray<{ speakerId: number; profileId: number; similarity: number }>,
  ): void {
    this.sql.db.transaction(() => {
      this.sql
        .get(
          'DELETE FROM speaker_proposals WHERE speaker_id IN (SELECT id FROM speakers WHERE recording_id = ?)',
        )
        .run(recordingId)
      const add = this.sql.get(
        'INSERT INTO speaker_proposals (speaker_id, profile_id, similarity) VALUES (?, ?, ?)',
      )
      for (const proposal of proposals)
        add.run(proposal.speakerId, proposal.profileId, proposal.similarity)
    })()
  }

  profiles(): VoiceProfile[] {
    return this.sql
      .get(
        'SELECT name, affiliation, created_at AS createdAt FROM voice_profiles ORDER BY name COLLATE NOCASE',
      )
      .all() as VoiceProfile[]
  }

  profileEmbeddings(): Array<{ id: number; name: string; embedding: Float32Array }> {
    const rows = this.sql
      .get('SELECT id, name, embedding FROM voice_profiles ORDER BY id')
      .all() as Array<{ id: number; name: string; embedding: Buffer }>
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      embedding: embeddingFromBytes(row.embedding),
    }))
  }

  saveProfile(name: string, affiliation: string, embedding: Float32Array): VoiceProfile {
    const at = this.now().toISOString()
    this.sql
      .get(
        `INSERT INTO voice_profiles (name, affiliation, embedding, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name, affiliation = excluded.affiliation,
           embedding = excluded.embedding, created_at = excluded.created_at`,
      )
      .run(name, affiliation, embeddingBytes(embedding), at)
    return { name, affiliation, createdAt: at }
  }

  forgetProfile(name: string): boolean {
    return this.sql.get('DELETE FROM voice_profiles WHERE name = ?').run(name).changes > 0
  }

  record(recordingId: string): SpeakerRecord {
    const speakers = this.sql
      .get('SELECT label, name, affiliation FROM speakers WHERE recording_id = ? ORDER BY id')
      .all(recordingId) as SpeakerRecord['speakers']
    const turns = this.sql
      .get(
        `SELECT t.start, t.end, s.label FROM speaker_turns t JOIN speakers s ON s.id = t.speaker_id
         WHERE t.recording_id = ? ORDER BY t.start, t.id`,
      )
      .all(recordingId) as LabelledTurn[]
    const state = this.sql
      .get(
        'SELECT engine, detected_at AS detectedAt, corrected_at AS correctedAt FROM speaker_state WHERE recording_id = ?',
      )
      .get(recordingId) as SpeakerRecord['state'] | undefined
    return { speakers, turns, state: state ?? null }
  }

  restore(recordingId: string, record: SpeakerRecord): void {
    this.sql.db.transaction(() => {
      if (!this.sql.get('SELECT 1 FROM recordings WHERE id = ?').get(recordingId))
        throw recordingNotFound(recordingId)
      const put = this.sql.get(
        `INSERT INTO speakers (recording_id, label, name, affiliation) VALUES (?, ?, ?, ?)
         ON CONFLICT (recording_id, label) DO UPDATE SET name = excluded.name, affiliation = excluded.affiliation`,
      )
      for (const speaker of record.speakers)
        put.run(recordingId, speaker.label, speaker.name, speaker.affiliation)
      const ids = new Map(
        (
          this.sql
            .get('SELECT id, label FROM speakers WHERE recording_id = ?')
            .all(recordingId) as Array<{ id: number; label: string }>
        ).map((row) => [row.label, row.id]),
      )
      this.sql.get('DELETE FROM speaker_turns WHERE recording_id = ?').run(recordingId)
      const addTurn = this.sql.get(
        'INSERT INTO speaker_turns (recording_id, speaker_id, start, end) VALUES (?, ?, ?, ?)',
      )
      for (const turn of record.turns)
        addTurn.run(recordingId, speakerOfTurn(ids, turn), turn.start, turn.end)
      this.sql.get('DELETE FROM speaker_state WHERE recording_id = ?').run(recordingId)
      if (record.state)
        this.sql
          .get(
            'INSERT INTO speaker_state (recording_id, engine, detected_at, corrected_at) VALUES (?, ?, ?, ?)',
          )
          .run(recordingId, record.state.engine, record.state.detectedAt, record.state.correctedAt)
    })()
  }
}

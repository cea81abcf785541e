import type {
  ShownTurn,
  SpeakersState,
  Voice,
  VoiceProfile,
} from '../../../shared/contract/index.ts'
import { shownSpeaker } from '../../../shared/speakers.ts'
import { speakerRuns } from '../../speakers/assign.ts'
import type { SpeakerTurn } from '../../speakers/engines/types.ts'
import type { LabelledTurn } from '../ports.ts'
import type { StatementCache } from './statements.ts'

/** A voice's sample to play: its longest stretch, cut to this many seconds. */
const sampleSeconds = 8

/** Marks a recording's speakers as a person's work (decision 0153); the editor's edits call it. */
export const markCorrectedSql = `INSERT INTO speaker_state (recording_id, corrected_at) VALUES (?, ?)
  ON CONFLICT (recording_id) DO UPDATE SET corrected_at = excluded.corrected_at`

interface Stretch {
  speaker_id: number | null
  start: number
  end: number
}

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
    // Before any detection, more than one speaker in the segments is a person's (or an imported
    // file's) work too.
    const corrected =
      row.corrected_at !== null || row.named === 1 || (row.detected_at === null && row.used > 1)
    return { engine: row.engine, detectedAt: row.detected_at, corrected }
  }

  saveDetection(
    recordingId: string,
    engine: string,
    turns: readonly LabelledTurn[],
  ): { speakers: number; segments: number } {
    return this.sql.db.transaction(() => {
      this.sql.get('DELETE FROM speakers WHERE recording_id = ?').run(recordingId)
      const ids = new Map<string, number>()
      const numbers = new Map<string, number>()
      const addSpeaker = this.sql.get('INSERT INTO speakers (recording_id, label) VALUES (?, ?)')
      const addTurn = this.sql.get(
        'INSERT INTO speaker_turns (recording_id, speaker_id, start, end) VALUES (?, ?, ?, ?)',
      )
      const numbered: SpeakerTurn[] = []
      for (const turn of turns) {
        let id = ids.get(turn.label)
        if (id === undefined) {
          id = Number(addSpeaker.run(recordingId, turn.label).lastInsertRowid)
          ids.set(turn.label, id)
          numbers.set(turn.label, numbers.size)
        }
        addTurn.run(recordingId, id, turn.start, Math.max(turn.start, turn.end))
        numbered.push({ start: turn.start, end: turn.end, speaker: numbers.get(turn.label) ?? 0 })
      }
      const speakerIds = [...ids.values()]
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
          const runs = speakerRuns(segment, words, numbered)
          const idOf = (speaker: number | null) =>
            speaker === null ? null : (speakerIds[speaker] ?? null)
          segments += runs.length
          const first = runs[0]
          if (!first) continue
          if (runs.length === 1) {
            setSpeaker.run(idOf(first.speaker), segment.id)
            continue
          }
          const textOf = (from: number, to: number) =>
            words
              .slice(from, to)
              .map((word) => word.text)
              .join(' ')
          const endOf = (from: number, to: number) =>
            Math.max(...words.slice(from, to).map((word) => word.end))
          head.run(
            idOf(first.speaker),
            Math.max(segment.start, endOf(first.from, first.to)),
            textOf(first.from, first.to),
            segment.id,
          )
          runs.slice(1).forEach((run, i) => {
            const last = i === runs.length - 2
            const start = Math.max(segment.start, words[run.from]?.start ?? segment.start)
            const end = last ? segment.end : endOf(run.from, run.to)
            const id = Number(
              addSegment.run(
                segment.track_id,
                start,
                Math.max(start, end),
                idOf(run.speaker),
                segment.language,
                textOf(run.from, run.to),
                segment.review,
                segment.reviewed_by,
                segment.reviewed_at,
              ).lastInsertRowid,
            )
            for (const word of words.slice(run.from, run.to)) moveWord.run(id, word.id)
          })
        }
      }
      this.sql
        .get(
          `INSERT INTO speaker_state (recording_id, engine, detected_at, corrected_at) VALUES (?, ?, ?, NULL)
           ON CONFLICT (recording_id) DO UPDATE SET engine = excluded.engine,
             detected_at = excluded.detected_at, corrected_at = NULL`,
        )
        .run(recordingId, engine, this.now().toISOString())
      return { speakers: ids.size, segments }
    })()
  }

  /** The source transcript's segments when there is one, else the detected turns. */
  private stretches(recordingId: string): Stretch[] {
    const track = this.sql.get(sourceTrack).get(recordingId) as { id: number } | undefined
    return track
      ? (this.sql
          .get('SELECT speaker_id, start, end FROM segments WHERE track_id = ? ORDER BY start, id')
          .all(track.id) as Stretch[])
      : (this.sql
          .get(
            'SELECT speaker_id, start, end FROM speaker_turns WHERE recording_id = ? ORDER BY start, id',
          )
          .all(recordingId) as Stretch[])
  }

  voices(recordingId: string): Voice[] {
    const rows = this.sql
      .get(
        `SELECT sp.id, sp.label, sp.name, sp.affiliation, vp.name AS proposed,
           vp.affiliation AS proposed_affiliation, pr.similarity
         FROM speakers sp
         LEFT JOIN speaker_proposals pr ON pr.speaker_id = sp.id
         LEFT JOIN voice_profiles vp ON vp.id = pr.profile_id
         WHERE sp.recording_id = ? ORDER BY sp.id`,
      )
      .all(recordingId) as Array<{
      id: number
      label: string
      name: string
      affiliation: string
      proposed: string | null
      proposed_affiliation: string | null
      similarity: number | null
    }>
    const seconds = new Map<number, number>()
    const longest = new Map<number, { start: number; end: number }>()
    for (const stretch of this.stretches(recordingId)) {
      if (stretch.speaker_id === null) continue
      const length = stretch.end - stretch.start
      seconds.set(stretch.speaker_id, (seconds.get(stretch.speaker_id) ?? 0) + length)
      const best = longest.get(stretch.speaker_id)
      if (!best || length > best.end - best.start) longest.set(stretch.speaker_id, stretch)
    }
    return rows.map((row) => {
      const sample = longest.get(row.id)
      return {
        id: row.id,
        label: row.label,
        name: row.name,
        affiliation: row.affiliation,
        seconds: Math.round((seconds.get(row.id) ?? 0) * 1000) / 1000,
        sample: sample
          ? { start: sample.start, end: Math.min(sample.end, sample.start + sampleSeconds) }
          : null,
        proposal:
          row.proposed !== null && row.similarity !== null
            ? {
                name: row.proposed,
                affiliation: row.proposed_affiliation ?? '',
                similarity: row.similarity,
              }
            : null,
      }
    })
  }

  turns(recordingId: string): ShownTurn[] {
    const names = new Map(
      (
        this.sql
          .get('SELECT id, label, name FROM speakers WHERE recording_id = ?')
          .all(recordingId) as Array<{ id: number; label: string; name: string }>
      ).map((row) => [row.id, shownSpeaker(row.label, row.name)]),
    )
    return this.stretches(recordingId).flatMap((stretch) => {
      const speaker = stretch.speaker_id === null ? undefined : names.get(stretch.speaker_id)
      return speaker === undefined ? [] : [{ start: stretch.start, end: stretch.end, speaker }]
    })
  }

  stretchesOf(speakerId: number): Array<{ start: number; end: number }> {
    const owner = this.sql.get('SELECT recording_id FROM speakers WHERE id = ?').get(speakerId) as
      { recording_id: string } | undefined
    if (!owner) return []
    return this.stretches(owner.recording_id)
      .filter((stretch) => stretch.speaker_id === speakerId)
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
      embedding: new Float32Array(
        row.embedding.buffer.slice(
          row.embedding.byteOffset,
          row.embedding.byteOffset + row.embedding.byteLength,
        ),
      ),
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
      .run(
        name,
        affiliation,
        Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength),
        at,
      )
    return { name, affiliation, createdAt: at }
  }

  forgetProfile(name: string): boolean {
    return this.sql.get('DELETE FROM voice_profiles WHERE name = ?').run(name).changes > 0
  }
}

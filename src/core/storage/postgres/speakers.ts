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
import type { LabelledTurn, SpeakerRecord, SpeakerStore } from '../ports.ts'
import type { Queryable, Transactional } from './db.ts'

/** Marks a recording's speakers as a person's work (decision 0153); the editor's edits call it. */
export async function markCorrected(q: Queryable, recordingId: string, at: string): Promise<void> {
  await q.run(
    `INSERT INTO speaker_state (recording_id, corrected_at) VALUES ($1, $2)
     ON CONFLICT (recording_id) DO UPDATE SET corrected_at = excluded.corrected_at`,
    [recordingId, at],
  )
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

/** The source transcript's track: the first that is not a translation. */
const sourceTrack = `SELECT id FROM tracks WHERE recording_id = $1 ORDER BY kind = 'translation', id LIMIT 1`

/**
 * Speaker detection's rows on PostgreSQL (migration 004, decision 0175): sqlite/speakers.ts's,
 * with the decisions both make alike in speakers/store-rules.ts. A forgotten voice profile
 * leaves the table files through scrub() (decision 0176).
 */
export class PostgresSpeakers implements SpeakerStore {
  private readonly q: Transactional
  private readonly now: () => Date
  constructor(q: Transactional, now: () => Date) {
    this.q = q
    this.now = now
  }

  async state(recordingId: string): Promise<SpeakersState> {
    const row = await this.q.row<{
      engine: string | null
      detected_at: string | null
      corrected_at: string | null
      named: boolean
      used: number
    }>(
      `SELECT st.engine, st.detected_at, st.corrected_at,
         EXISTS (SELECT 1 FROM speakers WHERE recording_id = $1 AND (name <> '' OR affiliation <> '')) AS named,
         (SELECT count(DISTINCT s.speaker_id) FROM segments s JOIN tracks t ON t.id = s.track_id
           WHERE t.recording_id = $1) AS used
       FROM (SELECT 1) AS one LEFT JOIN speaker_state st ON st.recording_id = $1`,
      [recordingId],
    )
    const detectedAt = row?.detected_at ?? null
    return {
      engine: row?.engine ?? null,
      detectedAt,
      corrected: speakersCorrected({
        detectedAt,
        correctedAt: row?.corrected_at ?? null,
        named: row?.named ?? false,
        used: row?.used ?? 0,
      }),
    }
  }

  saveDetection(
    recordingId: string,
    engine: string,
    turns: readonly LabelledTurn[],
  ): Promise<{ speakers: number; segments: number }> {
    return this.q.transaction(async (tx) => {
      await tx.run('DELETE FROM speakers WHERE recording_id = $1', [recordingId])
      const { labels, numbered } = numberTurns(turns)
      const added = await tx.rows<{ id: number }>(
        `INSERT INTO speakers (recording_id, label)
         SELECT $1, label FROM unnest($2::text[]) WITH ORDINALITY AS l(label, n) ORDER BY n
         RETURNING id`,
        [recordingId, labels],
      )
      // RETURNING gives the rows in the order inserted; identity ids grow with it.
      const speakerIds = added.map((row) => row.id).sort((a, b) => a - b)
      await tx.run(
        `INSERT INTO speaker_turns (recording_id, speaker_id, start, "end")
         SELECT $1, t.speaker_id, t.start, greatest(t.start, t.end)
         FROM unnest($2::bigint[], $3::float8[], $4::float8[]) AS t(speaker_id, start, "end")`,
        [
          recordingId,
          numbered.map((turn) => speakerIds[turn.speaker]),
          numbered.map((turn) => turn.start),
          numbered.map((turn) => turn.end),
        ],
      )
      const idOf = (speaker: number | null) =>
        speaker === null ? null : (speakerIds[speaker] ?? null)
      let segments = 0
      const rows = await tx.rows<SegmentRow>(
        `SELECT s.id, s.track_id, s.start, s."end" AS end, s.language, s.review, s.reviewed_by,
           s.reviewed_at
         FROM segments s JOIN tracks t ON t.id = s.track_id
         WHERE t.recording_id = $1 ORDER BY t.id, s.start, s.id`,
        [recordingId],
      )
      const words = await tx.rows<{
        id: number
        segment_id: number
        start: number
        end: number
        text: string
      }>(
        `SELECT w.id, w.segment_id, w.start, w."end" AS end, w.text
         FROM words w JOIN segments s ON s.id = w.segment_id JOIN tracks t ON t.id = s.track_id
         WHERE t.recording_id = $1 ORDER BY w.start, w.id`,
        [recordingId],
      )
      const wordsOf = new Map<number, typeof words>()
      for (const word of words) {
        const list = wordsOf.get(word.segment_id)
        if (list) list.push(word)
        else wordsOf.set(word.segment_id, [word])
      }
      for (const segment of rows) {
        const parts = splitByTurns(segment, wordsOf.get(segment.id) ?? [], numbered)
        segments += parts.length
        const [first, ...rest] = parts
        if (!first) continue
        if (rest.length === 0) {
          await tx.run('UPDATE segments SET speaker_id = $1 WHERE id = $2', [
            idOf(first.speaker),
            segment.id,
          ])
          continue
        }
        await tx.run('UPDATE segments SET speaker_id = $1, "end" = $2, text = $3 WHERE id = $4', [
          idOf(first.speaker),
          first.end,
          first.text,
          segment.id,
        ])
        for (const part of rest) {
          const inserted = await tx.row<{ id: number }>(
            `INSERT INTO segments (track_id, start, "end", speaker_id, language, text, review,
               reviewed_by, reviewed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            [
              segment.track_id,
              part.start,
              part.end,
              idOf(part.speaker),
              segment.language,
              part.text,
              segment.review,
              segment.reviewed_by,
              segment.reviewed_at,
            ],
          )
          await tx.run('UPDATE words SET segment_id = $1 WHERE id = ANY($2::bigint[])', [
            inserted?.id,
            part.wordIds,
          ])
        }
      }
      await tx.run(
        `INSERT INTO speaker_state (recording_id, engine, detected_at, corrected_at)
         VALUES ($1, $2, $3, NULL)
         ON CONFLICT (recording_id) DO UPDATE SET engine = excluded.engine,
           detected_at = excluded.detected_at, corrected_at = NULL`,
        [recordingId, engine, this.now().toISOString()],
      )
      return { speakers: labels.length, segments }
    })
  }

  /** The source transcript's segments when there is one, else the detected turns. */
  private async stretches(recordingId: string): Promise<SpeakerStretch[]> {
    const track = await this.q.row<{ id: number }>(sourceTrack, [recordingId])
    return track
      ? this.q.rows<SpeakerStretch>(
          `SELECT speaker_id AS "speakerId", start, "end" FROM segments WHERE track_id = $1
           ORDER BY start, id`,
          [track.id],
        )
      : this.q.rows<SpeakerStretch>(
          `SELECT speaker_id AS "speakerId", start, "end" FROM speaker_turns
           WHERE recording_id = $1 ORDER BY start, id`,
          [recordingId],
        )
  }

  async voices(recordingId: string): Promise<Voice[]> {
    const rows = await this.q.rows<VoiceRow>(
      `SELECT sp.id, sp.label, sp.name, sp.affiliation, vp.name AS proposed,
         vp.affiliation AS "proposedAffiliation", pr.similarity
       FROM speakers sp
       LEFT JOIN speaker_proposals pr ON pr.speaker_id = sp.id
       LEFT JOIN voice_profiles vp ON vp.id = pr.profile_id
       WHERE sp.recording_id = $1 ORDER BY sp.id`,
      [recordingId],
    )
    return voicesOf(rows, await this.stretches(recordingId))
  }

  async turns(recordingId: string): Promise<ShownTurn[]> {
    const speakers = await this.q.rows<{ id: number; label: string; name: string }>(
      'SELECT id, label, name FROM speakers WHERE recording_id = $1',
      [recordingId],
    )
    return shownTurns(speakers, await this.stretches(recordingId))
  }

  async stretchesOf(speakerId: number): Promise<Array<{ start: number; end: number }>> {
    const owner = await this.q.row<{ recording_id: string }>(
      'SELECT recording_id FROM speakers WHERE id = $1',
      [speakerId],
    )
    if (!owner) return []
    return (await this.stretches(owner.recording_id))
      .filter((stretch) => stretch.speakerId === speakerId)
      .map(({ start, end }) => ({ start, end }))
  }

  async rename(speakerId: number, name: string, affiliation: string): Promise<void> {
    await this.q.run('UPDATE speakers SET name = $1, affiliation = $2 WHERE id = $3', [
      name,
      affiliation,
      speakerId,
    ])
  }

  merge(speakerId: number, intoId: number): Promise<void> {
    return this.q.transaction(async (tx) => {
      const owner = await tx.row<{ recording_id: string }>(
        'SELECT recording_id FROM speakers WHERE id = $1',
        [speakerId],
      )
      if (!owner) return
      await tx.run('UPDATE segments SET speaker_id = $1 WHERE speaker_id = $2', [intoId, speakerId])
      await tx.run('UPDATE speaker_turns SET speaker_id = $1 WHERE speaker_id = $2', [
        intoId,
        speakerId,
      ])
      await tx.run('DELETE FROM speakers WHERE id = $1', [speakerId])
      await markCorrected(tx, owner.recording_id, this.now().toISOString())
    })
  }

  setProposals(
    recordingId: string,
    proposals: ReadonlyArray<{ speakerId: number; profileId: number; similarity: number }>,
  ): Promise<void> {
    return this.q.transaction(async (tx) => {
      await tx.run(
        'DELETE FROM speaker_proposals WHERE speaker_id IN (SELECT id FROM speakers WHERE recording_id = $1)',
        [recordingId],
      )
      await tx.run(
        `INSERT INTO speaker_proposals (speaker_id, profile_id, similarity)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::float8[])`,
        [
          proposals.map((p) => p.speakerId),
          proposals.map((p) => p.profileId),
          proposals.map((p) => p.similarity),
        ],
      )
    })
  }

  profiles(): Promise<VoiceProfile[]> {
    return this.q.rows<VoiceProfile>(
      `SELECT name, affiliation, created_at AS "createdAt" FROM voice_profiles
       ORDER BY lower(name), name`,
    )
  }

  async profileEmbeddings(): Promise<Array<{ id: number; name: string; embedding: Float32Array }>> {
    const rows = await this.q.rows<{ id: number; name: string; embedding: Buffer }>(
      'SELECT id, name, embedding FROM voice_profiles ORDER BY id',
    )
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      embedding: embeddingFromBytes(row.embedding),
    }))
  }

  async saveProfile(
    name: string,
    affiliation: string,
    embedding: Float32Array,
  ): Promise<VoiceProfile> {
    const at = this.now().toISOString()
    await this.q.run(
      `INSERT INTO voice_profiles (name, affiliation, embedding, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lower(name)) DO UPDATE SET name = excluded.name,
         affiliation = excluded.affiliation, embedding = excluded.embedding,
         created_at = excluded.created_at`,
      [name, affiliation, embeddingBytes(embedding), at],
    )
    return { name, affiliation, createdAt: at }
  }

  /** The row goes now; its bytes leave the table files when the caller runs scrub() (0176). */
  async forgetProfile(name: string): Promise<boolean> {
    return (
      (await this.q.run('DELETE FROM voice_profiles WHERE lower(name) = lower($1)', [name])) > 0
    )
  }

  async record(recordingId: string): Promise<SpeakerRecord> {
    const speakers = await this.q.rows<SpeakerRecord['speakers'][number]>(
      'SELECT label, name, affiliation FROM speakers WHERE recording_id = $1 ORDER BY id',
      [recordingId],
    )
    const turns = await this.q.rows<LabelledTurn>(
      `SELECT t.start, t."end" AS end, s.label FROM speaker_turns t
       JOIN speakers s ON s.id = t.speaker_id
       WHERE t.recording_id = $1 ORDER BY t.start, t.id`,
      [recordingId],
    )
    const state = await this.q.row<NonNullable<SpeakerRecord['state']>>(
      `SELECT engine, detected_at AS "detectedAt", corrected_at AS "correctedAt"
       FROM speaker_state WHERE recording_id = $1`,
      [recordingId],
    )
    return { speakers, turns, state: state ?? null }
  }

  restore(recordingId: string, record: SpeakerRecord): Promise<void> {
    return this.q.transaction(async (tx) => {
      if (!(await tx.row('SELECT 1 AS one FROM recordings WHERE id = $1', [recordingId])))
        throw recordingNotFound(recordingId)
      for (const speaker of record.speakers)
        await tx.run(
          `INSERT INTO speakers (recording_id, label, name, affiliation) VALUES ($1, $2, $3, $4)
           ON CONFLICT (recording_id, label)
           DO UPDATE SET name = excluded.name, affiliation = excluded.affiliation`,
          [recordingId, speaker.label, speaker.name, speaker.affiliation],
        )
      const ids = new Map(
        (
          await tx.rows<{ id: number; label: string }>(
            'SELECT id, label FROM speakers WHERE recording_id = $1',
            [recordingId],
          )
        ).map((row) => [row.label, row.id]),
      )
      await tx.run('DELETE FROM speaker_turns WHERE recording_id = $1', [recordingId])
      await tx.run(
        `INSERT INTO speaker_turns (recording_id, speaker_id, start, "end")
         SELECT $1, t.speaker_id, t.start, t."end"
         FROM unnest($2::bigint[], $3::float8[], $4::float8[]) WITH ORDINALITY AS t(speaker_id, start, "end", n)
         ORDER BY t.n`,
        [
          recordingId,
          record.turns.map((turn) => speakerOfTurn(ids, turn)),
          record.turns.map((turn) => turn.start),
          record.turns.map((turn) => turn.end),
        ],
      )
      await tx.run('DELETE FROM speaker_state WHERE recording_id = $1', [recordingId])
      if (record.state)
        await tx.run(
          `INSERT INTO speaker_state (recording_id, engine, detected_at, corrected_at)
           VALUES ($1, $2, $3, $4)`,
          [recordingId, record.state.engine, record.state.detectedAt, record.state.correctedAt],
        )
    })
  }
}

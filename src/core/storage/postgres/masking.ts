import type { DisguiseSpeakerInfo, TrackLanguage } from '../../../shared/contract/index.ts'
import {
  maskCueSpeakers,
  maskCueTexts,
  maskEpisodeTexts,
  maskSpeakers,
  withdrawnProfiles,
  planNameMask,
  planSpanMask,
  type MaskSegment,
  type MaskWord,
  type TranscriptMaskPlan,
} from '../../redaction/mask-plan.ts'
import type { Masks, RedactionMode, RedactionSpan, SaidAt, Stretch } from '../ports.ts'
import type { Transactional } from './db.ts'

/*
 * Redaction through the owners on PostgreSQL (decisions 0100, 0122 and 0140), the twin of
 * sqlite/masking.ts: the masking each owner of text offers, each on that owner's tables only;
 * redaction's own rows; what voice disguise reads of the speakers. src/core/redaction/redact.ts
 * calls every owner inside one transaction and then storage.scrub(), which on PostgreSQL
 * rewrites the tables these write (VACUUM FULL, decision 0140): an UPDATE leaves the old row's
 * bytes in the table file until then.
 */

type Language = TrackLanguage

const segmentColumns = 's.id, s.start, s."end", s.language, s.text'
const wordColumns = 'w.id, w.segment_id, w.start, w."end", w.text'
const ofRecording = 'JOIN tracks t ON t.id = s.track_id WHERE t.recording_id = $1'
const overStretch = ' AND s.start < $2 AND s."end" > $3'

// ---- Transcripts: words, segment texts (and the search column computed from them), speakers

export class PostgresTranscriptMasking {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  async namesLanguage(recordingId: string): Promise<Language> {
    const row = await this.q.row<{ language: Language }>(
      "SELECT language FROM tracks WHERE recording_id = $1 ORDER BY kind = 'translation', id LIMIT 1",
      [recordingId],
    )
    return row?.language ?? 'en'
  }

  /** The recording's segments (all, or those over a stretch) with their words: two reads. */
  private async segments(
    recordingId: string,
    over?: { from: number; to: number },
  ): Promise<MaskSegment[]> {
    const where = over ? ofRecording + overStretch : ofRecording
    const params = over ? [recordingId, over.to, over.from] : [recordingId]
    const segments = await this.q.rows<Omit<MaskSegment, 'words'>>(
      `SELECT ${segmentColumns} FROM segments s ${where} ORDER BY s.start, s.id`,
      params,
    )
    const words = await this.q.rows<MaskWord & { segment_id: number }>(
      `SELECT ${wordColumns} FROM words w JOIN segments s ON s.id = w.segment_id ${where}
       ORDER BY w.start, w.id`,
      params,
    )
    const bySegment = new Map<number, MaskWord[]>()
    for (const { segment_id: id, ...word } of words) {
      let list = bySegment.get(id)
      if (!list) bySegment.set(id, (list = []))
      list.push(word)
    }
    return segments.map((s) => ({ ...s, words: bySegment.get(s.id) ?? [] }))
  }

  /** Writes a plan (mask-plan.ts); the search column follows the segment's text by itself. */
  private async apply(plan: TranscriptMaskPlan): Promise<number> {
    for (const word of plan.words)
      await this.q.run('UPDATE words SET text = $1, "end" = $2 WHERE id = $3', [
        word.text,
        word.end,
        word.id,
      ])
    if (plan.deleteWords.length > 0)
      await this.q.run('DELETE FROM words WHERE id = ANY($1::bigint[])', [plan.deleteWords])
    for (const segment of plan.segments)
      await this.q.run('UPDATE segments SET text = $1 WHERE id = $2', [segment.text, segment.id])
    return plan.segments.length
  }

  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ segments: number; speakers: number; said: SaidAt[] }> {
    return this.q.transaction(async (tx) => {
      const self = new PostgresTranscriptMasking(tx)
      const plan = planNameMask(await self.segments(recordingId), name, masks)
      const speakers = maskSpeakers(
        await tx.rows<{ id: number; name: string; affiliation: string }>(
          'SELECT id, name, affiliation FROM speakers WHERE recording_id = $1 ORDER BY id',
          [recordingId],
        ),
        name,
        masks.names,
      )
      for (const speaker of speakers)
        await tx.run('UPDATE speakers SET name = $1, affiliation = $2 WHERE id = $3', [
          speaker.name,
          speaker.affiliation,
          speaker.id,
        ])
      const profiles = await tx.rows<{ id: number; name: string }>(
        'SELECT id, name FROM voice_profiles',
      )
      await tx.run(
        `DELETE FROM speaker_proposals WHERE profile_id = ANY($1::bigint[])
           AND speaker_id IN (SELECT id FROM speakers WHERE recording_id = $2)`,
        [withdrawnProfiles(profiles, name, masks.names), recordingId],
      )
      return { segments: await self.apply(plan), speakers: speakers.length, said: plan.said }
    })
  }

  maskSpan(recordingId: string, from: number, to: number, masks: Masks): Promise<number> {
    return this.q.transaction(async (tx) => {
      const self = new PostgresTranscriptMasking(tx)
      const segments = await self.segments(recordingId, { from, to })
      return self.apply(planSpanMask(segments, from, to, masks))
    })
  }
}

// ---- Subtitles: cue texts of every language, and the speakers cues name --------------------

export class PostgresSubtitleMasking {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ cues: number; said: Stretch[] }> {
    return this.q.transaction(async (tx) => {
      const texts = await tx.rows<Stretch & { cue_id: number; language: Language; text: string }>(
        `SELECT x.cue_id, x.language, x.text, c.start, c."end" FROM subtitle_texts x
           JOIN subtitle_cues c ON c.id = x.cue_id
         WHERE c.recording_id = $1 ORDER BY c.start, c.id, x.language`,
        [recordingId],
      )
      const { changed, said } = maskCueTexts(texts, name, masks)
      for (const cue of changed)
        await tx.run('UPDATE subtitle_texts SET text = $1 WHERE cue_id = $2 AND language = $3', [
          cue.text,
          cue.cue_id,
          cue.language,
        ])
      const speakers = await tx.rows<{ id: number; speaker: string }>(
        'SELECT id, speaker FROM subtitle_cues WHERE recording_id = $1 AND speaker IS NOT NULL',
        [recordingId],
      )
      for (const cue of maskCueSpeakers(speakers, name, masks.names))
        await tx.run('UPDATE subtitle_cues SET speaker = $1 WHERE id = $2', [cue.speaker, cue.id])
      return { cues: changed.length, said }
    })
  }

  maskSpan(recordingId: string, from: number, to: number, masks: Masks): Promise<number> {
    return this.q.run(
      `UPDATE subtitle_texts SET text = CASE language WHEN 'es' THEN $1 ELSE $2 END
       WHERE cue_id IN (SELECT id FROM subtitle_cues WHERE recording_id = $3 AND start < $4 AND "end" > $5)`,
      [masks.es, masks.en, recordingId, to, from],
    )
  }
}

// ---- Episodes: show notes, descriptions, chapter titles -------------------------------------

export class PostgresEpisodeMasking {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  /** Show notes, descriptions and chapter titles (mask-plan.ts's maskEpisodeTexts). */
  maskName(recordingId: string, name: string, masks: Masks): Promise<number> {
    return this.q.transaction(async (tx) => {
      const episodes = await tx.rows<{
        id: string
        notes: Record<string, unknown>
        descriptionEn: string
        descriptionEs: string
      }>(
        `SELECT e.id, e.notes, e.description_en AS "descriptionEn", e.description_es AS "descriptionEs" FROM episodes e
         WHERE EXISTS (SELECT 1 FROM episode_clips c WHERE c.episode_id = e.id AND c.recording_id = $1)`,
        [recordingId],
      )
      let count = 0
      for (const episode of episodes) {
        const chapters = await tx.rows<{ id: number; titleEn: string; titleEs: string }>(
          'SELECT id, title_en AS "titleEn", title_es AS "titleEs" FROM episode_chapters WHERE episode_id = $1',
          [episode.id],
        )
        const masked = maskEpisodeTexts({ ...episode, chapters }, name, masks)
        count += masked.count
        await tx.run(
          'UPDATE episodes SET notes = $1, description_en = $2, description_es = $3 WHERE id = $4',
          [JSON.stringify(masked.notes), masked.descriptionEn, masked.descriptionEs, episode.id],
        )
        for (const c of masked.chapters)
          await tx.run('UPDATE episode_chapters SET title_en = $1, title_es = $2 WHERE id = $3', [
            c.titleEn,
            c.titleEs,
            c.id,
          ])
      }
      return count
    })
  }
}

// ---- Jobs: what finished transcriptions kept ------------------------------------------------

export class PostgresJobMasking {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  forgetText(recordingId: string): Promise<number> {
    return this.q.run(
      "UPDATE jobs SET checkpoint = NULL, result = NULL WHERE recording_id = $1 AND kind = 'transcribe' AND state IN ('succeeded', 'failed', 'cancelled')",
      [recordingId],
    )
  }
}

// ---- Redaction's own rows: the covered stretches -------------------------------------------

export class PostgresRedactions {
  private readonly q: Transactional
  private readonly now: () => Date
  constructor(q: Transactional, now: () => Date) {
    this.q = q
    this.now = now
  }

  add(recordingId: string, spans: readonly Stretch[], mode: RedactionMode): Promise<void> {
    const at = this.now().toISOString()
    return this.q.transaction(async (tx) => {
      for (const span of spans)
        await tx.run(
          'INSERT INTO redactions (recording_id, start, "end", mode, created_at) VALUES ($1, $2, $3, $4, $5)',
          [recordingId, span.start, span.end, mode, at],
        )
    })
  }

  list(recordingId: string): Promise<RedactionSpan[]> {
    return this.q.rows(
      'SELECT start, "end", mode FROM redactions WHERE recording_id = $1 ORDER BY start, id',
      [recordingId],
    )
  }
}

// ---- What voice disguise reads of the speakers ----------------------------------------------

export class PostgresSpeakerTurns {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  speakers(recordingId: string): Promise<Array<{ id: number; label: string; name: string }>> {
    return this.q.rows('SELECT id, label, name FROM speakers WHERE recording_id = $1 ORDER BY id', [
      recordingId,
    ])
  }

  /** The ids travel as one array parameter, so the SQL text stays one. */
  turns(recordingId: string, speakerIds: readonly number[]): Promise<Stretch[]> {
    if (speakerIds.length === 0) return Promise.resolve([])
    return this.q.rows(
      `SELECT s.start, s."end" FROM segments s JOIN tracks t ON t.id = s.track_id
       WHERE t.recording_id = $1 AND s.speaker_id = ANY($2::bigint[])
       ORDER BY s.start, s.id`,
      [recordingId, speakerIds],
    )
  }

  talkTime(recordingIds: readonly string[]): Promise<DisguiseSpeakerInfo[]> {
    if (recordingIds.length === 0) return Promise.resolve([])
    return this.q.rows(
      `SELECT sp.label AS speaker, max(sp.name) AS name,
              sum(CASE WHEN t.kind = 'transcript' THEN s."end" - s.start ELSE 0 END) AS seconds
       FROM segments s JOIN tracks t ON t.id = s.track_id JOIN speakers sp ON sp.id = s.speaker_id
       WHERE t.recording_id = ANY($1::text[])
       GROUP BY sp.label ORDER BY seconds DESC, sp.label COLLATE "C"`,
      [recordingIds],
    )
  }
}

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
import type { StatementCache } from './statements.ts'

/*
 * Redaction through the owners on SQLite (decisions 0100 and 0122): the masking each owner of
 * text offers, one section per owner, each on that owner's tables only; the redactions table
 * (redaction's own); and what voice disguise reads of the speakers. sqlite/storage.ts puts these
 * synchronous classes behind the ports; src/core/redaction/redact.ts calls every owner inside one
 * transaction. tests/storage/masking-coverage.test.ts lists every column of text in the schema
 * and fails on one that no section masks.
 */

type Language = TrackLanguage

// ---- Transcripts: words, segment texts (and so the search index), speakers ------------------

const segmentsOf = `SELECT s.id, s.start, s.end, s.language, s.text FROM segments s JOIN tracks t ON t.id = s.track_id
  WHERE t.recording_id = ? ORDER BY s.start`
const segmentsOver = `SELECT s.id, s.start, s.end, s.language, s.text FROM segments s JOIN tracks t ON t.id = s.track_id
  WHERE t.recording_id = ? AND s.start < ? AND s.end > ?`
const wordsOf = 'SELECT id, start, end, text FROM words WHERE segment_id = ? ORDER BY start, id'

export class SqliteTranscriptMasking {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  namesLanguage(recordingId: string): Language {
    const language = this.sql
      .get(
        "SELECT language FROM tracks WHERE recording_id = ? ORDER BY kind = 'translation', id LIMIT 1",
      )
      .pluck()
      .get(recordingId) as Language | undefined
    return language ?? 'en'
  }

  private withWords(segments: Array<Omit<MaskSegment, 'words'>>): MaskSegment[] {
    return segments.map((segment) => ({
      ...segment,
      words: this.sql.get(wordsOf).all(segment.id) as MaskWord[],
    }))
  }

  /** Writes a plan (mask-plan.ts); the FTS5 index follows through its update trigger. */
  private apply(plan: TranscriptMaskPlan): number {
    for (const word of plan.words)
      this.sql
        .get('UPDATE words SET text = ?, end = ? WHERE id = ?')
        .run(word.text, word.end, word.id)
    for (const id of plan.deleteWords) this.sql.get('DELETE FROM words WHERE id = ?').run(id)
    for (const segment of plan.segments)
      this.sql.get('UPDATE segments SET text = ? WHERE id = ?').run(segment.text, segment.id)
    return plan.segments.length
  }

  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): { segments: number; speakers: number; said: SaidAt[] } {
    const segments = this.sql.get(segmentsOf).all(recordingId) as MaskSegment[]
    const plan = planNameMask(this.withWords(segments), name, masks)
    const speakers = maskSpeakers(
      this.sql
        .get('SELECT id, name, affiliation FROM speakers WHERE recording_id = ?')
        .all(recordingId) as Array<{ id: number; name: string; affiliation: string }>,
      name,
      masks.names,
    )
    for (const speaker of speakers)
      this.sql
        .get('UPDATE speakers SET name = ?, affiliation = ? WHERE id = ?')
        .run(speaker.name, speaker.affiliation, speaker.id)
    // A remembered voice of that name is no longer proposed here (decision 0155); the profile
    // itself is the library's, forgotten whole with `voices forget`.
    const profiles = this.sql.get('SELECT id, name FROM voice_profiles').all() as Array<{
      id: number
      name: string
    }>
    for (const profileId of withdrawnProfiles(profiles, name, masks.names)) {
      this.sql
        .get(
          `DELETE FROM speaker_proposals WHERE profile_id = ?
             AND speaker_id IN (SELECT id FROM speakers WHERE recording_id = ?)`,
        )
        .run(profileId, recordingId)
    }
    return { segments: this.apply(plan), speakers: speakers.length, said: plan.said }
  }

  maskSpan(recordingId: string, from: number, to: number, masks: Masks): number {
    const segments = this.sql.get(segmentsOver).all(recordingId, to, from) as MaskSegment[]
    return this.apply(planSpanMask(this.withWords(segments), from, to, masks))
  }
}

// ---- Subtitles: cue texts of every language, and the speakers cues name --------------------

export class SqliteSubtitleMasking {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  maskName(recordingId: string, name: string, masks: Masks): { cues: number; said: Stretch[] } {
    const texts = this.sql
      .get(
        `SELECT x.cue_id, x.language, x.text, c.start, c.end FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
         WHERE c.recording_id = ?`,
      )
      .all(recordingId) as Array<Stretch & { cue_id: number; language: Language; text: string }>
    const { changed, said } = maskCueTexts(texts, name, masks)
    for (const cue of changed)
      this.sql
        .get('UPDATE subtitle_texts SET text = ? WHERE cue_id = ? AND language = ?')
        .run(cue.text, cue.cue_id, cue.language)
    const speakers = this.sql
      .get('SELECT id, speaker FROM subtitle_cues WHERE recording_id = ? AND speaker IS NOT NULL')
      .all(recordingId) as Array<{ id: number; speaker: string }>
    for (const cue of maskCueSpeakers(speakers, name, masks.names))
      this.sql.get('UPDATE subtitle_cues SET speaker = ? WHERE id = ?').run(cue.speaker, cue.id)
    return { cues: changed.length, said }
  }

  maskSpan(recordingId: string, from: number, to: number, masks: Masks): number {
    return this.sql
      .get(
        `UPDATE subtitle_texts SET text = CASE language WHEN 'es' THEN ? ELSE ? END
         WHERE cue_id IN (SELECT id FROM subtitle_cues WHERE recording_id = ? AND start < ? AND end > ?)`,
      )
      .run(masks.es, masks.en, recordingId, to, from).changes
  }
}

// ---- Episodes: show notes, descriptions, chapter titles -------------------------------------

export class SqliteEpisodeMasking {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  /** Show notes, descriptions and chapter titles (mask-plan.ts's maskEpisodeTexts). */
  maskName(recordingId: string, name: string, masks: Masks): number {
    const episodes = this.sql
      .get(
        'SELECT DISTINCT e.id, e.notes, e.description_en AS descriptionEn, e.description_es AS descriptionEs FROM episodes e JOIN episode_clips c ON c.episode_id = e.id WHERE c.recording_id = ?',
      )
      .all(recordingId) as Array<{
      id: string
      notes: string
      descriptionEn: string
      descriptionEs: string
    }>
    let count = 0
    for (const episode of episodes) {
      const chapters = this.sql
        .get(
          'SELECT id, title_en AS titleEn, title_es AS titleEs FROM episode_chapters WHERE episode_id = ?',
        )
        .all(episode.id) as Array<{ id: number; titleEn: string; titleEs: string }>
      const masked = maskEpisodeTexts(
        {
          notes: JSON.parse(episode.notes) as Record<string, unknown>,
          descriptionEn: episode.descriptionEn,
          descriptionEs: episode.descriptionEs,
          chapters,
        },
        name,
        masks,
      )
      count += masked.count
      this.sql
        .get('UPDATE episodes SET notes = ?, description_en = ?, description_es = ? WHERE id = ?')
        .run(JSON.stringify(masked.notes), masked.descriptionEn, masked.descriptionEs, episode.id)
      for (const c of masked.chapters)
        this.sql
          .get('UPDATE episode_chapters SET title_en = ?, title_es = ? WHERE id = ?')
          .run(c.titleEn, c.titleEs, c.id)
    }
    return count
  }
}

// ---- Jobs: what finished transcriptions kept ------------------------------------------------

export class SqliteJobMasking {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  forgetText(recordingId: string): number {
    return this.sql
      .get(
        "UPDATE jobs SET checkpoint = NULL, result = NULL WHERE recording_id = ? AND kind = 'transcribe' AND state IN ('succeeded', 'failed', 'cancelled')",
      )
      .run(recordingId).changes
  }
}

// ---- Redaction's own rows: the covered stretches -------------------------------------------

export class SqliteRedactions {
  private readonly sql: StatementCache
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date) {
    this.sql = sql
    this.now = now
  }

  add(recordingId: string, spans: readonly Stretch[], mode: RedactionMode): void {
    const at = this.now().toISOString()
    const insert = this.sql.get(
      'INSERT INTO redactions (recording_id, start, end, mode, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    for (const span of spans) insert.run(recordingId, span.start, span.end, mode, at)
  }

  list(recordingId: string): RedactionSpan[] {
    return this.sql
      .get('SELECT start, end, mode FROM redactions WHERE recording_id = ? ORDER BY start')
      .all(recordingId) as RedactionSpan[]
  }
}

// ---- What voice disguise reads of the speakers ----------------------------------------------

export class SqliteSpeakerTurns {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  speakers(recordingId: string): Array<{ id: number; label: string; name: string }> {
    return this.sql
      .get('SELECT id, label, name FROM speakers WHERE recording_id = ?')
      .all(recordingId) as Array<{ id: number; label: string; name: string }>
  }

  /** The ids travel as one JSON array, so the SQL text stays one (statements.ts). */
  turns(recordingId: string, speakerIds: readonly number[]): Stretch[] {
    if (speakerIds.length === 0) return []
    return this.sql
      .get(
        `SELECT s.start, s.end FROM segments s JOIN tracks t ON t.id = s.track_id
         WHERE t.recording_id = ? AND s.speaker_id IN (SELECT value FROM json_each(?))
         ORDER BY s.start`,
      )
      .all(recordingId, JSON.stringify(speakerIds)) as Stretch[]
  }

  talkTime(recordingIds: readonly string[]): DisguiseSpeakerInfo[] {
    if (recordingIds.length === 0) return []
    return this.sql
      .get(
        `SELECT sp.label AS speaker, max(sp.name) AS name,
                sum(CASE WHEN t.kind = 'transcript' THEN s.end - s.start ELSE 0 END) AS seconds
         FROM segments s JOIN tracks t ON t.id = s.track_id JOIN speakers sp ON sp.id = s.speaker_id
         WHERE t.recording_id IN (SELECT value FROM json_each(?))
         GROUP BY sp.label ORDER BY seconds DESC, sp.label`,
      )
      .all(JSON.stringify(recordingIds)) as DisguiseSpeakerInfo[]
  }
}

import {
  VocesError,
  type SubtitleChange,
  type SubtitleCue,
  type Subtitles,
  type SubtitleTrack,
} from '../../../shared/contract/index.ts'
import {
  cueChange,
  cueTextRows,
  cueUpdate,
  foldCues,
  mergedRulesPatch,
  speakerNames,
  staleCue,
  type CueRow,
  type SpeakerNames,
} from '../../subtitles/cue-rows.ts'
import {
  defaultSubtitleRules,
  mergeRules,
  type SubtitleRules,
  type SubtitleRulesPatch,
} from '../../subtitles/rules.ts'
import {
  languages,
  type CueStep,
  type CueUpdate,
  type Language,
  type NewCue,
  type TimedSegment,
  type TrackInfo,
} from '../../subtitles/types.ts'
import type { StatementCache } from './statements.ts'

/*
 * The subtitles' SQL on SQLite (decisions 0100 and 0116): tracks, cues with their texts and review
 * states, the rules overrides (migration 003), and the transcript rows cues are made from
 * (migration 001). Synchronous on one connection; sqlite/storage.ts puts it behind the async
 * SubtitleStore port and the serialised transaction.
 */

interface TrackRow {
  language: Language
  origin: SubtitleTrack['origin']
  source: string
  timing: number
  created_at: string
  updated_at: string
  cues: number
  verified: number
}

const cueOwner = 'SELECT recording_id FROM subtitle_cues WHERE id = ?'
const updateCueRow = 'UPDATE subtitle_cues SET start = ?, end = ?, speaker = ? WHERE id = ?'
const insertCueRow =
  'INSERT INTO subtitle_cues (recording_id, start, end, speaker) VALUES (?, ?, ?, ?)'
const insertMachineText = 'INSERT INTO subtitle_texts (cue_id, language, text) VALUES (?, ?, ?)'
const rulesOf = "SELECT rules FROM subtitle_rules WHERE ifnull(recording_id, '') = ?"

export class SqliteSubtitles {
  private readonly sql: StatementCache
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date) {
    this.sql = sql
    this.now = now
  }

  /** Everything the editor shows, read at one moment. */
  get(recordingId: string): Subtitles {
    return {
      recordingId,
      tracks: this.tracks(recordingId),
      cues: this.cues(recordingId),
      rules: this.rules(recordingId),
    }
  }

  tracks(recordingId: string): SubtitleTrack[] {
    const rows = this.sql
      .get(
        `SELECT t.language, t.origin, t.source, t.timing, t.created_at, t.updated_at,
           (SELECT count(*) FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
             WHERE c.recording_id = t.recording_id AND x.language = t.language AND x.text <> '') AS cues,
           (SELECT count(*) FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
             WHERE c.recording_id = t.recording_id AND x.language = t.language AND x.review = 'verified') AS verified
         FROM subtitle_tracks t WHERE t.recording_id = ? ORDER BY t.timing DESC, t.language`,
      )
      .all(recordingId) as TrackRow[]
    return rows.map((row) => ({
      language: row.language,
      origin: row.origin,
      source: row.source,
      timing: row.timing === 1,
      cues: row.cues,
      verified: row.verified,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }))
  }

  /** The language the cue timing was made or imported from; null before any track exists. */
  timingLanguage(recordingId: string): Language | null {
    const row = this.sql
      .get('SELECT language FROM subtitle_tracks WHERE recording_id = ? AND timing = 1')
      .get(recordingId) as { language: Language } | undefined
    return row?.language ?? null
  }

  cues(recordingId: string): SubtitleCue[] {
    const rows = this.sql
      .get(
        `SELECT c.id, c.start, c.end, c.speaker, x.language, x.text, x.review, x.reviewed_by, x.reviewed_at
         FROM subtitle_cues c LEFT JOIN subtitle_texts x ON x.cue_id = c.id
         WHERE c.recording_id = ? ORDER BY c.start, c.id`,
      )
      .all(recordingId) as CueRow[]
    return foldCues(rows, this.speakerNames(recordingId).shown)
  }

  /** The recording's speakers, for cues to be read and written by (cue-rows.ts). */
  private speakerNames(recordingId: string): SpeakerNames {
    return speakerNames(
      this.sql
        .get('SELECT label, name FROM speakers WHERE recording_id = ? ORDER BY id')
        .all(recordingId) as Array<{ label: string; name: string }>,
    )
  }

  /** One cue and its recording; null when there is no such cue. */
  findCue(cueId: number): { recordingId: string; cue: SubtitleCue } | null {
    const rows = this.sql
      .get(
        `SELECT c.id, c.start, c.end, c.speaker, c.recording_id, x.language, x.text, x.review,
           x.reviewed_by, x.reviewed_at
         FROM subtitle_cues c LEFT JOIN subtitle_texts x ON x.cue_id = c.id WHERE c.id = ?`,
      )
      .all(cueId) as Array<CueRow & { recording_id: string }>
    const first = rows[0]
    const cue = first ? foldCues(rows, this.speakerNames(first.recording_id).shown)[0] : undefined
    return cue && first ? { recordingId: first.recording_id, cue } : null
  }

  cue(cueId: number): { recordingId: string; cue: SubtitleCue } {
    const found = this.findCue(cueId)
    if (!found)
      throw new VocesError('SUBTITLE_CUE_NOT_FOUND', `There is no subtitle cue ${cueId}.`, {
        cueId,
      })
    return found
  }

  /** The timing of every cue of a recording, in time order: what the cue operations look at. */
  spans(recordingId: string): Array<{ id: number; start: number; end: number }> {
    return this.sql
      .get('SELECT id, start, end FROM subtitle_cues WHERE recording_id = ? ORDER BY start, id')
      .all(recordingId) as Array<{ id: number; start: number; end: number }>
  }

  /** The cue after this one in time order, if any. */
  nextCueId(cueId: number): number | null {
    const row = this.sql
      .get(
        `SELECT n.id FROM subtitle_cues c JOIN subtitle_cues n ON n.recording_id = c.recording_id
         WHERE c.id = ? AND (n.start > c.start OR (n.start = c.start AND n.id > c.id))
         ORDER BY n.start, n.id LIMIT 1`,
      )
      .get(cueId) as { id: number } | undefined
    return row?.id ?? null
  }

  /**
   * Writes a cue's whole state, texts and review states included: the row is updated, or inserted
   * with its id when it is gone (an undone delete). A cue of another recording is EDIT_STALE.
   */
  putCue(recordingId: string, cue: SubtitleCue): void {
    this.sql.db.transaction(() => this.writeCue(recordingId, cue))()
  }

  private writeCue(recordingId: string, cue: SubtitleCue): void {
    const owner = this.sql.get(cueOwner).get(cue.id) as { recording_id: string } | undefined
    if (owner && owner.recording_id !== recordingId) throw staleCue(cue.id)
    const end = Math.max(cue.start, cue.end)
    const speaker = this.speakerNames(recordingId).stored(cue.speaker)
    if (owner) {
      this.sql.get(updateCueRow).run(cue.start, end, speaker, cue.id)
    } else {
      this.sql
        .get(
          'INSERT INTO subtitle_cues (id, recording_id, start, end, speaker) VALUES (?, ?, ?, ?, ?)',
        )
        .run(cue.id, recordingId, cue.start, end, speaker)
    }
    this.putTexts(cue.id, cue.texts)
  }

  /** Adds a cue with a new id; returns the id. */
  private insertCue(recordingId: string, cue: Omit<SubtitleCue, 'id'>): number {
    const id = Number(
      this.sql
        .get(insertCueRow)
        .run(
          recordingId,
          cue.start,
          Math.max(cue.start, cue.end),
          this.speakerNames(recordingId).stored(cue.speaker),
        ).lastInsertRowid,
    )
    this.putTexts(id, cue.texts)
    return id
  }

  private putTexts(cueId: number, texts: SubtitleCue['texts']): void {
    this.sql.get('DELETE FROM subtitle_texts WHERE cue_id = ?').run(cueId)
    const insert = this.sql.get(
      `INSERT INTO subtitle_texts (cue_id, language, text, review, reviewed_by, reviewed_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    for (const row of cueTextRows(texts, this.now().toISOString()))
      insert.run(cueId, row.language, row.text, row.review, row.reviewedBy, row.reviewedAt)
  }

  /** Removes a cue and its texts; whether it was there. */
  removeCue(cueId: number): boolean {
    return this.sql.get('DELETE FROM subtitle_cues WHERE id = ?').run(cueId).changes > 0
  }

  /**
   * A cue operation (docs/decisions/0032-cue-operations-and-undo.md) as one transaction: every
   * cue a step touches is recorded before it is touched, and the change returned carries the patch
   * that puts them back. A step on a cue of another recording is EDIT_STALE and changes nothing.
   */
  edit(recordingId: string, steps: readonly CueStep[]): SubtitleChange {
    return this.sql.db.transaction(() => {
      const before = new Map<number, SubtitleCue | null>()
      const touch = (cueId: number) => {
        if (!before.has(cueId)) before.set(cueId, this.findCue(cueId)?.cue ?? null)
      }
      for (const step of steps) {
        if ('put' in step) {
          touch(step.put.id)
          this.writeCue(recordingId, step.put)
        } else if ('insert' in step) {
          const id = this.insertCue(recordingId, step.insert)
          if (!before.has(id)) before.set(id, null)
        } else {
          const found = this.findCue(step.remove)
          if (!found) continue
          if (found.recordingId !== recordingId) throw staleCue(step.remove)
          touch(step.remove)
          this.removeCue(step.remove)
        }
      }
      const after = new Map<number, SubtitleCue | null>()
      for (const id of before.keys()) after.set(id, this.findCue(id)?.cue ?? null)
      if (before.size > 0) this.touchTracks(recordingId)
      return cueChange(recordingId, before, after)
    })()
  }

  /** Marks a recording's subtitle tracks as changed now. */
  private touchTracks(recordingId: string): void {
    this.sql
      .get('UPDATE subtitle_tracks SET updated_at = ? WHERE recording_id = ?')
      .run(this.now().toISOString(), recordingId)
  }

  verifiedCount(recordingId: string): number {
    const row = this.sql
      .get(
        `SELECT count(*) AS n FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
         WHERE c.recording_id = ? AND x.review = 'verified'`,
      )
      .get(recordingId) as { n: number }
    return row.n
  }

  /** Replaces every cue of a recording, and sets its tracks, in one transaction. */
  replaceCues(recordingId: string, cues: readonly NewCue[], tracks: readonly TrackInfo[]): void {
    const insertCue = this.sql.get(insertCueRow)
    const insertText = this.sql.get(insertMachineText)
    this.sql.db.transaction(() => {
      const { stored } = this.speakerNames(recordingId)
      this.sql.get('DELETE FROM subtitle_cues WHERE recording_id = ?').run(recordingId)
      for (const cue of cues) {
        const { lastInsertRowid } = insertCue.run(
          recordingId,
          cue.start,
          Math.max(cue.start, cue.end),
          stored(cue.speaker),
        )
        for (const language of languages) {
          const text = cue.texts[language]
          if (text !== undefined) insertText.run(lastInsertRowid, language, text)
        }
      }
      this.setTracks(recordingId, tracks)
    })()
  }

  /**
   * Sets one language's text on existing cues (by cue id), as machine text; cues not named lose
   * that language's text. The other language and the timing stay.
   */
  replaceTexts(
    recordingId: string,
    language: Language,
    texts: ReadonlyMap<number, string>,
    track: TrackInfo,
  ): void {
    const insertText = this.sql.get(insertMachineText)
    this.sql.db.transaction(() => {
      this.sql
        .get(
          'DELETE FROM subtitle_texts WHERE language = ? AND cue_id IN (SELECT id FROM subtitle_cues WHERE recording_id = ?)',
        )
        .run(language, recordingId)
      for (const [cueId, text] of texts) insertText.run(cueId, language, text)
      this.setTracks(recordingId, [track])
    })()
  }

  private setTracks(recordingId: string, tracks: readonly TrackInfo[]): void {
    const at = this.now().toISOString()
    if (tracks.some((track) => track.timing)) {
      this.sql.get('UPDATE subtitle_tracks SET timing = 0 WHERE recording_id = ?').run(recordingId)
    }
    const upsert = this.sql.get(
      `INSERT INTO subtitle_tracks (recording_id, language, origin, source, timing, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (recording_id, language) DO UPDATE SET origin = excluded.origin, source = excluded.source,
         timing = max(timing, excluded.timing), updated_at = excluded.updated_at`,
    )
    for (const track of tracks)
      upsert.run(
        recordingId,
        track.language,
        track.origin,
        track.source,
        track.timing ? 1 : 0,
        at,
        at,
      )
  }

  /** Changes one cue; see the contract's subtitles.updateCue. */
  updateCue(cueId: number, change: CueUpdate): { recordingId: string; cue: SubtitleCue } {
    return this.sql.db.transaction(() => {
      const { recordingId, cue } = this.cue(cueId)
      const at = this.now().toISOString()
      const update = cueUpdate(cueId, cue, change, at)
      this.sql
        .get(updateCueRow)
        .run(update.start, update.end, this.speakerNames(recordingId).stored(update.speaker), cueId)
      const text = update.text
      if (text) {
        this.sql
          .get(
            `INSERT INTO subtitle_texts (cue_id, language, text, review, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (cue_id, language) DO UPDATE SET text = excluded.text, review = excluded.review,
             reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at`,
          )
          .run(cueId, text.language, text.text, text.review, text.reviewedBy, text.reviewedAt)
        this.sql
          .get('UPDATE subtitle_tracks SET updated_at = ? WHERE recording_id = ? AND language = ?')
          .run(at, recordingId, text.language)
      }
      return this.cue(cueId)
    })()
  }

  /** The rules overrides stored for the library (recordingId null) or one recording. */
  rulesPatch(recordingId: string | null): SubtitleRulesPatch | null {
    const row = this.sql.get(rulesOf).get(recordingId ?? '') as { rules: string } | undefined
    return row ? (JSON.parse(row.rules) as SubtitleRulesPatch) : null
  }

  /**
   * Merges `patch` into the stored overrides of a scope, or clears them with `reset`; checks the
   * rules that result (rules.ts, the same for every backend) and writes all or nothing.
   */
  setRulesPatch(recordingId: string | null, patch: SubtitleRulesPatch, reset: boolean): void {
    this.sql.db.transaction(() => {
      const merged = mergedRulesPatch(
        recordingId,
        this.rulesPatch(recordingId),
        patch,
        reset,
        this.rulesPatch(null),
      )
      this.sql
        .get("DELETE FROM subtitle_rules WHERE ifnull(recording_id, '') = ?")
        .run(recordingId ?? '')
      if (Object.keys(merged).length > 0) {
        this.sql
          .get('INSERT INTO subtitle_rules (recording_id, rules) VALUES (?, ?)')
          .run(recordingId, JSON.stringify(merged))
      }
    })()
  }

  /** The rules in force for a recording: defaults, then the library's overrides, then its own. */
  rules(recordingId: string | null): SubtitleRules {
    const library = mergeRules(this.rulesPatch(null) ?? {}, defaultSubtitleRules)
    return recordingId ? mergeRules(this.rulesPatch(recordingId) ?? {}, library) : library
  }

  /** Which transcript tracks a recording has (tables of migration 001). */
  transcriptTracks(
    recordingId: string,
  ): Array<{ language: Language; kind: 'transcript' | 'translation' }> {
    return this.sql
      .get(
        "SELECT language, kind FROM tracks WHERE recording_id = ? ORDER BY kind = 'translation', id",
      )
      .all(recordingId) as Array<{ language: Language; kind: 'transcript' | 'translation' }>
  }

  /**
   * A transcript track's segments with their words and speakers, in time order. The speaker is
   * its label, which cues keep: they are read under the name given (speakerNames).
   */
  transcript(recordingId: string, language: Language): TimedSegment[] {
    const segments = this.sql
      .get(
        `SELECT s.id, s.start, s.end, s.text, sp.label AS speaker
         FROM segments s JOIN tracks t ON t.id = s.track_id LEFT JOIN speakers sp ON sp.id = s.speaker_id
         WHERE t.recording_id = ? AND t.language = ? ORDER BY s.start, s.id`,
      )
      .all(recordingId, language) as Array<{
      id: number
      start: number
      end: number
      text: string
      speaker: string | null
    }>
    const words = this.sql.get(
      'SELECT start, end, text, probability FROM words WHERE segment_id = ? ORDER BY start, id',
    )
    return segments.map((segment) => ({
      start: segment.start,
      end: segment.end,
      text: segment.text,
      speaker: segment.speaker,
      words: words.all(segment.id) as TimedSegment['words'],
    }))
  }
}

import { mergedRulesPatch } from '../../subtitles/cue-rows.ts'
import {
  defaultSubtitleRules,
  mergeRules,
  type SubtitleRules,
  type SubtitleRulesPatch,
} from '../../subtitles/rules.ts'
import type { Language, TimedSegment, TimedWord } from '../../subtitles/types.ts'
import type { Transactional } from './db.ts'

/*
 * The subtitle rules overrides (one row for the library, recording_id NULL, and one per
 * recording) and the transcript rows cues are made from, on PostgreSQL: the SubtitleStore's
 * reads beside the cues (postgres/subtitles.ts). What the rules mean is rules.ts's, the same
 * for every backend.
 */

const rulesOf = "SELECT rules FROM subtitle_rules WHERE coalesce(recording_id, '') = $1"

export class PostgresSubtitleRules {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  async rulesPatch(recordingId: string | null): Promise<SubtitleRulesPatch | null> {
    const row = await this.q.row<{ rules: SubtitleRulesPatch }>(rulesOf, [recordingId ?? ''])
    return row?.rules ?? null
  }

  /** Merges or resets, checks the rules that result, and writes all or nothing. */
  setRulesPatch(
    recordingId: string | null,
    patch: SubtitleRulesPatch,
    reset: boolean,
  ): Promise<void> {
    return this.q.transaction((tx) =>
      new PostgresSubtitleRules(tx).writeRulesPatch(recordingId, patch, reset),
    )
  }

  private async writeRulesPatch(
    recordingId: string | null,
    patch: SubtitleRulesPatch,
    reset: boolean,
  ): Promise<void> {
    const merged = mergedRulesPatch(
      recordingId,
      await this.rulesPatch(recordingId),
      patch,
      reset,
      await this.rulesPatch(null),
    )
    await this.q.run("DELETE FROM subtitle_rules WHERE coalesce(recording_id, '') = $1", [
      recordingId ?? '',
    ])
    if (Object.keys(merged).length > 0) {
      await this.q.run('INSERT INTO subtitle_rules (recording_id, rules) VALUES ($1, $2)', [
        recordingId,
        JSON.stringify(merged),
      ])
    }
  }

  async rules(recordingId: string | null): Promise<SubtitleRules> {
    const library = mergeRules((await this.rulesPatch(null)) ?? {}, defaultSubtitleRules)
    return recordingId ? mergeRules((await this.rulesPatch(recordingId)) ?? {}, library) : library
  }

  async transcriptTracks(
    recordingId: string,
  ): Promise<Array<{ language: Language; kind: 'transcript' | 'translation' }>> {
    return this.q.rows(
      "SELECT language, kind FROM tracks WHERE recording_id = $1 ORDER BY kind = 'translation', id",
      [recordingId],
    )
  }

  /**
   * A transcript track's segments with their words and speaker labels, in time order: two
   * queries, not one per segment (each is a round trip to the server).
   */
  async transcript(recordingId: string, language: Language): Promise<TimedSegment[]> {
    const segments = await this.q.rows<{
      id: number
      start: number
      end: number
      text: string
      speaker: string | null
    }>(
      `SELECT s.id, s.start, s."end", s.text, sp.label AS speaker
       FROM segments s JOIN tracks t ON t.id = s.track_id LEFT JOIN speakers sp ON sp.id = s.speaker_id
       WHERE t.recording_id = $1 AND t.language = $2 ORDER BY s.start, s.id`,
      [recordingId, language],
    )
    const words = await this.q.rows<TimedWord & { segment_id: number }>(
      `SELECT w.segment_id, w.start, w."end", w.text, w.probability
       FROM words w JOIN segments s ON s.id = w.segment_id JOIN tracks t ON t.id = s.track_id
       WHERE t.recording_id = $1 AND t.language = $2 ORDER BY w.segment_id, w.start, w.id`,
      [recordingId, language],
    )
    const bySegment = new Map<number, TimedSegment['words']>()
    for (const { segment_id: id, ...word } of words) {
      let list = bySegment.get(id)
      if (!list) bySegment.set(id, (list = []))
      list.push(word)
    }
    return segments.map(({ id, ...segment }) => ({ ...segment, words: bySegment.get(id) ?? [] }))
  }
}

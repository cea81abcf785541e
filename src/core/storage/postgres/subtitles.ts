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
  speakerNames,
  staleCue,
  type CueRow,
  type SpeakerNames,
} from '../../subtitles/cue-rows.ts'
import type { SubtitleRules, SubtitleRulesPatch } from '../../subtitles/rules.ts'
import {
  languages,
  type CueStep,
  type CueUpdate,
  type Language,
  type NewCue,
  type TimedSegment,
  type TrackInfo,
} from '../../subtitles/types.ts'
import type { Transactional } from './db.ts'
import { PostgresSubtitleRules } from './subtitle-rules.ts'

/*
 * The subtitles on PostgreSQL (decisions 0100, 0116 and 0141), the twin of sqlite/subtitles.ts: tracks,
 * cues with their texts and checked marks, cue operations; the rules and the transcript reads are
 * in subtitle-rules.ts. A change of several statements runs in `q.transaction` (a savepoint when
 * the caller's transaction is open) on a PostgresSubtitles of that connection: all of it or none.
 */

interface TrackRow {
  language: Language
  origin: SubtitleTrack['origin']
  source: string
  timing: boolean
  created_at: string
  updated_at: string
  cues: number
  verified: number
}

const cueColumns = `c.id, c.start, c."end", c.speaker, x.language, x.text, x.review, x.reviewed_by, x.reviewed_at`
const updateCueRow = 'UPDATE subtitle_cues SET start = $1, "end" = $2, speaker = $3 WHERE id = $4'
const insertCueRow =
  'INSERT INTO subtitle_cues (recording_id, start, "end", speaker) VALUES ($1, $2, $3, $4) RETURNING id'

export class PostgresSubtitles {
  private readonly q: Transactional
  private readonly now: () => Date
  private readonly ruleStore: PostgresSubtitleRules
  constructor(q: Transactional, now: () => Date) {
    this.q = q
    this.now = now
    this.ruleStore = new PostgresSubtitleRules(q)
  }

  async get(recordingId: string): Promise<Subtitles> {
    return {
      recordingId,
      tracks: await this.tracks(recordingId),
      cues: await this.cues(recordingId),
      rules: await this.rules(recordingId),
    }
  }

  async tracks(recordingId: string): Promise<SubtitleTrack[]> {
    const rows = await this.q.rows<TrackRow>(
      `SELECT t.language, t.origin, t.source, t.timing, t.created_at, t.updated_at,
         (SELECT count(*) FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
           WHERE c.recording_id = t.recording_id AND x.language = t.language AND x.text <> '') AS cues,
         (SELECT count(*) FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
           WHERE c.recording_id = t.recording_id AND x.language = t.language AND x.review = 'verified') AS verified
       FROM subtitle_tracks t WHERE t.recording_id = $1 ORDER BY t.timing DESC, t.language`,
      [recordingId],
    )
    return rows.map((row) => ({
      language: row.language,
      origin: row.origin,
      source: row.source,
      timing: row.timing,
      cues: row.cues,
      verified: row.verified,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }))
  }

  async timingLanguage(recordingId: string): Promise<Language | null> {
    const row = await this.q.row<{ language: Language }>(
      'SELECT language FROM subtitle_tracks WHERE recording_id = $1 AND timing',
      [recordingId],
    )
    return row?.language ?? null
  }

  async cues(recordingId: string): Promise<SubtitleCue[]> {
    const rows = await this.q.rows<CueRow>(
      `SELECT ${cueColumns} FROM subtitle_cues c LEFT JOIN subtitle_texts x ON x.cue_id = c.id
       WHERE c.recording_id = $1 ORDER BY c.start, c.id`,
      [recordingId],
    )
    return foldCues(rows, (await this.speakerNames(recordingId)).shown)
  }

  /** The recording's speakers, for cues to be read and written by (cue-rows.ts). */
  private async speakerNames(recordingId: string): Promise<SpeakerNames> {
    return speakerNames(
      await this.q.rows<{ label: string; name: string }>(
        'SELECT label, name FROM speakers WHERE recording_id = $1 ORDER BY id',
        [recordingId],
      ),
    )
  }

  async findCue(cueId: number): Promise<{ recordingId: string; cue: SubtitleCue } | null> {
    const rows = await this.q.rows<CueRow & { recording_id: string }>(
      `SELECT ${cueColumns}, c.recording_id
       FROM subtitle_cues c LEFT JOIN subtitle_texts x ON x.cue_id = c.id WHERE c.id = $1`,
      [cueId],
    )
    const first = rows[0]
    if (!first) return null
    const cue = foldCues(rows, (await this.speakerNames(first.recording_id)).shown)[0]
    return cue ? { recordingId: first.recording_id, cue } : null
  }

  async cue(cueId: number): Promise<{ recordingId: string; cue: SubtitleCue }> {
    const found = await this.findCue(cueId)
    if (!found)
      throw new VocesError('SUBTITLE_CUE_NOT_FOUND', `There is no subtitle cue ${cueId}.`, {
        cueId,
      })
    return found
  }

  async spans(recordingId: string): Promise<Array<{ id: number; start: number; end: number }>> {
    return this.q.rows(
      'SELECT id, start, "end" FROM subtitle_cues WHERE recording_id = $1 ORDER BY start, id',
      [recordingId],
    )
  }

  async nextCueId(cueId: number): Promise<number | null> {
    const row = await this.q.row<{ id: number }>(
      `SELECT n.id FROM subtitle_cues c JOIN subtitle_cues n ON n.recording_id = c.recording_id
       WHERE c.id = $1 AND (n.start > c.start OR (n.start = c.start AND n.id > c.id))
       ORDER BY n.start, n.id LIMIT 1`,
      [cueId],
    )
    return row?.id ?? null
  }

  putCue(recordingId: string, cue: SubtitleCue): Promise<void> {
    return this.atomic((s) => s.writeCue(recordingId, cue))
  }

  /** Runs `fn` on this class over one transaction (a savepoint inside the caller's). */
  private atomic<T>(fn: (subtitles: PostgresSubtitles) => Promise<T>): Promise<T> {
    return this.q.transaction((tx) => fn(new PostgresSubtitles(tx, this.now)))
  }

  /** Updates the cue, or inserts it under its id when it is gone (an undone delete). */
  private async writeCue(recordingId: string, cue: SubtitleCue): Promise<void> {
    const owner = await this.q.row<{ recording_id: string }>(
      'SELECT recording_id FROM subtitle_cues WHERE id = $1',
      [cue.id],
    )
    if (owner && owner.recording_id !== recordingId) throw staleCue(cue.id)
    const end = Math.max(cue.start, cue.end)
    const speaker = (await this.speakerNames(recordingId)).stored(cue.speaker)
    if (owner) await this.q.run(updateCueRow, [cue.start, end, speaker, cue.id])
    else
      await this.q.run(
        'INSERT INTO subtitle_cues (id, recording_id, start, "end", speaker) VALUES ($1, $2, $3, $4, $5)',
        [cue.id, recordingId, cue.start, end, speaker],
      )
    await this.putTexts(cue.id, cue.texts)
  }

  private async insertCue(recordingId: string, cue: Omit<SubtitleCue, 'id'>): Promise<number> {
    const speaker = (await this.speakerNames(recordingId)).stored(cue.speaker)
    const row = await this.q.row<{ id: number }>(insertCueRow, [
      recordingId,
      cue.start,
      Math.max(cue.start, cue.end),
      speaker,
    ])
    if (!row) throw new Error('PostgreSQL returned no id for a new subtitle cue')
    const id = row.id
    await this.putTexts(id, cue.texts)
    return id
  }

  private async putTexts(cueId: number, texts: SubtitleCue['texts']): Promise<void> {
    await this.q.run('DELETE FROM subtitle_texts WHERE cue_id = $1', [cueId])
    for (const row of cueTextRows(texts, this.now().toISOString()))
      await this.q.run(
        `INSERT INTO subtitle_texts (cue_id, language, text, review, reviewed_by, reviewed_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [cueId, row.language, row.text, row.review, row.reviewedBy, row.reviewedAt],
      )
  }

  async removeCue(cueId: number): Promise<boolean> {
    return (await this.q.run('DELETE FROM subtitle_cues WHERE id = $1', [cueId])) > 0
  }

  /** A cue operation (decision 0032): each touched cue recorded first, the undo patch returned. */
  edit(recordingId: string, steps: readonly CueStep[]): Promise<SubtitleChange> {
    return this.atomic((s) => s.editSteps(recordingId, steps))
  }

  private async editSteps(recordingId: string, steps: readonly CueStep[]): Promise<SubtitleChange> {
    const before = new Map<number, SubtitleCue | null>()
    const touch = async (cueId: number) => {
      if (!before.has(cueId)) before.set(cueId, (await this.findCue(cueId))?.cue ?? null)
    }
    for (const step of steps) {
      if ('put' in step) {
        await touch(step.put.id)
        await this.writeCue(recordingId, step.put)
      } else if ('insert' in step) {
        const id = await this.insertCue(recordingId, step.insert)
        if (!before.has(id)) before.set(id, null)
      } else {
        const found = await this.findCue(step.remove)
        if (!found) continue
        if (found.recordingId !== recordingId) throw staleCue(step.remove)
        await touch(step.remove)
        await this.removeCue(step.remove)
      }
    }
    const after = new Map<number, SubtitleCue | null>()
    for (const id of before.keys()) after.set(id, (await this.findCue(id))?.cue ?? null)
    if (before.size > 0)
      await this.q.run('UPDATE subtitle_tracks SET updated_at = $1 WHERE recording_id = $2', [
        this.now().toISOString(),
        recordingId,
      ])
    return cueChange(recordingId, before, after)
  }

  async verifiedCount(recordingId: string): Promise<number> {
    const row = await this.q.row<{ n: number }>(
      `SELECT count(*) AS n FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
       WHERE c.recording_id = $1 AND x.review = 'verified'`,
      [recordingId],
    )
    return row?.n ?? 0
  }

  replaceCues(
    recordingId: string,
    cues: readonly NewCue[],
    tracks: readonly TrackInfo[],
  ): Promise<void> {
    return this.atomic((s) => s.writeCues(recordingId, cues, tracks))
  }

  private async writeCues(
    recordingId: string,
    cues: readonly NewCue[],
    tracks: readonly TrackInfo[],
  ): Promise<void> {
    const { stored } = await this.speakerNames(recordingId)
    await this.q.run('DELETE FROM subtitle_cues WHERE recording_id = $1', [recordingId])
    // A whole track in four statements, not two per cue (each a round trip to the server): the
    // ids are drawn from the column's sequence first, in the cues' order, then rows go in as arrays.
    const ids = (
      await this.q.rows<{ id: number }>(
        "SELECT nextval(pg_get_serial_sequence('subtitle_cues', 'id')) AS id FROM generate_series(1, $1::int)",
        [cues.length],
      )
    ).map((row) => row.id)
    await this.q.run(
      `INSERT INTO subtitle_cues (id, recording_id, start, "end", speaker)
       SELECT id, $1, start, "end", speaker
       FROM unnest($2::bigint[], $3::float8[], $4::float8[], $5::text[]) AS c(id, start, "end", speaker)`,
      [
        recordingId,
        ids,
        cues.map((cue) => cue.start),
        cues.map((cue) => Math.max(cue.start, cue.end)),
        cues.map((cue) => stored(cue.speaker)),
      ],
    )
    const texts = cues.flatMap((cue, i) =>
      languages.flatMap((language) => {
        const text = cue.texts[language]
        return text === undefined ? [] : [{ id: ids[i], language, text }]
      }),
    )
    await this.q.run(
      `INSERT INTO subtitle_texts (cue_id, language, text)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`,
      [texts.map((t) => t.id), texts.map((t) => t.language), texts.map((t) => t.text)],
    )
    await this.setTracks(recordingId, tracks)
  }

  replaceTexts(
    recordingId: string,
    language: Language,
    texts: ReadonlyMap<number, string>,
    track: TrackInfo,
  ): Promise<void> {
    return this.atomic((s) => s.writeTexts(recordingId, language, texts, track))
  }

  private async writeTexts(
    recordingId: string,
    language: Language,
    texts: ReadonlyMap<number, string>,
    track: TrackInfo,
  ): Promise<void> {
    await this.q.run(
      'DELETE FROM subtitle_texts WHERE language = $1 AND cue_id IN (SELECT id FROM subtitle_cues WHERE recording_id = $2)',
      [language, recordingId],
    )
    await this.q.run(
      `INSERT INTO subtitle_texts (cue_id, language, text)
       SELECT cue_id, $1, text FROM unnest($2::bigint[], $3::text[]) AS t(cue_id, text)`,
      [language, [...texts.keys()], [...texts.values()]],
    )
    await this.setTracks(recordingId, [track])
  }

  private async setTracks(recordingId: string, tracks: readonly TrackInfo[]): Promise<void> {
    const at = this.now().toISOString()
    if (tracks.some((track) => track.timing)) {
      await this.q.run('UPDATE subtitle_tracks SET timing = false WHERE recording_id = $1', [
        recordingId,
      ])
    }
    for (const track of tracks)
      await this.q.run(
        `INSERT INTO subtitle_tracks (recording_id, language, origin, source, timing, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (recording_id, language) DO UPDATE SET origin = excluded.origin, source = excluded.source,
           timing = greatest(subtitle_tracks.timing, excluded.timing), updated_at = excluded.updated_at`,
        [recordingId, track.language, track.origin, track.source, track.timing, at],
      )
  }

  updateCue(cueId: number, change: CueUpdate): Promise<{ recordingId: string; cue: SubtitleCue }> {
    return this.atomic((s) => s.changeCue(cueId, change))
  }

  private async changeCue(
    cueId: number,
    change: CueUpdate,
  ): Promise<{ recordingId: string; cue: SubtitleCue }> {
    const { recordingId, cue } = await this.cue(cueId)
    const at = this.now().toISOString()
    const update = cueUpdate(cueId, cue, change, at)
    const speaker = (await this.speakerNames(recordingId)).stored(update.speaker)
    await this.q.run(updateCueRow, [update.start, update.end, speaker, cueId])
    const text = update.text
    if (text) {
      await this.q.run(
        `INSERT INTO subtitle_texts (cue_id, language, text, review, reviewed_by, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (cue_id, language) DO UPDATE SET text = excluded.text, review = excluded.review,
           reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at`,
        [cueId, text.language, text.text, text.review, text.reviewedBy, text.reviewedAt],
      )
      await this.q.run(
        'UPDATE subtitle_tracks SET updated_at = $1 WHERE recording_id = $2 AND language = $3',
        [at, recordingId, text.language],
      )
    }
    return this.cue(cueId)
  }

  rulesPatch(recordingId: string | null): Promise<SubtitleRulesPatch | null> {
    return this.ruleStore.rulesPatch(recordingId)
  }

  setRulesPatch(
    recordingId: string | null,
    patch: SubtitleRulesPatch,
    reset: boolean,
  ): Promise<void> {
    return this.ruleStore.setRulesPatch(recordingId, patch, reset)
  }

  rules(recordingId: string | null): Promise<SubtitleRules> {
    return this.ruleStore.rules(recordingId)
  }

  transcriptTracks(
    recordingId: string,
  ): Promise<Array<{ language: Language; kind: 'transcript' | 'translation' }>> {
    return this.ruleStore.transcriptTracks(recordingId)
  }

  transcript(recordingId: string, language: Language): Promise<TimedSegment[]> {
    return this.ruleStore.transcript(recordingId, language)
  }
}

import type { DisguiseSpeakerInfo, TrackLanguage } from '../../../shared/contract/index.ts'
import { fold, replaceName } from '../../redaction/fold.ts'
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

interface SegmentRow {
  id: number
  start: number
  end: number
  language: Language
  text: string
}

interface WordRow {
  id: number
  start: number
  end: number
  text: string
}

const segmentsOf = `SELECT s.id, s.start, s.end, s.language, s.text FROM segments s JOIN tracks t ON t.id = s.track_id
  WHERE t.recording_id = ? ORDER BY s.start`
const segmentsOver = `SELECT s.id, s.start, s.end, s.language, s.text FROM segments s JOIN tracks t ON t.id = s.track_id
  WHERE t.recording_id = ? AND s.start < ? AND s.end > ?`
const wordsOf = 'SELECT id, start, end, text FROM words WHERE segment_id = ? ORDER BY start, id'
const updateWord = 'UPDATE words SET text = ?, end = ? WHERE id = ?'
const deleteWord = 'DELETE FROM words WHERE id = ?'
const updateSegment = 'UPDATE segments SET text = ? WHERE id = ?'

/** A word as the name is compared with it: folded, without punctuation. */
const bare = (text: string) => fold(text).folded.replace(/[^\p{L}\p{N}]/gu, '')

/**
 * A speaker's name with `name` masked; one that held nothing but the name (and masks) is cleared,
 * so the speaker is shown under its label again rather than as one more mask.
 */
function maskedSpeakerName(text: string, name: string, mask: string) {
  const replaced = replaceName(text, name, mask)
  const left = replaced.text.split(mask).join('').trim()
  return { count: replaced.count, text: left === '' ? '' : replaced.text }
}

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

  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): { segments: number; speakers: number; said: SaidAt[] } {
    const nameTokens = fold(name)
      .folded.trim()
      .split(/\s+/)
      .map((token) => token.replace(/[^\p{L}\p{N}]/gu, ''))
    const said: SaidAt[] = []
    let changedSegments = 0
    const segments = this.sql.get(segmentsOf).all(recordingId) as SegmentRow[]
    for (const segment of segments) {
      const mask = masks[segment.language]
      const words = this.sql.get(wordsOf).all(segment.id) as WordRow[]
      const foldedWords = words.map((w) => bare(w.text))
      let wordHits = 0
      for (let i = 0; i + nameTokens.length <= words.length; i++) {
        if (!nameTokens.every((token, k) => foldedWords[i + k] === token)) continue
        const first = words[i] as WordRow
        const last = words[i + nameTokens.length - 1] as WordRow
        this.sql.get(updateWord).run(mask, last.end, first.id)
        for (let k = 1; k < nameTokens.length; k++)
          this.sql.get(deleteWord).run((words[i + k] as WordRow).id)
        said.push({ start: first.start, end: last.end, timed: true })
        wordHits++
        i += nameTokens.length - 1
      }
      const replaced = replaceName(segment.text, name, mask)
      if (replaced.count > 0) {
        // The FTS5 index follows through its update trigger, with secure-delete.
        this.sql.get(updateSegment).run(replaced.text, segment.id)
        changedSegments++
        // Text without word timings (typed or imported): the whole segment was said there.
        if (wordHits < replaced.count)
          said.push({ start: segment.start, end: segment.end, timed: false })
      }
    }
    let changedSpeakers = 0
    const speakers = this.sql
      .get('SELECT id, name, affiliation FROM speakers WHERE recording_id = ?')
      .all(recordingId) as Array<{ id: number; name: string; affiliation: string }>
    for (const speaker of speakers) {
      const given = maskedSpeakerName(speaker.name, name, masks.names)
      const affiliation = maskedSpeakerName(speaker.affiliation, name, masks.names)
      if (given.count + affiliation.count === 0) continue
      this.sql
        .get('UPDATE speakers SET name = ?, affiliation = ? WHERE id = ?')
        .run(given.text, affiliation.text, speaker.id)
      changedSpeakers++
    }
    // A remembered voice of that name is no longer proposed here (decision 0155); the profile
    // itself is the library's, forgotten whole with `voices forget`.
    const profiles = this.sql.get('SELECT id, name FROM voice_profiles').all() as Array<{
      id: number
      name: string
    }>
    for (const profile of profiles) {
      if (maskedSpeakerName(profile.name, name, masks.names).count === 0) continue
      this.sql
        .get(
          `DELETE FROM speaker_proposals WHERE profile_id = ?
             AND speaker_id IN (SELECT id FROM speakers WHERE recording_id = ?)`,
        )
        .run(profile.id, recordingId)
    }
    return { segments: changedSegments, speakers: changedSpeakers, said }
  }

  maskSpan(recordingId: string, from: number, to: number, masks: Masks): number {
    const segments = this.sql.get(segmentsOver).all(recordingId, to, from) as SegmentRow[]
    let changed = 0
    for (const segment of segments) {
      const mask = masks[segment.language]
      const words = this.sql.get(wordsOf).all(segment.id) as WordRow[]
      let text: string
      if (words.length === 0) text = mask
      else {
        const inside = words.filter((w) => w.start < to && w.end > from)
        const first = inside[0]
        if (!first) continue
        this.sql.get(updateWord).run(mask, inside.at(-1)?.end ?? first.end, first.id)
        for (const w of inside.slice(1)) this.sql.get(deleteWord).run(w.id)
        text = words
          .filter((w) => !inside.includes(w) || w === first)
          .map((w) => (w === first ? mask : w.text))
          .join(' ')
      }
      this.sql.get(updateSegment).run(text, segment.id)
      changed++
    }
    return changed
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
      .all(recordingId) as Array<{
      cue_id: number
      language: Language
      text: string
      start: number
      end: number
    }>
    const said: Stretch[] = []
    let changed = 0
    for (const cue of texts) {
      const replaced = replaceName(cue.text, name, masks[cue.language])
      if (replaced.count === 0) continue
      this.sql
        .get('UPDATE subtitle_texts SET text = ? WHERE cue_id = ? AND language = ?')
        .run(replaced.text, cue.cue_id, cue.language)
      changed++
      said.push({ start: cue.start, end: cue.end })
    }
    const speakers = this.sql
      .get('SELECT id, speaker FROM subtitle_cues WHERE recording_id = ? AND speaker IS NOT NULL')
      .all(recordingId) as Array<{ id: number; speaker: string }>
    for (const cue of speakers) {
      const speaker = maskedSpeakerName(cue.speaker, name, masks.names)
      if (speaker.count === 0) continue
      this.sql
        .get('UPDATE subtitle_cues SET speaker = ? WHERE id = ?')
        .run(speaker.text === '' ? null : speaker.text, cue.id)
    }
    return { cues: changed, said }
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

// ---- Episodes: show notes, description, chapter titles -------------------------------------

export class SqliteEpisodeMasking {
  private readonly sql: StatementCache
  constructor(sql: StatementCache) {
    this.sql = sql
  }

  /** Spanish fields (a notes key ending in `Es`, `title_es`) get the Spanish mask. */
  maskName(recordingId: string, name: string, masks: Masks): number {
    const episodes = this.sql
      .get(
        'SELECT DISTINCT e.id, e.notes, e.description FROM episodes e JOIN episode_clips c ON c.episode_id = e.id WHERE c.recording_id = ?',
      )
      .all(recordingId) as Array<{ id: string; notes: string; description: string }>
    let count = 0
    const mask = (text: string, language: Language) => {
      const replaced = replaceName(text, name, masks[language])
      count += replaced.count
      return replaced.text
    }
    for (const episode of episodes) {
      const notes = JSON.parse(episode.notes) as Record<string, unknown>
      for (const [key, value] of Object.entries(notes)) {
        const language: Language = key.endsWith('Es') ? 'es' : 'en'
        if (typeof value === 'string') notes[key] = mask(value, language)
        else if (Array.isArray(value)) {
          notes[key] = value.map((item: unknown) =>
            item && typeof item === 'object'
              ? Object.fromEntries(
                  Object.entries(item).map(([k, v]) => [
                    k,
                    typeof v === 'string' ? mask(v, language) : v,
                  ]),
                )
              : item,
          )
        }
      }
      this.sql
        .get('UPDATE episodes SET notes = ?, description = ? WHERE id = ?')
        .run(JSON.stringify(notes), mask(episode.description, 'en'), episode.id)
      const chapters = this.sql
        .get('SELECT id, title_en, title_es FROM episode_chapters WHERE episode_id = ?')
        .all(episode.id) as Array<{ id: number; title_en: string; title_es: string }>
      for (const c of chapters) {
        this.sql
          .get('UPDATE episode_chapters SET title_en = ?, title_es = ? WHERE id = ?')
          .run(mask(c.title_en, 'en'), mask(c.title_es, 'es'), c.id)
      }
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

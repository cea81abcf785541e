import type { DisguiseSpeakerInfo, TrackLanguage } from '../../../shared/contract/index.ts'
import { fold, replaceName } from '../../redaction/fold.ts'
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

const updateWord = 'UPDATE words SET text = $1, "end" = $2 WHERE id = $3'
const deleteWord = 'DELETE FROM words WHERE id = $1'
const updateSegment = 'UPDATE segments SET text = $1 WHERE id = $2'

/** A word as the name is compared with it: folded, without punctuation. */
const bare = (text: string) => fold(text).folded.replace(/[^\p{L}\p{N}]/gu, '')

/** A speaker's name with `name` masked; one that held nothing but the name is cleared. */
function maskedSpeakerName(text: string, name: string, mask: string) {
  const replaced = replaceName(text, name, mask)
  const left = replaced.text.split(mask).join('').trim()
  return { count: replaced.count, text: left === '' ? '' : replaced.text }
}

// ---- Transcripts: words, segment texts (and what search derives from them), speakers --------

export class PgTranscriptMasking {
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

  /** The recording's segments (all, or those over a stretch) and their words, in two reads. */
  private async segments(
    recordingId: string,
    over?: { from: number; to: number },
  ): Promise<Array<SegmentRow & { words: WordRow[] }>> {
    const where = over ? ' AND s.start < $2 AND s."end" > $3' : ''
    const params = over ? [recordingId, over.to, over.from] : [recordingId]
    const segments = await this.q.rows<SegmentRow>(
      `SELECT s.id, s.start, s."end", s.language, s.text FROM segments s JOIN tracks t ON t.id = s.track_id
       WHERE t.recording_id = $1${where} ORDER BY s.start, s.id`,
      params,
    )
    const words = await this.q.rows<WordRow & { segment_id: number }>(
      `SELECT w.id, w.segment_id, w.start, w."end", w.text
       FROM words w JOIN segments s ON s.id = w.segment_id JOIN tracks t ON t.id = s.track_id
       WHERE t.recording_id = $1${where} ORDER BY w.start, w.id`,
      params,
    )
    const bySegment = new Map<number, WordRow[]>()
    for (const { segment_id: id, ...word } of words) {
      let list = bySegment.get(id)
      if (!list) bySegment.set(id, (list = []))
      list.push(word)
    }
    return segments.map((s) => ({ ...s, words: bySegment.get(s.id) ?? [] }))
  }

  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ segments: number; speakers: number; said: SaidAt[] }> {
    return this.q.transaction((tx) => new PgTranscriptMasking(tx).name(recordingId, name, masks))
  }

  private async name(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ segments: number; speakers: number; said: SaidAt[] }> {
    const nameTokens = fold(name)
      .folded.trim()
      .split(/\s+/)
      .map((token) => token.replace(/[^\p{L}\p{N}]/gu, ''))
    const said: SaidAt[] = []
    let changedSegments = 0
    for (const segment of await this.segments(recordingId)) {
      const mask = masks[segment.language]
      const words = segment.words
      const foldedWords = words.map((w) => bare(w.text))
      let wordHits = 0
      for (let i = 0; i + nameTokens.length <= words.length; i++) {
        if (!nameTokens.every((token, k) => foldedWords[i + k] === token)) continue
        const first = words[i] as WordRow
        const last = words[i + nameTokens.length - 1] as WordRow
        await this.q.run(updateWord, [mask, last.end, first.id])
        for (let k = 1; k < nameTokens.length; k++)
          await this.q.run(deleteWord, [(words[i + k] as WordRow).id])
        said.push({ start: first.start, end: last.end, timed: true })
        wordHits++
        i += nameTokens.length - 1
      }
      const replaced = replaceName(segment.text, name, mask)
      if (replaced.count > 0) {
        await this.q.run(updateSegment, [replaced.text, segment.id])
        changedSegments++
        // Text without word timings (typed or imported): the whole segment was said there.
        if (wordHits < replaced.count)
          said.push({ start: segment.start, end: segment.end, timed: false })
      }
    }
    let changedSpeakers = 0
    const speakers = await this.q.rows<{ id: number; name: string; affiliation: string }>(
      'SELECT id, name, affiliation FROM speakers WHERE recording_id = $1 ORDER BY id',
      [recordingId],
    )
    for (const speaker of speakers) {
      const given = maskedSpeakerName(speaker.name, name, masks.names)
      const affiliation = maskedSpeakerName(speaker.affiliation, name, masks.names)
      if (given.count + affiliation.count === 0) continue
      await this.q.run('UPDATE speakers SET name = $1, affiliation = $2 WHERE id = $3', [
        given.text,
        affiliation.text,
        speaker.id,
      ])
      changedSpeakers++
    }
    return { segments: changedSegments, speakers: changedSpeakers, said }
  }

  maskSpan(recordingId: string, from: number, to: number, masks: Masks): Promise<number> {
    return this.q.transaction((tx) =>
      new PgTranscriptMasking(tx).span(recordingId, from, to, masks),
    )
  }

  private async span(recordingId: string, from: number, to: number, masks: Masks): Promise<number> {
    let changed = 0
    for (const segment of await this.segments(recordingId, { from, to })) {
      const mask = masks[segment.language]
      const words = segment.words
      let text: string
      if (words.length === 0) text = mask
      else {
        const inside = words.filter((w) => w.start < to && w.end > from)
        const first = inside[0]
        if (!first) continue
        await this.q.run(updateWord, [mask, inside.at(-1)?.end ?? first.end, first.id])
        for (const w of inside.slice(1)) await this.q.run(deleteWord, [w.id])
        text = words
          .filter((w) => !inside.includes(w) || w === first)
          .map((w) => (w === first ? mask : w.text))
          .join(' ')
      }
      await this.q.run(updateSegment, [text, segment.id])
      changed++
    }
    return changed
  }
}

// ---- Subtitles: cue texts of every language, and the speakers cues name --------------------

export class PgSubtitleMasking {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  maskName(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ cues: number; said: Stretch[] }> {
    return this.q.transaction((tx) => new PgSubtitleMasking(tx).name(recordingId, name, masks))
  }

  private async name(
    recordingId: string,
    name: string,
    masks: Masks,
  ): Promise<{ cues: number; said: Stretch[] }> {
    const texts = await this.q.rows<{
      cue_id: number
      language: Language
      text: string
      start: number
      end: number
    }>(
      `SELECT x.cue_id, x.language, x.text, c.start, c."end" FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
       WHERE c.recording_id = $1 ORDER BY c.start, c.id, x.language`,
      [recordingId],
    )
    const said: Stretch[] = []
    let changed = 0
    for (const cue of texts) {
      const replaced = replaceName(cue.text, name, masks[cue.language])
      if (replaced.count === 0) continue
      await this.q.run('UPDATE subtitle_texts SET text = $1 WHERE cue_id = $2 AND language = $3', [
        replaced.text,
        cue.cue_id,
        cue.language,
      ])
      changed++
      said.push({ start: cue.start, end: cue.end })
    }
    const speakers = await this.q.rows<{ id: number; speaker: string }>(
      'SELECT id, speaker FROM subtitle_cues WHERE recording_id = $1 AND speaker IS NOT NULL',
      [recordingId],
    )
    for (const cue of speakers) {
      const speaker = maskedSpeakerName(cue.speaker, name, masks.names)
      if (speaker.count === 0) continue
      await this.q.run('UPDATE subtitle_cues SET speaker = $1 WHERE id = $2', [
        speaker.text === '' ? null : speaker.text,
        cue.id,
      ])
    }
    return { cues: changed, said }
  }

  maskSpan(recordingId: string, from: number, to: number, masks: Masks): Promise<number> {
    return this.q.run(
      `UPDATE subtitle_texts SET text = CASE language WHEN 'es' THEN $1 ELSE $2 END
       WHERE cue_id IN (SELECT id FROM subtitle_cues WHERE recording_id = $3 AND start < $4 AND "end" > $5)`,
      [masks.es, masks.en, recordingId, to, from],
    )
  }
}

// ---- Episodes: show notes, description, chapter titles -------------------------------------

export class PgEpisodeMasking {
  private readonly q: Transactional
  constructor(q: Transactional) {
    this.q = q
  }

  /** Spanish fields (a notes key ending in `Es`, `title_es`) get the Spanish mask. */
  maskName(recordingId: string, name: string, masks: Masks): Promise<number> {
    return this.q.transaction((tx) => new PgEpisodeMasking(tx).name(recordingId, name, masks))
  }

  private async name(recordingId: string, name: string, masks: Masks): Promise<number> {
    const episodes = await this.q.rows<{
      id: string
      notes: Record<string, unknown>
      description: string
    }>(
      `SELECT e.id, e.notes, e.description FROM episodes e
       WHERE EXISTS (SELECT 1 FROM episode_clips c WHERE c.episode_id = e.id AND c.recording_id = $1)`,
      [recordingId],
    )
    let count = 0
    const mask = (text: string, language: Language) => {
      const replaced = replaceName(text, name, masks[language])
      count += replaced.count
      return replaced.text
    }
    for (const episode of episodes) {
      const notes = episode.notes
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
      await this.q.run('UPDATE episodes SET notes = $1, description = $2 WHERE id = $3', [
        JSON.stringify(notes),
        mask(episode.description, 'en'),
        episode.id,
      ])
      const chapters = await this.q.rows<{ id: number; title_en: string; title_es: string }>(
        'SELECT id, title_en, title_es FROM episode_chapters WHERE episode_id = $1',
        [episode.id],
      )
      for (const c of chapters) {
        await this.q.run('UPDATE episode_chapters SET title_en = $1, title_es = $2 WHERE id = $3', [
          mask(c.title_en, 'en'),
          mask(c.title_es, 'es'),
          c.id,
        ])
      }
    }
    return count
  }
}

// ---- Jobs: what finished transcriptions kept ------------------------------------------------

export class PgJobMasking {
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

export class PgRedactions {
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

export class PgSpeakerTurns {
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

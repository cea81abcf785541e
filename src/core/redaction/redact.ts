import { VocesError } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import { findName, fold, masks, replaceName } from './fold.ts'

export type RedactionMode = 'tone' | 'silence'
type Language = 'en' | 'es'

export interface RedactionResult {
  /** Stretches of audio now covered, in seconds of the recording. */
  spans: Array<{ start: number; end: number }>
  segments: number
  cues: number
}

interface WordRow {
  id: number
  segment_id: number
  start: number
  end: number
  text: string
}
interface SegmentRow {
  id: number
  start: number
  end: number
  language: Language
  text: string
}

/** A margin around each redacted word, so its first and last sounds are covered too. */
export const spanMargin = 0.08

function mergeSpans(
  spans: Array<{ start: number; end: number }>,
): Array<{ start: number; end: number }> {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  const out: Array<{ start: number; end: number }> = []
  for (const span of sorted) {
    const last = out.at(-1)
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end)
    else out.push({ ...span })
  }
  return out
}

/**
 * Forgets a name everywhere in one recording, in one transaction: the words and segment texts of
 * every track (both languages), the subtitle texts, the search index (its triggers, with FTS5
 * secure-delete), the stored job inputs and results that could hold text; records the stretches
 * of audio every export will cover with a tone or silence. Then the write-ahead log is
 * checkpointed and truncated, so the old pages are gone from the disk files, not merely unused.
 */
export async function redactName(
  voces: CoreContext,
  recordingId: string,
  name: string,
  mode: RedactionMode,
): Promise<RedactionResult> {
  await voces.storage.recordings.require(recordingId)
  if (fold(name).folded.trim().length < 2)
    throw new VocesError('REDACTION_TOO_SHORT', 'Give at least two letters to redact.')
  const nameTokens = fold(name).folded.trim().split(/\s+/)
  const result = voces.db.transaction(() => {
    const spans: Array<{ start: number; end: number }> = []
    const segments = voces.db
      .prepare(
        `SELECT s.id, s.start, s.end, s.language, s.text FROM segments s JOIN tracks t ON t.id = s.track_id
         WHERE t.recording_id = ? ORDER BY s.start`,
      )
      .all(recordingId) as SegmentRow[]
    const wordsOf = voces.db.prepare(
      'SELECT id, segment_id, start, end, text FROM words WHERE segment_id = ? ORDER BY start, id',
    )
    const updateWord = voces.db.prepare('UPDATE words SET text = ?, end = ? WHERE id = ?')
    const deleteWord = voces.db.prepare('DELETE FROM words WHERE id = ?')
    const updateSegment = voces.db.prepare('UPDATE segments SET text = ? WHERE id = ?')
    let changedSegments = 0
    for (const segment of segments) {
      const mask = masks[segment.language]
      const words = wordsOf.all(segment.id) as WordRow[]
      const foldedWords = words.map((w) => fold(w.text).folded.replace(/[^\p{L}\p{N}]/gu, ''))
      let wordHits = 0
      for (let i = 0; i + nameTokens.length <= words.length; i++) {
        if (
          !nameTokens.every(
            (token, k) => foldedWords[i + k] === token.replace(/[^\p{L}\p{N}]/gu, ''),
          )
        )
          continue
        const first = words[i] as WordRow
        const last = words[i + nameTokens.length - 1] as WordRow
        updateWord.run(mask, last.end, first.id)
        for (let k = 1; k < nameTokens.length; k++) deleteWord.run((words[i + k] as WordRow).id)
        spans.push({ start: Math.max(0, first.start - spanMargin), end: last.end + spanMargin })
        wordHits++
        i += nameTokens.length - 1
      }
      const replaced = replaceName(segment.text, name, mask)
      if (replaced.count > 0) {
        updateSegment.run(replaced.text, segment.id)
        changedSegments++
        // Text without word timings (typed or imported): the whole segment's audio is covered.
        if (wordHits < replaced.count) spans.push({ start: segment.start, end: segment.end })
      }
    }

    const cues = voces.db
      .prepare(
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
    const updateCue = voces.db.prepare(
      'UPDATE subtitle_texts SET text = ? WHERE cue_id = ? AND language = ?',
    )
    let changedCues = 0
    for (const cue of cues) {
      const replaced = replaceName(cue.text, name, masks[cue.language])
      if (replaced.count === 0) continue
      updateCue.run(replaced.text, cue.cue_id, cue.language)
      changedCues++
      if (!spans.some((s) => s.start < cue.end && s.end > cue.start))
        spans.push({ start: cue.start, end: cue.end })
    }

    redactEpisodeTexts(voces, recordingId, name)
    redactSpeakerNames(voces, recordingId, name)
    forgetJobText(voces, recordingId)
    const merged = mergeSpans(spans)
    const insert = voces.db.prepare(
      'INSERT INTO redactions (recording_id, start, end, mode, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    for (const span of merged)
      insert.run(recordingId, span.start, span.end, mode, new Date().toISOString())
    return { spans: merged, segments: changedSegments, cues: changedCues }
  })()
  scrubFiles(voces)
  voces.log.info('redacted', {
    recording: recordingId,
    spans: result.spans.length,
    segments: result.segments,
    cues: result.cues,
  })
  return result
}

/**
 * The names and unions given to speakers in the editor, and the speakers subtitle cues name: every
 * transcript publishes a speaker's name (docs/decisions/0075-one-speaker-name.md), so a redacted
 * name goes from there too. A name that was the redacted name alone is cleared: the speaker is
 * shown under its label again, apart from the others, rather than as one more "[redacted]".
 */
function redactSpeakerNames(voces: CoreContext, recordingId: string, name: string): void {
  const source = voces.db
    .prepare(
      "SELECT language FROM tracks WHERE recording_id = ? ORDER BY kind = 'translation', id LIMIT 1",
    )
    .pluck()
    .get(recordingId) as Language | undefined
  const mask = masks[source ?? 'en']
  const redacted = (text: string) => {
    const replaced = replaceName(text, name, mask)
    const left = replaced.text.split(mask).join('').trim()
    return { count: replaced.count, text: left === '' ? '' : replaced.text }
  }
  const speakers = voces.db
    .prepare('SELECT id, name, affiliation FROM speakers WHERE recording_id = ?')
    .all(recordingId) as Array<{ id: number; name: string; affiliation: string }>
  const updateSpeaker = voces.db.prepare(
    'UPDATE speakers SET name = ?, affiliation = ? WHERE id = ?',
  )
  for (const speaker of speakers) {
    const given = redacted(speaker.name)
    const affiliation = redacted(speaker.affiliation)
    if (given.count + affiliation.count > 0)
      updateSpeaker.run(given.text, affiliation.text, speaker.id)
  }
  const cues = voces.db
    .prepare('SELECT id, speaker FROM subtitle_cues WHERE recording_id = ? AND speaker IS NOT NULL')
    .all(recordingId) as Array<{ id: number; speaker: string }>
  const updateCue = voces.db.prepare('UPDATE subtitle_cues SET speaker = ? WHERE id = ?')
  for (const cue of cues) {
    const speaker = redacted(cue.speaker)
    if (speaker.count > 0) updateCue.run(speaker.text === '' ? null : speaker.text, cue.id)
  }
}

/** Covers a stretch of time: every word and cue that overlaps it is masked, and the audio too. */
export async function redactSpan(
  voces: CoreContext,
  recordingId: string,
  from: number,
  to: number,
  mode: RedactionMode,
): Promise<RedactionResult> {
  const recording = await voces.storage.recordings.require(recordingId)
  to = Math.min(to, recording.duration)
  if (!(to > from) || from < 0)
    throw new VocesError(
      'REDACTION_SPAN_INVALID',
      'A redaction ends after it starts, at 0 s or later.',
    )
  const result = voces.db.transaction(() => {
    const segments = voces.db
      .prepare(
        `SELECT s.id, s.start, s.end, s.language, s.text FROM segments s JOIN tracks t ON t.id = s.track_id
         WHERE t.recording_id = ? AND s.start < ? AND s.end > ?`,
      )
      .all(recordingId, to, from) as SegmentRow[]
    let changedSegments = 0
    for (const segment of segments) {
      const mask = masks[segment.language]
      const words = voces.db
        .prepare(
          'SELECT id, segment_id, start, end, text FROM words WHERE segment_id = ? ORDER BY start, id',
        )
        .all(segment.id) as WordRow[]
      let text: string
      if (words.length === 0) text = mask
      else {
        const inside = words.filter((w) => w.start < to && w.end > from)
        const first = inside[0]
        if (!first) continue
        voces.db
          .prepare('UPDATE words SET text = ?, end = ? WHERE id = ?')
          .run(mask, inside.at(-1)?.end ?? first.end, first.id)
        for (const w of inside.slice(1))
          voces.db.prepare('DELETE FROM words WHERE id = ?').run(w.id)
        const kept = words
          .filter((w) => !inside.includes(w) || w === first)
          .map((w) => (w === first ? mask : w.text))
        text = kept.join(' ')
      }
      voces.db.prepare('UPDATE segments SET text = ? WHERE id = ?').run(text, segment.id)
      changedSegments++
    }
    const cues = voces.db
      .prepare(
        `UPDATE subtitle_texts SET text = CASE language WHEN 'es' THEN ? ELSE ? END
         WHERE cue_id IN (SELECT id FROM subtitle_cues WHERE recording_id = ? AND start < ? AND end > ?)`,
      )
      .run(masks.es, masks.en, recordingId, to, from).changes
    forgetJobText(voces, recordingId)
    voces.db
      .prepare(
        'INSERT INTO redactions (recording_id, start, end, mode, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(recordingId, from, to, mode, new Date().toISOString())
    return { spans: [{ start: from, end: to }], segments: changedSegments, cues }
  })()
  scrubFiles(voces)
  voces.log.info('redacted', {
    recording: recordingId,
    spans: 1,
    segments: result.segments,
    cues: result.cues,
  })
  return result
}

/**
 * Show notes and chapter titles of every episode that uses the recording: typed by people, they
 * may name the same person. Spanish fields get the Spanish mask.
 */
function redactEpisodeTexts(voces: CoreContext, recordingId: string, name: string): void {
  const episodes = voces.db
    .prepare(
      'SELECT DISTINCT e.id, e.notes, e.description FROM episodes e JOIN episode_clips c ON c.episode_id = e.id WHERE c.recording_id = ?',
    )
    .all(recordingId) as Array<{ id: string; notes: string; description: string }>
  const mask = (text: string, language: Language) => replaceName(text, name, masks[language]).text
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
    voces.db
      .prepare('UPDATE episodes SET notes = ?, description = ? WHERE id = ?')
      .run(JSON.stringify(notes), mask(episode.description, 'en'), episode.id)
    const chapters = voces.db
      .prepare('SELECT id, title_en, title_es FROM episode_chapters WHERE episode_id = ?')
      .all(episode.id) as Array<{
      id: number
      title_en: string
      title_es: string
    }>
    for (const c of chapters) {
      voces.db
        .prepare('UPDATE episode_chapters SET title_en = ?, title_es = ? WHERE id = ?')
        .run(mask(c.title_en, 'en'), mask(c.title_es, 'es'), c.id)
    }
  }
}

/** Finished jobs keep their inputs and results; a transcription's may hold the words. */
function forgetJobText(voces: CoreContext, recordingId: string): void {
  // Only transcription jobs keep words (segments in their checkpoints and results); an export's
  // result holds figures and a path, which the person still wants to see.
  voces.db
    .prepare(
      "UPDATE jobs SET checkpoint = NULL, result = NULL WHERE recording_id = ? AND kind = 'transcribe' AND state IN ('succeeded', 'failed', 'cancelled')",
    )
    .run(recordingId)
}

/** With secure_delete on, freed pages were zeroed; the WAL still holds old page images until this. */
function scrubFiles(voces: CoreContext): void {
  voces.db.pragma('wal_checkpoint(TRUNCATE)')
}

export interface RedactionSpan {
  start: number
  end: number
  mode: RedactionMode
}

export function redactionSpans(voces: CoreContext, recordingId: string): RedactionSpan[] {
  return voces.db
    .prepare('SELECT start, end, mode FROM redactions WHERE recording_id = ? ORDER BY start')
    .all(recordingId) as RedactionSpan[]
}

export { findName }

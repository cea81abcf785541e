import type { Language } from '../../../shared/language.ts'
import type {
  EditorChange,
  EditorPatch,
  EditorSegment,
  EditorSpeaker,
} from '../../../shared/contract/index.ts'
import { retimeWords, tokenize } from '../../editor/retime.ts'
import { moveWordParts } from '../../speakers/store-rules.ts'
import type { TrackRef } from '../rows.ts'
import {
  EditRecord,
  mergedSegment,
  noEditorTrack,
  noNextSegment,
  noSegmentNamed,
  noTranscriptYet,
  plainSpeaker,
  reviewerRequired,
  speakerNotFound,
  speakersMergeInvalid,
  splitSegment,
} from '../editor-rules.ts'
import { EditorRows } from './editor-rows.ts'
import { markCorrectedSql } from './speakers.ts'
import type { StatementCache } from './statements.ts'

/** The edit's record (editor-rules.ts), reading segments from this connection's rows. */
class Recorder extends EditRecord {
  readonly store: EditorRows
  constructor(store: EditorRows) {
    super()
    this.store = store
  }
  segment(segmentId: number): EditorSegment {
    return this.touched(this.store.segment(segmentId))
  }
}

const segmentExists = (store: EditorRows, id: number) =>
  store.sql('SELECT 1 FROM segments WHERE id = ?').get(id) !== undefined

/**
 * The editor's operations on a transcript track on SQLite. Each is one synchronous
 * transaction and returns the segments it changed and a patch that undoes it
 * (docs/decisions/0040-editor-undo.md); sqlite/storage.ts serves them as the TranscriptStore
 * port's edits (decision 0114). Retiming words is the core's (editor/retime.ts), alike for every
 * backend.
 */
export class SqliteTranscriptEditor {
  readonly store: EditorRows
  private readonly now: () => Date
  constructor(sql: StatementCache, now: () => Date) {
    this.store = new EditorRows(sql)
    this.now = now
  }

  private change(track: TrackRef, edit: (recorder: Recorder) => number): EditorChange {
    return this.store.cache.db.transaction(() => {
      const recorder = new Recorder(this.store)
      const count = edit(recorder)
      const segments: EditorSegment[] = []
      const removed: number[] = []
      const undo: EditorPatch = {
        recordingId: track.recordingId,
        track: track.language,
        put: [],
        remove: [],
        speakers: [],
        removeSpeakers: [],
      }
      for (const [id, before] of recorder.segments) {
        const exists = segmentExists(this.store, id)
        if (exists) segments.push(this.store.segment(id))
        else if (before) removed.push(id)
        if (before) undo.put.push(before)
        else if (exists) undo.remove.push(id)
      }
      const speakers: EditorSpeaker[] = []
      const removedSpeakers: number[] = []
      for (const [id, before] of recorder.speakers) {
        const now = this.store.speaker(id)
        if (now) speakers.push(plainSpeaker(now))
        else if (before) removedSpeakers.push(id)
        if (before) undo.speakers.push(before)
        else if (now) undo.removeSpeakers.push(id)
      }
      if (recorder.segments.size > 0) this.store.touch(track.id, this.now().toISOString())
      segments.sort((a, b) => a.start - b.start || a.id - b.id)
      return { segments, removed, speakers, removedSpeakers, count, undo }
    })()
  }

  /** Writes new text, keeping the times of words that did not change; 0 when nothing changed. */
  private retext(recorder: Recorder, segmentId: number, text: string): boolean {
    const segment = this.store.segment(segmentId)
    const clean = tokenize(text).join(' ')
    if (clean === segment.text && segment.words.map((word) => word.text).join(' ') === clean)
      return false
    recorder.segment(segmentId)
    const retimed = retimeWords(segment.words, clean, segment)
    const words = retimed.map(({ from, ...word }) => ({
      ...word,
      id: from === null ? undefined : segment.words[from]?.id,
    }))
    const first = words[0]
    const last = words[words.length - 1]
    this.store.put(this.store.trackOfSegment(segmentId).id, {
      ...segment,
      text: clean,
      start: first ? Math.min(segment.start, first.start) : segment.start,
      end: last ? Math.max(segment.end, ...words.map((word) => word.end)) : segment.end,
      words,
    })
    return true
  }

  editText(segmentId: number, text: string): EditorChange {
    const track = this.store.trackOfSegment(segmentId)
    return this.change(track, (recorder) => (this.retext(recorder, segmentId, text) ? 1 : 0))
  }

  split(segmentId: number, wordIndex: number): EditorChange {
    const track = this.store.trackOfSegment(segmentId)
    return this.change(track, (recorder) => {
      const segment = recorder.segment(segmentId)
      const { head, tail } = splitSegment(segment, wordIndex)
      const newId = this.store.insert(track.id, tail.segment)
      recorder.created(newId)
      const move = this.store.sql('UPDATE words SET segment_id = ? WHERE id = ?')
      for (const word of tail.words) move.run(newId, word.id)
      this.store
        .sql('UPDATE segments SET end = ?, text = ? WHERE id = ?')
        .run(head.end, head.text, segmentId)
      return 1
    })
  }

  merge(segmentId: number): EditorChange {
    const track = this.store.trackOfSegment(segmentId)
    const nextId = this.store.nextSegmentId(segmentId)
    if (nextId === undefined) throw noNextSegment(segmentId)
    return this.change(track, (recorder) => {
      const first = recorder.segment(segmentId)
      const second = recorder.segment(nextId)
      const merged = mergedSegment(first, second)
      this.store.sql('UPDATE words SET segment_id = ? WHERE segment_id = ?').run(segmentId, nextId)
      this.store.remove(nextId)
      this.store
        .sql(
          `UPDATE segments SET end = ?, text = ?, review = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?`,
        )
        .run(
          merged.end,
          merged.text,
          merged.review,
          merged.reviewedBy,
          merged.reviewedAt,
          segmentId,
        )
      return 1
    })
  }

  setSpeaker(segmentId: number, speakerId: number | null): EditorChange {
    const track = this.store.trackOfSegment(segmentId)
    if (speakerId !== null && this.store.speaker(speakerId)?.recordingId !== track.recordingId) {
      throw speakerNotFound(speakerId)
    }
    return this.change(track, (recorder) => {
      const segment = recorder.segment(segmentId)
      if (segment.speakerId === speakerId) return 0
      this.store.sql('UPDATE segments SET speaker_id = ? WHERE id = ?').run(speakerId, segmentId)
      this.corrected(track.recordingId)
      return 1
    })
  }

  /** A person's hand on the speakers: detection no longer overwrites them unasked (0153). */
  private corrected(recordingId: string): void {
    this.store.sql(markCorrectedSql).run(recordingId, this.now().toISOString())
  }

  moveWords(segmentId: number, from: number, to: number, speakerId: number): EditorChange {
    const track = this.store.trackOfSegment(segmentId)
    if (this.store.speaker(speakerId)?.recordingId !== track.recordingId) {
      throw speakerNotFound(speakerId)
    }
    return this.change(track, (recorder) => {
      const segment = recorder.segment(segmentId)
      const parts = moveWordParts(segment, from, to, speakerId)
      if (parts.length === 0) return 0
      const move = this.store.sql('UPDATE words SET segment_id = ? WHERE id = ?')
      parts.forEach((part, i) => {
        if (i === 0) {
          this.store
            .sql('UPDATE segments SET speaker_id = ?, end = ?, text = ? WHERE id = ?')
            .run(part.speakerId, part.end, part.text, segmentId)
          return
        }
        const id = this.store.insert(track.id, { ...segment, ...part })
        recorder.created(id)
        for (const word of part.words) move.run(id, word.id)
      })
      this.corrected(track.recordingId)
      return 1
    })
  }

  mergeSpeakers(speakerId: number, intoId: number): EditorChange {
    const speaker = this.requireSpeaker(speakerId)
    const into = this.requireSpeaker(intoId)
    if (into.recordingId !== speaker.recordingId || intoId === speakerId) {
      throw speakersMergeInvalid(speakerId, intoId)
    }
    const track = this.anyTrack(speaker.recordingId)
    return this.change(track, (recorder) => {
      const ids = this.store
        .sql('SELECT id FROM segments WHERE track_id = ? AND speaker_id = ?')
        .all(track.id, speakerId) as Array<{ id: number }>
      for (const { id } of ids) recorder.segment(id)
      this.store
        .sql('UPDATE segments SET speaker_id = ? WHERE track_id = ? AND speaker_id = ?')
        .run(intoId, track.id, speakerId)
      // The other track and the detected turns follow; an undo gives this track back (0153).
      this.store
        .sql('UPDATE segments SET speaker_id = ? WHERE speaker_id = ?')
        .run(intoId, speakerId)
      this.store
        .sql('UPDATE speaker_turns SET speaker_id = ? WHERE speaker_id = ?')
        .run(intoId, speakerId)
      recorder.speaker(plainSpeaker(speaker))
      this.store.removeSpeaker(speakerId)
      this.corrected(speaker.recordingId)
      return 1
    })
  }

  renameSpeaker(speakerId: number, name: string, affiliation: string): EditorChange {
    const speaker = this.requireSpeaker(speakerId)
    const track = this.anyTrack(speaker.recordingId)
    return this.change(track, (recorder) => {
      recorder.speaker(plainSpeaker(speaker))
      this.store.putSpeaker(speaker.recordingId, { ...speaker, name, affiliation })
      return 1
    })
  }

  addSpeaker(recordingId: string, name: string, affiliation: string): EditorChange {
    const track = this.anyTrack(recordingId)
    return this.change(track, (recorder) => {
      const labels = new Set(this.store.speakers(recordingId).map((speaker) => speaker.label))
      let n = labels.size + 1
      while (labels.has(`Speaker ${n}`)) n += 1
      const id = Number(
        this.store
          .sql('INSERT INTO speakers (recording_id, label, name, affiliation) VALUES (?, ?, ?, ?)')
          .run(recordingId, `Speaker ${n}`, name, affiliation).lastInsertRowid,
      )
      recorder.createdSpeaker(id)
      this.corrected(recordingId)
      return 1
    })
  }

  replace(
    recordingId: string,
    language: Language,
    find: string,
    replacement: string,
    options: { matchCase: boolean; wholeWord: boolean },
  ): EditorChange {
    const track = this.requireTrack(recordingId, language)
    const escaped = find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(
      options.wholeWord ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped,
      options.matchCase ? 'gu' : 'giu',
    )
    return this.change(track, (recorder) => {
      let count = 0
      const rows = this.store
        .sql('SELECT id, text FROM segments WHERE track_id = ?')
        .all(track.id) as Array<{
        id: number
        text: string
      }>
      for (const row of rows) {
        let found = 0
        const text = row.text.replace(pattern, () => {
          found += 1
          return replacement
        })
        if (found > 0 && this.retext(recorder, row.id, text)) count += found
      }
      return count
    })
  }

  review(
    segmentIds: readonly number[],
    review: 'machine' | 'verified',
    reviewedBy?: string,
  ): EditorChange {
    if (review === 'verified' && !reviewedBy) {
      throw reviewerRequired()
    }
    const first = segmentIds[0]
    if (first === undefined) throw noSegmentNamed(segmentIds)
    const track = this.store.trackOfSegment(first)
    const at = this.now().toISOString()
    return this.change(track, (recorder) => {
      for (const id of segmentIds) {
        if (this.store.trackOfSegment(id).id !== track.id) continue
        recorder.segment(id)
        this.store
          .sql('UPDATE segments SET review = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?')
          .run(
            review,
            review === 'verified' ? (reviewedBy ?? null) : null,
            review === 'verified' ? at : null,
            id,
          )
      }
      return segmentIds.length
    })
  }

  /** Puts back what a patch holds; the change it returns carries the patch that reverses it. */
  apply(patch: EditorPatch): EditorChange {
    const track = this.requireTrack(patch.recordingId, patch.track)
    return this.change(track, (recorder) => {
      for (const speaker of patch.speakers) {
        const now = this.store.speaker(speaker.id)
        if (now) recorder.speaker(plainSpeaker(now))
        else recorder.createdSpeaker(speaker.id)
        this.store.putSpeaker(patch.recordingId, speaker)
      }
      for (const id of patch.removeSpeakers) {
        const now = this.store.speaker(id)
        if (!now) continue
        recorder.speaker(plainSpeaker(now))
        this.store.removeSpeaker(id)
      }
      for (const id of patch.remove) {
        if (!segmentExists(this.store, id)) continue
        recorder.segment(id)
        this.store.remove(id)
      }
      for (const segment of patch.put) {
        if (segmentExists(this.store, segment.id)) recorder.segment(segment.id)
        else recorder.created(segment.id)
        this.store.put(track.id, segment)
      }
      return 1
    })
  }

  private requireTrack(recordingId: string, language: Language): TrackRef {
    const track = this.store.track(recordingId, language)
    if (!track) throw noEditorTrack(recordingId, language)
    return track
  }

  /** Speakers belong to the recording, not a track; their edits are recorded against its first track. */
  private anyTrack(recordingId: string): TrackRef {
    const track = this.store.track(recordingId)
    if (!track) throw noTranscriptYet(recordingId)
    return track
  }

  private requireSpeaker(speakerId: number) {
    const speaker = this.store.speaker(speakerId)
    if (!speaker) throw speakerNotFound(speakerId)
    return speaker
  }
}

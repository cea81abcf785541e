import type { Language } from '../../../shared/language.ts'
import type {
  EditorChange,
  EditorPatch,
  EditorSegment,
  EditorSpeaker,
} from '../../../shared/contract/index.ts'
import { retimeWords, tokenize } from '../../editor/retime.ts'
import { moveWordParts } from '../../speakers/store-rules.ts'
import type { Transactional } from './db.ts'
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
import { PostgresEditorRows } from './editor-rows.ts'
import { markCorrected } from './speakers.ts'

/** The edit's record (editor-rules.ts), reading segments from this transaction's rows. */
class Recorder extends EditRecord {
  readonly rows: PostgresEditorRows
  constructor(rows: PostgresEditorRows) {
    super()
    this.rows = rows
  }
  async segment(segmentId: number): Promise<EditorSegment> {
    return this.touched(await this.rows.segment(segmentId))
  }
}

type Edit = (rows: PostgresEditorRows, recorder: Recorder) => Promise<number>

/**
 * The editor's operations on PostgreSQL: sqlite/editor.ts's, each one transaction (a savepoint
 * inside an open one) that returns the segments it changed and the patch that undoes it
 * (decisions 0040 and 0114). Retiming words is the core's (editor/retime.ts).
 */
export class PostgresTranscriptEditor {
  private readonly q: Transactional
  private readonly now: () => Date
  constructor(q: Transactional, now: () => Date) {
    this.q = q
    this.now = now
  }

  load(recordingId: string, language?: Language) {
    return new PostgresEditorRows(this.q).load(recordingId, language)
  }

  /** Finds the track, then runs the edit and records it, all in one transaction. */
  private change(
    findTrack: (rows: PostgresEditorRows) => Promise<TrackRef>,
    edit: Edit,
  ): Promise<EditorChange> {
    return this.q.transaction(async (tx) => {
      const rows = new PostgresEditorRows(tx)
      const track = await findTrack(rows)
      const recorder = new Recorder(rows)
      const count = await edit(rows, recorder)
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
        const exists = await rows.segmentExists(id)
        if (exists) segments.push(await rows.segment(id))
        else if (before) removed.push(id)
        if (before) undo.put.push(before)
        else if (exists) undo.remove.push(id)
      }
      const speakers: EditorSpeaker[] = []
      const removedSpeakers: number[] = []
      for (const [id, before] of recorder.speakers) {
        const now = await rows.speaker(id)
        if (now) speakers.push(plainSpeaker(now))
        else if (before) removedSpeakers.push(id)
        if (before) undo.speakers.push(before)
        else if (now) undo.removeSpeakers.push(id)
      }
      if (recorder.segments.size > 0) await rows.touch(track.id, this.now().toISOString())
      segments.sort((a, b) => a.start - b.start || a.id - b.id)
      return { segments, removed, speakers, removedSpeakers, count, undo }
    })
  }

  /** Writes new text, keeping the times of words that did not change; false when nothing changed. */
  private async retext(
    rows: PostgresEditorRows,
    recorder: Recorder,
    segmentId: number,
    text: string,
  ): Promise<boolean> {
    const segment = await rows.segment(segmentId)
    const clean = tokenize(text).join(' ')
    if (clean === segment.text && segment.words.map((word) => word.text).join(' ') === clean)
      return false
    await recorder.segment(segmentId)
    const retimed = retimeWords(segment.words, clean, segment)
    const words = retimed.map(({ from, ...word }) => ({
      ...word,
      id: from === null ? undefined : segment.words[from]?.id,
    }))
    const first = words[0]
    const last = words[words.length - 1]
    await rows.put((await rows.trackOfSegment(segmentId)).id, {
      ...segment,
      text: clean,
      start: first ? Math.min(segment.start, first.start) : segment.start,
      end: last ? Math.max(segment.end, ...words.map((word) => word.end)) : segment.end,
      words,
    })
    return true
  }

  editText(segmentId: number, text: string): Promise<EditorChange> {
    return this.change(
      (rows) => rows.trackOfSegment(segmentId),
      async (rows, recorder) => ((await this.retext(rows, recorder, segmentId, text)) ? 1 : 0),
    )
  }

  split(segmentId: number, wordIndex: number): Promise<EditorChange> {
    return this.change(
      (rows) => rows.trackOfSegment(segmentId),
      async (rows, recorder) => {
        const track = await rows.trackOfSegment(segmentId)
        const segment = await recorder.segment(segmentId)
        const { head, tail } = splitSegment(segment, wordIndex)
        const newId = await rows.insert(track.id, tail.segment)
        recorder.created(newId)
        await rows.q.run('UPDATE words SET segment_id = $1 WHERE id = ANY($2::bigint[])', [
          newId,
          tail.words.map((word) => word.id),
        ])
        await rows.q.run('UPDATE segments SET "end" = $1, text = $2 WHERE id = $3', [
          head.end,
          head.text,
          segmentId,
        ])
        return 1
      },
    )
  }

  merge(segmentId: number): Promise<EditorChange> {
    return this.change(
      (rows) => rows.trackOfSegment(segmentId),
      async (rows, recorder) => {
        const nextId = await rows.nextSegmentId(segmentId)
        if (nextId === undefined) throw noNextSegment(segmentId)
        const first = await recorder.segment(segmentId)
        const second = await recorder.segment(nextId)
        const merged = mergedSegment(first, second)
        await rows.q.run('UPDATE words SET segment_id = $1 WHERE segment_id = $2', [
          segmentId,
          nextId,
        ])
        await rows.remove(nextId)
        await rows.q.run(
          `UPDATE segments SET "end" = $1, text = $2, review = $3, reviewed_by = $4,
             reviewed_at = $5 WHERE id = $6`,
          [merged.end, merged.text, merged.review, merged.reviewedBy, merged.reviewedAt, segmentId],
        )
        return 1
      },
    )
  }

  setSpeaker(segmentId: number, speakerId: number | null): Promise<EditorChange> {
    return this.change(
      (rows) => trackWithSpeaker(rows, segmentId, speakerId),
      async (rows, recorder) => {
        const segment = await recorder.segment(segmentId)
        if (segment.speakerId === speakerId) return 0
        await rows.q.run('UPDATE segments SET speaker_id = $1 WHERE id = $2', [
          speakerId,
          segmentId,
        ])
        const { recordingId } = await rows.trackOfSegment(segmentId)
        await markCorrected(rows.q, recordingId, this.now().toISOString())
        return 1
      },
    )
  }

  moveWords(segmentId: number, from: number, to: number, speakerId: number): Promise<EditorChange> {
    return this.change(
      (rows) => trackWithSpeaker(rows, segmentId, speakerId),
      async (rows, recorder) => {
        const segment = await recorder.segment(segmentId)
        const parts = moveWordParts(segment, from, to, speakerId)
        const [first, ...rest] = parts
        if (!first) return 0
        await rows.q.run(
          'UPDATE segments SET speaker_id = $1, "end" = $2, text = $3 WHERE id = $4',
          [first.speakerId, first.end, first.text, segmentId],
        )
        const track = await rows.trackOfSegment(segmentId)
        for (const part of rest) {
          const id = await rows.insert(track.id, { ...segment, ...part })
          recorder.created(id)
          await rows.q.run('UPDATE words SET segment_id = $1 WHERE id = ANY($2::bigint[])', [
            id,
            part.words.map((word) => word.id),
          ])
        }
        await markCorrected(rows.q, track.recordingId, this.now().toISOString())
        return 1
      },
    )
  }

  mergeSpeakers(speakerId: number, intoId: number): Promise<EditorChange> {
    return this.change(
      async (rows) => {
        const speaker = await requireSpeaker(rows, speakerId)
        const into = await requireSpeaker(rows, intoId)
        if (into.recordingId !== speaker.recordingId || intoId === speakerId) {
          throw speakersMergeInvalid(speakerId, intoId)
        }
        return anyTrack(rows, speaker.recordingId)
      },
      async (rows, recorder) => {
        const speaker = await requireSpeaker(rows, speakerId)
        const track = await anyTrack(rows, speaker.recordingId)
        const ids = await rows.q.rows<{ id: number }>(
          'SELECT id FROM segments WHERE track_id = $1 AND speaker_id = $2',
          [track.id, speakerId],
        )
        for (const { id } of ids) await recorder.segment(id)
        // Every track and the detected turns follow; an undo gives the first track back (0153).
        await rows.q.run('UPDATE segments SET speaker_id = $1 WHERE speaker_id = $2', [
          intoId,
          speakerId,
        ])
        await rows.q.run('UPDATE speaker_turns SET speaker_id = $1 WHERE speaker_id = $2', [
          intoId,
          speakerId,
        ])
        recorder.speaker(plainSpeaker(speaker))
        await rows.removeSpeaker(speakerId)
        await markCorrected(rows.q, speaker.recordingId, this.now().toISOString())
        return 1
      },
    )
  }

  renameSpeaker(speakerId: number, name: string, affiliation: string): Promise<EditorChange> {
    return this.change(
      async (rows) => anyTrack(rows, (await requireSpeaker(rows, speakerId)).recordingId),
      async (rows, recorder) => {
        const speaker = await requireSpeaker(rows, speakerId)
        recorder.speaker(plainSpeaker(speaker))
        await rows.putSpeaker(speaker.recordingId, { ...plainSpeaker(speaker), name, affiliation })
        return 1
      },
    )
  }

  addSpeaker(recordingId: string, name: string, affiliation: string): Promise<EditorChange> {
    return this.change(
      (rows) => anyTrack(rows, recordingId),
      async (rows, recorder) => {
        const labels = new Set((await rows.speakers(recordingId)).map((speaker) => speaker.label))
        let n = labels.size + 1
        while (labels.has(`Speaker ${n}`)) n += 1
        const added = await rows.q.row<{ id: number }>(
          'INSERT INTO speakers (recording_id, label, name, affiliation) VALUES ($1, $2, $3, $4) RETURNING id',
          [recordingId, `Speaker ${n}`, name, affiliation],
        )
        if (!added) throw new Error('PostgreSQL returned no speaker id')
        recorder.createdSpeaker(added.id)
        return 1
      },
    )
  }

  replace(
    recordingId: string,
    language: Language,
    find: string,
    replacement: string,
    options: { matchCase: boolean; wholeWord: boolean },
  ): Promise<EditorChange> {
    const escaped = find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(
      options.wholeWord ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped,
      options.matchCase ? 'gu' : 'giu',
    )
    return this.change(
      (rows) => requireTrack(rows, recordingId, language),
      async (rows, recorder) => {
        const track = await requireTrack(rows, recordingId, language)
        let count = 0
        const segments = await rows.q.rows<{ id: number; text: string }>(
          'SELECT id, text FROM segments WHERE track_id = $1 ORDER BY id',
          [track.id],
        )
        for (const row of segments) {
          let found = 0
          const text = row.text.replace(pattern, () => {
            found += 1
            return replacement
          })
          if (found > 0 && (await this.retext(rows, recorder, row.id, text))) count += found
        }
        return count
      },
    )
  }

  review(
    segmentIds: readonly number[],
    review: 'machine' | 'verified',
    reviewedBy?: string,
  ): Promise<EditorChange> {
    if (review === 'verified' && !reviewedBy) {
      return Promise.reject(reviewerRequired())
    }
    const first = segmentIds[0]
    if (first === undefined) {
      return Promise.reject(noSegmentNamed(segmentIds))
    }
    const at = this.now().toISOString()
    return this.change(
      (rows) => rows.trackOfSegment(first),
      async (rows, recorder) => {
        const track = await rows.trackOfSegment(first)
        for (const id of segmentIds) {
          if ((await rows.trackOfSegment(id)).id !== track.id) continue
          await recorder.segment(id)
          await rows.q.run(
            'UPDATE segments SET review = $1, reviewed_by = $2, reviewed_at = $3 WHERE id = $4',
            [
              review,
              review === 'verified' ? (reviewedBy ?? null) : null,
              review === 'verified' ? at : null,
              id,
            ],
          )
        }
        return segmentIds.length
      },
    )
  }

  /** Puts back what a patch holds; the change it returns carries the patch that reverses it. */
  apply(patch: EditorPatch): Promise<EditorChange> {
    return this.change(
      (rows) => requireTrack(rows, patch.recordingId, patch.track),
      async (rows, recorder) => {
        const track = await requireTrack(rows, patch.recordingId, patch.track)
        for (const speaker of patch.speakers) {
          const now = await rows.speaker(speaker.id)
          if (now) recorder.speaker(plainSpeaker(now))
          else recorder.createdSpeaker(speaker.id)
          await rows.putSpeaker(patch.recordingId, speaker)
        }
        for (const id of patch.removeSpeakers) {
          const now = await rows.speaker(id)
          if (!now) continue
          recorder.speaker(plainSpeaker(now))
          await rows.removeSpeaker(id)
        }
        for (const id of patch.remove) {
          if (!(await rows.segmentExists(id))) continue
          await recorder.segment(id)
          await rows.remove(id)
        }
        for (const segment of patch.put) {
          if (await rows.segmentExists(segment.id)) await recorder.segment(segment.id)
          else recorder.created(segment.id)
          await rows.put(track.id, segment)
        }
        return 1
      },
    )
  }
}

async function requireTrack(
  rows: PostgresEditorRows,
  recordingId: string,
  language: Language,
): Promise<TrackRef> {
  const track = await rows.track(recordingId, language)
  if (!track) throw noEditorTrack(recordingId, language)
  return track
}

/** Speakers belong to the recording, not a track; their edits are recorded against its first track. */
async function anyTrack(rows: PostgresEditorRows, recordingId: string): Promise<TrackRef> {
  const track = await rows.track(recordingId)
  if (!track) throw noTranscriptYet(recordingId)
  return track
}

/** The segment's track, when the speaker (if one is given) is one of its recording's. */
async function trackWithSpeaker(
  rows: PostgresEditorRows,
  segmentId: number,
  speakerId: number | null,
): Promise<TrackRef> {
  const track = await rows.trackOfSegment(segmentId)
  if (speakerId !== null && (await rows.speaker(speakerId))?.recordingId !== track.recordingId) {
    throw speakerNotFound(speakerId)
  }
  return track
}

async function requireSpeaker(rows: PostgresEditorRows, speakerId: number) {
  const speaker = await rows.speaker(speakerId)
  if (!speaker) {
    throw speakerNotFound(speakerId)
  }
  return speaker
}

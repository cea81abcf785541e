import {
  VocesError,
  type EditorSegment,
  type EditorSpeaker,
  type EditorWord,
} from '../../shared/contract/index.ts'

/*
 * What the editor's operations decide, alike on both backends (sqlite/editor.ts and
 * postgres/editor.ts, decision 0207): where a split falls, what a merge keeps, and the errors a
 * person sees. Each backend reads and writes the rows in its own transaction style.
 */

/** A speaker as the undo patch holds it: without the recording it belongs to. */
export const plainSpeaker = (s: EditorSpeaker): EditorSpeaker => ({
  id: s.id,
  label: s.label,
  name: s.name,
  affiliation: s.affiliation,
})

const joinWords = (words: readonly EditorWord[]) => words.map((word) => word.text).join(' ')

/**
 * A segment split before its word `wordIndex`: the head keeps the segment's id and ends at its
 * last word; the tail is a new segment from its first word, with the words after.
 */
export function splitSegment(segment: EditorSegment, wordIndex: number) {
  const head = segment.words.slice(0, wordIndex)
  const tail = segment.words.slice(wordIndex)
  const firstTail = tail[0]
  if (head.length === 0 || !firstTail) {
    throw new VocesError('SPLIT_OUT_OF_RANGE', 'A segment splits between two of its words.', {
      segmentId: segment.id,
      wordIndex,
    })
  }
  const tailStart = Math.max(segment.start, firstTail.start)
  return {
    head: {
      end: Math.max(segment.start, Math.max(...head.map((word) => word.end))),
      text: joinWords(head),
    },
    tail: {
      segment: {
        ...segment,
        start: tailStart,
        end: Math.max(tailStart, segment.end),
        text: joinWords(tail),
      },
      words: tail,
    },
  }
}

/** Two neighbours made one: verified only when both were, by the first one's reviewer. */
export function mergedSegment(first: EditorSegment, second: EditorSegment) {
  const verified = first.review === 'verified' && second.review === 'verified'
  return {
    end: Math.max(first.end, second.end),
    text: [first.text, second.text].filter((text) => text !== '').join(' '),
    review: verified ? ('verified' as const) : ('machine' as const),
    reviewedBy: verified ? first.reviewedBy : null,
    reviewedAt: verified ? first.reviewedAt : null,
  }
}

export const noNextSegment = (segmentId: number) =>
  new VocesError('MERGE_NO_NEXT', 'This is the last segment; there is none after it to join.', {
    segmentId,
  })

export const speakerNotFound = (speakerId: number) =>
  new VocesError('SPEAKER_NOT_FOUND', 'That speaker is not one of this recording’s.', {
    speakerId,
  })

export const speakersMergeInvalid = (speakerId: number, intoId: number) =>
  new VocesError(
    'SPEAKERS_MERGE_INVALID',
    'Choose two different voices of the same recording to merge.',
    { speakerId, intoId },
  )

export const reviewerRequired = () =>
  new VocesError('REVIEWER_REQUIRED', 'Say who checked the text to mark it verified.')

export const noSegmentNamed = (ids: readonly number[]) =>
  new VocesError('SEGMENT_NOT_FOUND', 'No segment was named.', { count: ids.length })

export const noEditorTrack = (recordingId: string, language: string) =>
  new VocesError(
    'TRANSCRIPT_NOT_FOUND',
    `Recording ${recordingId} has no ${language} transcript track.`,
    { recordingId, track: language },
  )

export const noTranscriptYet = (recordingId: string) =>
  new VocesError('TRANSCRIPT_NOT_FOUND', `Recording ${recordingId} has no transcript yet.`, {
    recordingId,
    track: '',
  })

/**
 * Remembers the state of every segment and speaker an edit touches before it touches it, then
 * compares: what is there now is the change, what was there before is the undo patch. Each
 * backend's recorder reads the segment (synchronously or not) and hands it to `touched`.
 */
export class EditRecord {
  readonly segments = new Map<number, EditorSegment | null>()
  readonly speakers = new Map<number, EditorSpeaker | null>()
  /** The segment as it is now; kept as the one before the edit the first time it is seen. */
  protected touched(current: EditorSegment): EditorSegment {
    if (!this.segments.has(current.id)) this.segments.set(current.id, current)
    return current
  }
  created(segmentId: number): void {
    if (!this.segments.has(segmentId)) this.segments.set(segmentId, null)
  }
  speaker(speaker: EditorSpeaker): void {
    if (!this.speakers.has(speaker.id)) this.speakers.set(speaker.id, speaker)
  }
  createdSpeaker(speakerId: number): void {
    if (!this.speakers.has(speakerId)) this.speakers.set(speakerId, null)
  }
}

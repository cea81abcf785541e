import type { Segment, TrackLanguage, Word } from '../../shared/contract/index.ts'
import { shownSpeaker, shownSpeakerOrNull } from '../../shared/speakers.ts'

/*
 * Transcript rows as both backends read them (sqlite/transcripts.ts, postgres/transcripts.ts):
 * the mapping to the contract and the speaker lookup are here once; the SQL stays in each backend.
 */

export interface TranscriptSegmentRow {
  id: number
  start: number
  end: number
  language: TrackLanguage
  text: string
  label: string | null
  name: string | null
}

export interface WordRow {
  segment_id: number
  start: number
  end: number
  text: string
  probability: number | null
}

/**
 * A track's segments with their words, each speaker shown by the one rule or kept by its label
 * (what subtitle cues keep, decision 0075). Rows come ordered by start; words by segment and start.
 */
export function segmentsFromRows(
  segments: readonly TranscriptSegmentRow[],
  words: readonly WordRow[],
  speaker: 'shown' | 'label',
): Segment[] {
  const bySegment = new Map<number, Word[]>()
  for (const word of words) {
    const list = bySegment.get(word.segment_id) ?? []
    list.push({
      start: word.start,
      end: word.end,
      text: word.text,
      probability: word.probability,
    })
    bySegment.set(word.segment_id, list)
  }
  return segments.map((row) => ({
    start: row.start,
    end: row.end,
    speaker: speaker === 'label' ? row.label : shownSpeakerOrNull(row.label, row.name),
    language: row.language,
    text: row.text,
    words: bySegment.get(row.id) ?? [],
  }))
}

/**
 * A recording's speakers, found by label or by the name they are shown under: a file exported
 * after naming carries the names (decision 0075), so importing it back keeps the named speakers.
 */
export class SpeakerLookup<Id> {
  private readonly byLabel = new Map<string, Id>()
  private readonly byShown = new Map<string, Id>()

  /** `known` ordered by id: the first speaker shown under a name is the one found by it. */
  constructor(known: ReadonlyArray<{ id: Id; label: string; name: string }>) {
    for (const row of known) {
      this.byLabel.set(row.label, row.id)
      const shown = shownSpeaker(row.label, row.name)
      if (!this.byShown.has(shown)) this.byShown.set(shown, row.id)
    }
  }

  find(text: string): Id | undefined {
    return this.byLabel.get(text) ?? this.byShown.get(text)
  }

  /** A speaker just added under this label. */
  added(label: string, id: Id): void {
    this.byLabel.set(label, id)
  }
}

import { describe, expect, it } from 'vitest'
import {
  addCuts,
  checkCutsInClips,
  clipHolding,
  mergeCuts,
  restoreFromCuts,
  widenToPauses,
} from '../../src/core/episodes/cuts.ts'
import { crossfade, keptRanges, mergeSpans, subtractSpans } from '../../src/core/episodes/spans.ts'
import { VocesError, type Cut } from '../../src/shared/contract/index.ts'

const cut = (start: number, end: number, kind: Cut['kind'] = 'edit', recordingId = 'r1'): Cut => ({
  recordingId,
  start,
  end,
  kind,
})

describe('spans', () => {
  it('merges overlapping and touching spans, and subtracts', () => {
    expect(
      mergeSpans([
        { start: 5, end: 6 },
        { start: 1, end: 2 },
        { start: 2, end: 3 },
        { start: 2.5, end: 2.7 },
      ]),
    ).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 6 },
    ])
    expect(
      subtractSpans(
        [{ start: 0, end: 10 }],
        [
          { start: 2, end: 3 },
          { start: 9, end: 12 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 9 },
    ])
  })

  it('keeps a clip minus its cuts, ignoring cuts and slivers shorter than a crossfade', () => {
    const clip = { start: 10, end: 20 }
    expect(keptRanges(clip, [])).toEqual([clip])
    // Outside the clip: nothing; straddling its start: trimmed to it.
    expect(
      keptRanges(clip, [
        { start: 0, end: 5 },
        { start: 8, end: 11 },
      ]),
    ).toEqual([{ start: 11, end: 20 }])
    expect(keptRanges(clip, [{ start: 12, end: 12 + crossfade / 2 }])).toEqual([clip])
    // Two cuts 10 ms apart: the sliver between them goes with them.
    expect(
      keptRanges(clip, [
        { start: 12, end: 13 },
        { start: 13.01, end: 14 },
      ]),
    ).toEqual([
      { start: 10, end: 12 },
      { start: 14, end: 20 },
    ])
    expect(keptRanges(clip, [{ start: 0, end: 30 }])).toEqual([])
  })
})

describe('cut rules', () => {
  it('merges overlapping and touching cuts per recording; an edit outweighs a filler', () => {
    expect(
      mergeCuts([
        cut(3, 4, 'filler'),
        cut(1, 2, 'filler'),
        cut(2, 3.5, 'edit'),
        cut(1, 2, 'edit', 'r2'),
        cut(6, 7, 'filler'),
      ]),
    ).toEqual([cut(1, 4, 'edit'), cut(6, 7, 'filler'), cut(1, 2, 'edit', 'r2')])
  })

  it('restores a stretch out of the middle of a cut, splitting it', () => {
    expect(restoreFromCuts([cut(1, 5)], [{ recordingId: 'r1', start: 2, end: 3 }])).toEqual([
      cut(1, 2),
      cut(3, 5),
    ])
    expect(restoreFromCuts([cut(1, 5)], [{ recordingId: 'r2', start: 0, end: 9 }])).toEqual([
      cut(1, 5),
    ])
    expect(addCuts([cut(1, 2)], [{ recordingId: 'r1', start: 1.5, end: 3 }], 'filler')).toEqual([
      cut(1, 3, 'edit'),
    ])
  })

  it('finds the clip that holds a cut and refuses one outside every clip', () => {
    const clips = [
      { recordingId: 'r1', start: 0, end: 10 },
      { recordingId: 'r2', start: 5, end: 8 },
      { recordingId: 'r1', start: 20, end: 30 },
    ]
    expect(clipHolding(clips, { recordingId: 'r1', start: 21, end: 22 })).toBe(2)
    expect(clipHolding(clips, { recordingId: 'r2', start: 4.9995, end: 6 })).toBe(1)
    expect(clipHolding(clips, { recordingId: 'r2', start: 1, end: 2 })).toBe(-1)
    // Across the gap between two clips of one recording: in neither.
    let error: unknown
    try {
      checkCutsInClips(clips, [{ recordingId: 'r1', start: 9, end: 21 }])
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(VocesError)
    expect((error as VocesError).code).toBe('CUT_OUTSIDE_CLIP')
  })

  it('widens a cut of words to the middle of the pauses around them', () => {
    const words = [
      { start: 1.0, end: 1.4 },
      { start: 1.6, end: 2.0 },
      { start: 2.4, end: 2.6 },
      { start: 3.0, end: 3.5 },
    ]
    const clip = { start: 0.5, end: 4 }
    // The second word: from the middle of the pause before it to the middle of the one after.
    expect(widenToPauses({ start: 1.6, end: 2.0 }, words, clip)).toEqual({ start: 1.5, end: 2.2 })
    // Neighbours cut one by one touch, so they merge into the cut of both at once.
    const both = widenToPauses({ start: 1.6, end: 2.6 }, words, clip)
    expect(both).toEqual({ start: 1.5, end: 2.8 })
    const third = widenToPauses({ start: 2.4, end: 2.6 }, words, clip)
    expect(mergeSpans([widenToPauses({ start: 1.6, end: 2.0 }, words, clip), third])).toEqual([
      both,
    ])
    // The clip's edges count as neighbours: half of what lies before the first word stays.
    expect(widenToPauses({ start: 1.0, end: 1.4 }, words, clip)).toEqual({ start: 0.75, end: 1.5 })
    expect(widenToPauses({ start: 3.0, end: 3.5 }, words, clip)).toEqual({ start: 2.8, end: 3.75 })
    // A stretch with no word's middle in it is cut as given.
    expect(widenToPauses({ start: 2.05, end: 2.3 }, words, clip)).toEqual({
      start: 2.05,
      end: 2.3,
    })
  })
})

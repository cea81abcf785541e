import type { Clip, Recording } from '../../shared/contract/index.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'
import { clockText, parseClock } from './time.ts'

/** One clip as the form holds it: the in and out points as typed. */
export interface ClipDraft {
  key: string
  recordingId: string
  from: string
  to: string
}

export interface ClipProblem {
  field: 'from' | 'to'
  key: MessageKey
  params?: Record<string, string | number>
}

let nextKey = 0
export const newClipKey = () => `clip-${(nextKey += 1)}`

/** A whole recording as a clip: from the start to its end. */
export function clipDraftFor(recording: Recording): ClipDraft {
  return {
    key: newClipKey(),
    recordingId: recording.id,
    from: clockText(0),
    to: clockText(recording.duration),
  }
}

export function draftsFromClips(clips: readonly Clip[]): ClipDraft[] {
  return clips.map((clip) => ({
    key: newClipKey(),
    recordingId: clip.recordingId,
    from: clockText(clip.start),
    to: clockText(clip.end),
  }))
}

/** Half a tenth of a second: what rounding the out point to tenths can add. */
const slack = 0.05

/** What is wrong with one clip, checked against its recording's length; null when it is right. */
export function clipProblem(
  draft: ClipDraft,
  recording: Recording | undefined,
): ClipProblem | null {
  if (!recording) return { field: 'from', key: 'clips.missingRecording' }
  const from = parseClock(draft.from)
  const to = parseClock(draft.to)
  if (from === null) return { field: 'from', key: 'clips.notATime' }
  if (to === null) return { field: 'to', key: 'clips.notATime' }
  if (from >= recording.duration)
    return { field: 'from', key: 'clips.afterEnd', params: { end: clockText(recording.duration) } }
  if (to > recording.duration + slack)
    return { field: 'to', key: 'clips.afterEnd', params: { end: clockText(recording.duration) } }
  if (to <= from) return { field: 'to', key: 'clips.endBeforeStart' }
  return null
}

/** The clips for the core, or null while any of them is wrong (or there are none). */
export function clipsFromDrafts(
  drafts: readonly ClipDraft[],
  recordings: ReadonlyMap<string, Recording>,
): Clip[] | null {
  if (drafts.length === 0) return null
  const clips: Clip[] = []
  for (const draft of drafts) {
    const recording = recordings.get(draft.recordingId)
    if (clipProblem(draft, recording) || !recording) return null
    const from = parseClock(draft.from) ?? 0
    const to = Math.min(parseClock(draft.to) ?? 0, recording.duration)
    clips.push({ recordingId: draft.recordingId, start: from, end: to })
  }
  return clips
}

/** Seconds of audio the clips add up to (what is wrong counts nothing). */
export function clipsLength(
  drafts: readonly ClipDraft[],
  recordings: ReadonlyMap<string, Recording>,
): number {
  return drafts.reduce((sum, draft) => {
    const recording = recordings.get(draft.recordingId)
    if (clipProblem(draft, recording) || !recording) return sum
    return (
      sum + Math.min(parseClock(draft.to) ?? 0, recording.duration) - (parseClock(draft.from) ?? 0)
    )
  }, 0)
}

export function moveItem<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by
  if (target < 0 || target >= items.length) return [...items]
  const next = [...items]
  const [item] = next.splice(index, 1)
  if (item !== undefined) next.splice(target, 0, item)
  return next
}

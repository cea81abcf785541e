import type { Chapter, Clip, Cut, Episode, Segment, Word } from '../../shared/contract/index.ts'
import { masks } from '../redaction/fold.ts'
import { keptRanges, midpointIn, type Span } from './spans.ts'

/** A kept stretch of one clip: recording clock [start, end), heard from `at` on the episode's clock. */
export interface Piece extends Span {
  clipIndex: number
  recordingId: string
  at: number
}

/**
 * Where every kept stretch of an episode's clips is heard. The episode's clock starts with the
 * first clip (the intro comes before it; exports add its length as an offset). The crossfade at a
 * join straddles the cut point, half on each side (src/core/episodes/join.ts), so it takes no
 * time: a kept moment is heard exactly the kept seconds before it after the clip's start.
 */
export interface EpisodeLayout {
  pieces: Piece[]
  /** Per clip, its kept stretches on the recording's clock. */
  kept: Span[][]
  /** Seconds the clips last once the cuts are taken out. */
  duration: number
}

export function layoutEpisode(
  clips: readonly Clip[],
  cuts: ReadonlyArray<Span & { recordingId: string }>,
): EpisodeLayout {
  const pieces: Piece[] = []
  const kept: Span[][] = []
  let at = 0
  clips.forEach((clip, clipIndex) => {
    const own = cuts.filter((cut) => cut.recordingId === clip.recordingId)
    const ranges = keptRanges(clip, own)
    kept.push(ranges)
    for (const range of ranges) {
      pieces.push({ ...range, clipIndex, recordingId: clip.recordingId, at })
      at += range.end - range.start
    }
  })
  return { pieces, kept, duration: at }
}

/**
 * Recording time → episode time, in clip `clipIndex` (or the first clip that hears it). Null when
 * that moment is cut or in no clip.
 */
export function toEpisodeTime(
  layout: EpisodeLayout,
  recordingId: string,
  time: number,
  clipIndex?: number,
): number | null {
  const piece = layout.pieces.find(
    (p) =>
      p.recordingId === recordingId &&
      (clipIndex === undefined || p.clipIndex === clipIndex) &&
      time >= p.start &&
      time < p.end,
  )
  return piece ? piece.at + (time - piece.start) : null
}

/** Episode time → the clip and the recording time heard then; null past the end. */
export function fromEpisodeTime(
  layout: EpisodeLayout,
  time: number,
): { clipIndex: number; recordingId: string; time: number } | null {
  const piece = layout.pieces.find((p) => time >= p.at && time < p.at + (p.end - p.start))
  if (!piece) return null
  return {
    clipIndex: piece.clipIndex,
    recordingId: piece.recordingId,
    time: piece.start + (time - piece.at),
  }
}

/**
 * The episode time of the first moment of clip `clipIndex` heard at or after recording time
 * `time`: a moment inside a cut lands on the join that replaced it. Chapters follow cuts with it.
 */
export function nextHeard(layout: EpisodeLayout, clipIndex: number, time: number): number {
  const own = layout.pieces.filter((p) => p.clipIndex === clipIndex)
  for (const piece of own) {
    if (time < piece.start) return piece.at
    if (time < piece.end) return piece.at + (time - piece.start)
  }
  const last = own.at(-1)
  if (last) return last.at + (last.end - last.start)
  // A clip cut whole: where the next clip begins.
  const next = layout.pieces.find((p) => p.clipIndex > clipIndex)
  return next ? next.at : layout.duration
}

/** A recording's source transcript and its redacted stretches, as the episode's transcript needs them. */
export interface TranscriptSource {
  segments: readonly Segment[]
  redactions: readonly Span[]
}

const round = (t: number) => Math.round(t * 1000) / 1000

/**
 * The episode's transcript on the episode's clock (plus `offset`, the intro's length in an export):
 * for each clip in order, the words of its recording's transcript heard in it, cut words left out,
 * and every word inside a redacted stretch replaced by the mask (src/core/redaction/fold.ts), even
 * where the stored text was transcribed again after the redaction. A segment untouched by cuts
 * and redactions keeps its text as written.
 */
export function episodeSegments(
  layout: EpisodeLayout,
  clips: readonly Clip[],
  sources: ReadonlyMap<string, TranscriptSource>,
  offset = 0,
): Segment[] {
  const out: Segment[] = []
  clips.forEach((clip, clipIndex) => {
    const source = sources.get(clip.recordingId)
    if (!source) return
    const pieces = layout.pieces.filter((p) => p.clipIndex === clipIndex)
    const place = (span: Span): Span | null => {
      const piece = midpointIn(span, pieces)
      if (!piece) return null
      const base = offset + piece.at - piece.start
      return {
        start: round(base + Math.max(span.start, piece.start)),
        end: round(base + Math.min(span.end, piece.end)),
      }
    }
    for (const segment of source.segments) {
      if (segment.end <= clip.start || segment.start >= clip.end) continue
      const mask = masks[segment.language]
      if (segment.words.length === 0) {
        const placed = place(segment)
        if (!placed) continue
        const redacted = source.redactions.some(
          (r) => r.start < segment.end && r.end > segment.start,
        )
        out.push({ ...segment, ...placed, text: redacted ? mask : segment.text, words: [] })
        continue
      }
      const words: Word[] = []
      let changed = false
      let masking = false
      for (const word of segment.words) {
        const placed = place(word)
        if (!placed) {
          changed = true
          masking = false
          continue
        }
        if (midpointIn(word, source.redactions)) {
          changed = true
          const last = words.at(-1)
          // A name of several words becomes one mask.
          if (masking && last) last.end = placed.end
          else words.push({ ...placed, text: mask, probability: null })
          masking = true
          continue
        }
        masking = false
        words.push({ ...word, ...placed })
      }
      const first = words[0]
      const last = words.at(-1)
      if (!first || !last) continue
      const whole = !changed ? place(segment) : null
      const inOnePiece =
        whole !== null && whole.end - whole.start >= segment.end - segment.start - 0.001
      out.push({
        start: inOnePiece ? whole.start : first.start,
        end: inOnePiece ? whole.end : last.end,
        speaker: segment.speaker,
        language: segment.language,
        text: changed ? words.map((w) => w.text.trim()).join(' ') : segment.text,
        words,
      })
    }
  })
  return out
}

/**
 * A clip's kept stretches on the clip's own clock (0 = its in point), as an export part takes
 * them: undefined when nothing of it is cut, empty when all of it is.
 */
export function keptInClip(clip: Span, kept: readonly Span[]): Span[] | undefined {
  const only = kept[0]
  if (kept.length === 1 && only && only.start <= clip.start && only.end >= clip.end)
    return undefined
  return kept.map((span) => ({ start: span.start - clip.start, end: span.end - clip.start }))
}

/**
 * An episode's chapters once its cuts become `cuts` (merged): each moves with the words it
 * marked, onto the join where those were cut. `moved` says whether any start changed.
 */
export function chaptersAfterCuts(
  episode: Pick<Episode, 'clips' | 'cuts' | 'chapters'>,
  cuts: readonly Cut[],
): { chapters: Chapter[]; moved: boolean } {
  const before = layoutEpisode(episode.clips, episode.cuts)
  const after = layoutEpisode(episode.clips, cuts)
  const chapters = episode.chapters.map((chapter) => {
    const heard = fromEpisodeTime(before, chapter.start)
    if (!heard) return chapter
    const start = nextHeard(after, heard.clipIndex, heard.time)
    return { ...chapter, start: Math.round(start * 1000) / 1000 }
  })
  return {
    chapters,
    moved: chapters.some((chapter, i) => chapter.start !== episode.chapters[i]?.start),
  }
}

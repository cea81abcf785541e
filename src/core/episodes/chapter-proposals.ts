import type { Segment } from '../../shared/contract/index.ts'

/**
 * Chapters proposed from an episode's transcript, for a person to edit: a new chapter
 * where the talk pauses longest and where the speaker changes, spread out so no chapter is short.
 * Numbers: podcast apps show chapters as a list to jump through, and the chapter guides of the
 * large platforms suggest a few minutes each; a chapter every four minutes, never under one
 * minute, at most twenty, gives a list that fits a phone screen. A pause is a gap of two seconds
 * or more between segments (sentences inside a turn rarely pause that long).
 */
export interface ChapterRules {
  everySeconds: number
  minSeconds: number
  maxChapters: number
  minPause: number
  speakerChangeWeight: number
  titleWords: number
}

export const chapterRules: Readonly<ChapterRules> = {
  everySeconds: 240,
  minSeconds: 60,
  maxChapters: 20,
  minPause: 2,
  /** A speaker change counts like this many seconds of pause. */
  speakerChangeWeight: 1.5,
  titleWords: 6,
}

export interface ChapterProposal {
  start: number
  titleEn: string
  titleEs: string
  /** Why it starts here: the beginning, a pause (seconds), a new speaker, or both. */
  reason: { pause: number; speakerChange: boolean }
}

/** The first few words of a segment, as a chapter title ("…" when it goes on). */
export function titleFrom(text: string, words: number = chapterRules.titleWords): string {
  const all = text.trim().split(/\s+/).filter(Boolean)
  const head = all.slice(0, words).join(' ')
  const bare = head.replace(/[\s,;:.!?¡¿…-]+$/u, '').replace(/^[¡¿"“«]+/u, '')
  const titled = bare.charAt(0).toUpperCase() + bare.slice(1)
  return all.length > words ? `${titled}…` : titled
}

export function proposeChapters(
  segments: readonly Segment[],
  duration: number,
  rules: Readonly<ChapterRules> = chapterRules,
): ChapterProposal[] {
  const sorted = [...segments].filter((s) => s.text.trim() !== '').sort((a, b) => a.start - b.start)
  const first = sorted[0]
  if (!first) return []
  const proposal = (segment: Segment, pause: number, speakerChange: boolean, start: number) => ({
    start: Math.round(start * 1000) / 1000,
    titleEn: segment.language === 'en' ? titleFrom(segment.text) : '',
    titleEs: segment.language === 'es' ? titleFrom(segment.text) : '',
    reason: { pause: Math.round(pause * 10) / 10, speakerChange },
  })
  const wanted = Math.max(1, Math.min(rules.maxChapters, Math.round(duration / rules.everySeconds)))
  const candidates = sorted.slice(1).flatMap((segment, i) => {
    const before = sorted[i] as Segment
    const pause = Math.max(0, segment.start - before.end)
    const speakerChange =
      segment.speaker !== null && before.speaker !== null && segment.speaker !== before.speaker
    const score =
      (pause >= rules.minPause ? pause : 0) + (speakerChange ? rules.speakerChangeWeight : 0)
    // A chapter starts in the pause, just before the first words, not in the middle of silence.
    const start = Math.max(before.end, segment.start - 0.5)
    return score > 0 ? [{ segment, pause, speakerChange, score, start }] : []
  })
  candidates.sort((a, b) => b.score - a.score || a.start - b.start)
  const chosen: typeof candidates = []
  const fits = (start: number) =>
    start >= rules.minSeconds &&
    duration - start >= rules.minSeconds &&
    chosen.every((c) => Math.abs(c.start - start) >= rules.minSeconds)
  for (const candidate of candidates) {
    if (chosen.length >= wanted - 1) break
    if (fits(candidate.start)) chosen.push(candidate)
  }
  chosen.sort((a, b) => a.start - b.start)
  return [
    proposal(first, 0, false, 0),
    ...chosen.map((c) => proposal(c.segment, c.pause, c.speakerChange, c.start)),
  ]
}

import type { TrackLanguage } from '../../shared/contract/index.ts'
import type { Masks, SaidAt, Stretch } from '../storage/ports.ts'
import { fold, replaceName } from './fold.ts'

/*
 * What masking changes, worked out from the rows as read, the same for every backend (decision
 * 0122): each backend's masking (sqlite/masking.ts, postgres/masking.ts) reads its owner's rows,
 * asks here what to write, and writes it with its own SQL. A name is found as whole words, case
 * and accents ignored (fold.ts).
 */

type Language = TrackLanguage

export interface MaskWord {
  id: number
  start: number
  end: number
  text: string
}

export interface MaskSegment {
  id: number
  start: number
  end: number
  language: Language
  text: string
  /** By start. */
  words: MaskWord[]
}

/** The writes one masking makes to a transcript's rows. */
export interface TranscriptMaskPlan {
  /** Each a word that becomes the mask, stretched to the last word it covers. */
  words: Array<{ id: number; text: string; end: number }>
  /** The other words the mask covers. */
  deleteWords: number[]
  segments: Array<{ id: number; text: string }>
  said: SaidAt[]
}

/** A word as the name is compared with it: folded, without punctuation. */
const bare = (text: string) => fold(text).folded.replace(/[^\p{L}\p{N}]/gu, '')

/**
 * Consecutive words that spell the name become one masked word over their time; segment texts
 * are masked in their language. `said`: the words' times, or a whole segment's where its text
 * names it more often than its timed words do (typed or imported text).
 */
export function planNameMask(
  segments: readonly MaskSegment[],
  name: string,
  masks: Masks,
): TranscriptMaskPlan {
  const tokens = fold(name)
    .folded.trim()
    .split(/\s+/)
    .map((token) => token.replace(/[^\p{L}\p{N}]/gu, ''))
  const plan: TranscriptMaskPlan = { words: [], deleteWords: [], segments: [], said: [] }
  for (const segment of segments) {
    const mask = masks[segment.language]
    const words = segment.words
    const folded = words.map((w) => bare(w.text))
    let wordHits = 0
    for (let i = 0; i + tokens.length <= words.length; i++) {
      if (!tokens.every((token, k) => folded[i + k] === token)) continue
      const first = words[i] as MaskWord
      const last = words[i + tokens.length - 1] as MaskWord
      plan.words.push({ id: first.id, text: mask, end: last.end })
      for (let k = 1; k < tokens.length; k++) plan.deleteWords.push((words[i + k] as MaskWord).id)
      plan.said.push({ start: first.start, end: last.end, timed: true })
      wordHits++
      i += tokens.length - 1
    }
    const replaced = replaceName(segment.text, name, mask)
    if (replaced.count > 0) {
      plan.segments.push({ id: segment.id, text: replaced.text })
      if (wordHits < replaced.count)
        plan.said.push({ start: segment.start, end: segment.end, timed: false })
    }
  }
  return plan
}

/**
 * Every segment given that overlaps [from, to): its words inside become one mask; a segment
 * without words becomes the mask.
 */
export function planSpanMask(
  segments: readonly MaskSegment[],
  from: number,
  to: number,
  masks: Masks,
): TranscriptMaskPlan {
  const plan: TranscriptMaskPlan = { words: [], deleteWords: [], segments: [], said: [] }
  for (const segment of segments) {
    if (!(segment.start < to && segment.end > from)) continue
    const mask = masks[segment.language]
    const words = segment.words
    if (words.length === 0) {
      plan.segments.push({ id: segment.id, text: mask })
      continue
    }
    const inside = words.filter((w) => w.start < to && w.end > from)
    const first = inside[0]
    if (!first) continue
    plan.words.push({ id: first.id, text: mask, end: inside.at(-1)?.end ?? first.end })
    for (const w of inside.slice(1)) plan.deleteWords.push(w.id)
    const text = words
      .filter((w) => !inside.includes(w) || w === first)
      .map((w) => (w === first ? mask : w.text))
      .join(' ')
    plan.segments.push({ id: segment.id, text })
  }
  return plan
}

/**
 * A speaker's name with `name` masked; one that held nothing but the name (and masks) is cleared,
 * so the speaker is shown under its label again rather than as one more mask.
 */
export function maskedSpeakerName(
  text: string,
  name: string,
  mask: string,
): { count: number; text: string } {
  const replaced = replaceName(text, name, mask)
  const left = replaced.text.split(mask).join('').trim()
  return { count: replaced.count, text: left === '' ? '' : replaced.text }
}

/**
 * The remembered voices whose name holds the redacted name: no longer proposed in the recording
 * (decision 0155); the profile itself is the library's, forgotten whole with `voices forget`.
 */
export function withdrawnProfiles(
  profiles: ReadonlyArray<{ id: number; name: string }>,
  name: string,
  mask: string,
): number[] {
  return profiles
    .filter((profile) => maskedSpeakerName(profile.name, name, mask).count > 0)
    .map((profile) => profile.id)
}

/** The speakers whose name or affiliation names it, as they become. */
export function maskSpeakers<S extends { name: string; affiliation: string }>(
  speakers: readonly S[],
  name: string,
  mask: string,
): S[] {
  const changed: S[] = []
  for (const speaker of speakers) {
    const given = maskedSpeakerName(speaker.name, name, mask)
    const affiliation = maskedSpeakerName(speaker.affiliation, name, mask)
    if (given.count + affiliation.count === 0) continue
    changed.push({ ...speaker, name: given.text, affiliation: affiliation.text })
  }
  return changed
}

/** The cue texts that name it, masked in their language; `said`, their cues' times. */
export function maskCueTexts<T extends Stretch & { language: Language; text: string }>(
  texts: readonly T[],
  name: string,
  masks: Masks,
): { changed: T[]; said: Stretch[] } {
  const changed: T[] = []
  const said: Stretch[] = []
  for (const cue of texts) {
    const replaced = replaceName(cue.text, name, masks[cue.language])
    if (replaced.count === 0) continue
    changed.push({ ...cue, text: replaced.text })
    said.push({ start: cue.start, end: cue.end })
  }
  return { changed, said }
}

/** The speakers cues name, as they become (null for one that held nothing but the name). */
export function maskCueSpeakers<C extends { speaker: string }>(
  cues: readonly C[],
  name: string,
  mask: string,
): Array<Omit<C, 'speaker'> & { speaker: string | null }> {
  const changed: Array<Omit<C, 'speaker'> & { speaker: string | null }> = []
  for (const cue of cues) {
    const speaker = maskedSpeakerName(cue.speaker, name, mask)
    if (speaker.count > 0)
      changed.push({ ...cue, speaker: speaker.text === '' ? null : speaker.text })
  }
  return changed
}

/** The texts of an episode that name people: show notes, descriptions, chapter titles. */
export interface EpisodeTexts<C> {
  notes: Record<string, unknown>
  descriptionEn: string
  descriptionEs: string
  chapters: C[]
}

/**
 * An episode's show notes, descriptions and chapter titles with the name masked: Spanish fields
 * (a notes key ending in `Es`, the Spanish description, a chapter's `titleEs`) get the Spanish
 * mask. `count`: how many times it was found.
 */
export function maskEpisodeTexts<C extends { titleEn: string; titleEs: string }>(
  episode: EpisodeTexts<C>,
  name: string,
  masks: Masks,
): EpisodeTexts<C> & { count: number } {
  let count = 0
  const mask = (text: string, language: Language) => {
    const replaced = replaceName(text, name, masks[language])
    count += replaced.count
    return replaced.text
  }
  const notes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(episode.notes)) {
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
    } else notes[key] = value
  }
  const descriptionEn = mask(episode.descriptionEn, 'en')
  const descriptionEs = mask(episode.descriptionEs, 'es')
  const chapters = episode.chapters.map((c) => ({
    ...c,
    titleEn: mask(c.titleEn, 'en'),
    titleEs: mask(c.titleEs, 'es'),
  }))
  return { notes, descriptionEn, descriptionEs, chapters, count }
}

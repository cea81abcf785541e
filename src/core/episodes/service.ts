import { constants, promises as fs } from 'node:fs'
import path from 'node:path'
import {
  episodeFileFields,
  VocesError,
  type Chapter,
  type Clip,
  type CutKind,
  type CutSpan,
  type Episode,
  type EpisodeFields,
  type EpisodeFileField,
  type EpisodeTranscript,
  type Filler,
  type Segment,
  type TrackLanguage,
  type TranscriptTrack,
} from '../../shared/contract/index.ts'
import { redactionSpans } from '../redaction/redact.ts'
import type { CoreContext } from '../context.ts'
import type { TranscriptStore } from '../storage/ports.ts'
import { proposeChapters } from './chapter-proposals.ts'
import { addCuts, clipHolding, cutOutsideClip, restoreFromCuts, widenToPauses } from './cuts.ts'
import { contextOf, findFillers } from './fillers.ts'
import { layoutEpisode, nextHeard, type TranscriptSource } from './layout.ts'
import { midpointIn, type Span } from './spans.ts'

/** A word of a clip with the segment it belongs to. */
interface ClipWord extends Span {
  text: string
  segment: number
  speaker: string | null
  language: TrackLanguage
}

/**
 * The words of each clip of an episode, from its recording's source transcript, in time order: a
 * word belongs to the clip its middle lies in. A segment without word timings counts as one word.
 * `load` reads the recordings' transcripts first; the rest works on what it read.
 */
class ClipWords {
  private readonly tracks = new Map<string, TranscriptTrack | null>()
  private readonly clips = new Map<string, ClipWord[]>()

  static async load(
    transcripts: TranscriptStore,
    recordingIds: readonly string[],
  ): Promise<ClipWords> {
    const words = new ClipWords()
    for (const recordingId of recordingIds) {
      if (!words.tracks.has(recordingId))
        words.tracks.set(recordingId, (await transcripts.getTrack(recordingId)) ?? null)
    }
    return words
  }

  trackOf(recordingId: string): TranscriptTrack | null {
    return this.tracks.get(recordingId) ?? null
  }

  segmentsOf(recordingId: string): Segment[] | null {
    return this.trackOf(recordingId)?.segments ?? null
  }

  of(clip: { recordingId: string } & Span): ClipWord[] {
    const key = `${clip.recordingId}/${clip.start}/${clip.end}`
    const known = this.clips.get(key)
    if (known) return known
    const words: ClipWord[] = []
    ;(this.segmentsOf(clip.recordingId) ?? []).forEach((segment, index) => {
      const units = segment.words.length > 0 ? segment.words : [segment]
      for (const unit of units) {
        if (!midpointIn(unit, [clip])) continue
        words.push({
          start: unit.start,
          end: unit.end,
          text: unit.text,
          segment: index,
          speaker: segment.speaker,
          language: segment.language,
        })
      }
    })
    words.sort((a, b) => a.start - b.start)
    this.clips.set(key, words)
    return words
  }
}

/** Each span widened to the pauses around the words it covers, in the clip that holds it. */
async function widened(
  transcripts: TranscriptStore,
  episode: Episode,
  spans: readonly CutSpan[],
): Promise<CutSpan[]> {
  const words = await ClipWords.load(transcripts, recordingsOf(episode))
  return spans.map((span) => {
    const index = clipHolding(episode.clips, span)
    const clip = episode.clips[index]
    if (!clip) throw cutOutsideClip(span)
    return { recordingId: span.recordingId, ...widenToPauses(span, words.of(clip), clip) }
  })
}

const recordingsOf = (episode: Episode) => episode.clips.map((clip) => clip.recordingId)

/**
 * Cuts words (or any stretch inside a clip) out of the episode; see widenToPauses. Reading the
 * cuts and writing them back is one transaction, so a cut made at the same moment is not lost.
 */
export function cutEpisode(
  voces: CoreContext,
  id: string,
  spans: readonly CutSpan[],
  kind: CutKind,
): Promise<Episode> {
  return voces.storage.transaction(async (tx) => {
    const episode = await tx.episodes.require(id)
    const cuts = addCuts(episode.cuts, await widened(tx.transcripts, episode, spans), kind)
    return tx.episodes.setCuts(id, cuts)
  })
}

/** Makes stretches heard again, widened the same way, so restoring a word undoes cutting it. */
export function restoreEpisode(
  voces: CoreContext,
  id: string,
  spans: readonly CutSpan[],
): Promise<Episode> {
  return voces.storage.transaction(async (tx) => {
    const episode = await tx.episodes.require(id)
    const cuts = restoreFromCuts(episode.cuts, await widened(tx.transcripts, episode, spans))
    return tx.episodes.setCuts(id, cuts)
  })
}

/** The episode's transcript view: every clip's words, each with its cut and its episode time. */
export async function episodeTranscript(
  voces: CoreContext,
  id: string,
): Promise<EpisodeTranscript> {
  const episode = await voces.storage.episodes.require(id)
  const layout = layoutEpisode(episode.clips, episode.cuts)
  const words = await ClipWords.load(voces.storage.transcripts, recordingsOf(episode))
  const clips = episode.clips.map((clip, index) => {
    const pieces = layout.pieces.filter((p) => p.clipIndex === index)
    const own = episode.cuts.filter((cut) => cut.recordingId === clip.recordingId)
    const segments: EpisodeTranscript['clips'][number]['segments'] = []
    let current = -1
    for (const word of words.of(clip)) {
      if (word.segment !== current) {
        current = word.segment
        segments.push({ speaker: word.speaker, language: word.language, words: [] })
      }
      const piece = midpointIn(word, pieces)
      const at = piece ? piece.at + Math.max(0, word.start - piece.start) : null
      const cut = piece ? null : (midpointIn(word, own)?.kind ?? 'edit')
      segments.at(-1)?.words.push({
        start: word.start,
        end: word.end,
        text: word.text,
        cut,
        at: at === null ? null : Math.round(at * 1000) / 1000,
      })
    }
    return {
      index,
      recordingId: clip.recordingId,
      start: clip.start,
      end: clip.end,
      track: words.trackOf(clip.recordingId)?.track ?? null,
      segments,
    }
  })
  return { clips, duration: layout.duration }
}

/** The filler words of the episode's clips, each in its context, and whether it is cut already. */
export async function episodeFillers(voces: CoreContext, id: string): Promise<Filler[]> {
  const episode = await voces.storage.episodes.require(id)
  const layout = layoutEpisode(episode.clips, episode.cuts)
  const words = await ClipWords.load(voces.storage.transcripts, recordingsOf(episode))
  const found: Filler[] = []
  episode.clips.forEach((clip, clipIndex) => {
    const list = words.of(clip)
    let from = 0
    while (from < list.length) {
      const segment = list[from]?.segment
      let to = from
      while (to < list.length && list[to]?.segment === segment) to++
      const run = list.slice(from, to)
      const language = run[0]?.language ?? 'en'
      for (const match of findFillers(run, language)) {
        const first = run[match.first] as ClipWord
        const last = run[match.last] as ClipWord
        const context = contextOf(list, { first: from + match.first, last: from + match.last })
        const span = { start: first.start, end: last.end }
        found.push({
          recordingId: clip.recordingId,
          clipIndex,
          start: span.start,
          end: span.end,
          text: context.text,
          filler: match.filler,
          language,
          before: context.before,
          after: context.after,
          cut: !midpointIn(span, layout.kept[clipIndex] ?? []),
          at: Math.round(nextHeard(layout, clipIndex, first.start) * 1000) / 1000,
        })
      }
      from = to
    }
  })
  return found
}

/** What the episode's transcript sidecars need of each recording: its transcript and redactions. */
export async function transcriptSources(
  voces: CoreContext,
  recordingIds: readonly string[],
): Promise<Map<string, TranscriptSource>> {
  const words = await ClipWords.load(voces.storage.transcripts, recordingIds)
  const sources = new Map<string, TranscriptSource>()
  for (const recordingId of recordingIds) {
    const segments = words.segmentsOf(recordingId)
    if (segments)
      sources.set(recordingId, { segments, redactions: await redactionSpans(voces, recordingId) })
  }
  return sources
}

/**
 * Chapters proposed from what is heard in the episode (its kept words, on the episode's clock):
 * see chapter-proposals.ts. Nothing is saved; the person edits and keeps them.
 */
export async function episodeChapterProposals(voces: CoreContext, id: string): Promise<Chapter[]> {
  const transcript = await episodeTranscript(voces, id)
  const segments: Segment[] = []
  for (const clip of transcript.clips)
    for (const segment of clip.segments) {
      const heard = segment.words.filter((word) => word.at !== null)
      const first = heard[0]
      const last = heard.at(-1)
      if (!first || !last || first.at === null || last.at === null) continue
      segments.push({
        start: first.at,
        end: last.at + (last.end - last.start),
        speaker: segment.speaker,
        language: segment.language,
        text: heard.map((word) => word.text).join(' '),
        words: [],
      })
    }
  return proposeChapters(segments, transcript.duration).map(({ start, titleEn, titleEs }) => ({
    start,
    titleEn,
    titleEs,
  }))
}

/** A code for each field, so each language names the field in its own words. */
const fileMissing: Record<EpisodeFileField, { code: string; name: string }> = {
  cover: { code: 'EPISODE_COVER_MISSING', name: 'cover image' },
  intro: { code: 'EPISODE_INTRO_MISSING', name: 'intro music' },
  outro: { code: 'EPISODE_OUTRO_MISSING', name: 'outro music' },
}

export function episodeFileMissing(field: EpisodeFileField, file: string): VocesError {
  return new VocesError(
    fileMissing[field].code,
    `The episode's ${fileMissing[field].name} ${file} is not a file Voces can read: it may have been moved or deleted. Choose it again, or leave the ${field} empty.`,
    { field, file },
  )
}

/**
 * Each cover, intro and outro given (not null) as an absolute path to a readable regular file,
 * or the first that is not, refused naming the field and the file (decision 0078). A relative
 * path is read from where the command was run, as the CLI's other file arguments are.
 */
export async function checkEpisodeFiles<T extends Partial<EpisodeFields>>(fields: T): Promise<T> {
  const checked: T = { ...fields }
  for (const field of episodeFileFields) {
    const given = fields[field]
    if (given === undefined || given === null) continue
    const file = path.resolve(given)
    const stat = await fs.stat(file).catch(() => null)
    const readable =
      stat?.isFile() === true &&
      (await fs.access(file, constants.R_OK).then(
        () => true,
        () => false,
      ))
    if (!readable) throw episodeFileMissing(field, given)
    checked[field] = file as T[typeof field]
  }
  return checked
}

/** A new episode, once its cover, intro and outro are files that exist (checkEpisodeFiles). */
export async function createEpisode(
  voces: CoreContext,
  fields: Partial<EpisodeFields> & { title: string },
  clips: readonly Clip[],
): Promise<Episode> {
  return voces.storage.episodes.create(await checkEpisodeFiles(fields), clips)
}

/** Changes an episode; a cover, intro or outro it sets must be a file that exists. */
export async function updateEpisode(
  voces: CoreContext,
  id: string,
  patch: Partial<EpisodeFields>,
  clips?: readonly Clip[],
): Promise<Episode> {
  await voces.storage.episodes.require(id)
  return voces.storage.episodes.update(id, await checkEpisodeFiles(patch), clips)
}

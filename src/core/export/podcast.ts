import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import type { podcastExportInput } from '../../shared/contract/index.ts'
import {
  carriedText,
  VocesError,
  type Chapter,
  type Clip,
  type Cut,
  type RecordingMetadata,
  type DisguiseSpeaker,
  type ExportResult,
} from '../../shared/contract/index.ts'
import { keptFilter } from '../episodes/join.ts'
import { descriptionIn, episodeLanguage, summaryIn } from '../episodes/language.ts'
import type { Language } from '../../shared/language.ts'
import { episodeSegments, keptInClip, layoutEpisode } from '../episodes/layout.ts'
import { checkEpisodeFiles, transcriptSources } from '../episodes/service.ts'
import { translationSources } from '../episodes/translation-sources.ts'
import { heardLength, type Span } from '../episodes/spans.ts'
import type { JobContext } from '../jobs/runner.ts'
import { requireTool } from '../media/ffmpeg.ts'
import { probe } from '../media/probe.ts'
import { checkOutputFolder, tempPathFor } from '../util/atomic-file.ts'
import type { CoreContext } from '../context.ts'
import type { LocalFile } from '../storage/ports.ts'
import { checkConsent, logExport } from './consent.ts'
import type { ExportTarget } from './stored.ts'
import { redactionFilter, spansInClip } from '../redaction/audio.ts'
import { redactionSpans, type RedactionSpan } from '../redaction/redact.ts'
import {
  checkDisguise,
  disguiseFilter,
  disguisedSpeakerKeys,
  disguiseLog,
  disguiser,
  type PartDisguise,
} from '../redaction/disguise.ts'
import { rssItem } from './rss.ts'
import { sidecarBase, writeTranscriptSidecars } from './transcript-sidecars.ts'
import { podcastChaptersJson } from './show-notes.ts'
import { writeFileAtomic } from '../util/atomic-file.ts'
import { measureFile, type Loudness } from './loudness.ts'
import { encode, measureTimeline, verifyChapters } from './podcast-passes.ts'

export type PodcastExport = z.output<typeof podcastExportInput>

/**
 * Podcast export (docs/decisions/0006-podcast-export.md): clips (and intro/outro) joined with
 * 15 ms fades at every edge so no cut clicks; loudness in two passes (measure with ebur128, then
 * gain + a 4x-oversampled limiter so the true peak stays under -1 dBTP); a correction pass only
 * when the encoded file misses the target by more than 0.3 LU. Written beside the target under
 * a temporary name, checked (loudness, chapters, tags), then renamed. A failure leaves nothing.
 */
export const edgeFade = 0.015
export const truePeakMax = -1
/** LU: a file further than this from the target is encoded once more with the gain corrected. */
export const correctionThreshold = 0.3
export const defaultLufs = (channels: 1 | 2) => (channels === 1 ? -19 : -16)
/** LUFS: what ebur128 measures when nothing is above its absolute gate (decision 0103). */
export const silenceFloor = -70

export interface Part {
  file: string
  start: number
  /** Seconds the part lasts in the export: with cuts, its kept stretches together. */
  duration: number
  /**
   * With cuts (decision 0050): the stretches heard, on the part's own clock, sorted; the part is read
   * up to the end of the last one. Absent: all of [0, duration) is heard.
   */
  kept?: Span[] | undefined
  /** Redacted stretches inside this part, on the part's own clock (decision 0007). */
  redactions: RedactionSpan[]
  /** Speakers' turns whose voice is pitch-shifted, on the part's own clock (decision 0060). */
  disguise?: PartDisguise | undefined
}

export interface Plan {
  title: string
  parts: Part[]
  chapters: Chapter[]
  tags: Record<string, string>
  cover: string | null
  recordingIds: string[]
  description: string
  /** The episode's language (decision 0191); null for a recording exported alone. */
  language: Language | null
  /** What the transcript sidecars are made from: the clips, their cuts, the intro's length. */
  heard: { clips: Clip[]; cuts: Cut[]; offset: number }
  /** Lets go of the library files the parts read (the media store's localPath, decision 0124). */
  release: () => Promise<void>
}

/** Seconds of its file a part reads: up to the end of its last kept stretch. */
export function sourceLength(part: Part): number {
  return part.kept?.at(-1)?.end ?? part.duration
}

const seconds = (n: number) => n.toFixed(3)

export async function planFor(
  voces: CoreContext,
  source: string,
  disguise: readonly DisguiseSpeaker[] = [],
): Promise<Plan> {
  const held: LocalFile[] = []
  const release = async () => {
    await Promise.allSettled(held.splice(0).map((file) => file.release()))
  }
  try {
    return { ...(await planHolding(voces, source, disguise, held)), release }
  } catch (error) {
    await release()
    throw error
  }
}

/** The plan, holding in `held` each library file it reads until the plan is released. */
async function planHolding(
  voces: CoreContext,
  source: string,
  disguise: readonly DisguiseSpeaker[],
  held: LocalFile[],
): Promise<Omit<Plan, 'release'>> {
  const episode = await voces.storage.episodes.get(source)
  const recording = episode ? undefined : await voces.storage.recordings.get(source)
  if (!episode && !recording) {
    throw new VocesError(
      'SOURCE_NOT_FOUND',
      `There is no episode or recording ${source} in this library.`,
      { id: source },
    )
  }
  // Before FFmpeg or ffprobe runs: a cover, intro or outro that is gone since it was chosen is
  // named with its field, not left to FFmpeg's "may be damaged" (decision 0078).
  if (episode) await checkEpisodeFiles(episode)
  const originalOf = async (recordingId: string) => {
    const r = await voces.storage.recordings.require(recordingId)
    const missing = (where: string) =>
      new VocesError(
        'ORIGINAL_MISSING',
        `The original of "${r.title}" is no longer at ${where}. Put it back, or turn on "copy into library" and add it again.`,
        { file: path.basename(where) },
      )
    if (r.storedPath) {
      // The library's copy is read where the media store puts it (decision 0124).
      const key = r.storedPath
      const local = await voces.storage.media.localPath(key).catch((error: unknown) => {
        if (error instanceof VocesError && error.code === 'FILE_NOT_FOUND') throw missing(key)
        throw error
      })
      held.push(local)
      return local.path
    }
    await fs.access(r.path).catch(() => {
      throw missing(r.path)
    })
    return r.path
  }
  const ffprobe = requireTool('ffprobe', {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  })
  const disguised = await disguiser(voces, disguise)
  const music = async (file: string | null): Promise<Part[]> => {
    if (!file) return []
    const info = await probe(ffprobe, file)
    return [{ file, start: 0, duration: info.duration, redactions: [] }]
  }
  if (recording) {
    return carried({
      title: recording.title,
      parts: [
        {
          file: await originalOf(recording.id),
          start: 0,
          duration: recording.duration,
          redactions: await redactionSpans(voces, recording.id),
          disguise: await disguised.for(recording.id, 0, recording.duration),
        },
      ],
      chapters: [],
      tags: { title: recording.title, date: recording.interviewDate?.slice(0, 4) ?? '' },
      cover: null,
      recordingIds: [recording.id],
      description: recording.notes,
      language: null,
      heard: {
        clips: [{ recordingId: recording.id, start: 0, end: recording.duration }],
        cuts: [],
        offset: 0,
      },
    })
  }
  if (!episode) throw new Error('unreachable')
  // Cuts made in the transcript (decision 0050): each clip plays its kept stretches; one cut whole is left out.
  const layout = layoutEpisode(episode.clips, episode.cuts)
  const clipParts = (
    await Promise.all(
      episode.clips.map(async (clip: Clip, index) => {
        const kept = keptInClip(clip, layout.kept[index] ?? [])
        if (kept?.length === 0) return null
        return {
          file: await originalOf(clip.recordingId),
          redactions: spansInClip(
            await redactionSpans(voces, clip.recordingId),
            clip.start,
            clip.end - clip.start,
          ),
          disguise: await disguised.for(clip.recordingId, clip.start, clip.end - clip.start),
          start: clip.start,
          duration: kept ? heardLength(kept) : clip.end - clip.start,
          kept,
        }
      }),
    )
  ).filter((part) => part !== null)
  if (clipParts.length === 0)
    throw new VocesError(
      'EPISODE_ALL_CUT',
      `Every clip of "${episode.title}" is cut whole: there is nothing of it to export.`,
      { title: episode.title },
    )
  const intro = await music(episode.intro)
  const offset = intro[0]?.duration ?? 0
  // The description in the episode's language, else the other's (decision 0191).
  const catalogued = new Map<string, RecordingMetadata['languages']>()
  for (const id of new Set(episode.clips.map((c) => c.recordingId))) {
    const clipRecording = await voces.storage.recordings.get(id)
    if (clipRecording) catalogued.set(id, clipRecording.languages)
  }
  const language = episodeLanguage(episode.clips, (id) => catalogued.get(id))
  const description = descriptionIn(episode, language)
  return carried({
    title: episode.title,
    parts: [...intro, ...clipParts, ...(await music(episode.outro))],
    // Chapters are written on the episode's timeline, which starts after the intro. Cuts move
    // chapters with their words (EpisodeStore.setCuts); one past the end is left out.
    chapters: episode.chapters
      .filter((c) => c.start < layout.duration)
      .map((c) => ({ ...c, start: c.start + offset })),
    tags: {
      title: episode.title,
      album: episode.showTitle,
      artist: episode.showTitle,
      track: episode.number === null ? '' : String(episode.number),
      date: episode.year === null ? '' : String(episode.year),
      comment: description,
    },
    cover: episode.cover,
    recordingIds: [...new Set(episode.clips.map((c) => c.recordingId))],
    description,
    language,
    heard: { clips: episode.clips, cuts: episode.cuts, offset },
  })
}

/**
 * The plan's words as every file of the export writes them (decision 0093): what the contract
 * refuses but reached the library another way (a title read from a file's tags at ingest, an
 * older library) is dropped here, once, so the ID3 tags, the chapters, the RSS item and the
 * chapters JSON say the same, and no NUL ever reaches an FFmpeg argument.
 */
function carried(plan: Omit<Plan, 'release'>): Omit<Plan, 'release'> {
  const tags: Record<string, string> = {}
  for (const [key, value] of Object.entries(plan.tags))
    tags[key] = carriedText(value, key === 'comment')
  return {
    ...plan,
    title: carriedText(plan.title, false),
    description: carriedText(plan.description, true),
    tags,
    chapters: plan.chapters.map((c) => ({
      ...c,
      titleEn: carriedText(c.titleEn, false),
      titleEs: carriedText(c.titleEs, false),
    })),
  }
}

/** Inputs (each clip seeked on its own) and the graph that joins them into `[out]`. */
export function timeline(
  parts: readonly Part[],
  channels: 1 | 2,
): { inputArgs: string[]; filterComplex: string } {
  const inputArgs: string[] = []
  const chains: string[] = []
  const layout = channels === 1 ? 'mono' : 'stereo'
  parts.forEach((part, i) => {
    const length = sourceLength(part)
    inputArgs.push('-ss', seconds(part.start), '-t', seconds(length), '-i', `file:${part.file}`)
    const fadeOut = Math.max(0, part.duration - edgeFade)
    const format = `aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=${layout}`
    const fades = `afade=t=in:d=${edgeFade},afade=t=out:st=${seconds(fadeOut)}:d=${edgeFade}`
    chains.push(
      part.kept ? `[${i}:a:0]${format}[raw${i}]` : `[${i}:a:0]${format},${fades}[raw${i}]`,
      redactionFilter(`raw${i}`, `r${i}`, part.redactions, channels, length),
      // After redaction, so nothing of a redacted stretch can reach the shifter.
      disguiseFilter(`r${i}`, part.kept ? `d${i}` : `p${i}`, part.disguise),
    )
    // Cuts last (decision 0050): redaction and disguise work on the recording's own clock; the edge
    // fades then fall on the part's heard ends.
    if (part.kept) chains.push(keptFilter(`d${i}`, `k${i}`, part.kept), `[k${i}]${fades}[p${i}]`)
  })
  const joined = parts.map((_, i) => `[p${i}]`).join('')
  return {
    inputArgs,
    filterComplex: `${chains.join(';')};${joined}concat=n=${parts.length}:v=0:a=1[out]`,
  }
}

/**
 * A title for FFmpeg's ffmetadata file: one line (a line break or other control character typed
 * or pasted into it becomes a space: FFmpeg ends the value at a carriage return, and players show
 * a chapter title on one line), then `=`, `;`, `#` and `\\` escaped.
 */
function escapeMetadata(text: string): string {
  // The contract's one rule for text a format cannot carry (decision 0093).
  return carriedText(text, false).replace(/[=;#\\]/g, (c) => `\\${c}`)
}

/** FFmpeg's ffmetadata format: one [CHAPTER] per chapter, each ending where the next starts. */
export function chapterMetadata(chapters: readonly Chapter[], duration: number): string {
  const sorted = [...chapters].filter((c) => c.start < duration).sort((a, b) => a.start - b.start)
  const lines = [';FFMETADATA1']
  sorted.forEach((chapter, i) => {
    const end = sorted[i + 1]?.start ?? duration
    const title =
      chapter.titleEn && chapter.titleEs && chapter.titleEn !== chapter.titleEs
        ? `${chapter.titleEn} / ${chapter.titleEs}`
        : chapter.titleEn || chapter.titleEs
    lines.push(
      '[CHAPTER]',
      'TIMEBASE=1/1000',
      `START=${Math.round(chapter.start * 1000)}`,
      `END=${Math.round(end * 1000)}`,
      `title=${escapeMetadata(title)}`,
    )
  })
  return lines.join('\n') + '\n'
}

/** `use` given the plan of `source`; the library files it reads are released after (0124). */
export async function withPlan<T>(
  voces: CoreContext,
  source: string,
  disguise: readonly DisguiseSpeaker[] | undefined,
  use: (plan: Plan) => Promise<T>,
): Promise<T> {
  const plan = await planFor(voces, source, disguise)
  try {
    return await use(plan)
  } finally {
    await plan.release()
  }
}

type PodcastContext = Pick<JobContext<PodcastExport>, 'input' | 'signal' | 'progress'> &
  Partial<Pick<JobContext<PodcastExport>, 'recordPartials'>> &
  ExportTarget

export function exportPodcast(voces: CoreContext, ctx: PodcastContext): Promise<ExportResult> {
  return withPlan(voces, ctx.input.source, ctx.input.disguise, (plan) =>
    exportPlanned(voces, ctx, plan),
  )
}

async function exportPlanned(
  voces: CoreContext,
  ctx: PodcastContext,
  plan: Plan,
): Promise<ExportResult> {
  const input = ctx.input
  const output = path.resolve(input.output)
  const target = input.lufs ?? defaultLufs(input.channels)
  await checkConsent(voces, plan.recordingIds, input.reason)
  await checkDisguise(voces, plan.recordingIds, input.disguise)
  await checkOutputFolder(output)
  const ffmpeg = requireTool('ffmpeg', {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  })
  const duration = plan.parts.reduce((sum, p) => sum + p.duration, 0)
  const graph = timeline(plan.parts, input.channels)
  const progress = (from: number, span: number) => (s: number) =>
    ctx.progress(from + span * Math.min(1, s / Math.max(duration, 0.001)))

  const temp = tempPathFor(output)
  const scratch = `${temp}.d`
  // Recorded before they exist: a kill at any point leaves nothing the next start misses (0091).
  await ctx.recordPartials?.([temp, scratch])
  await fs.mkdir(scratch)
  try {
    const passOptions = (onProgress: (seconds: number) => void) => ({
      signal: ctx.signal,
      log: voces.log,
      onProgress,
    })
    const measured = await measureTimeline(
      ffmpeg,
      graph,
      { duration, channels: input.channels, format: input.format },
      scratch,
      passOptions(progress(0, 0.25)),
    )
    // ebur128 reports -70 LUFS, its absolute gate, when nothing rises above it: silence.
    if (!Number.isFinite(measured.integrated) || measured.integrated <= silenceFloor) {
      throw new VocesError(
        'SILENT_AUDIO',
        `"${plan.title}" has nothing to hear: its loudness is that of silence, so it was not exported.`,
        { title: plan.title },
      )
    }
    const metadataFile = path.join(scratch, 'chapters.txt')
    await fs.writeFile(metadataFile, chapterMetadata(plan.chapters, duration))
    let gain = target - measured.integrated + measured.codecLoss
    let result: Loudness | null = null
    for (let attempt = 0; attempt < 2; attempt++) {
      await encode(
        ffmpeg,
        {
          graph,
          gain,
          channels: input.channels,
          format: input.format,
          metadataFile,
          cover: plan.cover,
          tags: plan.tags,
          temp,
          scratch,
        },
        // The rare second attempt shares the first one's stretch of the bar, so it never runs back.
        passOptions(attempt === 0 ? progress(0.25, 0.5) : progress(0.75, 0.1)),
      )
      result = await measureFile(
        ffmpeg,
        temp,
        passOptions(attempt === 0 ? progress(0.75, 0.15) : progress(0.85, 0.05)),
      )
      if (Math.abs(result.integrated - target) <= correctionThreshold) break
      gain += target - result.integrated
    }
    if (!result) throw new Error('unreachable')
    ctx.progress(0.92)
    const ffprobe = requireTool('ffprobe', {
      ffmpegPath: (await voces.settings.get()).ffmpegPath,
      resourcesDir: voces.resourcesDir,
    })
    const chapters = await verifyChapters(ffprobe, temp, input.format, plan.chapters.length)
    if (result.truePeak > truePeakMax)
      throw new VocesError(
        'EXPORT_CHECK_FAILED',
        `The exported file peaks at ${result.truePeak} dBTP, above ${truePeakMax}.`,
      )
    await fs.rename(temp, output)
    const sidecars = await writeSidecars(voces, input, plan, output, duration)
    await logExport(voces, {
      kind: `podcast.${input.format}`,
      output: ctx.loggedOutput ?? output,
      sourceId: input.source,
      recordingIds: plan.recordingIds,
      reason: input.reason,
      disguise: await disguiseLog(voces, plan.recordingIds, input.disguise, plan.parts),
    })
    voces.log.info('exported', {
      kind: 'podcast',
      format: input.format,
      duration,
      integrated: result.integrated,
      truePeak: result.truePeak,
    })
    return { output, duration, loudness: result, chapters, sidecars }
  } finally {
    await fs.rm(temp, { force: true })
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

/**
 * Beside the audio: Podcasting 2.0 chapters JSON (when there are chapters), the transcript as
 * SubRip, WebVTT and Podcasting 2.0 JSON (when the recordings have transcripts; cuts applied,
 * redactions masked, disguised speakers unnamed), and an RSS item pointing at them.
 */
async function writeSidecars(
  voces: CoreContext,
  input: PodcastExport,
  plan: Plan,
  output: string,
  duration: number,
): Promise<string[]> {
  const written: string[] = []
  // NAME.chapters.json…, or NAME.m4a.chapters.json… beside another format's (decision 0102).
  const base = await sidecarBase(output, input.format)
  let chaptersUrl: string | null = null
  if (plan.chapters.length > 0) {
    const file = `${base}.chapters.json`
    const json = podcastChaptersJson({ chapters: plan.chapters })
    await writeFileAtomic(file, json)
    written.push(file)
    chaptersUrl = path.basename(file)
  }
  const { clips, cuts, offset } = plan.heard
  const layout = layoutEpisode(clips, cuts)
  const hidden = await disguisedSpeakerKeys(
    voces,
    plan.recordingIds,
    input.disguise.map((d) => d.speaker),
  )
  const spoken = episodeSegments(
    layout,
    clips,
    await transcriptSources(voces, plan.recordingIds),
    offset,
  )
  const transcripts = await writeTranscriptSidecars(base, spoken, duration, hidden)
  // The episode in each language it has been translated into (NAME.transcript.en.srt…).
  for (const language of ['en', 'es'] as const) {
    const sources = await translationSources(voces, plan.recordingIds, language, cuts)
    if (!sources) continue
    const segments = episodeSegments(layout, clips, sources, offset)
    transcripts.push(
      ...(await writeTranscriptSidecars(base, segments, duration, hidden, `.${language}`)),
    )
  }
  written.push(...transcripts.map((t) => t.file))
  // An RSS item needs absolute addresses (RSS 2.0 <enclosure>): it is written only when the
  // export knows where the files will be published (the export's own, else the library's).
  const publishAt = input.publishUrl || (await voces.settings.get()).podcastPublishUrl
  if (!publishAt) return written
  const folder = publishAt.endsWith('/') ? publishAt : `${publishAt}/`
  const url = (file: string) => new URL(encodeURIComponent(path.basename(file)), folder).href
  const { size } = await fs.stat(output)
  const notes = plan.language ? await voces.storage.episodes.notes(input.source) : null
  const item = rssItem({
    title: plan.title,
    // The episode's description, else its show notes' summary: both in the episode's language,
    // else the other's, by the one rule of decision 0191 (decision 0208).
    description:
      plan.description || (notes && plan.language ? summaryIn(notes, plan.language) : ''),
    enclosureUrl: url(output),
    bytes: size,
    mimeType: input.format === 'mp3' ? 'audio/mpeg' : 'audio/mp4',
    duration,
    guid: `voces:${input.source}:${path.basename(output)}`,
    chaptersUrl: chaptersUrl && url(chaptersUrl),
    transcripts: transcripts.map((t) => ({
      url: url(t.file),
      type: t.type,
      language: t.language,
      captions: t.captions,
    })),
  })
  const rss = `${base}.rss-item.xml`
  await writeFileAtomic(rss, item)
  written.push(rss)
  return written
}

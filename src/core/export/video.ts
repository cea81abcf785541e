import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { z } from 'zod'
import { VocesError, videoExportInput } from '../../shared/contract/index.ts'
import type { JobContext } from '../jobs/runner.ts'
import { progressArgs, progressSeconds, requireTool, runTool } from '../media/ffmpeg.ts'
import { filterGraphArgs } from '../media/filter-graph.ts'
import { checkOutputFolder, tempPathFor } from '../util/atomic-file.ts'
import type { CoreContext } from '../context.ts'
import type { LocalFile } from '../storage/ports.ts'
import { burnInAss, captionsFor, filterPath, type CaptionLanguage } from './captions.ts'
import { writeSrt } from '../subtitles/srt.ts'
import { checkConsent, logExport } from './consent.ts'
import type { ExportTarget } from './stored.ts'
import { redactionFilter } from '../redaction/audio.ts'
import { redactionSpans } from '../redaction/redact.ts'
import { checkDisguise, disguiseFilter, disguiseLog, disguiser } from '../redaction/disguise.ts'

export type VideoExport = z.output<typeof videoExportInput>
export const videoExportSchema = videoExportInput

/** ISO 639-2/B, what MP4 and Matroska language tags hold. */
const iso639_2 = { en: 'eng', es: 'spa' } as const

export interface VideoExportResult {
  output: string
  duration: number
  subtitleStreams: Array<{ codec: string; language: string }>
  burned: CaptionLanguage[]
  /** The picture was copied as it is (nothing burned in): no re-encoding, no loss, seconds not minutes. */
  videoCopied: boolean
}

/**
 * Video codecs each container carries as they are (FFmpeg 5.1's mp4 and matroska muxers). With
 * nothing burned in, such a picture is copied; any other (ProRes into MP4, say) is encoded to
 * H.264 as before.
 */
const copyableVideo: Record<'mp4' | 'mkv', ReadonlySet<string>> = {
  mp4: new Set(['h264', 'hevc', 'av1', 'vp9', 'mpeg4']),
  mkv: new Set(['h264', 'hevc', 'av1', 'vp8', 'vp9', 'mpeg4', 'mpeg2video', 'prores', 'theora']),
}

/**
 * Video with subtitles: burned in (one language, or two with the second above the first), and/or
 * soft tracks tagged with their language (mov_text in MP4, SubRip in MKV). A burned picture is
 * encoded to H.264; otherwise the source's picture is copied when the container carries its codec.
 * AAC sound. Written to a temporary name, checked with ffprobe, renamed.
 */
export async function exportVideo(
  voces: CoreContext,
  ctx: Pick<JobContext<VideoExport>, 'input' | 'signal' | 'progress'> &
    Partial<Pick<JobContext<VideoExport>, 'recordPartials'>> &
    ExportTarget,
): Promise<VideoExportResult> {
  const { input } = ctx
  const recording = await voces.storage.recordings.require(input.recordingId)
  if (!recording.hasVideo)
    throw new VocesError(
      'NOT_A_VIDEO',
      `"${recording.title}" is audio only; export it as a podcast instead.`,
      { title: recording.title },
    )
  await checkConsent(voces, [recording.id], input.reason)
  await checkDisguise(voces, [recording.id], input.disguise)
  const disguise = await (
    await disguiser(voces, input.disguise)
  ).for(recording.id, 0, recording.duration)
  const output = path.resolve(input.output)
  await checkOutputFolder(output)
  const container = output.toLowerCase().endsWith('.mkv') ? 'mkv' : 'mp4'
  const burnTracks = []
  for (const language of input.burn)
    burnTracks.push(await captionsFor(voces, recording.id, language))
  const softTracks = []
  for (const language of input.soft)
    softTracks.push({ language, captions: await captionsFor(voces, recording.id, language) })
  const lookup = {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  }
  const ffmpeg = requireTool('ffmpeg', lookup)
  const ffprobe = requireTool('ffprobe', lookup)

  // The library's copy is read where the media store puts it (decision 0124).
  const held = recording.storedPath
    ? await storedCopy(voces, recording.title, recording.storedPath)
    : null
  const original = held?.path ?? recording.path
  // Subtitle files go in a fresh folder under the system temp dir: a plain path, easy to pass to a filter.
  const scratch = await fs
    .mkdtemp(path.join(os.tmpdir(), 'voces-video-'))
    .catch(async (error: unknown) => {
      await held?.release()
      throw error
    })
  const temp = tempPathFor(output)
  // Before FFmpeg writes: a kill at any point leaves nothing the next start misses (0091).
  await ctx.recordPartials?.([temp, scratch])
  try {
    const args = [...progressArgs(), '-i', `file:${original}`]
    for (const [i, track] of softTracks.entries()) {
      const file = path.join(scratch, `soft-${i}.srt`)
      await fs.writeFile(file, writeSrt(track.captions.map((c) => ({ ...c, speaker: null }))))
      args.push('-f', 'srt', '-i', `file:${file}`)
    }
    const spans = await redactionSpans(voces, recording.id)
    if ((spans.length > 0 || disguise) && recording.channels !== null) {
      // Redacted words are covered in the soundtrack too, as in every export; then the
      // disguised speakers' voices are shifted (after redaction, as in podcast.ts).
      const channels = recording.channels === 1 ? 1 : 2
      const layout = channels === 1 ? 'mono' : 'stereo'
      const graph = [
        `[0:a:0]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=${layout}[raw]`,
        redactionFilter('raw', 'redacted', spans, channels, recording.duration),
        disguiseFilter('redacted', 'aout', disguise),
      ].join(';')
      args.push(...(await filterGraphArgs(ffmpeg, graph, scratch, 'soundtrack')))
      args.push('-map', '0:v:0', '-map', '[aout]')
    } else args.push('-map', '0:v:0', '-map', '0:a:0?')
    softTracks.forEach((_, i) => args.push('-map', `${i + 1}:s:0`))
    if (burnTracks.length > 0) {
      const assFile = path.join(scratch, 'burn.ass')
      await fs.writeFile(
        assFile,
        burnInAss(burnTracks, recording.width ?? 1280, recording.height ?? 720),
      )
      args.push('-vf', `subtitles=filename=${filterPath(assFile)}`)
    }
    const videoCopied =
      burnTracks.length === 0 && copyableVideo[container].has(recording.videoCodec ?? '')
    if (videoCopied) args.push('-c:v', 'copy')
    else args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p')
    args.push('-c:a', 'aac', '-b:a', '160k')
    if (softTracks.length > 0) args.push('-c:s', container === 'mp4' ? 'mov_text' : 'srt')
    softTracks.forEach((track, i) =>
      args.push(
        `-metadata:s:s:${i}`,
        `language=${iso639_2[track.language]}`,
        `-metadata:s:s:${i}`,
        `title=${track.language === 'en' ? 'English' : 'Español'}`,
      ),
    )
    if (container === 'mp4') args.push('-movflags', '+faststart')
    args.push('-f', container === 'mp4' ? 'mp4' : 'matroska', '-y', `file:${temp}`)
    await runTool(ffmpeg, args, {
      signal: ctx.signal,
      log: voces.log,
      onProgress: (fields) => {
        const seconds = progressSeconds(fields)
        if (seconds !== null && recording.duration > 0)
          ctx.progress(Math.min(0.95, seconds / recording.duration))
      },
    })
    const { stdout } = await runTool(
      ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', `file:${temp}`],
      { captureStdout: true },
    )
    const probed = JSON.parse(stdout) as {
      streams: Array<{ codec_type: string; codec_name: string; tags?: { language?: string } }>
      format: { duration?: string }
    }
    const subtitleStreams = probed.streams
      .filter((s) => s.codec_type === 'subtitle')
      .map((s) => ({ codec: s.codec_name, language: s.tags?.language ?? '' }))
    if (
      subtitleStreams.length !== softTracks.length ||
      !probed.streams.some((s) => s.codec_type === 'video')
    ) {
      throw new VocesError(
        'EXPORT_CHECK_FAILED',
        `The exported video has ${subtitleStreams.length} subtitle tracks instead of ${softTracks.length}.`,
      )
    }
    await fs.rename(temp, output)
    await logExport(voces, {
      kind: `video.${container}`,
      output: ctx.loggedOutput ?? output,
      sourceId: recording.id,
      recordingIds: [recording.id],
      reason: input.reason,
      disguise: await disguiseLog(voces, [recording.id], input.disguise, [{ disguise }]),
    })
    return {
      output,
      duration: Number(probed.format.duration ?? recording.duration),
      subtitleStreams,
      burned: input.burn,
      videoCopied,
    }
  } finally {
    await held?.release()
    await fs.rm(temp, { force: true })
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

/** The library's copy of an original, where FFmpeg can read it; a missing one is named. */
async function storedCopy(voces: CoreContext, title: string, key: string): Promise<LocalFile> {
  return voces.storage.media.localPath(key).catch((error: unknown) => {
    if (!(error instanceof VocesError) || error.code !== 'FILE_NOT_FOUND') throw error
    throw new VocesError(
      'ORIGINAL_MISSING',
      `The original of "${title}" is no longer at ${key}. Put it back, or turn on "copy into library" and add it again.`,
      { file: path.posix.basename(key) },
    )
  })
}

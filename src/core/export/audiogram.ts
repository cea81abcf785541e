import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { z } from 'zod'
import { VocesError, type audiogramExportInput } from '../../shared/contract/index.ts'
export { audiogramExportInput as audiogramExportSchema } from '../../shared/contract/index.ts'
import type { JobContext } from '../jobs/runner.ts'
import { progressArgs, progressSeconds, requireTool, runTool } from '../media/ffmpeg.ts'
import { filterGraphArgs } from '../media/filter-graph.ts'
import { checkOutputFolder, tempPathFor } from '../util/atomic-file.ts'
import type { CoreContext } from '../context.ts'
import { assText, burnStyle, captionsFor, filterPath, type Caption } from './captions.ts'
import { writeAssScript } from '../subtitles/ass.ts'
import { checkConsent, logExport } from './consent.ts'
import type { ExportTarget } from './stored.ts'
import { timeline, withPlan, type Plan } from './podcast.ts'
import { spansInClip } from '../redaction/audio.ts'
import { checkDisguise, disguiseInClip, disguiseLog } from '../redaction/disguise.ts'

export type AudiogramExport = z.output<typeof audiogramExportInput>

export const audiogramSizes = { square: [1080, 1080], vertical: [1080, 1920] } as const

/** The title at the top for the whole clip, captions at the bottom: one ASS file for libass. */
export function audiogramAss(
  title: string,
  captions: readonly Caption[],
  duration: number,
  width: number,
  height: number,
): string {
  const size = Math.round(width / 16)
  const sides = { Shadow: '0', MarginL: '60', MarginR: '60' }
  return writeAssScript({
    width,
    height,
    scaledBorders: false,
    styles: [
      burnStyle('Title', size, {
        ...sides,
        Bold: '1',
        Outline: '2',
        Alignment: '8',
        MarginV: String(Math.round(height / 12)),
      }),
      burnStyle('Caption', size, {
        ...sides,
        BackColour: '&HA0000000',
        BorderStyle: '3',
        Outline: '12',
        MarginV: String(Math.round(height / 10)),
      }),
    ],
    events: [
      { layer: 0, start: 0, end: duration, style: 'Title', text: assText(title) },
      ...captions.map((c) => ({
        layer: 1,
        start: c.start,
        end: c.end,
        style: 'Caption',
        text: assText(c.text),
      })),
    ],
  })
}

/**
 * An audiogram for social media: the cover (or a calm colour) filling the frame, the audio's
 * waveform across the middle, the title on top and burned-in captions below. H.264/AAC MP4.
 */
type AudiogramContext = Pick<JobContext<AudiogramExport>, 'input' | 'signal' | 'progress'> &
  Partial<Pick<JobContext<AudiogramExport>, 'recordPartials'>> &
  ExportTarget

export async function exportAudiogram(voces: CoreContext, ctx: AudiogramContext) {
  await checkOutputFolder(path.resolve(ctx.input.output))
  return withPlan(voces, ctx.input.source, ctx.input.disguise, (plan) =>
    audiogramOf(voces, ctx, plan),
  )
}

async function audiogramOf(voces: CoreContext, ctx: AudiogramContext, plan: Plan) {
  const { input } = ctx
  const output = path.resolve(input.output)
  await checkConsent(voces, plan.recordingIds, input.reason)
  await checkDisguise(voces, plan.recordingIds, input.disguise)
  const [width, height] = audiogramSizes[input.size]
  const single = await voces.storage.recordings.get(input.source)
  const from = single ? (input.from ?? 0) : 0
  const part = plan.parts[0]
  if (single && part && (input.from !== undefined || input.to !== undefined)) {
    const to = Math.min(input.to ?? part.duration, part.duration)
    if (!(to > from))
      throw new VocesError('CLIP_OUT_OF_RANGE', `The audiogram's stretch ${from}–${to} s is empty.`)
    plan.parts = [
      {
        ...part,
        start: from,
        duration: to - from,
        redactions: spansInClip(part.redactions, from, to - from),
        disguise: part.disguise && {
          engine: part.disguise.engine,
          spans: disguiseInClip(part.disguise.spans, from, to - from),
        },
      },
    ]
  }
  const duration = plan.parts.reduce((sum, p) => sum + p.duration, 0)
  // Captions follow a single recording's timeline; an episode's cuts would need them re-timed.
  let captions: Caption[] = []
  if (input.captions && (await voces.storage.recordings.get(input.source))) {
    try {
      captions = (await captionsFor(voces, input.source, input.captions))
        .filter((c) => c.end > from && c.start < from + duration)
        .map((c) => ({ ...c, start: Math.max(0, c.start - from), end: c.end - from }))
    } catch (error) {
      if (!(error instanceof VocesError && error.code === 'NO_SUBTITLES')) throw error
    }
  }
  const lookup = {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  }
  const ffmpeg = requireTool('ffmpeg', lookup)
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'voces-audiogram-'))
  const temp = tempPathFor(output)
  // Before FFmpeg writes: a kill at any point leaves nothing the next start misses (0091).
  await ctx.recordPartials?.([temp, scratch])
  try {
    const assFile = path.join(scratch, 'text.ass')
    await fs.writeFile(assFile, audiogramAss(plan.title, captions, duration, width, height))
    const graph = timeline(plan.parts, 2)
    const audioInputs = plan.parts.length
    const args = [...progressArgs(), ...graph.inputArgs]
    const cover = plan.cover
    if (cover) args.push('-loop', '1', '-framerate', '25', '-i', `file:${cover}`)
    else args.push('-f', 'lavfi', '-i', `color=c=0x1d3557:s=${width}x${height}:r=25`)
    const background = cover
      ? `[${audioInputs}:v]scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},eq=brightness=-0.25,setsar=1[bg]`
      : `[${audioInputs}:v]setsar=1[bg]`
    const filter = [
      graph.filterComplex,
      '[out]asplit=2[aout][awave]',
      `[awave]showwaves=s=${width}x${Math.round(height / 5)}:mode=cline:colors=0xf1faee:rate=25,format=yuva420p[wave]`,
      background,
      `[bg][wave]overlay=0:(H-h)/2:shortest=1,subtitles=filename=${filterPath(assFile)},format=yuv420p[video]`,
    ].join(';')
    args.push(
      ...(await filterGraphArgs(ffmpeg, filter, scratch, 'audiogram')),
      '-map',
      '[video]',
      '-map',
      '[aout]',
      '-t',
      duration.toFixed(3),
    )
    args.push(
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '23',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '-y',
      `file:${temp}`,
    )
    await runTool(ffmpeg, args, {
      signal: ctx.signal,
      log: voces.log,
      onProgress: (fields) => {
        const seconds = progressSeconds(fields)
        if (seconds !== null && duration > 0) ctx.progress(Math.min(0.98, seconds / duration))
      },
    })
    await fs.rename(temp, output)
    await logExport(voces, {
      kind: 'audiogram',
      output: ctx.loggedOutput ?? output,
      sourceId: input.source,
      recordingIds: plan.recordingIds,
      reason: input.reason,
      disguise: await disguiseLog(voces, plan.recordingIds, input.disguise, plan.parts),
    })
    return { output, duration, width, height, captions: captions.length }
  } finally {
    await fs.rm(temp, { force: true })
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

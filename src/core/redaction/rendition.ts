import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Recording } from '../../shared/contract/index.ts'
import { requireTool, runTool } from '../media/ffmpeg.ts'
import { filterGraphArgs } from '../media/filter-graph.ts'
import type { CoreContext } from '../context.ts'
import { redactionFilter } from './audio.ts'
import type { RedactionSpan } from './redact.ts'

/**
 * A redacted rendition of a recording's original, for packages that would otherwise carry the
 * original itself (a preservation bag, decision 0007): every redacted stretch covered with its tone or
 * silence, everything else kept at full quality.
 * - Audio becomes FLAC at the original's own sample rate (lossless: the rest of the interview
 *   loses nothing; mono stays mono, more than two channels become stereo).
 * - Video keeps its picture stream as it is (copied, not encoded again) in Matroska, which holds
 *   any codec, beside the covered sound as FLAC.
 * Returns the file name the rendition should have in the package.
 */
export function renditionName(recording: Recording): string {
  const stem = path.basename(recording.path, path.extname(recording.path))
  return `${stem}.redacted.${recording.hasVideo ? 'mkv' : 'flac'}`
}

export interface CoverJob {
  source: string
  output: string
  spans: readonly RedactionSpan[]
  duration: number
  channels: 1 | 2
  sampleRate: number
  /** Streams copied beside the covered sound (`-map 0:v:0 -c:v copy`), if any. */
  otherStreams?: string[]
  /** Codec and container of the output. */
  outputArgs: string[]
  signal?: AbortSignal | undefined
}

/** Writes `source`'s first audio stream with every span covered: the one FFmpeg call for it. */
export async function writeCovered(voces: CoreContext, job: CoverJob): Promise<void> {
  const ffmpeg = requireTool('ffmpeg', {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  })
  const layout = job.channels === 1 ? 'mono' : 'stereo'
  const graph = [
    `[0:a:0]aformat=sample_fmts=fltp:sample_rates=${job.sampleRate}:channel_layouts=${layout}[in]`,
    redactionFilter('in', 'out', job.spans, job.channels, job.duration, job.sampleRate),
  ].join(';')
  // A recording with hundreds of redactions has a graph too long for a command line.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'voces-cover-'))
  try {
    await runTool(
      ffmpeg,
      ['-hide_banner', '-nostdin', '-v', 'error', '-i', `file:${job.source}`]
        .concat(await filterGraphArgs(ffmpeg, graph, scratch, 'cover'))
        .concat([...(job.otherStreams ?? []), '-map', '[out]'])
        .concat([...job.outputArgs, '-y', `file:${job.output}`]),
      { signal: job.signal, log: voces.log, timeoutMs: 120_000 + job.duration * 1000 },
    )
  } finally {
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

export function writeRedactedRendition(
  voces: CoreContext,
  recording: Recording,
  source: string,
  spans: readonly RedactionSpan[],
  output: string,
  signal?: AbortSignal,
): Promise<void> {
  return writeCovered(voces, {
    source,
    output,
    spans,
    duration: recording.duration,
    channels: recording.channels === 1 ? 1 : 2,
    sampleRate: recording.sampleRate ?? 48000,
    otherStreams: recording.hasVideo ? ['-map', '0:v:0', '-c:v', 'copy'] : [],
    outputArgs: [
      '-c:a',
      'flac',
      '-map_metadata',
      '-1',
      '-f',
      recording.hasVideo ? 'matroska' : 'flac',
    ],
    signal,
  })
}

import { promises as fs } from 'node:fs'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'
import { progressArgs, progressSeconds, runPiped, runTool } from '../media/ffmpeg.ts'
import { filterGraphArgs } from '../media/filter-graph.ts'
import type { CoreContext } from '../context.ts'
import { readId3Chapters } from './id3.ts'
import { ebur128IntegratedFilter, measureIntegrated, parseIntegrated } from './loudness.ts'

/**
 * The FFmpeg passes of a podcast export (decision 0006): measure the timeline, encode it with
 * the gain and the true-peak limiter, and check the chapters of the file written. The loudness
 * check of the written file is `measureFile` (loudness.ts).
 */

export const limiterCeilingDb = -2

export interface Graph {
  inputArgs: string[]
  filterComplex: string
}

export type PodcastFormat = 'mp3' | 'm4a'

interface PassOptions {
  signal: AbortSignal
  log: CoreContext['log']
  onProgress: (seconds: number) => void
}

const onSeconds = (report: (seconds: number) => void) => (fields: Record<string, string>) => {
  const seconds = progressSeconds(fields)
  if (seconds !== null) report(seconds)
}

/** The seconds of the timeline encoded in the measure pass to learn what the codec takes away. */
export const probeSeconds = 60

/**
 * The measure pass: the integrated loudness of the whole timeline (the gain is all it decides,
 * so the costly true-peak meter is left to the check of the written file), and in the same run a
 * minute from its middle written twice, as plain PCM and through the export's own codec. Lossy
 * encoders shave a little loudness off speech (LAME at 128 kb/s: about 0.4 LU on the test
 * recordings, measured on the decoded file), enough to send a whole export through the
 * correction pass; measuring both copies of the minute gives that loss for this material, so
 * the first encode lands on target.
 */
export async function measureTimeline(
  ffmpeg: string,
  graph: Graph,
  probe: { duration: number; channels: 1 | 2; format: PodcastFormat },
  scratch: string,
  options: PassOptions,
): Promise<{ integrated: number; codecLoss: number }> {
  const length = Math.min(probeSeconds, probe.duration)
  const start = Math.max(0, probe.duration / 2 - length / 2)
  const filter = await filterGraphArgs(
    ffmpeg,
    `${graph.filterComplex};[out]asplit=2[whole][part];[whole]${ebur128IntegratedFilter}[measured];` +
      `[part]atrim=start=${start.toFixed(3)}:duration=${length.toFixed(3)},asetpts=PTS-STARTPTS,aresample=44100,asplit=2[plain][coded]`,
    scratch,
    'measure',
  )
  const plain = path.join(scratch, 'probe.wav')
  const coded = path.join(scratch, `probe.${probe.format}`)
  const channels = ['-ac', String(probe.channels), '-ar', '44100']
  const { stderr } = await runTool(
    ffmpeg,
    progressArgs('info')
      .concat(graph.inputArgs, filter, ['-map', '[measured]', '-f', 'null', '-'])
      .concat(['-map', '[plain]', ...channels, '-c:a', 'pcm_f32le', '-f', 'wav'])
      .concat(['-y', `file:${plain}`, '-map', '[coded]', ...channels])
      .concat(codecArgs(probe.format, probe.channels))
      .concat(['-f', probe.format === 'mp3' ? 'mp3' : 'mp4', '-y', `file:${coded}`]),
    {
      signal: options.signal,
      log: options.log,
      captureStderr: true,
      onProgress: onSeconds(options.onProgress),
    },
  )
  const integrated = parseIntegrated(stderr)
  // A silent or empty minute tells nothing, and more than 1.5 LU is not a codec's doing: both are
  // left to the check after the encode.
  const probed = await Promise.all(
    [plain, coded].map((file) =>
      measureIntegrated(ffmpeg, file, { signal: options.signal, log: options.log }),
    ),
  ).catch(() => null)
  const loss = probed ? (probed[0] ?? 0) - (probed[1] ?? 0) : 0
  const codecLoss = Number.isFinite(loss) && Math.abs(loss) <= 1.5 ? loss : 0
  return { integrated, codecLoss }
}

/** The audio codec of a podcast export. CBR: what podcast hosts and old players expect. */
function codecArgs(format: PodcastFormat, channels: 1 | 2): string[] {
  const bitrate = channels === 1 ? '64k' : '128k'
  return format === 'mp3'
    ? ['-c:a', 'libmp3lame', '-b:a', bitrate]
    : ['-c:a', 'aac', '-b:a', bitrate]
}

export interface EncodeSpec {
  graph: Graph
  gain: number
  channels: 1 | 2
  format: PodcastFormat
  metadataFile: string
  cover: string | null
  tags: Record<string, string>
  temp: string
  scratch: string
}

/**
 * The encode, as two FFmpeg processes joined by a pipe (decision 0006): the first runs the
 * timeline, the gain and the limiter and hands 32-bit float PCM to the second, which encodes it
 * and writes the file with its tags, chapters and cover. FFmpeg 5 runs a graph and its encoder
 * on one thread; the 4x-oversampled limiter and LAME cost about the same, so on two cores the
 * pass takes little more than the larger of the two. The samples are the same as in one process.
 */
export async function encode(
  ffmpeg: string,
  spec: EncodeSpec,
  options: PassOptions,
): Promise<void> {
  const ceiling = Math.pow(10, limiterCeilingDb / 20).toFixed(4)
  // 4x oversampling (192 kHz) makes the sample-peak limiter a true-peak limiter (ITU-R BS.1770-4 Annex 2).
  const chain = `[out]volume=${spec.gain.toFixed(2)}dB,aresample=192000,alimiter=limit=${ceiling}:attack=5:release=50:level=false,aresample=44100[master]`
  const quiet = ['-hide_banner', '-nostdin', '-nostats', '-v', 'error']
  const produce = [
    ...quiet,
    ...spec.graph.inputArgs,
    ...(await filterGraphArgs(
      ffmpeg,
      `${spec.graph.filterComplex};${chain}`,
      spec.scratch,
      'encode',
    )),
    '-map',
    '[master]',
    '-ac',
    String(spec.channels),
    '-c:a',
    'pcm_f32le',
    '-f',
    'nut',
    'pipe:1',
  ]
  const write = [...quiet, '-progress', 'pipe:1', '-f', 'nut', '-i', 'pipe:0']
  write.push('-f', 'ffmetadata', '-i', `file:${spec.metadataFile}`)
  if (spec.cover) write.push('-i', `file:${spec.cover}`)
  write.push('-map', '0:a:0', '-map_metadata', '1', '-map_chapters', '1')
  // The PCM stream's own tags (the first process's encoder name) are not the file's.
  write.push('-map_metadata:s:a', '-1')
  if (spec.cover)
    write.push(
      '-map',
      '2:v:0',
      '-c:v',
      'mjpeg',
      '-disposition:v:0',
      'attached_pic',
      '-metadata:s:v',
      'comment=Cover (front)',
    )
  for (const [key, value] of Object.entries(spec.tags))
    if (value) write.push('-metadata', `${key}=${value}`)
  write.push('-ac', String(spec.channels), '-ar', '44100')
  write.push(...codecArgs(spec.format, spec.channels))
  if (spec.format === 'mp3') write.push('-id3v2_version', '3', '-write_id3v1', '0', '-f', 'mp3')
  else write.push('-movflags', '+faststart', '-f', 'mp4')
  write.push('-y', `file:${spec.temp}`)
  await runPiped(
    { file: ffmpeg, args: produce },
    { file: ffmpeg, args: write },
    { signal: options.signal, log: options.log, onProgress: onSeconds(options.onProgress) },
  )
}

/** Counts the chapters really in the file; for MP3 both the CHAP frames and their CTOC. */
export async function verifyChapters(
  ffprobe: string,
  file: string,
  format: PodcastFormat,
  expected: number,
): Promise<number> {
  const { stdout } = await runTool(
    ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_chapters', `file:${file}`],
    { captureStdout: true },
  )
  const probed = (JSON.parse(stdout) as { chapters?: unknown[] }).chapters?.length ?? 0
  if (probed !== expected)
    throw new VocesError(
      'EXPORT_CHECK_FAILED',
      `The exported file has ${probed} chapters instead of ${expected}.`,
    )
  if (expected === 0) return 0
  if (format === 'mp3') {
    const head = await fs.readFile(file).then((b) => b.subarray(0, 1 << 20))
    const id3 = readId3Chapters(head)
    const found = id3?.chapters.length ?? 0
    const listed = id3?.toc?.children.length ?? 0
    if (found === 0 || listed !== found) {
      throw new VocesError(
        'EXPORT_CHECK_FAILED',
        `The MP3 has ${found} chapter frames and a table of contents listing ${listed}; players need both.`,
      )
    }
    return found
  }
  return probed
}

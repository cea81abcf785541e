import type { Logger } from '../log.ts'
import { runTool, progressSeconds } from '../media/ffmpeg.ts'

/** Integrated loudness (LUFS) and true peak (dBTP), as EBU R128 / ITU-R BS.1770 define them. */
export interface Loudness {
  integrated: number
  truePeak: number
}

/** Reads the summary FFmpeg's ebur128 filter prints at the end (frame lines are kept quiet). */
export function parseEbur128Summary(stderr: string): Loudness {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'))
  const integrated = /\bI:\s+(-?[\d.]+|-inf) LUFS/.exec(summary)?.[1]
  const peakBlock = summary.slice(summary.indexOf('True peak:'))
  const truePeak = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(peakBlock)?.[1]
  if (integrated === undefined || truePeak === undefined || !summary.startsWith('Summary:')) {
    throw new Error('FFmpeg did not report loudness')
  }
  const toNumber = (value: string) => (value === '-inf' ? -Infinity : Number(value))
  return { integrated: toNumber(integrated), truePeak: toNumber(truePeak) }
}

export const ebur128Filter = 'ebur128=peak=true:framelog=verbose'

/**
 * Measures a file, or the output of a filter graph over inputs (`inputArgs` + `filter` with one
 * `[out]` label), without writing anything.
 */
export async function measureLoudness(
  ffmpeg: string,
  source: { inputArgs: string[]; filterComplex?: string },
  options: { signal?: AbortSignal; log?: Logger; onProgress?: (seconds: number) => void } = {},
): Promise<Loudness> {
  const graph = source.filterComplex
    ? `${source.filterComplex};[out]${ebur128Filter}[measured]`
    : undefined
  const args = [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-v',
    'info',
    '-progress',
    'pipe:1',
    ...source.inputArgs,
  ]
  if (graph) args.push('-filter_complex', graph, '-map', '[measured]')
  else args.push('-map', '0:a:0', '-af', ebur128Filter)
  args.push('-f', 'null', '-')
  const { stderr } = await runTool(ffmpeg, args, {
    signal: options.signal,
    log: options.log,
    captureStderr: true,
    onProgress: (fields) => {
      const seconds = progressSeconds(fields)
      if (seconds !== null) options.onProgress?.(seconds)
    },
  })
  return parseEbur128Summary(stderr)
}

import { VocesError } from '../../shared/contract/index.ts'
import type { Logger } from '../log.ts'
import { runTool, ToolFailedError } from './ffmpeg.ts'

export interface ProbeResult {
  /** Seconds. */
  duration: number
  /** ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" → first item "mov". */
  format: string
  audio: { codec: string; sampleRate: number | null; channels: number | null } | null
  video: { codec: string; width: number | null; height: number | null } | null
}

interface FfprobeStream {
  codec_type?: string
  codec_name?: string
  sample_rate?: string
  channels?: number
  width?: number
  height?: number
  duration?: string
  disposition?: { attached_pic?: number }
}
interface FfprobeOutput {
  streams?: FfprobeStream[]
  format?: { format_name?: string; duration?: string }
}

function numberOrNull(value: string | number | undefined): number | null {
  const n = typeof value === 'number' ? value : Number(value)
  return value !== undefined && Number.isFinite(n) ? n : null
}

export function unreadableMedia(file: string): VocesError {
  return new VocesError(
    'MEDIA_UNREADABLE',
    `${file} is not an audio or video file Voces can read. Check that it plays in a media player; if it was copied or downloaded, it may be incomplete.`,
    { file },
  )
}

/** Reads streams and duration with ffprobe. A file FFmpeg cannot read gets MEDIA_UNREADABLE. */
export async function probe(
  ffprobe: string,
  file: string,
  options: { signal?: AbortSignal; log?: Logger } = {},
): Promise<ProbeResult> {
  let stdout: string
  try {
    const args = [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '--',
      file,
    ]
    ;({ stdout } = await runTool(ffprobe, args, {
      ...options,
      captureStdout: true,
      timeoutMs: 60_000,
    }))
  } catch (error) {
    if (error instanceof ToolFailedError && error.code === 'FFMPEG_FAILED')
      throw unreadableMedia(file)
    throw error
  }
  const parsed = JSON.parse(stdout) as FfprobeOutput
  const streams = parsed.streams ?? []
  const audioStream = streams.find((s) => s.codec_type === 'audio')
  // Cover art in an MP3 or M4A is a "video" stream with attached_pic; it is not a video.
  const videoStream = streams.find(
    (s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1,
  )
  const duration = numberOrNull(parsed.format?.duration) ?? numberOrNull(audioStream?.duration) ?? 0
  if (!audioStream && !videoStream) throw unreadableMedia(file)
  return {
    duration,
    format: (parsed.format?.format_name ?? 'unknown').split(',')[0] ?? 'unknown',
    audio: audioStream
      ? {
          codec: audioStream.codec_name ?? 'unknown',
          sampleRate: numberOrNull(audioStream.sample_rate),
          channels: numberOrNull(audioStream.channels),
        }
      : null,
    video: videoStream
      ? {
          codec: videoStream.codec_name ?? 'unknown',
          width: numberOrNull(videoStream.width),
          height: numberOrNull(videoStream.height),
        }
      : null,
  }
}

import { VocesError } from '../../../shared/contract/index.ts'
import { readPcm } from '../pcm.ts'
import type { DiarizationEngine, DiarizeOptions, SpeakerTurn } from './types.ts'

/**
 * The channels engine (decision 0153): a stereo original recorded with one microphone per person
 * (two lavalier mics, a recorded call) is split by channel, each channel's speech one speaker.
 * Whether the channels carry different voices is decided from the audio, never assumed: the
 * channels' correlation over the whole file (a mix copied to both sides is near 1) and, frame by
 * frame, which channel is clearly louder than its usual level (with different voices, each
 * channel dominates a fair share of the speech). A file that fails either test is refused with
 * the reason, and `auto` goes on with the default engine.
 */

/** 8 kHz is enough to tell which channel is speaking, and halves the work of 16 kHz. */
const rate = 8000
/** One frame of 20 ms. */
const frameSeconds = 0.02
const frameSamples = rate * frameSeconds
/** Above this correlation the two channels are the same mix. */
export const sameMixCorrelation = 0.8
/** A channel dominates a frame when it is this much louder, each against its own level. */
const dominanceDb = 6
/** Each channel must dominate at least this share of the frames with speech. */
const minimumShare = 0.08
/** Pauses shorter than this inside one voice's speech stay in the turn. */
const bridgeSeconds = 0.3
/** Shorter bursts are clicks or breaths, not turns. */
const shortestTurn = 0.2

export interface ChannelAnalysis {
  correlation: number
  /** Shares of the speech frames where the left or the right channel dominates. */
  leftShare: number
  rightShare: number
  /** Per frame: -1 silence, 0 left, 1 right. */
  frames: Int8Array
}

function notStereo(channels: number | null): VocesError {
  return new VocesError(
    'SPEAKERS_CHANNELS_NOT_STEREO',
    `This recording has ${channels ?? 'no'} audio channel${channels === 1 ? '' : 's'}; the channels engine needs a stereo recording with one voice per channel. Use the basic engine.`,
    { channels: channels ?? 0 },
  )
}

export function sameMix(correlation: number): VocesError {
  return new VocesError(
    'SPEAKERS_CHANNELS_SAME_MIX',
    `Both channels of this recording carry the same sound (correlation ${correlation.toFixed(2)}), so they cannot tell the voices apart. Use the basic engine.`,
    { correlation: Number(correlation.toFixed(2)) },
  )
}

function oneChannelSpeaks(): VocesError {
  return new VocesError(
    'SPEAKERS_CHANNELS_ONE_VOICE',
    'Only one channel of this recording carries speech most of the time, so the channels do not hold one voice each. Use the basic engine.',
  )
}

function percentile(sorted: Float32Array, p: number): number {
  if (sorted.length === 0) return -120
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? -120
}

/** Frame energies in a typed array that grows by doubling: 4 bytes a frame, 0.7 MB an hour. */
class Levels {
  values = new Float32Array(1 << 14)
  length = 0
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float32Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.length++] = value
  }
  get array(): Float32Array {
    return this.values.subarray(0, this.length)
  }
}

/** Reads the file's two channels frame by frame: energies, correlation, who dominates. */
export async function analyseChannels(
  ffmpeg: string,
  file: string,
  options: Pick<DiarizeOptions, 'signal' | 'onProgress'> & { duration?: number } = {},
): Promise<ChannelAnalysis> {
  const left = new Levels()
  const right = new Levels()
  let sumLL = 0
  let sumRR = 0
  let sumLR = 0
  let frameL = 0
  let frameR = 0
  let inFrame = 0
  await readPcm({ ffmpeg, file, channels: 2, rate, signal: options.signal }, (block) => {
    for (let i = 0; i + 1 < block.length; i += 2) {
      const l = block[i] ?? 0
      const r = block[i + 1] ?? 0
      sumLL += l * l
      sumRR += r * r
      sumLR += l * r
      frameL += l * l
      frameR += r * r
      inFrame += 1
      if (inFrame === frameSamples) {
        left.push(10 * Math.log10(frameL / frameSamples + 1e-12))
        right.push(10 * Math.log10(frameR / frameSamples + 1e-12))
        frameL = frameR = inFrame = 0
      }
    }
    if (options.duration)
      options.onProgress?.(Math.min(0.95, (left.length * frameSeconds) / options.duration))
  })
  const correlation = sumLL > 0 && sumRR > 0 ? sumLR / Math.sqrt(sumLL * sumRR) : 0
  const leftDb = left.array
  const rightDb = right.array
  const sortedL = Float32Array.from(leftDb).sort()
  const sortedR = Float32Array.from(rightDb).sort()
  // Each channel against its own level: a quiet microphone is not a quiet voice.
  const loudL = percentile(sortedL, 0.95)
  const loudR = percentile(sortedR, 0.95)
  const floorL = percentile(sortedL, 0.1)
  const floorR = percentile(sortedR, 0.1)
  const thresholdL = Math.max(floorL + 10, loudL - 30)
  const thresholdR = Math.max(floorR + 10, loudR - 30)
  const frames = new Int8Array(leftDb.length).fill(-1)
  let speech = 0
  let leftWins = 0
  let rightWins = 0
  for (let f = 0; f < leftDb.length; f++) {
    const l = leftDb[f] ?? -120
    const r = rightDb[f] ?? -120
    const activeL = l > thresholdL
    const activeR = r > thresholdR
    if (!activeL && !activeR) continue
    speech += 1
    const margin = l - loudL - (r - loudR)
    if (margin >= dominanceDb) leftWins += 1
    else if (margin <= -dominanceDb) rightWins += 1
    frames[f] = activeL && (!activeR || margin >= 0) ? 0 : 1
  }
  return {
    correlation,
    leftShare: speech === 0 ? 0 : leftWins / speech,
    rightShare: speech === 0 ? 0 : rightWins / speech,
    frames,
  }
}

/** Frames into turns: short pauses bridged, short bursts dropped, speakers numbered as met. */
export function framesToTurns(frames: Int8Array, seconds = frameSeconds): SpeakerTurn[] {
  const runs: Array<{ start: number; end: number; channel: number }> = []
  for (let f = 0; f < frames.length; f++) {
    const channel = frames[f] ?? -1
    if (channel < 0) continue
    const last = runs[runs.length - 1]
    if (last && last.channel === channel && f - last.end <= bridgeSeconds / seconds)
      last.end = f + 1
    else runs.push({ start: f, end: f + 1, channel })
  }
  const kept = runs.filter((run) => (run.end - run.start) * seconds >= shortestTurn)
  // Two runs of one channel left side by side once a burst between them is dropped join again.
  const joined: typeof kept = []
  for (const run of kept) {
    const last = joined[joined.length - 1]
    if (last && last.channel === run.channel && (run.start - last.end) * seconds <= bridgeSeconds)
      last.end = run.end
    else joined.push({ ...run })
  }
  const numbers = new Map<number, number>()
  return joined.map((run) => {
    if (!numbers.has(run.channel)) numbers.set(run.channel, numbers.size)
    return {
      start: Math.round(run.start * seconds * 1000) / 1000,
      end: Math.round(run.end * seconds * 1000) / 1000,
      speaker: numbers.get(run.channel) ?? 0,
    }
  })
}

export class ChannelsEngine implements DiarizationEngine {
  readonly id = 'channels' as const
  private readonly ffmpeg: string
  private readonly channelCount: number | null
  private readonly duration: number | undefined
  /** `channels`: the original's, as ffprobe read it at ingest. */
  constructor(options: { ffmpeg: string; channels: number | null; duration?: number }) {
    this.ffmpeg = options.ffmpeg
    this.channelCount = options.channels
    this.duration = options.duration
  }

  async diarize(audioPath: string, options: DiarizeOptions): Promise<SpeakerTurn[]> {
    if (this.channelCount !== 2) throw notStereo(this.channelCount)
    if (options.speakers !== undefined && options.speakers !== 2) {
      throw new VocesError(
        'SPEAKERS_CHANNELS_COUNT',
        `The channels engine finds one voice per channel, two in all; ${options.speakers} were asked for. Use the basic engine.`,
        { speakers: options.speakers },
      )
    }
    const analysis = await analyseChannels(this.ffmpeg, audioPath, {
      signal: options.signal,
      onProgress: options.onProgress,
      ...(this.duration ? { duration: this.duration } : {}),
    })
    if (analysis.correlation > sameMixCorrelation) throw sameMix(analysis.correlation)
    if (analysis.leftShare < minimumShare || analysis.rightShare < minimumShare)
      throw oneChannelSpeaks()
    options.onProgress?.(1)
    return framesToTurns(analysis.frames)
  }
}

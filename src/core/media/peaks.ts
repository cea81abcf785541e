import { open } from 'node:fs/promises'
import type { Peaks } from '../../shared/contract/index.ts'

/**
 * Waveform peaks from the working audio (16-bit PCM WAV, mono). At most `maxBuckets` buckets
 * (200,000: a 3-hour interview still gets 18 a second, enough to see every word, and the file
 * stays near 2 MB), at most 100 a second (10 ms, finer than any screen shows a recording at).
 */
export const maxBuckets = 200_000
export const maxBucketsPerSecond = 100

export function bucketsPerSecondFor(duration: number): number {
  if (!(duration > 0)) return maxBucketsPerSecond
  return Math.max(1, Math.min(maxBucketsPerSecond, Math.floor(maxBuckets / duration)))
}

interface WavLayout {
  sampleRate: number
  channels: number
  bitsPerSample: number
  dataOffset: number
  dataBytes: number
}

/** Finds the fmt and data chunks (FFmpeg may put a LIST chunk between them). */
export function parseWavHeader(head: Buffer, fileSize: number): WavLayout {
  if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a WAV file')
  let offset = 12
  let fmt: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | null = null
  while (offset + 8 <= head.length) {
    const id = head.toString('ascii', offset, offset + 4)
    const size = head.readUInt32LE(offset + 4)
    if (id === 'fmt ') {
      fmt = {
        channels: head.readUInt16LE(offset + 10),
        sampleRate: head.readUInt32LE(offset + 12),
        bitsPerSample: head.readUInt16LE(offset + 22),
      }
    } else if (id === 'data') {
      if (!fmt) break
      const dataOffset = offset + 8
      // A WAV written to a pipe or over 4 GiB may say 0 or 0xFFFFFFFF: the rest of the file is data.
      const dataBytes =
        size === 0 || size === 0xffffffff || dataOffset + size > fileSize
          ? fileSize - dataOffset
          : size
      return { ...fmt, dataOffset, dataBytes }
    }
    offset += 8 + size + (size % 2)
  }
  throw new Error('WAV file without fmt and data chunks')
}

const round = (value: number) => Math.round(value * 1000) / 1000

/** Seconds of sound in a PCM WAV file, from its header and size: what FFmpeg really decoded. */
export async function wavSeconds(wavFile: string): Promise<number> {
  const handle = await open(wavFile, 'r')
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(Math.min(4096, size))
    await handle.read(head, 0, head.length, 0)
    const wav = parseWavHeader(head, size)
    const frame = (wav.bitsPerSample / 8) * wav.channels
    return Math.floor(wav.dataBytes / frame) / wav.sampleRate
  } finally {
    await handle.close()
  }
}

/** Min/max pairs per bucket, normalised to -1..1, read in 1 MiB blocks. */
export async function computePeaks(wavFile: string, signal?: AbortSignal): Promise<Peaks> {
  const handle = await open(wavFile, 'r')
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(Math.min(4096, size))
    await handle.read(head, 0, head.length, 0)
    const wav = parseWavHeader(head, size)
    if (wav.bitsPerSample !== 16 || wav.channels !== 1)
      throw new Error('working audio must be 16-bit mono')
    const totalSamples = Math.floor(wav.dataBytes / 2)
    const bucketsPerSecond = bucketsPerSecondFor(totalSamples / wav.sampleRate)
    const samplesPerBucket = wav.sampleRate / bucketsPerSecond
    const bucketCount = Math.ceil(totalSamples / samplesPerBucket)
    const peaks = new Array<number>(bucketCount * 2)
    const block = Buffer.alloc(1 << 20)
    let sampleIndex = 0
    let bucket = 0
    let nextBoundary = samplesPerBucket
    let min = 0
    let max = 0
    let position = wav.dataOffset
    const end = wav.dataOffset + totalSamples * 2
    while (position < end) {
      if (signal?.aborted) throw signal.reason
      const { bytesRead } = await handle.read(
        block,
        0,
        Math.min(block.length, end - position),
        position,
      )
      if (bytesRead === 0) break
      position += bytesRead
      const samples = new Int16Array(block.buffer, block.byteOffset, bytesRead >> 1)
      for (let i = 0; i < samples.length; i++) {
        const value = samples[i] as number
        if (value < min) min = value
        if (value > max) max = value
        sampleIndex++
        if (sampleIndex >= nextBoundary) {
          peaks[bucket * 2] = round(min / 32768)
          peaks[bucket * 2 + 1] = round(max / 32767)
          bucket++
          nextBoundary += samplesPerBucket
          min = 0
          max = 0
        }
      }
    }
    if (bucket < bucketCount) {
      peaks[bucket * 2] = round(min / 32768)
      peaks[bucket * 2 + 1] = round(max / 32767)
      bucket++
    }
    peaks.length = bucket * 2
    return { bucketsPerSecond, peaks }
  } finally {
    await handle.close()
  }
}

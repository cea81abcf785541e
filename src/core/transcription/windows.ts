import { promises as fs } from 'node:fs'
import { VocesError } from '../../shared/contract/index.ts'

/**
 * Long recordings are transcribed in windows of about 20 minutes, each cut at the quietest half
 * second near its target end, so a cut falls between words and windows need no overlap. Each
 * window's result is stored as it finishes (resume; memory stays flat). 20 minutes is ~40 of
 * Whisper's 30-second passes: the one partly empty pass a cut adds costs ~2.5% at worst, inside the
 * issue's 1.05x budget; the model load per window is well under a second.
 */
export const defaultWindowSeconds = 20 * 60
/** How far either side of a target cut the quietest moment is looked for. */
const searchSeconds = 20
/** A remainder shorter than this joins the window before it rather than standing alone. */
const minWindowSeconds = 60

export interface Window {
  start: number
  end: number
}

/** Where the samples of a PCM WAV start and how they are laid out (RIFF chunks walked, not assumed 44 bytes). */
export interface WavLayout {
  dataOffset: number
  dataBytes: number
  sampleRate: number
  channels: number
  bitsPerSample: number
}

export function parseWavHeader(header: Buffer): WavLayout {
  if (header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 8, 12) !== 'WAVE') {
    throw new VocesError(
      'WORKING_AUDIO_UNREADABLE',
      'The working audio of this recording is not a WAV file. Add the recording again.',
    )
  }
  let at = 12
  let format: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | null = null
  while (at + 8 <= header.length) {
    const id = header.toString('ascii', at, at + 4)
    const size = header.readUInt32LE(at + 4)
    if (id === 'fmt ') {
      format = {
        channels: header.readUInt16LE(at + 10),
        sampleRate: header.readUInt32LE(at + 12),
        bitsPerSample: header.readUInt16LE(at + 22),
      }
    } else if (id === 'data') {
      if (!format) break
      return { ...format, dataOffset: at + 8, dataBytes: size }
    }
    at += 8 + size + (size % 2)
  }
  throw new VocesError(
    'WORKING_AUDIO_UNREADABLE',
    'The working audio of this recording is damaged. Add the recording again.',
  )
}

export async function readWavLayout(file: string): Promise<WavLayout> {
  const handle = await fs.open(file, 'r')
  try {
    const header = Buffer.alloc(4096)
    const { bytesRead } = await handle.read(header, 0, header.length, 0)
    const layout = parseWavHeader(header.subarray(0, bytesRead))
    const { size } = await handle.stat()
    // ffmpeg writes a 0 or 0xFFFFFFFF data size when it cannot seek back; the file size is the truth.
    return {
      ...layout,
      dataBytes: Math.min(layout.dataBytes || Infinity, size - layout.dataOffset),
    }
  } finally {
    await handle.close()
  }
}

/** The centre (seconds from the start of `samples`) of the quietest `spanMs` stretch, by mean energy. */
export function quietestPoint(
  samples: Int16Array,
  sampleRate: number,
  spanMs = 500,
  frameMs = 20,
): number {
  const frame = Math.max(1, Math.round((sampleRate * frameMs) / 1000))
  const energies: number[] = []
  for (let i = 0; i + frame <= samples.length; i += frame) {
    let sum = 0
    for (let j = i; j < i + frame; j++) {
      const value = samples[j] ?? 0
      sum += value * value
    }
    energies.push(sum / frame)
  }
  const span = Math.max(1, Math.round(spanMs / frameMs))
  if (energies.length <= span) return samples.length / sampleRate / 2
  let best = 0
  let bestIndex = 0
  let running = 0
  for (let i = 0; i < energies.length; i++) {
    running += energies[i] ?? 0
    if (i >= span) running -= energies[i - span] ?? 0
    // Ties go to the earliest, so a long silence is cut near where it begins; `<` keeps that.
    if (i >= span - 1 && (i === span - 1 || running < best)) {
      best = running
      bestIndex = i - span + 1
    }
  }
  return ((bestIndex + span / 2) * frame) / sampleRate
}

async function readSamples(
  file: string,
  layout: WavLayout,
  from: number,
  to: number,
): Promise<Int16Array> {
  const bytesPerSample = (layout.bitsPerSample / 8) * layout.channels
  const first = Math.max(0, Math.floor(from * layout.sampleRate))
  const last = Math.min(layout.dataBytes / bytesPerSample, Math.ceil(to * layout.sampleRate))
  const buffer = Buffer.alloc(Math.max(0, last - first) * bytesPerSample)
  const handle = await fs.open(file, 'r')
  try {
    await handle.read(buffer, 0, buffer.length, layout.dataOffset + first * bytesPerSample)
  } finally {
    await handle.close()
  }
  return new Int16Array(buffer.buffer, buffer.byteOffset, buffer.length / 2)
}

/** Windows covering the whole recording, cut at quiet moments near every `windowSeconds`. */
export async function planWindows(
  file: string,
  windowSeconds = defaultWindowSeconds,
): Promise<Window[]> {
  const layout = await readWavLayout(file)
  if (layout.bitsPerSample !== 16 || layout.channels !== 1) {
    throw new VocesError(
      'WORKING_AUDIO_UNREADABLE',
      'The working audio of this recording is not 16-bit mono. Add the recording again.',
    )
  }
  const duration = layout.dataBytes / 2 / layout.sampleRate
  const windows: Window[] = []
  // Short windows (tests, benchmarks) scale the search and the minimum down with them.
  const minimum = Math.min(minWindowSeconds, windowSeconds / 2)
  const search = Math.min(searchSeconds, windowSeconds / 4)
  let start = 0
  while (duration - start > windowSeconds + minimum) {
    const target = start + windowSeconds
    const from = Math.max(start + minimum, target - search)
    const samples = await readSamples(file, layout, from, target + search)
    const cut = Math.round((from + quietestPoint(samples, layout.sampleRate)) * 1000) / 1000
    windows.push({ start, end: cut })
    start = cut
  }
  windows.push({ start, end: duration })
  return windows
}

/** Copies one window's samples into a WAV of its own (a byte copy: no decoding, ~2 MB a minute). */
export async function writeWindowWav(
  source: string,
  window: Window,
  target: string,
): Promise<void> {
  const layout = await readWavLayout(source)
  const samples = await readSamples(source, layout, window.start, window.end)
  const header = Buffer.alloc(44)
  const dataBytes = samples.byteLength
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + dataBytes, 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(layout.sampleRate, 24)
  header.writeUInt32LE(layout.sampleRate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(dataBytes, 40)
  await fs.writeFile(
    target,
    Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, dataBytes)]),
  )
}

import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CancelledError } from '../errors.ts'
import { runTool } from '../media/ffmpeg.ts'

/**
 * Audio as 16-bit samples for the speaker engines' own reading: FFmpeg (through the project's
 * one runner) decodes the file once into a raw temp file, which is then read in blocks, so
 * memory stays flat however long the recording.
 */
export interface PcmRequest {
  ffmpeg: string
  file: string
  channels: 1 | 2
  rate: number
  /** Only this stretch, in seconds; the whole file when absent. */
  from?: number
  seconds?: number
  signal?: AbortSignal | undefined
}

/** Calls `each` with blocks of interleaved samples (-1..1), in order; the temp file is removed. */
export async function readPcm(
  request: PcmRequest,
  each: (block: Float32Array) => void,
): Promise<void> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'voces-pcm-'))
  const raw = path.join(scratch, 'audio.raw')
  try {
    const args = ['-hide_banner', '-nostdin', '-nostats', '-v', 'error']
    if (request.from !== undefined) args.push('-ss', request.from.toFixed(3))
    args.push('-i', request.file)
    if (request.seconds !== undefined) args.push('-t', request.seconds.toFixed(3))
    args.push(
      '-map',
      '0:a:0',
      '-ac',
      String(request.channels),
      '-ar',
      String(request.rate),
      '-f',
      's16le',
      '-c:a',
      'pcm_s16le',
      raw,
    )
    await runTool(request.ffmpeg, args, { signal: request.signal })
    const handle = await fs.open(raw, 'r')
    try {
      // A whole number of sample frames per block (2 bytes a sample, `channels` a frame).
      const blockBytes = 1 << 18
      const buffer = Buffer.alloc(blockBytes)
      let carry = 0
      for (;;) {
        if (request.signal?.aborted) throw new CancelledError()
        const { bytesRead } = await handle.read(buffer, carry, blockBytes - carry)
        const total = carry + bytesRead
        const usable = total - (total % (2 * request.channels))
        if (usable > 0) {
          const block = new Float32Array(usable / 2)
          for (let i = 0; i < block.length; i++) block[i] = buffer.readInt16LE(i * 2) / 32768
          each(block)
        }
        carry = total - usable
        if (carry > 0) buffer.copy(buffer, 0, usable, total)
        if (bytesRead === 0) break
      }
    } finally {
      await handle.close()
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

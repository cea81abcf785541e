import { mkdtemp, open, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { VocesError } from '../../../../shared/contract/index.ts'
import { CancelledError } from '../../../errors.ts'
import { requireTool, runTool } from '../../../media/ffmpeg.ts'
import { parseWavHeader } from '../../../media/peaks.ts'

export const sampleRate = 16_000

/** Samples of 16 kHz mono audio, read from disk a block at a time (memory flat with length). */
export interface PcmSource {
  samples: number
  /** Calls `take` with consecutive blocks of samples scaled to −1..1. */
  read(take: (block: Float32Array) => void, signal?: AbortSignal): Promise<void>
}

async function wavLayout(file: string) {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT'
      ? new VocesError(
          'FILE_NOT_FOUND',
          `${path.basename(file)} was not found. It may have been moved or deleted.`,
          { file: path.basename(file) },
        )
      : error
  })
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(Math.min(4096, size))
    await handle.read(head, 0, head.length, 0)
    return parseWavHeader(head, size)
  } catch {
    return null
  } finally {
    await handle.close()
  }
}

const blockBytes = 1 << 20

function pcmSource(file: string, offset: number, bytes: number): PcmSource {
  const samples = Math.floor(bytes / 2)
  return {
    samples,
    async read(take, signal) {
      const handle = await open(file, 'r')
      try {
        const buffer = Buffer.alloc(blockBytes)
        const scaled = new Float32Array(blockBytes / 2)
        let position = offset
        const end = offset + samples * 2
        while (position < end) {
          if (signal?.aborted) throw new CancelledError()
          const { bytesRead } = await handle.read(
            buffer,
            0,
            Math.min(blockBytes, end - position),
            position,
          )
          if (bytesRead < 2) break
          position += bytesRead
          const count = bytesRead >> 1
          for (let i = 0; i < count; i++) scaled[i] = buffer.readInt16LE(i * 2) / 32768
          take(scaled.subarray(0, count))
        }
      } finally {
        await handle.close()
      }
    },
  }
}

/**
 * The recording as 16 kHz mono. The working audio already is (read as it lies); anything else is
 * decoded once by FFmpeg, through Voces' runner, into a scratch file removed by `close`.
 */
export async function openPcm(
  file: string,
  signal?: AbortSignal,
): Promise<{ source: PcmSource; close: () => Promise<void> }> {
  const layout = await wavLayout(file)
  if (
    layout &&
    layout.sampleRate === sampleRate &&
    layout.channels === 1 &&
    layout.bitsPerSample === 16
  )
    return {
      source: pcmSource(file, layout.dataOffset, layout.dataBytes),
      close: async () => undefined,
    }
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'voces-speakers-'))
  const close = () => rm(scratch, { recursive: true, force: true })
  try {
    const raw = path.join(scratch, 'audio.raw')
    await runTool(
      requireTool('ffmpeg'),
      [
        '-nostdin',
        '-hide_banner',
        '-v',
        'error',
        '-i',
        file,
        '-vn',
        '-ac',
        '1',
        '-ar',
        String(sampleRate),
      ].concat(['-f', 's16le', '-c:a', 'pcm_s16le', '-y', raw]),
      { signal },
    )
    const handle = await open(raw, 'r')
    const { size } = await handle.stat()
    await handle.close()
    return { source: pcmSource(raw, 0, size), close }
  } catch (error) {
    await close()
    throw error
  }
}

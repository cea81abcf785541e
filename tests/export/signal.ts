import { execFileSync } from 'node:child_process'

/** The rate the export tests compare sound at. */
export const rate = 16000

/** A file decoded to mono 16 kHz float samples. */
export function pcm(file: string): Float32Array {
  const bytes = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-ac', '1', '-ar', String(rate), '-f', 'f32le', '-'],
    { maxBuffer: 1 << 28 },
  )
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
}

/** Normalised cross-correlation of x[from, from+n) and y[yFrom, yFrom+n). */
export function correlation(
  x: Float32Array,
  from: number,
  y: Float32Array,
  yFrom: number,
  n: number,
): number {
  let xy = 0
  let xx = 0
  let yy = 0
  for (let i = 0; i < n; i++) {
    const p = x[from + i] ?? 0
    const q = y[yFrom + i] ?? 0
    xy += p * q
    xx += p * p
    yy += q * q
  }
  return xy / Math.sqrt(xx * yy || 1)
}

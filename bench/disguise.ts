// Voice disguise cost (decision 0060): ten minutes of a two-person telephone call through the export
// timeline, one speaker disguised, against the same timeline with nobody disguised. The shifter
// runs over the whole part (docs/decisions/0060-voice-disguise.md), so its cost grows with the
// part's length, not with how much the speaker talks.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { timeline, type Part } from '../src/core/export/podcast.ts'
import { disguiseMargin, type PitchEngine } from '../src/core/redaction/disguise.ts'

const media = fileURLToPath(new URL('../../shared/media', import.meta.url))
const ffmpeg = (args: string[]) =>
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  })

export async function benchDisguise() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-disguise-'))
  try {
    const call = path.join(media, 'interview', 'pyannote_sample_2spk.wav')
    const loops = 20
    const long = path.join(scratch, 'call.wav')
    ffmpeg(['-stream_loop', String(loops - 1), '-i', call, '-c', 'copy', long])
    const turns = readFileSync(call.replace(/\.wav$/, '.stm'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .filter((fields) => fields[2] === 'Diane')
      .map((fields) => [Number(fields[3]), Number(fields[4])] as const)
    const spans = Array.from({ length: loops }, (_, loop) =>
      turns.map(([start, end]) => ({
        start: Math.max(0, loop * 30 + start - disguiseMargin),
        end: loop * 30 + end + disguiseMargin,
        semitones: -4,
        formantSemitones: null,
      })),
    ).flat()
    const duration = loops * 30
    const run = (engine: PitchEngine | null) => {
      const part: Part = {
        file: long,
        start: 0,
        duration,
        redactions: [],
        disguise: engine ? { engine, spans } : undefined,
      }
      const graph = timeline([part], 2)
      const started = performance.now()
      ffmpeg([
        ...graph.inputArgs,
        '-filter_complex',
        graph.filterComplex,
        '-map',
        '[out]',
        '-f',
        'null',
        '-',
      ])
      return (performance.now() - started) / 1000
    }
    const plain = run(null)
    const rubberband = run('rubberband')
    const resample = run('resample')
    const round = (x: number) => Math.round(x * 100) / 100
    return {
      audioSeconds: duration,
      disguisedSpans: spans.length,
      plainSeconds: round(plain),
      rubberbandSeconds: round(rubberband),
      resampleSeconds: round(resample),
      rubberbandRealtime: round(duration / rubberband),
      resampleRealtime: round(duration / resample),
      rubberbandRatio: round(rubberband / plain),
      resampleRatio: round(resample / plain),
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

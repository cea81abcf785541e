// The channels speaker engine (decision 0154): an interview with one microphone per person
// (two real people, 20 dB of bleed, built as in tests/speakers/stereo.ts) looped to ten minutes
// and to an hour, as a 44.1 kHz stereo recorder file; the time it takes against the audio's
// length, and the process's peak memory above where it started, which must stay flat.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { ChannelsEngine } from '../src/core/speakers/engines/channels.ts'
import { buildStereo, turnTaking } from '../tests/speakers/stereo.ts'
import { ffmpeg } from './common.ts'

async function run(file: string, seconds: number) {
  const engine = new ChannelsEngine({ ffmpeg: 'ffmpeg', channels: 2, duration: seconds })
  global.gc?.()
  const base = process.memoryUsage().rss
  let peak = base
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const started = performance.now()
  const turns = await engine.diarize(file, {})
  const elapsed = (performance.now() - started) / 1000
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  return {
    audioSeconds: seconds,
    seconds: Number(elapsed.toFixed(2)),
    realTime: Number((elapsed / seconds).toFixed(4)),
    turns: turns.length,
    speakers: new Set(turns.map((turn) => turn.speaker)).size,
    peakMemoryMiB: Math.round((peak - base) / 2 ** 20),
  }
}

export async function benchSpeakersChannels() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-channels-'))
  try {
    const pieces = turnTaking()
    const one = path.join(scratch, 'conversation.wav')
    buildStereo(one, pieces)
    const last = pieces[pieces.length - 1]
    const length = last ? last.at + last.to - last.from + 0.6 : 0
    const results = []
    for (const minutes of [10, 60]) {
      const loops = Math.ceil((minutes * 60) / length)
      const file = path.join(scratch, `${minutes}min.wav`)
      ffmpeg(['-stream_loop', String(loops - 1), '-i', one, '-ar', '44100', file])
      results.push(await run(file, loops * length))
    }
    return { target: 'real time ≤ 0.05 and peak memory flat with length', runs: results }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

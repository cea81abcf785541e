// Speaker detection (issue: speakers; decision 0150): per engine, DER (collar 0.25 s, every
// speaker counted, overlap scored, best one-to-one mapping) with the count not given, the count
// found against the true one, speed as a fraction of real time, and peak memory, on the pyannote
// sample and on conversations built from the real recordings (2 to 4 people, English and
// Spanish, their RTTM written as they are built). Speed and memory flatness on an hour: the
// 4-voice conversation looped, against 10 minutes of it. The same conversations with turns
// abutting are reported too (no target: a harder case than the issue's). Targets: DER ≤ 0.20, the count right
// for 2 voices and within one for 4, at most 0.05 of real time on 2 cores.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { diarizationErrorRate } from '../src/core/speakers/der.ts'
import type { SpeakerTurn } from '../src/core/speakers/engines/types.ts'
import { speakerModels } from '../src/core/speakers/models.ts'
import { parseRttm, type LabelledTurn } from '../src/core/speakers/rttm.ts'
import { buildConversation, conversations } from '../tests/speakers/conversations.ts'
import { ffmpeg, media } from './common.ts'

const runner = fileURLToPath(new URL('./speakers-run.ts', import.meta.url))
const shared = fileURLToPath(new URL('../../shared/models', import.meta.url))

interface Run {
  turns: SpeakerTurn[]
  seconds: number
  peakMiB: number
}

function run(engine: string, file: string, env: NodeJS.ProcessEnv = {}): Run {
  const out = execFileSync(process.execPath, [runner, engine, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  })
  return JSON.parse(out) as Run
}

const seconds = (file: string) =>
  Number(
    execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
      {
        encoding: 'utf8',
      },
    ),
  )

function score(
  engine: string,
  file: string,
  reference: LabelledTurn[],
  env: NodeJS.ProcessEnv = {},
) {
  const result = run(engine, file, env)
  const found = result.turns.map((turn) => ({ ...turn, speaker: String(turn.speaker) }))
  const der = diarizationErrorRate(reference, found)
  const length = seconds(file)
  return {
    seconds: Math.round(length * 10) / 10,
    der: Math.round(der.der * 1000) / 1000,
    missed: Math.round(der.missed * 100) / 100,
    falseAlarm: Math.round(der.falseAlarm * 100) / 100,
    confusion: Math.round(der.confusion * 100) / 100,
    speakersTrue: new Set(reference.map((turn) => turn.speaker)).size,
    speakersFound: new Set(found.map((turn) => turn.speaker)).size,
    realTime: Math.round((result.seconds / length) * 10000) / 10000,
    peakMiB: result.peakMiB,
  }
}

export async function benchSpeakers(): Promise<object> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-speakers-'))
  try {
    const sample = path.join(media, 'interview', 'pyannote_sample_2spk.wav')
    const sets: Array<{ name: string; wav: string; reference: LabelledTurn[] }> = [
      {
        name: 'pyannote_sample_2spk',
        wav: sample,
        reference: parseRttm(readFileSync(sample.replace(/\.wav$/, '.rttm'), 'utf8')),
      },
      ...conversations.map((spec) => {
        const built = buildConversation(spec, scratch)
        return { name: built.name, wav: built.wav, reference: built.turns }
      }),
      // Harder than the issue asks: the same people with turns abutting (0 to 0.1 s apart).
      ...conversations.map((spec) => {
        const built = buildConversation(
          { ...spec, name: `${spec.name}-close`, pause: [0, 0.1] },
          scratch,
        )
        return { name: built.name, wav: built.wav, reference: built.turns }
      }),
    ]
    const modelsDir = [process.env.VOCES_SPEAKER_MODELS, shared].find(
      (dir): dir is string =>
        dir !== undefined && speakerModels.every((model) => existsSync(path.join(dir, model.file))),
    )
    const channelsBuilt = existsSync(
      fileURLToPath(new URL('../src/core/speakers/engines/channels.ts', import.meta.url)),
    )
    const engines: Record<string, object> = {}
    for (const engine of ['basic', 'neural', 'channels']) {
      if (engine === 'neural' && !modelsDir) {
        engines[engine] = {
          skipped: 'SKIPPED: no neural speaker models (set VOCES_SPEAKER_MODELS=/dir)',
        }
        continue
      }
      if (engine === 'channels' && !channelsBuilt) {
        engines[engine] = { skipped: 'SKIPPED: the channel engine is not built yet' }
        continue
      }
      const env = modelsDir ? { VOCES_SPEAKER_MODELS: modelsDir } : {}
      const results: Record<string, object> = {}
      for (const set of sets) {
        process.stderr.write(`  ${engine} ${set.name}\n`)
        try {
          results[set.name] = score(engine, set.wav, set.reference, env)
        } catch (error) {
          results[set.name] = { error: (error as Error).message.split('\n')[0] }
        }
      }
      engines[engine] = results
    }
    // Speed and memory with length: the 4-voice conversation looped to 10 and to 60 minutes.
    const four = path.join(scratch, 'en-es-4.wav')
    const length: Record<string, object> = {}
    for (const minutes of [10, 60]) {
      const file = path.join(scratch, `long-${minutes}.wav`)
      const loops = Math.ceil((minutes * 60) / seconds(four))
      ffmpeg([
        '-stream_loop',
        String(loops - 1),
        '-i',
        four,
        '-t',
        String(minutes * 60),
        '-c',
        'copy',
        file,
      ])
      process.stderr.write(`  basic ${minutes} min\n`)
      const result = run('basic', file)
      length[`${minutes}min`] = {
        realTime: Math.round((result.seconds / (minutes * 60)) * 10000) / 10000,
        seconds: Math.round(result.seconds * 10) / 10,
        peakMiB: result.peakMiB,
        speakersFound: new Set(result.turns.map((turn) => turn.speaker)).size,
      }
      rmSync(file, { force: true })
    }
    return { engines, basicWithLength: length }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

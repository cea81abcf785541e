// Conversations built from the real recordings in ../shared/media: different people, each a
// different recording, joined turn by turn with pauses, English and Spanish, 2 to 4 voices. The
// reference RTTM is written as the conversation is built: each turn runs from the first to the
// last sound of its piece, as FFmpeg's silencedetect (not the engine's own speech detection) hears it.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatRttm, type LabelledTurn } from '../../src/core/speakers/rttm.ts'

export const media = fileURLToPath(new URL('../../../shared/media', import.meta.url))
const rate = 16_000

interface Voice {
  name: string
  files: string[]
  /** silencedetect's level: jfk.wav's crowd noise sits above −35 dB. */
  silenceDb: number
}

const voices: Record<string, Voice> = {
  enA: { name: 'silero_en', files: ['en/silero_vad_en_60s.wav'], silenceDb: -35 },
  enB: { name: 'whishper', files: ['video/whishper_30sec.webm'], silenceDb: -35 },
  enC: { name: 'jfk', files: ['en/jfk.wav'], silenceDb: -25 },
  enD: {
    name: 'austen_reader',
    files: [0, 1, 2].map((i) => `en/sense_and_sensibility_01_austen_64kb-08${7 + i}0.wav`),
    silenceDb: -35,
  },
  esA: { name: 'silero_es', files: ['es/silero_vad_es_60s.wav'], silenceDb: -35 },
  esB: { name: 'leopard_es', files: ['es/leopard_es.wav'], silenceDb: -35 },
}

export interface ConversationSpec {
  name: string
  voices: Array<keyof typeof voices>
  /** Seconds of each voice used at most. */
  perVoice: number
  /** Pause between turns, seconds (shortest, longest); 0.3 to 1.2 when not given. */
  pause?: [number, number]
}

export const conversations: ConversationSpec[] = [
  { name: 'en-2', voices: ['enA', 'enB'], perVoice: 30 },
  { name: 'es-2', voices: ['esA', 'esB'], perVoice: 30 },
  { name: 'en-es-2', voices: ['enC', 'esA'], perVoice: 20 },
  { name: 'en-es-3', voices: ['enB', 'esA', 'enC'], perVoice: 20 },
  { name: 'en-es-4', voices: ['enA', 'enB', 'esA', 'enD'], perVoice: 20 },
]

function decode(file: string): Int16Array {
  const raw = execFileSync(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-i',
      path.join(media, file),
      '-ac',
      '1',
      '-ar',
      String(rate),
    ].concat(['-f', 's16le', '-']),
    { maxBuffer: 1 << 28 },
  )
  return new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1).slice()
}

/** Sounding stretches [start, end) in samples, from silencedetect. */
function soundings(file: string, silenceDb: number, length: number): Array<[number, number]> {
  const stderr = execFileSync(
    'sh',
    [
      '-c',
      `ffmpeg -nostdin -hide_banner -i "$1" -af silencedetect=n=${silenceDb}dB:d=0.3 -f null - 2>&1`,
      'sh',
      path.join(media, file),
    ],
    { encoding: 'utf8' },
  )
  const marks = [...stderr.matchAll(/silence_(start|end): ([\d.]+)/g)].map(
    (match) => [match[1], Math.round(Number(match[2]) * rate)] as const,
  )
  const stretches: Array<[number, number]> = []
  let soundStart = 0
  let inSilence = false
  for (const [kind, at] of marks) {
    if (kind === 'start' && !inSilence) {
      if (at - soundStart > rate * 0.1) stretches.push([soundStart, at])
      inSilence = true
    } else if (kind === 'end') {
      soundStart = at
      inSilence = false
    }
  }
  if (!inSilence && length - soundStart > rate * 0.1) stretches.push([soundStart, length])
  return stretches
}

function quietest(audio: Int16Array, from: number, to: number): number {
  const step = rate / 50
  let best = from
  let least = Infinity
  for (let at = from; at + step <= to; at += step) {
    let energy = 0
    for (let i = at; i < at + step; i++) energy += (audio[i] ?? 0) ** 2
    if (energy < least) {
      least = energy
      best = at + step / 2
    }
  }
  return best
}

/** A voice's pieces: runs of sounding stretches, about 2 to 7 seconds each. */
function pieces(voice: Voice, budget: number, random: () => number): Int16Array[] {
  const out: Int16Array[] = []
  let used = 0
  for (const file of voice.files) {
    const audio = decode(file)
    const stretches = soundings(file, voice.silenceDb, audio.length)
    let index = 0
    let cursor = (stretches[0] ?? [0, 0])[0]
    while (index < stretches.length && used < budget * rate) {
      const want = Math.round((2 + random() * 5) * rate)
      const start = Math.max(cursor, (stretches[index] as [number, number])[0])
      let end = (stretches[index] as [number, number])[1]
      while (index + 1 < stretches.length && end - start < want)
        end = (stretches[++index] as [number, number])[1]
      // A stretch longer than wanted (speech without a pause) is cut at its quietest 20 ms.
      if (end - start > want + rate)
        end = quietest(audio, start + want - rate / 2, start + want + rate / 2)
      else index++
      cursor = end
      out.push(audio.subarray(start, end))
      used += end - start
    }
  }
  return out
}

function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function wav(samples: Int16Array): Buffer {
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + samples.length * 2, 4)
  header.write('WAVEfmt ', 8, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(samples.length * 2, 40)
  return Buffer.concat([
    header,
    Buffer.from(samples.buffer, samples.byteOffset, samples.length * 2),
  ])
}

export interface Built {
  name: string
  wav: string
  rttm: string
  turns: LabelledTurn[]
  speakers: number
  seconds: number
}

/**
 * Writes `<dir>/<name>.wav` (16 kHz mono) and `<dir>/<name>.rttm`. Voices take turns in a shuffled
 * order (never the same voice twice running), with pauses of 0.3 to 1.2 s between turns.
 */
export function buildConversation(spec: ConversationSpec, dir: string, seed = 7): Built {
  const random = seeded(seed)
  const queues = spec.voices.map((key) => pieces(voices[key] as Voice, spec.perVoice, random))
  const parts: Int16Array[] = []
  const turns: LabelledTurn[] = []
  let at = Math.round(0.5 * rate)
  parts.push(new Int16Array(at))
  let previous = -1
  for (;;) {
    const ready = queues
      .map((queue, index) => index)
      .filter((index) => (queues[index] as Int16Array[]).length > 0 && index !== previous)
    if (ready.length === 0) break
    const who = ready[Math.floor(random() * ready.length)] as number
    const piece = (queues[who] as Int16Array[]).shift() as Int16Array
    parts.push(piece)
    turns.push({
      start: at / rate,
      end: (at + piece.length) / rate,
      speaker: (voices[spec.voices[who] as string] as Voice).name,
    })
    at += piece.length
    const [shortest, longest] = spec.pause ?? [0.3, 1.2]
    const pause = Math.round((shortest + random() * (longest - shortest)) * rate)
    parts.push(new Int16Array(pause))
    at += pause
    previous = who
  }
  const all = new Int16Array(at)
  let offset = 0
  for (const part of parts) {
    all.set(part, offset)
    offset += part.length
  }
  const wavFile = path.join(dir, `${spec.name}.wav`)
  const rttmFile = path.join(dir, `${spec.name}.rttm`)
  writeFileSync(wavFile, wav(all))
  writeFileSync(rttmFile, formatRttm(spec.name, turns))
  return {
    name: spec.name,
    wav: wavFile,
    rttm: rttmFile,
    turns,
    speakers: new Set(turns.map((turn) => turn.speaker)).size,
    seconds: at / rate,
  }
}

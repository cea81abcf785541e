// The channels engine on real recordings: two people (JFK in English, a Spanish reader), one per
// channel of a stereo file FFmpeg builds here with each voice bleeding 20 dB into the other
// microphone; and the same conversation mixed into both channels, which must be refused.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { speakerRuns, speakerOf } from '../../src/core/speakers/assign.ts'
import { ChannelsEngine } from '../../src/core/speakers/engines/channels.ts'
import type { SpeakerTurn } from '../../src/core/speakers/engines/types.ts'
import { VocesError } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'
import { buildStereo, people, turnTaking } from './stereo.ts'

let dir: string
let cleanup: () => void
let twoVoices: string
let sameMix: string
let oneSided: string
beforeAll(() => {
  ;({ dir, cleanup } = tempDir('voces-channels-'))
  twoVoices = path.join(dir, 'two-voices.wav')
  sameMix = path.join(dir, 'same-mix.wav')
  oneSided = path.join(dir, 'one-sided.wav')
  buildStereo(twoVoices, turnTaking())
  buildStereo(sameMix, turnTaking(), { sameMix: true })
  // One person on the left; the right channel holds nothing but a faint hiss.
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-i', people[0] ?? '', '-f', 'lavfi', '-i'],
    'anoisesrc=c=white:a=0.0005:r=16000:d=11',
    ...['-filter_complex', '[0:a][1:a]join=inputs=2:channel_layout=stereo[out]', '-map', '[out]'],
    oneSided,
  ])
})
afterAll(() => cleanup())

const engine = (channels: number | null) =>
  new ChannelsEngine({ ffmpeg: 'ffmpeg', channels, duration: 21.5 })

async function refusal(promise: Promise<unknown>): Promise<VocesError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(VocesError)
  return error as VocesError
}

describe('the channels engine', () => {
  it('gives each channel’s speech to one speaker, right to the frame almost everywhere', async () => {
    const progress: number[] = []
    const turns = await engine(2).diarize(twoVoices, { onProgress: (f) => progress.push(f) })
    expect(new Set(turns.map((turn) => turn.speaker))).toEqual(new Set([0, 1]))
    expect(turns[0]?.speaker).toBe(0)
    turns.forEach((turn, i) => {
      expect(turn.end).toBeGreaterThan(turn.start)
      if (i > 0) expect(turn.start).toBeGreaterThanOrEqual(turns[i - 1]?.end ?? 0)
    })
    // Every turn lies inside the piece of the person it names (a 0.1 s margin for the frames).
    const pieces = turnTaking()
    for (const turn of turns) {
      const piece = pieces.find(
        (p) => turn.start >= p.at - 0.1 && turn.end <= p.at + (p.to - p.from) + 0.1,
      )
      expect(piece, JSON.stringify(turn)).toBeDefined()
      expect(turn.speaker).toBe(piece?.speaker)
    }
    // And the turns cover most of each piece (its own pauses between phrases are no one's turn).
    for (const piece of pieces) {
      const length = piece.to - piece.from
      const covered = turns
        .filter((turn) => turn.speaker === piece.speaker)
        .reduce(
          (sum, turn) =>
            sum +
            Math.max(0, Math.min(turn.end, piece.at + length) - Math.max(turn.start, piece.at)),
          0,
        )
      expect(covered / length).toBeGreaterThan(0.6)
    }
    expect(progress.at(-1)).toBe(1)
  })

  it('refuses a stereo file whose channels are the same mix, saying so', async () => {
    const error = await refusal(engine(2).diarize(sameMix, {}))
    expect(error.code).toBe('SPEAKERS_CHANNELS_SAME_MIX')
    expect(error.message).toMatch(/same sound/)
    expect(Number(error.params?.correlation)).toBeGreaterThan(0.95)
  })

  it('refuses a file where only one channel speaks', async () => {
    const error = await refusal(engine(2).diarize(oneSided, {}))
    expect(error.code).toBe('SPEAKERS_CHANNELS_ONE_VOICE')
  })

  it('refuses a mono recording and a count other than two, before reading anything', async () => {
    expect((await refusal(engine(1).diarize(people[0] ?? '', {}))).code).toBe(
      'SPEAKERS_CHANNELS_NOT_STEREO',
    )
    expect((await refusal(engine(2).diarize(twoVoices, { speakers: 3 }))).code).toBe(
      'SPEAKERS_CHANNELS_COUNT',
    )
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await refusal(engine(2).diarize(twoVoices, { signal: controller.signal }))
    expect(error.code).toBe('CANCELLED')
  })
})

describe('turns onto words', () => {
  const turns: SpeakerTurn[] = [
    { start: 0, end: 2, speaker: 0 },
    { start: 2, end: 4, speaker: 1 },
    { start: 6, end: 8, speaker: 0 },
  ]

  it('gives a word the speaker who covers most of it: a boundary inside a word moves to its nearer edge', () => {
    const words = [
      { start: 1.0, end: 1.5 },
      { start: 1.6, end: 2.1 }, // 0.4 s of speaker 0, 0.1 s of speaker 1: speaker 0's
      { start: 2.2, end: 2.6 },
      { start: 3.8, end: 4.4 }, // runs past speaker 1's end into a pause: still speaker 1's
    ]
    expect(speakerRuns({ start: 1, end: 4.4 }, words, turns)).toEqual([
      { from: 0, to: 2, speaker: 0 },
      { from: 2, to: 4, speaker: 1 },
    ])
  })

  it('gives a word in a pause to the nearest turn, and a segment without words its own speaker', () => {
    expect(speakerOf({ start: 4.5, end: 4.8 }, turns)).toBe(1)
    expect(speakerOf({ start: 5.5, end: 5.8 }, turns)).toBe(0)
    expect(speakerRuns({ start: 6.5, end: 7 }, [], turns)).toEqual([{ from: 0, to: 0, speaker: 0 }])
    expect(speakerOf({ start: 1, end: 2 }, [])).toBeNull()
  })
})

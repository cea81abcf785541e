import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CancelledError } from '../../src/core/errors.ts'
import { diarizationErrorRate } from '../../src/core/speakers/der.ts'
import { BasicDiarizationEngine } from '../../src/core/speakers/engines/basic/index.ts'
import type { SpeakerTurn } from '../../src/core/speakers/engines/types.ts'
import { parseRttm } from '../../src/core/speakers/rttm.ts'
import { VocesError } from '../../src/shared/contract/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { buildConversation, conversations, type Built } from './conversations.ts'

const engine = new BasicDiarizationEngine()
const sample = path.join(mediaDir, 'interview', 'pyannote_sample_2spk.wav')
const voices = (turns: SpeakerTurn[]) => new Set(turns.map((turn) => turn.speaker)).size
const labelled = (turns: SpeakerTurn[]) =>
  turns.map((turn) => ({ start: turn.start, end: turn.end, speaker: String(turn.speaker) }))

function wellFormed(turns: SpeakerTurn[], seconds: number) {
  let firstSeen = -1
  turns.forEach((turn, index) => {
    expect(turn.end).toBeGreaterThan(turn.start)
    expect(turn.start).toBeGreaterThanOrEqual(0)
    expect(turn.end).toBeLessThanOrEqual(seconds + 0.01)
    if (index > 0) expect(turn.start).toBeGreaterThanOrEqual((turns[index - 1] as SpeakerTurn).end)
    // Voices are numbered in order of first appearance.
    expect(turn.speaker).toBeLessThanOrEqual(firstSeen + 1)
    firstSeen = Math.max(firstSeen, turn.speaker)
  })
}

describe('basic speaker engine on real recordings', () => {
  const scratch = tempDir('voces-speakers-')
  let built: Built[] = []
  beforeAll(() => {
    built = conversations.map((spec) => buildConversation(spec, scratch.dir))
  })
  afterAll(() => scratch.cleanup())

  it('finds the two voices of the pyannote sample, count not given, DER ≤ 0.20', async () => {
    const turns = await engine.diarize(sample, {})
    const reference = parseRttm(readFileSync(sample.replace(/\.wav$/, '.rttm'), 'utf8'))
    wellFormed(turns, 30)
    expect(voices(turns)).toBe(2)
    const { der } = diarizationErrorRate(reference, labelled(turns))
    expect(der).toBeLessThanOrEqual(0.2)
    // Everything as one voice scores 0.86: the engine really tells them apart.
    const one = diarizationErrorRate(reference, [{ start: 0, end: 30, speaker: 'x' }]).der
    expect(one).toBeGreaterThan(0.8)
  })

  it('counts the voices of conversations built from different people, English and Spanish, DER ≤ 0.20', async () => {
    for (const conversation of built) {
      const turns = await engine.diarize(conversation.wav, {})
      wellFormed(turns, conversation.seconds)
      const { der } = diarizationErrorRate(
        parseRttm(readFileSync(conversation.rttm, 'utf8')),
        labelled(turns),
      )
      expect(der, conversation.name).toBeLessThanOrEqual(0.2)
      if (conversation.speakers === 2) expect(voices(turns), conversation.name).toBe(2)
      else
        expect(
          Math.abs(voices(turns) - conversation.speakers),
          conversation.name,
        ).toBeLessThanOrEqual(1)
    }
  })

  it('gives exactly the count a person gives', async () => {
    const four = built.find((conversation) => conversation.speakers === 4) as Built
    expect(voices(await engine.diarize(four.wav, { speakers: 4 }))).toBe(4)
    expect(voices(await engine.diarize(four.wav, { speakers: 2 }))).toBe(2)
    expect(voices(await engine.diarize(sample, { speakers: 1 }))).toBe(1)
  })

  it('finds one voice in a recording of one person, English and Spanish, any container', async () => {
    for (const file of [
      'en/silero_vad_en_60s.wav',
      'es/silero_vad_es_60s.wav',
      'en/jfk.wav',
      'video/whishper_30sec.webm',
    ]) {
      const turns = await engine.diarize(path.join(mediaDir, file), {})
      expect(turns.length, file).toBeGreaterThan(0)
      expect(voices(turns), file).toBe(1)
    }
  })

  it('finds no turns in silence, and a defined answer for a 2-second file', async () => {
    const silence = path.join(scratch.dir, 'silence.wav')
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=16000:cl=mono',
      '-t',
      '20',
      silence,
    ])
    expect(await engine.diarize(silence, {})).toEqual([])
    const short = path.join(scratch.dir, 'short.wav')
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      path.join(mediaDir, 'en', 'jfk.wav'),
      '-t',
      '2',
      short,
    ])
    const turns = await engine.diarize(short, {})
    wellFormed(turns, 2)
    expect(voices(turns)).toBe(1)
  })

  it('says a missing recording is missing, and an unreadable one cannot be read', async () => {
    const missing = await engine
      .diarize(path.join(scratch.dir, 'gone.wav'), {})
      .catch((error: unknown) => error)
    expect((missing as VocesError).code).toBe('FILE_NOT_FOUND')
    const text = path.join(scratch.dir, 'notes.wav')
    writeFileSync(text, 'not audio at all')
    const unreadable = await engine.diarize(text, {}).catch((error: unknown) => error)
    expect(unreadable).toBeInstanceOf(VocesError)
    expect((unreadable as VocesError).code).toBe('FFMPEG_FAILED')
  })

  it('refuses 0, 50 or 2.5 speakers with a clear message', async () => {
    for (const speakers of [0, 50, 2.5, -1]) {
      const refused = await engine.diarize(sample, { speakers }).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(VocesError)
      expect((refused as VocesError).code).toBe('SPEAKER_COUNT_INVALID')
      expect((refused as VocesError).message).toContain('from 1 to 20')
    }
  })

  it('reports progress up to 1, and stops when cancelled', async () => {
    const seen: number[] = []
    await engine.diarize(sample, { onProgress: (fraction) => seen.push(fraction) })
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.every((value, index) => index === 0 || value >= (seen[index - 1] as number))).toBe(
      true,
    )
    expect(seen.at(-1)).toBe(1)

    const controller = new AbortController()
    const cancelled = await engine
      .diarize(path.join(mediaDir, 'video', 'whishper_30sec.webm'), {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      })
      .catch((error: unknown) => error)
    expect(cancelled).toBeInstanceOf(CancelledError)
    const already = new AbortController()
    already.abort()
    await expect(engine.diarize(sample, { signal: already.signal })).rejects.toBeInstanceOf(
      CancelledError,
    )
  })
})

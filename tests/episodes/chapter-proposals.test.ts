import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import {
  chapterRules,
  proposeChapters,
  titleFrom,
} from '../../src/core/episodes/chapter-proposals.ts'
import type { Segment } from '../../src/shared/contract/index.ts'

const segment = (
  start: number,
  end: number,
  text: string,
  speaker: string | null = 'Ana',
  language: 'en' | 'es' = 'en',
): Segment => ({ start, end, text, speaker, language, words: [] })

/** Twelve minutes of talk: a sentence every 5 s with short breaths, and a few clear breaks. */
function interview(): Segment[] {
  const out: Segment[] = []
  for (let t = 0; t < 720; t += 5) {
    // Long pauses at 3:00 and 8:00; the interviewer (Luis) takes over at 5:00 without pausing.
    const speaker = t >= 300 && t < 480 ? 'Luis' : 'Ana'
    const language = speaker === 'Luis' ? 'es' : 'en'
    const pause = t === 180 || t === 480 ? 0 : 0.4
    out.push(
      segment(
        t + (t === 180 || t === 480 ? 3 : 0),
        t + 5 - pause,
        `words at ${t} seconds and more after that`,
        speaker,
        language,
      ),
    )
  }
  return out
}

describe('chapter proposals', () => {
  it('start at 0 and break where the talk pauses longest and the speaker changes', () => {
    // A chapter every four minutes: three in twelve. The break at 8:00 is both a pause and a new
    // speaker, so it comes before the pause alone at 3:00; the change without a pause at 5:00 is
    // left out.
    expect(proposeChapters(interview(), 720).map((p) => p.start)).toEqual([0, 182.5, 482.5])
    // A chapter every three minutes: four, and the speaker change at 5:00 is the fourth.
    const proposals = proposeChapters(interview(), 720, { ...chapterRules, everySeconds: 180 })
    expect(proposals.map((p) => p.start)).toEqual([0, 182.5, 299.6, 482.5])
    expect(proposals[1]?.reason).toEqual({ pause: 3.4, speakerChange: false })
    expect(proposals[2]?.reason).toEqual({ pause: 0.4, speakerChange: true })
    expect(proposals[3]?.reason).toEqual({ pause: 3.4, speakerChange: true })
    // The chapter Luis opens is titled in Spanish, the language he speaks; English waits for a person.
    expect(proposals[2]).toMatchObject({ titleEn: '', titleEs: 'Words at 300 seconds and more…' })
    expect(proposals[0]).toMatchObject({ titleEn: 'Words at 0 seconds and more…', titleEs: '' })
  })

  it('never makes a chapter shorter than the minimum, nor more than asked', () => {
    const proposals = proposeChapters(interview(), 720, { ...chapterRules, everySeconds: 60 })
    const starts = proposals.map((p) => p.start)
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(
        chapterRules.minSeconds,
      )
    expect(720 - (starts.at(-1) ?? 0)).toBeGreaterThanOrEqual(chapterRules.minSeconds)
    expect(proposals.length).toBeLessThanOrEqual(12)
  })

  it('gives one chapter to a short episode, and none to an empty transcript', () => {
    expect(proposeChapters(interview().slice(0, 10), 50).map((p) => p.start)).toEqual([0])
    expect(proposeChapters([], 600)).toEqual([])
  })

  it('titles from the first words, without trailing punctuation or opening marks', () => {
    expect(titleFrom('¿qué pasó en la huelga?')).toBe('Qué pasó en la huelga')
    expect(titleFrom('we walked out, all of us, at noon that day')).toBe(
      'We walked out, all of us…',
    )
  })
})

describe('chapter proposals for an episode', () => {
  let dir: string
  let cleanup: () => void
  let voces: Voces
  beforeAll(() => ({ dir, cleanup } = tempDir()))
  afterAll(async () => {
    await voces?.close()
    cleanup()
  })

  it('come from what is heard, on the episode clock, after its cuts', async () => {
    // Ten minutes of real speech with a transcript: a sentence every 5 s, and at 6:40 a pause of
    // 3.4 s where Luis takes over from Ana. Ten minutes less a cut make two chapters.
    voces = new Voces({ libraryDir: path.join(dir, 'library') })
    const ten = path.join(dir, 'ten minutes.wav')
    ffmpegMake(['-stream_loop', '9', '-i', path.join(mediaDir, 'en', 'silero_vad_en_60s.wav'), ten])
    const id = recordingIdOf(await ingestOne(voces, ten))
    const segments: Segment[] = []
    for (let t = 0; t < 600; t += 5) {
      const start = t === 400 ? 403 : t
      const text = `words at ${t} seconds and more after that`
      const words = text.split(' ')
      const step = (t + 4.6 - start) / words.length
      segments.push({
        start,
        end: t + 4.6,
        speaker: t >= 400 ? 'Luis' : 'Ana',
        language: 'en',
        text,
        words: words.map((word, i) => ({
          start: start + i * step,
          end: start + (i + 1) * step,
          text: word,
          probability: 0.9,
        })),
      })
    }
    await voces.storage.transcripts.replaceTrack({
      recordingId: id,
      language: 'en',
      kind: 'transcript',
      origin: 'typed',
      model: null,
      engineSettings: {},
      segments,
    })
    const ctx = { voces, transport: 'cli' as const }
    const created = await dispatch(
      'episodes.create',
      { title: 'Ten minutes', clips: [{ recordingId: id, start: 0, end: 600 }] },
      ctx,
    )
    if (!created.ok) throw new Error(created.error.message)
    const episodeId = (created.value as { id: string }).id
    // Ten seconds cut early on: every later chapter comes ten seconds sooner.
    await voces.storage.episodes.setCuts(episodeId, [
      { recordingId: id, start: 20, end: 30, kind: 'edit' },
    ])

    const proposed = await dispatch('episodes.proposeChapters', { id: episodeId }, ctx)
    if (!proposed.ok) throw new Error(proposed.error.message)
    expect(proposed.value).toEqual([
      { start: 0, titleEn: 'Words at 0 seconds and more…', titleEs: '' },
      { start: 392.5, titleEn: 'Words at 400 seconds and more…', titleEs: '' },
    ])
    // Nothing was saved.
    expect((await voces.storage.episodes.require(episodeId)).chapters).toEqual([])

    // The CLI proposes the same, and keeps them with --save.
    const c = captureIo()
    const args = ['episode', 'chapters', episodeId, '--propose', '--save', '--json']
    expect(await runCli(['--library', voces.layout.root, ...args], c.io)).toBe(0)
    expect(JSON.parse(c.out())).toEqual(proposed.value)
    expect((await voces.storage.episodes.require(episodeId)).chapters).toEqual(proposed.value)
  }, 60_000)
})

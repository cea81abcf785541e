import { describe, expect, it } from 'vitest'
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

import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { breakCost, breakCostBetween } from '../../src/core/subtitles/break-points.ts'
import { checkCues } from '../../src/core/subtitles/check.ts'
import { guessLanguage } from '../../src/core/subtitles/language.ts'
import { layoutText } from '../../src/core/subtitles/layout.ts'
import { fillCues, makeCues } from '../../src/core/subtitles/make-cues.ts'
import { defaultSubtitleRules, mergeRules, rulesFor } from '../../src/core/subtitles/rules.ts'
import { characterCount } from '../../src/core/subtitles/text.ts'
import type { TimedSegment } from '../../src/core/subtitles/types.ts'
import { mediaDir } from '../helpers.ts'

/** A segment whose words are spoken evenly at `wordsPerSecond`. */
function spoken(
  text: string,
  start: number,
  wordsPerSecond = 2.5,
  speaker: string | null = null,
): TimedSegment {
  const words = text.split(' ').map((word, k) => ({
    start: start + k / wordsPerSecond,
    end: start + (k + 0.8) / wordsPerSecond,
    text: word,
  }))
  return { start, end: words[words.length - 1]?.end ?? start, text, speaker, words }
}

/** The real two-speaker telephone interview's turns (.stm: speaker, start, end, text). */
function interviewTurns(): TimedSegment[] {
  return readFileSync(path.join(mediaDir, 'interview/pyannote_sample_2spk.stm'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, , speaker, start, end, ...text] = line.split(' ')
      return {
        speaker: speaker ?? null,
        start: Number(start),
        end: Number(end),
        text: text.join(' '),
        words: [],
      }
    })
}

const en = rulesFor('en')

describe('the subtitle rules', () => {
  it('default to the Netflix numbers, the gap counted at 24 fps', () => {
    expect(defaultSubtitleRules).toMatchObject({
      maxCharsPerLine: 42,
      maxLines: 2,
      maxCharsPerSecond: { en: 20, es: 17 },
      maxDuration: 7,
    })
    expect(en.minDuration).toBeCloseTo(0.8333, 4)
    expect(en.minGap).toBeCloseTo(2 / 24, 6)
    expect(rulesFor('es').maxCharsPerSecond).toBe(17)
    expect(rulesFor('es', mergeRules({ maxCharsPerSecond: { es: 15 }, fps: 30 }))).toMatchObject({
      maxCharsPerSecond: 15,
      minGap: 2 / 30,
    })
  })
})

describe('line breaks', () => {
  it('break after punctuation and before conjunctions, never after an article or preposition', () => {
    expect(breakCostBetween('strike,', 'and')).toBe(breakCost.sentenceEnd + breakCost.clause)
    expect(breakCostBetween('the', 'union', 'en')).toBe(breakCost.afterFunctionWord)
    expect(breakCostBetween('la', 'huelga', 'es')).toBe(breakCost.afterFunctionWord)
    expect(breakCostBetween('de', 'trabajo', 'es')).toBe(breakCost.afterPreposition)
    expect(breakCostBetween('worked', 'for', 'en')).toBe(breakCost.beforePreposition)
    // "a" is an article in English and a preposition in Spanish.
    expect(breakCostBetween('a', 'union', 'en')).toBe(breakCost.afterFunctionWord)
    expect(breakCostBetween('fuimos', 'a', 'es')).toBe(breakCost.beforePreposition)
  })

  it('sets a long sentence on two lines at the clause boundary, each within 42 characters', () => {
    const text = layoutText(
      'We organized the warehouse in three weeks, and then the bosses called us in.',
      42,
      2,
      'en',
    )
    expect(text).toBe(
      'We organized the warehouse in three weeks,\nand then the bosses called us in.',
    )
    const lines = text.split('\n')
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(characterCount(line)).toBeLessThanOrEqual(42)
    for (const line of lines.slice(0, -1)) expect(line).not.toMatch(/\b(the|a|an|of|in|to|for)$/)
  })

  it('keeps a Spanish article with its noun and a preposition with what follows', () => {
    const text = layoutText(
      'Llegamos a la fábrica de conservas en el verano de mil novecientos noventa',
      42,
      2,
      'es',
    )
    const [top] = text.split('\n')
    expect(top).not.toMatch(/\b(la|el|de|en|a)$/)
  })

  it('guesses the language of a file from its words', () => {
    expect(guessLanguage(['¿Dónde trabajaba usted?', 'En la fábrica de Chicago'])).toBe('es')
    expect(guessLanguage(['Where did you work?', 'At the plant in Chicago'])).toBe('en')
  })
})

describe('making cues', () => {
  it('makes cues from the real interview that keep the layout and timing rules', () => {
    const cues = makeCues(interviewTurns(), en)
    expect(cues.length).toBeGreaterThan(5)
    const problems = checkCues(cues, en)
    for (const rule of ['chars-per-line', 'line-count', 'overlap', 'gap', 'empty'] as const) {
      expect(problems.filter((p) => p.rule === rule)).toEqual([])
    }
    // No cue spans two speakers: each cue's text is inside one turn's text.
    const turns = interviewTurns()
    for (const cue of cues) expect(turns.some((turn) => turn.speaker === cue.speaker)).toBe(true)
    expect(cues.map((c) => c.text.replace(/\n/g, ' ')).join(' ')).toBe(
      turns.map((t) => t.text).join(' '),
    )
  })

  it('ends cues at sentence ends and stays within 7 s and the reading speed for paced speech', () => {
    const cues = makeCues(
      [
        spoken(
          'I started at the cannery in nineteen ninety two. We worked twelve hour shifts without a break, and nobody complained out loud.',
          0,
        ),
        spoken('Then the union came.', 25),
      ],
      en,
    )
    expect(cues[0]?.text).toMatch(/two\.$/)
    for (const cue of cues) {
      expect(cue.end - cue.start).toBeLessThanOrEqual(7)
      expect(cue.end - cue.start).toBeGreaterThanOrEqual(en.minDuration - 1e-9)
      expect(characterCount(cue.text) / (cue.end - cue.start)).toBeLessThanOrEqual(20)
    }
    expect(checkCues(cues, en)).toEqual([])
  })

  it('closes short gaps to two frames and keeps them at least that long', () => {
    const cues = makeCues(
      [
        spoken('First sentence here.', 0),
        spoken('Second sentence follows.', 1.5),
        spoken('Much later.', 9),
      ],
      en,
    )
    expect(cues).toHaveLength(3)
    expect((cues[1]?.start ?? 0) - (cues[0]?.end ?? 0)).toBeCloseTo(0.084, 3)
    expect((cues[2]?.start ?? 0) - (cues[1]?.end ?? 0)).toBeGreaterThan(1)
  })

  it('never loses or reorders a word, and never breaks the layout rules (property)', () => {
    const wordArb = fc.stringMatching(/^[a-zñáé]{1,12}[.,?]?$/)
    fc.assert(
      fc.property(
        fc.array(fc.array(wordArb, { minLength: 1, maxLength: 40 }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        (sentences, rate) => {
          let at = 0
          const segments = sentences.map((words) => {
            const segment = spoken(words.join(' '), at, rate)
            at = segment.end + 0.4
            return segment
          })
          const cues = makeCues(segments, en)
          expect(cues.map((c) => c.text.replace(/\n/g, ' ')).join(' ')).toBe(
            sentences.flat().join(' '),
          )
          const problems = checkCues(cues, en).filter((p) =>
            ['chars-per-line', 'line-count', 'overlap', 'gap'].includes(p.rule),
          )
          expect(problems).toEqual([])
        },
      ),
      { numRuns: 100 },
    )
  })

  it("gives a translation's words to the cues whose time they share", () => {
    const cues = [
      { start: 0, end: 2 },
      { start: 2.1, end: 4 },
    ]
    const texts = fillCues(
      cues,
      [
        {
          start: 0,
          end: 4,
          text: 'Yo trabajaba allí. Luego vino el sindicato.',
          speaker: null,
          words: [],
        },
      ],
      rulesFor('es'),
    )
    expect(texts.join(' ')).toBe('Yo trabajaba allí. Luego vino el sindicato.')
    expect(texts[0]).toMatch(/^Yo trabajaba/)
    expect(texts[1]).toMatch(/sindicato\.$/)
  })
})

describe('the quality checker', () => {
  it('reports every rule with the 1-based cue', () => {
    const long = 'x'.repeat(43)
    const problems = checkCues(
      [
        { start: 0, end: 0.5, text: 'Short', speaker: null },
        { start: 0.52, end: 8, text: `${long}\ntwo\nthree`, speaker: null },
        { start: 7.9, end: 9, text: 'Too many characters for so short a time.', speaker: null },
        { start: 10, end: 12, text: '', speaker: null },
        { start: 13, end: 15, text: '', speaker: null },
      ],
      en,
      { translated: [true, true, true, false, true] },
    )
    expect(problems.map(({ cue, rule }) => [cue, rule])).toEqual([
      [1, 'duration'],
      [2, 'gap'],
      [2, 'duration'],
      [2, 'line-count'],
      [2, 'chars-per-line'],
      [3, 'overlap'],
      [3, 'reading-speed'],
      [4, 'empty'],
      [5, 'untranslated'],
    ])
    expect(problems[0]?.message).toBe('Cue 1 is on screen 0.5 s; the minimum is 0.833 s.')
  })
})

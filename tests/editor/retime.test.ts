import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  alignWords,
  normalizeWord,
  retimeWords,
  tokenize,
  type TimedWord,
} from '../../src/core/editor/retime.ts'

const words = (...list: Array<[string, number, number]>): TimedWord[] =>
  list.map(([text, start, end]) => ({ text, start, end, probability: 0.9 }))

function inOrder(list: readonly { start: number; end: number }[]): boolean {
  return list.every(
    (word, k) => word.start <= word.end && (k === 0 || (list[k - 1]?.start ?? 0) <= word.start),
  )
}

describe('aligning words', () => {
  it('matches case, accents composed either way and surrounding punctuation as the same word', () => {
    expect(normalizeWord('País,')).toBe(normalizeWord('pai\u0301s'))
    expect(normalizeWord('«Hola»')).toBe('hola')
    expect(normalizeWord('—')).toBe('—')
  })

  it('finds a longest common subsequence', () => {
    expect(alignWords(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual([
      [0, 0],
      [2, 2],
      [3, 3],
    ])
    expect(alignWords(['a', 'b'], ['b', 'a']).length).toBe(1)
    expect(alignWords([], ['a'])).toEqual([])
  })
})

describe('retiming a segment’s words', () => {
  const old = words(
    ['ask', 1, 1.4],
    ['not', 1.5, 1.8],
    ['what', 2, 2.3],
    ['your', 2.4, 2.6],
    ['country', 2.7, 3.2],
  )

  it('keeps the times of unchanged words and gives a replaced word the old one’s span', () => {
    const result = retimeWords(old, 'ask not what our country', { start: 1, end: 3.2 })
    expect(result.map((word) => word.text)).toEqual(['ask', 'not', 'what', 'our', 'country'])
    expect(result[3]).toMatchObject({ start: 2.4, end: 2.6, probability: null, from: null })
    expect(result[4]).toMatchObject({ start: 2.7, end: 3.2, probability: 0.9, from: 4 })
  })

  it('puts inserted words in the gap between their neighbours, by length', () => {
    const result = retimeWords(old, 'ask not now what your country', { start: 1, end: 3.2 })
    expect(result[2]).toMatchObject({ text: 'now', start: 1.8, end: 2 })
    expect(inOrder(result)).toBe(true)
  })

  it('times words typed before the first and after the last within the segment', () => {
    const result = retimeWords(old, 'so ask not what your country , friends', {
      start: 0.5,
      end: 4,
    })
    expect(result[0]).toMatchObject({ text: 'so', start: 0.5, end: 1 })
    expect(result.at(-1)?.end).toBe(4)
    expect(inOrder(result)).toBe(true)
  })

  it('keeps a word’s times when only its case or punctuation changed', () => {
    const result = retimeWords(old, 'Ask not what your country.', { start: 1, end: 3.2 })
    expect(result.map((word) => [word.text, word.start, word.end])).toEqual([
      ['Ask', 1, 1.4],
      ['not', 1.5, 1.8],
      ['what', 2, 2.3],
      ['your', 2.4, 2.6],
      ['country.', 2.7, 3.2],
    ])
  })

  it('empties a segment', () => {
    expect(retimeWords(old, '   ', { start: 1, end: 3.2 })).toEqual([])
  })
})

const vocabulary = [
  'ask',
  'not',
  'what',
  'your',
  'country',
  'can',
  'do',
  'for',
  'you',
  'país',
  'sí',
  'trabajo',
  ',',
  '¿qué?',
]

/** Old words: sorted starts, end ≥ start, sometimes overlapping the next word, as engines give. */
const timedWords = fc
  .array(
    fc.record({
      text: fc.constantFrom(...vocabulary),
      gap: fc.double({ min: 0, max: 2, noNaN: true }),
      length: fc.double({ min: 0, max: 1.5, noNaN: true }),
      probability: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    }),
    { maxLength: 30 },
  )
  .map((list) => {
    let at = 0
    return list.map(({ text, gap, length, probability }) => {
      at += gap
      return { text, start: at, end: at + length, probability }
    })
  })

/** An edit of a word list: drop, replace and insert words at random places. */
const edited = (old: readonly TimedWord[]) =>
  fc
    .array(
      fc.oneof(
        fc.constant<'keep'>('keep'),
        fc.constant<'drop'>('drop'),
        fc.constantFrom(...vocabulary).map((text) => ({ replace: text })),
        fc.constantFrom(...vocabulary).map((text) => ({ insert: text })),
      ),
      { minLength: old.length, maxLength: old.length + 5 },
    )
    .map((actions) => {
      const out: string[] = []
      actions.forEach((action, k) => {
        const word = old[k]?.text
        if (action === 'keep') {
          if (word !== undefined) out.push(word)
        } else if (action === 'drop') return
        else if ('replace' in action) out.push(action.replace)
        else {
          out.push(action.insert)
          if (word !== undefined) out.push(word)
        }
      })
      return out.join(' ')
    })

describe('retiming, for any edit', () => {
  it('never loses timing order, and words kept keep their exact times', () => {
    fc.assert(
      fc.property(
        timedWords.chain((old) => fc.tuple(fc.constant(old), edited(old))),
        ([old, text]) => {
          const bounds = {
            start: old[0]?.start ?? 0,
            end: Math.max(0, ...old.map((word) => word.end)),
          }
          const result = retimeWords(old, text, bounds)
          expect(result.map((word) => word.text)).toEqual(tokenize(text))
          expect(inOrder(result)).toBe(true)
          for (const word of result) {
            if (word.from === null) continue
            const source = old[word.from]
            expect(source && normalizeWord(source.text)).toBe(normalizeWord(word.text))
            expect([word.start, word.end]).toEqual([source?.start, source?.end])
          }
          // Every word of the old text left unchanged in the new one is kept (a common subsequence).
          const kept = result.filter((word) => word.from !== null).map((word) => word.from)
          expect(kept).toEqual([...kept].sort((a, b) => (a ?? 0) - (b ?? 0)))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('leaves an unchanged text’s words exactly as they were', () => {
    fc.assert(
      fc.property(timedWords, (old) => {
        const result = retimeWords(old, old.map((word) => word.text).join(' '), {
          start: 0,
          end: 100,
        })
        expect(result.map(({ start, end, text }) => ({ start, end, text }))).toEqual(
          old.map(({ start, end, text }) => ({ start, end, text })),
        )
      }),
    )
  })
})

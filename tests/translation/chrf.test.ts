import { describe, expect, it } from 'vitest'
import { chrf } from '../../bench/chrf.ts'

describe('chrF (character 6-grams, beta 2)', () => {
  it('matches a value computed by hand', () => {
    // "ab" against "abc": unigrams P 2/2, R 2/3, F2 = 5·1·(2/3) / (4·1 + 2/3) = 10/14;
    // bigrams P 1/1, R 1/2, F2 = 5·0.5 / 4.5 = 5/9; no trigram in the hypothesis, so two
    // orders count: (10/14 + 5/9) / 2 = 0.63492…
    expect(chrf([['a b', 'abc']])).toBeCloseTo((100 * (10 / 14 + 5 / 9)) / 2, 6)
  })

  it('is 100 for an exact match and 0 for nothing in common', () => {
    expect(chrf([['Nos pagaban menos.', 'Nos pagaban menos.']])).toBeCloseTo(100, 6)
    expect(chrf([['xyz', 'abc']])).toBeCloseTo(0, 6)
  })

  it('sums the statistics over the corpus before scoring', () => {
    const corpus = chrf([
      ['ab', 'abc'],
      ['abcdefg', 'abcdefg'],
    ])
    const averaged = (chrf([['ab', 'abc']]) + chrf([['abcdefg', 'abcdefg']])) / 2
    expect(corpus).toBeGreaterThan(averaged)
  })
})

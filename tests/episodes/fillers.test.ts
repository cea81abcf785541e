import { describe, expect, it } from 'vitest'
import { contextOf, findFillers, matchKey } from '../../src/core/episodes/fillers.ts'

const words = (text: string) => text.split(' ').map((t) => ({ text: t }))
const found = (text: string, language: 'en' | 'es') =>
  findFillers(words(text), language).map((m) => [m.filler, m.first, m.last])

describe('filler words', () => {
  it('ignores case, accents, punctuation and a held letter', () => {
    expect(matchKey('Ummm,')).toBe('um')
    expect(matchKey('¿Eh?')).toBe('eh')
    expect(matchKey('Éste')).toBe('este')
    expect(matchKey('HMM…')).toBe('hm')
  })

  it('finds the English fillers and nothing inside real words', () => {
    expect(found('Um, so we, uh, organized. Er… hmmm. Ah! umbrella hummus', 'en')).toEqual([
      ['um', 0, 0],
      ['uh', 3, 3],
      ['er', 5, 5],
      ['hmm', 6, 6],
      ['ah', 7, 7],
    ])
  })

  it('matches "o sea" as a sequence of words, and offers Spanish words that may be real', () => {
    expect(found('Pues, o sea, este libro es mío, eh', 'es')).toEqual([
      ['pues', 0, 0],
      ['o sea', 1, 2],
      ['este', 3, 3],
      ['eh', 7, 7],
    ])
    expect(found('O, SEA… em', 'es')).toEqual([
      ['o sea', 0, 1],
      ['em', 2, 2],
    ])
    // A lone "o" or "sea" is no filler; each list belongs to its language.
    expect(found('o bien sea', 'es')).toEqual([])
    expect(found('um pues', 'es')).toEqual([['pues', 1, 1]])
    expect(found('um pues', 'en')).toEqual([['um', 0, 0]])
  })

  it('gives a few words of context either side', () => {
    const list = words('we went to the um union hall on monday night with everyone')
    const [match] = findFillers(list, 'en')
    expect(match).toBeDefined()
    expect(contextOf(list, match ?? { first: 0, last: 0 }, 3)).toEqual({
      before: 'went to the',
      text: 'um',
      after: 'union hall on',
    })
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unmark } from '../../src/core/search/service.ts'

const open = '\u0002'
const close = '\u0003'

/** The plain definition, a character at a time: what unmark must agree with. */
function oneByOne(marked: string) {
  let snippet = ''
  const highlights: Array<[number, number]> = []
  let from = -1
  for (const ch of marked) {
    if (ch === open) from = snippet.length
    else if (ch === close) {
      if (from >= 0 && snippet.length > from) highlights.push([from, snippet.length])
      from = -1
    } else snippet += ch
  }
  return { snippet, highlights }
}

describe('unmark (FTS5 snippet marks to text and ranges)', () => {
  it('turns the marks into ranges of the plain text', () => {
    expect(unmark(`…we went on ${open}strike${close} in ${open}1992${close}`)).toEqual({
      snippet: '…we went on strike in 1992',
      highlights: [
        [12, 18],
        [22, 26],
      ],
    })
    expect(unmark('no match here')).toEqual({ snippet: 'no match here', highlights: [] })
    // Ranges count UTF-16 units, as the page slices them.
    expect(unmark(`🎙️ ${open}construcción${close}`).highlights).toEqual([[4, 16]])
  })

  it('drops stray and empty marks', () => {
    expect(unmark(`a${close}b${open}${close}c${open}d`)).toEqual({
      snippet: 'abcd',
      highlights: [],
    })
  })

  it('agrees with the character-at-a-time definition on any text', () => {
    const piece = fc.oneof(
      fc.constant(open),
      fc.constant(close),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const marked = pieces.join('')
        expect(unmark(marked)).toEqual(oneByOne(marked))
      }),
    )
  })
})

import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/core/storage/sqlite/migrations/index.ts'
import { fold, maxTerms, parseQuery, writeExpression } from '../../src/core/search/query.ts'
import { collectGarbage } from './fixtures.ts'

const expr = (text: string) => parseQuery(text).expression

describe('query parser', () => {
  it('quotes every word, so all must occur', () => {
    expect(expr('union strike')).toBe('"union" AND "strike"')
    expect(expr('  Construcción  ')).toBe('"Construcción"')
  })

  it('keeps quoted phrases, and a lone quote runs to the end', () => {
    expect(expr('"collective bargaining" contract')).toBe('"collective bargaining" AND "contract"')
    expect(expr('wages "collective bargaining')).toBe('"wages" AND "collective bargaining"')
    expect(expr('"')).toBeNull()
    expect(expr('union "')).toBe('"union"')
  })

  it('turns a trailing star into a prefix, for 3 letters or more', () => {
    expect(expr('organiz*')).toBe('"organiz"*')
    expect(expr('"labor organiz"*')).toBe('"labor organiz"*')
    expect(expr('or*')).toBe('"or"')
    expect(expr('*')).toBeNull()
  })

  it('as the person types, searches the word being typed as a prefix', () => {
    const typing = (text: string) => parseQuery(text, { completeLast: true })
    expect(typing('union organ')).toMatchObject({
      expression: '"union" AND "organ"*',
      completing: 'organ',
    })
    // A space after it: the word is finished.
    expect(typing('union organ ')).toMatchObject({
      expression: '"union" AND "organ"',
      completing: null,
    })
    // Too short to be a prefix yet, already starred, excluded: left as typed.
    expect(typing('union or')).toMatchObject({ expression: '"union" AND "or"', completing: null })
    expect(typing('organiz*').completing).toBeNull()
    expect(typing('union -stri')).toMatchObject({
      expression: '("union") NOT "stri"',
      completing: null,
    })
    // A phrase whose closing quote is not typed yet completes its last word; a closed one not.
    expect(typing('"we were on stri')).toMatchObject({
      expression: '"we were on stri"*',
      completing: 'stri',
    })
    expect(typing('"we were on strike"').completing).toBeNull()
    // An OR alternative being typed.
    expect(typing('union OR sindic').expression).toBe('("union" OR "sindic"*)')
    // Without the option nothing changes.
    expect(parseQuery('union organ')).toMatchObject({
      expression: '"union" AND "organ"',
      completing: null,
    })
  })

  it('binds OR between neighbours, tighter than the implicit AND', () => {
    expect(expr('union OR sindicato strike')).toBe('("union" OR "sindicato") AND "strike"')
    expect(expr('a OR b OR c')).toBe('("a" OR "b" OR "c")')
    expect(expr('union | sindicato')).toBe('("union" OR "sindicato")')
    // Lower-case "or" is the English word, searched like any other.
    expect(expr('this or that')).toBe('"this" AND "or" AND "that"')
  })

  it('ignores an OR with nothing on one side', () => {
    expect(expr('union OR')).toBe('"union"')
    expect(expr('OR union')).toBe('"union"')
    expect(expr('union OR OR strike')).toBe('("union" OR "strike")')
    expect(expr('OR')).toBeNull()
  })

  it('excludes words and phrases with a minus or NOT', () => {
    expect(expr('union -strike')).toBe('("union") NOT "strike"')
    expect(expr('union NOT strike -"wage theft"')).toBe('("union") NOT ("strike" OR "wage theft")')
    expect(expr('union -strike OR lockout')).toBe('("union" AND "lockout") NOT "strike"')
    // Nothing left to look for: an exclusion alone searches nothing rather than everything.
    expect(expr('-strike')).toBeNull()
    // A minus inside a word or followed by a space is not an exclusion.
    expect(expr('anti-union - strike')).toBe('"anti-union" AND "strike"')
  })

  it('never passes FTS5 syntax through', () => {
    expect(expr('text:secret NEAR(a b) (union')).toBe(
      '"text:secret" AND "NEAR(a" AND "b)" AND "(union"',
    )
    expect(expr('say "he said ""no"""')).toBe('"say" AND "he said" AND "no"')
    expect(expr('?? ... ¿?')).toBeNull()
    expect(
      parseQuery(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ')).required,
    ).toHaveLength(maxTerms)
  })

  it('writes a prefix as the words it stands for, when given them', () => {
    const { required, excluded } = parseQuery('organiz* OR union -"l\'organiz"* -strik* trabaj*')
    const words: Record<string, string[] | null> = {
      organiz: ['organize', 'organizing'],
      strik: ['strike'],
      trabaj: null,
    }
    expect(writeExpression(required, excluded, (prefix) => words[prefix] ?? null)).toBe(
      '(("organize" OR "organizing" OR "union") AND "trabaj"*) NOT ("l\'organiz"* OR "strike")',
    )
    expect(writeExpression(required, excluded)).toBe(
      parseQuery('organiz* OR union -"l\'organiz"* -strik* trabaj*').expression,
    )
  })

  it('folds case and accents like the tokenizer', () => {
    expect(fold('Construcción ÑANDÚ')).toBe('construccion nandu')
  })

  it('makes every string into an expression FTS5 accepts', () => {
    const db = new Database(':memory:')
    migrate(db)
    db.exec(`INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, created_at, updated_at)
        VALUES ('r', 't', '/x', 's', 1, 1, 'wav', 0, 'w', 'p', 'now', 'now');
      INSERT INTO tracks (id, recording_id, language, kind, origin, created_at, updated_at) VALUES (1, 'r', 'en', 'transcript', 'typed', 'now', 'now');
      INSERT INTO segments (track_id, start, end, language, text) VALUES (1, 0, 1, 'en', 'union "strike" -- or NOT and');`)
    const search = db.prepare(
      'SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? ORDER BY rank',
    )
    collectGarbage()
    const pieces = fc.constantFrom(
      '"',
      '-',
      '*',
      'OR',
      'NOT',
      'AND',
      '(',
      ')',
      ':',
      '^',
      '+',
      ' ',
      'union',
      'ñ',
      'NEAR',
      '|',
      '\u0000',
      '\t',
      'é',
    )
    const input = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 12 }).map((a) => a.join('')),
    )
    fc.assert(
      fc.property(input, (text) => {
        const { expression } = parseQuery(text)
        if (expression !== null) search.all(expression)
      }),
      { numRuns: 300 },
    )
    db.close()
  })
})

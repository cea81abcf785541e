import { describe, expect, it } from 'vitest'
import {
  en,
  errorLine,
  errorText,
  es,
  formatNumber,
  messageArguments,
  translate,
} from '../../src/shared/i18n/index.ts'
import { sections, sectionTranslator } from '../../src/shared/i18n/sections.ts'

describe('the catalogues', () => {
  it('have exactly the same keys in English and Spanish', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort())
  })

  it('use the same ICU arguments, used the same way, in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const english = Object.fromEntries(messageArguments(en[key]))
      expect(Object.fromEntries(messageArguments(es[key])), key).toEqual(english)
    }
  })

  it('has no empty message in Spanish', () => {
    for (const [key, message] of Object.entries(es)) expect(message.trim(), key).not.toBe('')
    expect(translate('es', 'nav.library')).toBe('Biblioteca')
  })

  it('chooses plural forms by count', () => {
    expect(translate('en', 'library.count', { count: 1 })).toBe('1 recording')
    expect(translate('en', 'library.count', { count: 3 })).toBe('3 recordings')
    expect(translate('es', 'library.count', { count: 1 })).toBe('1 grabación')
    expect(translate('es', 'library.count', { count: 2 })).toBe('2 grabaciones')
    expect(translate('es', 'library.count', { count: 0 })).toBe('0 grabaciones')
    // CLDR's Spanish `many` (a million) reads the `other` form.
    expect(translate('es', 'library.count', { count: 1_000_000 })).toBe('1,000,000 grabaciones')
  })

  it('write numbers in the locale map’s style, Latin American in Spanish (decision 0197)', () => {
    expect(translate('es', 'library.shown', { shown: 1500, count: 20000 })).toBe(
      '1,500 de 20,000 grabaciones',
    )
    expect(translate('en', 'time.hours', { count: 1.5 })).toBe('1.5 hours')
    expect(translate('es', 'time.hours', { count: 1.5 })).toBe('1.5 horas')
    expect(formatNumber('es', 20000.5)).toBe('20,000.5')
  })

  it('count the CLI’s terms and speakers through the same catalogue', () => {
    expect([0, 1, 2].map((count) => translate('en', 'cli.speakers', { count }))).toEqual([
      '0 speakers',
      '1 speaker',
      '2 speakers',
    ])
    expect(translate('en', 'cli.terms', { count: 1 })).toBe('1 term')
  })

  it('leave a missing argument visible instead of dropping it', () => {
    expect(translate('en', 'library.shown', { count: 3 })).toBe('{shown} of 3 recordings')
  })
})

describe('the sections of the catalogue', () => {
  for (const section of Object.keys(sections.en) as (keyof typeof sections.en)[]) {
    it(`${section}: the same keys and ICU arguments in English and Spanish`, () => {
      const english: Readonly<Record<string, string>> = sections.en[section]
      const spanish: Readonly<Record<string, string>> = sections.es[section]
      expect(Object.keys(spanish).sort()).toEqual(Object.keys(english).sort())
      for (const [key, message] of Object.entries(english)) {
        const other = spanish[key] ?? ''
        expect(other.trim(), key).not.toBe('')
        expect(Object.fromEntries(messageArguments(other)), key).toEqual(
          Object.fromEntries(messageArguments(message)),
        )
      }
    })
  }

  it('count the editor’s matches, problems and imported cues in the right form', () => {
    const say = (language: 'en' | 'es', key: 'find.matches' | 'subs.problems', count: number) =>
      sectionTranslator(language, 'editor')(key, { count })
    expect([0, 1, 2].map((n) => say('en', 'find.matches', n))).toEqual([
      '0 matches',
      '1 match',
      '2 matches',
    ])
    expect([0, 1, 2].map((n) => say('es', 'find.matches', n))).toEqual([
      '0 coincidencias',
      '1 coincidencia',
      '2 coincidencias',
    ])
    expect([0, 1, 2].map((n) => say('en', 'subs.problems', n))).toEqual([
      '0 problems',
      '1 problem',
      '2 problems',
    ])
    expect([0, 1, 2].map((n) => say('es', 'subs.problems', n))).toEqual([
      '0 problemas',
      '1 problema',
      '2 problemas',
    ])
    const imported = (language: 'en' | 'es', count: number) =>
      sectionTranslator(language, 'editor')('subs.imported', { count, encoding: 'UTF-8' })
    expect([0, 1, 2].map((n) => imported('en', n))).toEqual([
      'Imported 0 cues (UTF-8).',
      'Imported 1 cue (UTF-8).',
      'Imported 2 cues (UTF-8).',
    ])
    expect([0, 1, 2].map((n) => imported('es', n))).toEqual([
      'Se importaron 0 subtítulos (UTF-8).',
      'Se importó 1 subtítulo (UTF-8).',
      'Se importaron 2 subtítulos (UTF-8).',
    ])
    expect(imported('es', 20000)).toBe('Se importaron 20,000 subtítulos (UTF-8).')
  })
})

describe('the plurals and choices of the other sections', () => {
  it('count words, recordings and entries in both languages', () => {
    const cuts = (language: 'en' | 'es') => sectionTranslator(language, 'cuts')
    expect([1, 2].map((count) => cuts('en')('removeAll', { count }))).toEqual([
      'Remove the last one',
      'Remove all 2',
    ])
    expect([0, 1, 2].map((count) => cuts('es')('selected', { count }))).toEqual([
      '0 palabras seleccionadas',
      '1 palabra seleccionada',
      '2 palabras seleccionadas',
    ])
    const search = sectionTranslator('en', 'search')
    expect(search('showing', { hits: 1200, recordings: 1 })).toBe(
      'the best 1,200 are shown, in 1 recording',
    )
    expect(sectionTranslator('es', 'people')('entries', { count: 1 })).toBe(
      '1 entrada, la más reciente primero',
    )
  })

  it('name a speaker with or without a given name (select)', () => {
    const disguise = sectionTranslator('es', 'disguise')
    const named = { speaker: 'Hablante 1', name: 'Rosa', time: '1:05' }
    expect(disguise('speaker', { ...named, named: 'yes' })).toBe('Rosa (Hablante 1) · 1:05')
    expect(disguise('speaker', { ...named, named: 'no' })).toBe('Hablante 1 · 1:05')
  })
})

describe('errors from the core', () => {
  it('are translated by code and name their file apart', () => {
    const error = {
      code: 'MEDIA_UNREADABLE',
      message: 'fake.mp3 is not an audio or video file Voces can read.',
      params: { file: 'fake.mp3' },
    }
    expect(errorText('es', error)).toEqual({
      file: 'fake.mp3',
      text: expect.stringMatching(/^No es un archivo de audio o video/),
    })
    expect(errorLine('en', error)).toMatch(/^fake\.mp3: This is not an audio or video file/)
  })

  it('use the more precise message when the core sent its parameter', () => {
    const duplicate = {
      code: 'DUPLICATE_RECORDING',
      message: 'jfk.wav is already in the library as "JFK" (abc).',
      params: { file: 'jfk.wav', title: 'JFK', id: 'abc' },
    }
    expect(errorText('es', duplicate).text).toBe(
      'Este archivo ya está en la biblioteca, como «JFK».',
    )
  })

  it('fall back to the core’s English sentence for a code the UI does not know yet', () => {
    const error = { code: 'SOMETHING_NEW', message: 'A sentence for a person.' }
    expect(errorText('es', error)).toEqual({ file: null, text: 'A sentence for a person.' })
  })

  it('cover every code the ingest path raises', () => {
    const codes = [
      'FFMPEG_NOT_FOUND',
      'FFMPEG_FAILED',
      'EMPTY_FILE',
      'MEDIA_UNREADABLE',
      'NO_AUDIO',
      'NOT_A_FILE',
      'NO_MEDIA_FOUND',
      'FOLDER_UNREADABLE',
      'FILE_UNREADABLE',
      'FILE_NOT_FOUND',
      'DUPLICATE_RECORDING',
      'DISK_FULL',
      'UPLOAD_FAILED',
      'CANCELLED',
    ]
    for (const code of codes) expect(Object.hasOwn(en, `error.${code}`), code).toBe(true)
  })
})

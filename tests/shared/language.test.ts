import { describe, expect, it } from 'vitest'
import {
  searchFiltersSchema,
  subtitleLanguageSchema,
  trackLanguageSchema,
  uiLanguageSchema,
} from '../../src/shared/contract/index.ts'
import { languages as interfaceLanguages } from '../../src/shared/i18n/index.ts'
import {
  languageNames,
  languageNamesIn,
  languageSchema,
  languages,
  otherLanguage,
  ownLanguageNames,
} from '../../src/shared/language.ts'
import { fieldName } from '../../src/shared/i18n/validation.ts'
import { languages as subtitleLanguages } from '../../src/core/subtitles/types.ts'

describe('one language list and schema', () => {
  it('is the schema every call uses for a language', () => {
    for (const schema of [subtitleLanguageSchema, trackLanguageSchema, uiLanguageSchema])
      expect(schema).toBe(languageSchema)
    expect(interfaceLanguages).toBe(languages)
    expect(subtitleLanguages).toBe(languages)
  })

  it('takes the archive’s two languages and refuses any other, in a call too', () => {
    expect(languages).toEqual(['en', 'es'])
    for (const language of languages) expect(languageSchema.parse(language)).toBe(language)
    for (const other of ['fr', 'EN', 'es-MX', '', null])
      expect(languageSchema.safeParse(other).success).toBe(false)
    expect(searchFiltersSchema.safeParse({ language: 'pt' }).success).toBe(false)
    expect(searchFiltersSchema.safeParse({ language: 'es' }).success).toBe(true)
  })

  it('names each language, and each has the other', () => {
    for (const language of languages) {
      expect(languageNames[language]).toMatch(/^[A-Z]/)
      expect(ownLanguageNames[language]).toMatch(/^[A-Z]/)
      expect(otherLanguage(language)).not.toBe(language)
      expect(otherLanguage(otherLanguage(language))).toBe(language)
    }
    expect(ownLanguageNames.es).toBe('Español')
  })

  it('names a language in a refused field from the same table (decision 0206)', () => {
    for (const ui of languages)
      for (const language of languages)
        expect(fieldName(ui, `filters.${language}`)).toBe(languageNamesIn[ui][language])
    expect(fieldName('es', 'en')).toBe('Inglés')
    expect(fieldName('en', 'es')).toBe('Spanish')
  })
})

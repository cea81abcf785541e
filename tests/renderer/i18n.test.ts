import { describe, expect, it } from 'vitest'
import {
  en,
  errorLine,
  errorText,
  es,
  placeholders,
  translate,
} from '../../src/shared/i18n/index.ts'

const forms = (message: string | { one: string; other: string }) =>
  typeof message === 'string' ? [message] : [message.one, message.other]

describe('the catalogues', () => {
  it('have exactly the same keys in English and Spanish', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort())
  })

  it('use the same placeholders in both languages, in every plural form', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const english = new Set(forms(en[key]).flatMap(placeholders))
      for (const form of forms(es[key])) {
        expect(new Set(placeholders(form)), `${key}: ${form}`).toEqual(english)
      }
    }
  })

  it('has no empty message in Spanish', () => {
    for (const [key, message] of Object.entries(es)) {
      for (const form of forms(message)) expect(form.trim(), key).not.toBe('')
    }
    expect(translate('es', 'nav.library')).toBe('Biblioteca')
  })

  it('chooses plural forms by count', () => {
    expect(translate('en', 'library.count', { count: 1 })).toBe('1 recording')
    expect(translate('en', 'library.count', { count: 3 })).toBe('3 recordings')
    expect(translate('es', 'library.count', { count: 1 })).toBe('1 grabación')
    expect(translate('es', 'library.count', { count: 2 })).toBe('2 grabaciones')
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

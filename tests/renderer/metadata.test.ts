import { describe, expect, it } from 'vitest'
import {
  addTags,
  patchFor,
  validatePatch,
  type Draft,
} from '../../src/renderer/recording/metadata.ts'

const draft: Draft = {
  title: 'Entrevista',
  interviewees: ['  María López ', '', 'José'],
  interviewer: '',
  interviewDate: '',
  place: '',
  languages: 'en,es',
  consentStatus: 'given',
  consentNote: '',
  tags: ['wages', ' '],
  notes: '',
}

describe('patchFor', () => {
  it('sends lists without blanks and no date as null', () => {
    expect(patchFor('interviewees', draft)).toEqual({ interviewees: ['María López', 'José'] })
    expect(patchFor('tags', draft)).toEqual({ tags: ['wages'] })
    expect(patchFor('interviewDate', draft)).toEqual({ interviewDate: null })
    expect(patchFor('interviewDate', { ...draft, interviewDate: '2024-05-01' })).toEqual({
      interviewDate: '2024-05-01',
    })
  })
})

describe('validatePatch', () => {
  it('keeps what is valid and holds back what is not, with a message key', () => {
    const { valid, errors } = validatePatch({
      title: '   ',
      place: 'Oakland',
      interviewDate: '5/1/24',
    })
    expect(valid).toEqual({ place: 'Oakland' })
    expect(errors.title).toEqual({ key: 'validation.titleRequired' })
    expect(errors.interviewDate).toEqual({ key: 'validation.date' })
  })

  it('says how long is too long', () => {
    const { errors } = validatePatch({ interviewer: 'x'.repeat(201) })
    expect(errors.interviewer).toEqual({ key: 'validation.tooLong', params: { max: 200 } })
    const many = validatePatch({ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) })
    expect(many.errors.tags).toEqual({ key: 'validation.tooMany', params: { max: 100 } })
  })
})

describe('addTags', () => {
  it('splits on commas, trims, and skips tags already there whatever their case', () => {
    expect(addTags(['Wages'], 'wages, overtime ,, Safety')).toEqual(['Wages', 'overtime', 'Safety'])
  })
})

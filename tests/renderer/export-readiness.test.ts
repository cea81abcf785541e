import { describe, expect, it } from 'vitest'
import type { SubtitleCheck } from '../../src/shared/contract/index.ts'
import {
  captionedLanguages,
  cuesWithin,
  exportedLanguages,
  readiness,
} from '../../src/renderer/export/options.ts'

const problem = (cue: number, rule: SubtitleCheck['problems'][number]['rule']) => ({
  cue,
  rule,
  message: rule,
})

describe('readiness before a video export', () => {
  it('counts cues, not problems, and an untranslated cue only as empty', () => {
    const check: SubtitleCheck = {
      language: 'es',
      cues: 5,
      problems: [
        problem(1, 'untranslated'),
        problem(1, 'duration'),
        problem(2, 'reading-speed'),
        problem(2, 'chars-per-line'),
        problem(3, 'empty'),
        problem(4, 'gap'),
      ],
      counts: {
        'reading-speed': 1,
        'chars-per-line': 1,
        'line-count': 0,
        duration: 1,
        overlap: 0,
        gap: 1,
        empty: 1,
        untranslated: 1,
      },
    }
    expect(readiness(check)).toEqual({ language: 'es', empty: 2, broken: 2 })
    // An audiogram's stretch: only its cues count.
    expect(readiness(check, new Set([2, 3]))).toEqual({ language: 'es', empty: 1, broken: 1 })
    expect(readiness(check, new Set([5]))).toEqual({ language: 'es', empty: 0, broken: 0 })
  })

  it('asks about a video’s tracks and an audiogram’s captions, nothing else', () => {
    const base = { burn: 'es', soft: { en: true, es: false }, captions: 'en' } as const
    expect(captionedLanguages({ ...base, kind: 'video' })).toEqual(['es', 'en'])
    expect(captionedLanguages({ ...base, kind: 'audiogram' })).toEqual(['en'])
    expect(captionedLanguages({ ...base, kind: 'audiogram', captions: 'none' })).toEqual([])
    expect(captionedLanguages({ ...base, kind: 'podcast' })).toEqual([])
    expect(captionedLanguages({ ...base, kind: 'transcript' })).toEqual([])
  })

  it('takes the cues heard in an audiogram’s stretch, partly heard ones included', () => {
    const cues = [
      { id: 1, start: 0, end: 2 },
      { id: 2, start: 2, end: 4.5 },
      { id: 3, start: 5, end: 7 },
      { id: 4, start: 8, end: 9 },
    ]
    expect([...cuesWithin(cues, 4, 8)]).toEqual([2, 3])
    expect([...cuesWithin(cues, 0, Infinity)]).toEqual([1, 2, 3, 4])
  })

  it('checks the burned languages, then the soft ones, each once', () => {
    expect(exportedLanguages({ burn: 'es', soft: { en: true, es: true } })).toEqual(['es', 'en'])
    expect(exportedLanguages({ burn: 'none', soft: { en: false, es: false } })).toEqual([])
    expect(exportedLanguages({ burn: 'both', soft: { en: true, es: false } })).toEqual(['en', 'es'])
  })
})

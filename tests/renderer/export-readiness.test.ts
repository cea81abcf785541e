import { describe, expect, it } from 'vitest'
import type { SubtitleCheck } from '../../src/shared/contract/index.ts'
import { exportedLanguages, readiness } from '../../src/renderer/export/options.ts'

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
  })

  it('checks the burned languages, then the soft ones, each once', () => {
    expect(exportedLanguages({ burn: 'es', soft: { en: true, es: true } })).toEqual(['es', 'en'])
    expect(exportedLanguages({ burn: 'none', soft: { en: false, es: false } })).toEqual([])
    expect(exportedLanguages({ burn: 'both', soft: { en: true, es: false } })).toEqual(['en', 'es'])
  })
})

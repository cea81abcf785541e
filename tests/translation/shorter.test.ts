import { describe, expect, it } from 'vitest'
import { shorterWording } from '../../src/core/translation/shorter.ts'

describe('a shorter wording for a translated cue', () => {
  it('takes out fillers set apart by commas, hedges and long phrases, keeping the capital', () => {
    expect(shorterWording('Bueno, la verdad es que era muy difícil.', 'es')).toBe('Era difícil.')
    expect(shorterWording('Trabajamos sin una pausa.', 'es')).toBe('Trabajamos sin pausa.')
    expect(shorterWording('You know, we did not really want to strike.', 'en')).toBe(
      "We didn't want to strike.",
    )
  })

  it('leaves a word that only looks like a filler, and offers nothing when nothing goes', () => {
    expect(shorterWording('Este trabajo es duro.', 'es')).toBeNull()
    expect(shorterWording('Ganamos.', 'es')).toBeNull()
    expect(shorterWording('I like my job.', 'en')).toBeNull()
  })
})

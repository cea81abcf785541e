import type { Language } from '../subtitles/types.ts'

/**
 * A shorter wording of a translated cue that breaks the reading-speed or line rules (decision
 * 0156): Apertium has one wording, so Voces offers one by taking out what a subtitle may drop
 * without changing what is said — fillers and hedges, and long phrases with a short equivalent.
 * It is offered, never applied: the person chooses.
 */
type Rule = readonly [RegExp, string]

/** A whole-word pattern: a phrase ending in a letter must end at a word's end. */
const word = (text: string) =>
  new RegExp(`(?<![\\p{L}])${text}${/\p{L}$/u.test(text) ? '(?![\\p{L}])' : ''}`, 'giu')

const rules: Record<Language, readonly Rule[]> = {
  es: [
    // Fillers only where a comma sets them apart: "este trabajo" keeps its "este".
    [word('la verdad es que '), ''],
    [word('(?:bueno|pues|o sea|este|entonces|mira|la verdad), '), ''],
    [word('(?:realmente|básicamente|simplemente|en realidad|de hecho),? '), ''],
    [word('muy '), ''],
    [word('sin (?:un|una) '), 'sin '],
    [word('con el fin de'), 'para'],
    [word('a pesar de que'), 'aunque'],
    [word('en este momento'), 'ahora'],
    [word('debido a que'), 'porque'],
    [word('a causa de'), 'por'],
    [word('solamente'), 'solo'],
    [word('todos los días'), 'a diario'],
  ],
  en: [
    [word('(?:you know|I mean|like|well|so), '), ''],
    [word('(?:really|actually|basically|just|very) '), ''],
    [word('in order to'), 'to'],
    [word('at this moment'), 'now'],
    [word('because of the fact that'), 'because'],
    [word('a lot of'), 'much'],
    [word('did not'), "didn't"],
    [word('do not'), "don't"],
    [word('was not'), "wasn't"],
    [word('were not'), "weren't"],
    [word('could not'), "couldn't"],
  ],
}

/** The shorter wording, or null when these rules find nothing to take out. */
export function shorterWording(text: string, language: Language): string | null {
  let out = text
  for (const [pattern, replacement] of rules[language]) out = out.replace(pattern, replacement)
  out = out
    .replace(/[ \t]+/g, ' ')
    .replace(/ ([,.;:!?])/g, '$1')
    .trim()
  // A sentence's first letter stays a capital when its first word went.
  if (/^\p{Ll}/u.test(out) && /^\p{Lu}/u.test(text.replace(/^[^\p{L}]+/u, '')))
    out = (out[0]?.toLocaleUpperCase() ?? '') + out.slice(1)
  return out.length < text.length ? out : null
}

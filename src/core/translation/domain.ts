import type { LanguagePair } from './engine.ts'

/**
 * Phrases of the domain (labor interviews: wages, overtime, strikes, unions, immigration,
 * family) that Apertium gets wrong, written for the domain in general from the dev rows of the
 * bench and Apertium's known weak points, never from the held-out test rows
 * (docs/decisions/0156-local-translation.md). `pre` rewrites the source before the engine, into
 * words it translates well; `post` mends the engine's output. Each rule is a whole-word pattern;
 * a capital at the start of a sentence is kept by `cased`.
 */
type Rule = readonly [RegExp, string]

/** A rule that matches a capitalised first word too, and keeps its capital. */
function cased(words: string, replacement: string): Rule[] {
  const upper = (text: string) => (text[0]?.toLocaleUpperCase() ?? '') + text.slice(1)
  return [
    [new RegExp(`(?<![\\p{L}])${words}(?![\\p{L}])`, 'gu'), replacement],
    [new RegExp(`(?<![\\p{L}])${upper(words)}(?![\\p{L}])`, 'gu'), upper(replacement)],
  ]
}

/** Apertium's "obrar" for "to work": each form of it, as the same form of "trabajar". */
const obrar: ReadonlyArray<readonly [string, string]> = [
  ['obrar', 'trabajar'],
  ['obrando', 'trabajando'],
  ['obrado', 'trabajado'],
  ['obro', 'trabajo'],
  ['obran', 'trabajan'],
  ['obré', 'trabajé'],
  ['obró', 'trabajó'],
  ['obramos', 'trabajamos'],
  ['obraron', 'trabajaron'],
  ['obraba', 'trabajaba'],
  ['obrábamos', 'trabajábamos'],
  ['obraban', 'trabajaban'],
]

const enEs = {
  pre: [
    // "union" is a labor union in these interviews: "trade union" gives "sindicato".
    [/(?<![\p{L}])(?<!trade |labor |labour )(U|u)nion(s?)(?![\p{L}])/gu, '$1nion$2'],
    ...cased('union', 'trade union'),
    ...cased('unions', 'trade unions'),
    ...cased('overtime', 'extra hours'),
    ...cased('fired', 'sacked'),
    ...cased('kids', 'children'),
    ...cased('scared', 'afraid'),
    ...cased('yelled at', 'shouted at'),
    ...cased('file a complaint', 'present a complaint'),
    ...cased('filed a complaint', 'presented a complaint'),
  ] as Rule[],
  post: [
    ...obrar.flatMap(([from, to]) => cased(from, to)),
    // "go on strike": "ir en huelga" is "ir a la huelga".
    ...['ir', 'fuimos', 'fueron', 'vamos', 'van', 'fue', 'íbamos', 'iban', 'vas', 'voy'].flatMap(
      (verb) => cased(`${verb} en huelga`, `${verb} a la huelga`),
    ),
    // "for six years": a length of time, not a purpose.
    [
      /(?<![\p{L}])para (\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|treinta|muchos|muchas|varios|varias) (años|meses|semanas|días|horas)(?![\p{L}])/gu,
      'durante $1 $2',
    ],
    ...cased('era temeroso', 'tenía miedo'),
    ...cased('era temerosa', 'tenía miedo'),
    ...cased('éramos temerosos', 'teníamos miedo'),
    ...cased('eran temerosos', 'tenían miedo'),
    ...cased('estuve herido', 'me lastimé'),
    ...cased('mis niños', 'mis hijos'),
    ...cased('nuestros niños', 'nuestros hijos'),
    ...cased('sus niños', 'sus hijos'),
    ...cased('horas extra', 'horas extras'),
    // "they paid us": Apertium conjugates the verb after "nos" in the first person.
    ...cased('nos pagamos', 'nos pagaron'),
    ...cased('nos pagué', 'nos pagó'),
    ...cased('nos pagábamos', 'nos pagaban'),
    ...cased('la parcela de aparcamiento', 'el estacionamiento'),
    ...cased('parcela de aparcamiento', 'estacionamiento'),
  ] as Rule[],
}

const esEn = {
  pre: [
    ...cased('patrón', 'jefe'),
    ...cased('patrona', 'jefa'),
    ...cased('patrones', 'jefes'),
    ...cased('la migra', 'inmigración'),
    ...cased('encargado', 'supervisor'),
    ...cased('encargada', 'supervisora'),
    // "tenía miedo" comes out "had fear" with no subject: the interviewee speaking of herself.
    ...cased('teníamos miedo', 'nosotros teníamos miedo'),
    ...cased('tenía miedo', 'yo tenía miedo'),
    ...cased('tenían miedo', 'ellos tenían miedo'),
    ...cased('tengo miedo', 'yo tengo miedo'),
    ...cased('me lastimé', 'me hice daño'),
  ] as Rule[],
  post: [
    ...cased('had fear to', 'were afraid to'),
    ...cased('had fear of', 'were afraid of'),
    ...cased('had fear', 'were afraid'),
    ...cased('I were afraid', 'I was afraid'),
    ...cased('have fear', 'am afraid'),
    ...cased('supervisory', 'supervisor'),
    ...cased('mates of work', 'coworkers'),
    ...cased('mates', 'coworkers'),
    ...cased('mate', 'coworker'),
    ...cased('cleansing', 'cleaning'),
    ...cased('uploading', 'carrying'),
    ...cased('uploaded', 'carried'),
    ...cased('loomed', 'threatened'),
    ...cased('looms', 'threatens'),
    ...cased('an increase', 'a raise'),
    ...cased('sure medical', 'health insurance'),
    ...cased('hurt me in the', 'hurt my'),
    ...cased('hurt me the', 'hurt my'),
    ...cased('were to the strike', 'went on strike'),
    ...cased('was to the strike', 'went on strike'),
    ...cased('a lot of years', 'many years'),
    [/(?<![\p{L}])by (\p{L}+|\d+) (years|months|weeks|days|hours)(?![\p{L}])/gu, 'for $1 $2'],
    [/(?<![\p{L}])from (\p{L}+|\d+) (years|months|weeks|days) ago(?![\p{L}])/gu, 'for $1 $2'],
    [
      /(?<![\p{L}])to the (\p{L}+|\d+) of the (morning|afternoon|night)(?![\p{L}])/gu,
      'at $1 in the $2',
    ],
    [
      /(?<![\p{L}])(did not|didn't|do not|don't) leave (me|us|them|him|her)(?![\p{L}])/gu,
      '$1 let $2',
    ],
  ] as Rule[],
}

const rules: Record<string, { pre: readonly Rule[]; post: readonly Rule[] }> = {
  'en-es': enEs,
  'es-en': esEn,
}

function apply(text: string, list: readonly Rule[]): string {
  let out = text
  for (const [pattern, replacement] of list) out = out.replace(pattern, replacement)
  return out
}

export function preEdit(text: string, pair: LanguagePair): string {
  return apply(text, rules[`${pair.from}-${pair.to}`]?.pre ?? [])
}

export function postEdit(text: string, pair: LanguagePair): string {
  return apply(text, rules[`${pair.from}-${pair.to}`]?.post ?? [])
}

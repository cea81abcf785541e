import { readdirSync, readFileSync } from 'node:fs'
import { constants } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { jobKindKey, jobSubject } from '../../src/renderer/jobs/job-name.ts'
import { contract } from '../../src/shared/contract/index.ts'
import {
  en,
  errorText,
  es,
  fieldNames,
  formatDateNumeric,
  internalFields,
  parseDateNumeric,
  speakerLabel,
  translate,
} from '../../src/shared/i18n/index.ts'
import { sections, sectionTranslator } from '../../src/shared/i18n/sections.ts'
import { validationTemplates } from '../../src/shared/i18n/validation.ts'
import { repoRoot, tempDir } from '../helpers.ts'

// ---------------------------------------------------------------------------------------------
// (a) Every error code the code can raise has a sentence in both catalogues.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })
}

/** The text of a call's first argument, from just after its `(` to the comma that ends it. */
function firstArgument(text: string, from: number): string {
  let depth = 0
  let quote: string | null = null
  for (let i = from; i < text.length; i += 1) {
    const c = text[i] as string
    if (quote) {
      if (c === '\\') i += 1
      else if (c === quote) quote = null
    } else if (c === "'" || c === '"' || c === '`') quote = c
    else if ('([{'.includes(c)) depth += 1
    else if (')]}'.includes(c)) {
      if (depth === 0) return text.slice(from, i)
      depth -= 1
    } else if (c === ',' && depth === 0) return text.slice(from, i)
  }
  return text.slice(from)
}

/** An object's `code:` value up to the end of that property. */
function propertyValue(text: string, from: number): string {
  const rest = text.slice(from)
  const end = rest.search(/[,}\n]/)
  return end === -1 ? rest : rest.slice(0, end)
}

const codeLiteral = /'([A-Z][A-Z0-9_]{2,})'/g
/** Node's errno names (`{ code: 'EISDIR' }` built to test a helper) are not Voces' codes. */
const errnoNames = new Set(Object.keys(constants.errno))
const literals = (expression: string) =>
  [...expression.matchAll(codeLiteral)]
    .map((m) => m[1] ?? '')
    .filter((code) => !errnoNames.has(code))

/**
 * Every code written into an error in src/: `new VocesError(CODE`, the `super(CODE` of its
 * subclasses (a ternary's codes included), an ApiError literal's `code: CODE` (or `?? CODE`),
 * and helpers that take the code as their first parameter and pass it on (`fileError(CODE`).
 */
function raisedCodes(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>()
  const add = (code: string, file: string) => {
    const where = found.get(code) ?? new Set<string>()
    where.add(path.relative(repoRoot, file))
    found.set(code, where)
  }
  const files = sourceFiles(path.join(repoRoot, 'src'))
  const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]))
  const helpers = new Set<string>()
  for (const text of texts.values()) {
    for (const match of text.matchAll(/function (\w+)\(\s*code: string[^)]*\)[^{]*\{([^}]*)/g)) {
      if (/new VocesError\(\s*code\b/.test(match[2] ?? '')) helpers.add(match[1] ?? '')
    }
  }
  for (const [file, text] of texts) {
    const subclass = /extends VocesError\b/.test(text)
    const calls = [
      /new VocesError\(/g,
      ...(subclass ? [/\bsuper\(/g] : []),
      ...[...helpers].map((name) => new RegExp(`\\b${name}\\(`, 'g')),
    ]
    for (const call of calls) {
      for (const match of text.matchAll(call)) {
        const start = (match.index ?? 0) + match[0].length
        for (const code of literals(firstArgument(text, start))) add(code, file)
      }
    }
    for (const match of text.matchAll(/\bcode:\s*/g)) {
      const start = (match.index ?? 0) + match[0].length
      for (const code of literals(propertyValue(text, start))) add(code, file)
    }
  }
  return found
}

describe('every error code the code raises', () => {
  const codes = raisedCodes()

  it('is found by the scan, whichever way it was written', () => {
    // One of each way: a plain call, a helper's first argument, a subclass's ternary, a literal.
    for (const code of [
      'MODEL_UNKNOWN',
      'NOT_A_FILE',
      'DISK_FULL',
      'FFMPEG_FAILED',
      'CANCELLED',
      'UNKNOWN_METHOD',
      'NETWORK',
      'WORKING_AUDIO_UNREADABLE',
    ]) {
      expect(codes.has(code), code).toBe(true)
    }
    expect(codes.size).toBeGreaterThan(60)
  })

  it('has a sentence in English and in Spanish', () => {
    const missing = [...codes]
      .filter(
        ([code]) => !Object.hasOwn(en, `error.${code}`) || !Object.hasOwn(es, `error.${code}`),
      )
      .map(([code, files]) => `${code} (${[...files].join(', ')})`)
    expect(missing).toEqual([])
  })

  it('reaches the tasks tray in Spanish, not the core’s English', () => {
    for (const error of [
      { code: 'MODEL_UNKNOWN', message: 'There is no model named x.', params: { model: 'x' } },
      { code: 'MODEL_NOT_FOUND', message: 'The model file x does not exist.' },
      { code: 'WORKING_AUDIO_UNREADABLE', message: 'The working audio … is damaged.' },
    ]) {
      const text = errorText('es', error).text
      expect(text).not.toBe(error.message)
      expect(text, error.code).toMatch(/[áéíóúñ]|modelo|grabación/)
    }
    expect(
      errorText('es', { code: 'MODEL_UNKNOWN', message: '', params: { model: 'huge' } }).text,
    ).toBe('No hay ningún modelo llamado «huge» en la lista de modelos.')
  })
})

// ---------------------------------------------------------------------------------------------
// (b) A value the contract refuses is said in the person's language, naming the field.

describe('a refused value', () => {
  const { dir, cleanup } = tempDir('voces-h5-')
  const voces = new Voces({ libraryDir: path.join(dir, 'library'), startJobs: false })
  const ctx = { voces, transport: 'http' } as Parameters<typeof dispatch>[2]
  afterAll(async () => {
    await voces.close()
    cleanup()
  })

  const refuse = async (method: string, input: unknown) => {
    const result = await dispatch(method, input, ctx)
    if (result.ok) throw new Error(`${method} accepted ${JSON.stringify(input)}`)
    expect(result.error.code).toBe('INVALID_INPUT')
    return result.error
  }

  it('names the field in words and says what is wrong, in Spanish and in English', async () => {
    const tooLong = await refuse('search.query', { query: 'x'.repeat(1001) })
    expect(errorText('es', tooLong).text).toBe(
      'Texto de búsqueda: demasiado largo; como máximo 1,000 caracteres.',
    )
    expect(errorText('en', tooLong).text).toBe('Search text: too long; at most 1,000 characters.')
    // The core's own message (logs, CLI, scripts) is the same English sentence, not zod's.
    expect(tooLong.message).toBe('Search text: too long; at most 1,000 characters.')

    const badDate = await refuse('search.query', {
      query: 'union',
      filters: { from: '1990-13-45' },
    })
    expect(errorText('es', badDate).text).toBe(
      'Desde: use un día que exista, escrito AAAA-MM-DD, como 2024-05-01.',
    )
    expect(badDate.message).toBe(
      'From: use a day that exists, written YYYY-MM-DD, such as 2024-05-01.',
    )
    const missing = await refuse('search.query', {})
    expect(errorText('es', missing).text).toBe('Texto de búsqueda: falta este dato.')
    const notWhole = await refuse('search.query', { query: 'union', limit: 2.5 })
    expect(errorText('es', notWhole).text).toBe('Cantidad de resultados: use un número entero.')
    const language = await refuse('search.query', { query: 'union', filters: { language: 'fr' } })
    expect(errorText('es', language).text).toBe('Idioma: use uno de estos valores: en, es.')
  })

  it('never shows zod’s own words', async () => {
    for (const [method, input] of [
      ['search.query', { query: 'x'.repeat(1001) }],
      ['search.query', { query: 1 }],
      ['library.update', { id: 'x', patch: { title: '' } }],
      ['library.update', { id: 'x', patch: { tags: ['a'.repeat(101)] } }],
    ] as const) {
      const error = await refuse(method, input)
      for (const language of ['en', 'es'] as const) {
        const text = errorText(language, error).text
        expect(text).not.toMatch(/✖|Invalid input|expected|received|Too big|Too small/)
      }
      expect(error.message).not.toMatch(/✖|Invalid input for/)
    }
  })

  it('has a name in both languages for every field a person fills in', () => {
    const keys = new Set<string>()
    const walk = (schema: unknown): void => {
      if (!schema || typeof schema !== 'object') return
      const node = schema as Record<string, unknown>
      if (node.properties && typeof node.properties === 'object') {
        for (const [key, value] of Object.entries(node.properties)) {
          keys.add(key)
          walk(value)
        }
      }
      for (const key of [
        'items',
        'anyOf',
        'oneOf',
        'allOf',
        'additionalProperties',
        'prefixItems',
      ]) {
        const value = node[key]
        if (Array.isArray(value)) value.forEach(walk)
        else walk(value)
      }
    }
    for (const spec of Object.values(contract)) {
      walk(z.toJSONSchema(spec.input, { unrepresentable: 'any', io: 'input' }))
    }
    const unnamed = [...keys].filter(
      (key) => !Object.hasOwn(fieldNames, key) && !internalFields.includes(key),
    )
    expect(unnamed).toEqual([])
    for (const names of Object.values(fieldNames)) expect(names.es).not.toBe(names.en)
  })

  it('uses the same placeholders in both languages', () => {
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, english] of Object.entries(validationTemplates.en)) {
      const spanish = validationTemplates.es[key as keyof typeof validationTemplates.es]
      expect(holes(spanish), key).toEqual(holes(english))
    }
  })
})

// ---------------------------------------------------------------------------------------------
// (c) The Spanish says "usted", everywhere.

/** Every string a table holds; a function is asked with 1 and with 2 for each argument. */
function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown
    return [1, 2].flatMap((n) => allText(fn(...Array.from({ length: fn.length }, () => n))))
  }
  if (value && typeof value === 'object') return Object.values(value).flatMap(allText)
  return []
}

const spanishLines = (): Array<[string, string]> =>
  Object.entries({
    'shared/i18n/es.ts': es,
    'shared/i18n/es.ts (sections)': sections.es,
    'shared/i18n/validation.ts': [
      validationTemplates.es,
      Object.values(fieldNames).map((names) => names.es),
    ],
  }).flatMap(([where, table]) => allText(table).map((line): [string, string] => [where, line]))

/**
 * Informal forms, from what the Spanish screens said before they all said "usted": pronouns and
 * possessives of "tú", its present tense, and its imperatives at the start of a sentence or
 * after "o"/"y" (where "usa" or "escribe" cannot be "Voces usa").
 */
const tuPronouns = /\b(tú|tu|tus|te|ti|contigo)\b/iu
const tuPresent =
  /\b(puedes|tienes|quieres|debes|necesitas|estás|eres|escribes|prefieres|verás|podrás)\b/iu
const tuImperatives = [
  'escribe',
  'usa',
  'transcribe',
  'arrastra',
  'acerca',
  'aleja',
  'importa',
  'elige',
  'revisa',
  'pulsa',
  'presiona',
  'selecciona',
  'abre',
  'guarda',
  'prueba',
  'intenta',
  'vuelve',
  'espera',
  'agrega',
  'añade',
  'quita',
  'descarga',
  'instala',
  'borra',
  'deja',
  'indica',
  'mira',
  'cierra',
  'suelta',
  'edita',
  'elimina',
  'recupera',
  'haz',
  'pon',
  'divide',
]
const tuImperative = new RegExp(
  `(^|[.:;!?¿¡(]\\s+|\\s[oy]\\s+)(${tuImperatives.join('|')})\\b`,
  'iu',
)
/** A "tú" imperative with its pronoun on the end ("Ponle", "Créalos"); "usted" says "Póngale", "Créelos". */
const tuEnclitic = /\b(ponle|ponlo|créalos|créala|créalo|escríbelo|déjalo|pruébalo|agrégalo)\b/iu

describe('the Spanish of every screen', () => {
  const lines = spanishLines()

  it('is read from every table (a sanity check of the reader)', () => {
    expect(lines.length).toBeGreaterThan(800)
    expect(lines.some(([, line]) => line.includes('Póngale nombre a cada hablante'))).toBe(true)
  })

  it('says "usted", never "tú"', () => {
    const informal = lines.filter(
      ([, line]) =>
        tuPronouns.test(line) ||
        tuPresent.test(line) ||
        tuImperative.test(line) ||
        tuEnclitic.test(line),
    )
    expect(informal.map(([where, line]) => `${where}: ${line}`)).toEqual([])
  })

  it('catches the forms it looks for (the check can fail)', () => {
    for (const line of [
      'Transcribe la grabación para editar sus palabras aquí.',
      'Puedes seguirla en la bandeja de tareas.',
      'Tu nombre (para la revisión)',
      'Créalos a partir de la transcripción o importa un archivo.',
      'Usa un número del 10 al 100.',
      'Ponle nombre a cada hablante.',
    ]) {
      expect(
        tuPronouns.test(line) ||
          tuPresent.test(line) ||
          tuImperative.test(line) ||
          tuEnclitic.test(line),
        line,
      ).toBe(true)
    }
    for (const line of ['Voces usa FFmpeg.', 'No importan los acentos.', 'Escriba su nombre.']) {
      expect(tuImperative.test(line) || tuPronouns.test(line), line).toBe(false)
    }
  })

  it('uses Latin-American words: agregar, not añadir', () => {
    expect(lines.filter(([, line]) => /\bañad/iu.test(line))).toEqual([])
  })

  it('names the subtitle languages in Spanish', () => {
    expect(sections.es.editor['subs.english']).toBe('Inglés')
    expect(sections.es.editor['subs.spanish']).toBe('Español')
  })
})

// ---------------------------------------------------------------------------------------------
// Numbers, dates, speakers and job names as a Latin-American Spanish screen shows them.

describe('numbers and dates in Spanish', () => {
  it('write numbers as in Latin America: 20,000 and 1.5, not Spain’s 20.000 and 1,5', () => {
    expect(translate('es', 'library.count', { count: 20000 })).toBe('20,000 grabaciones')
    expect(translate('es', 'time.hours', { count: 1.5 })).toBe('1.5 horas')
    expect(sectionTranslator('es', 'search')('moreThan', { count: 2000 })).toBe(
      'Más de 2,000 resultados',
    )
    expect(sectionTranslator('es', 'search')('newestNote', { count: 2000 })).toMatch(
      /^Primero se muestran .* 2,000 agregados/,
    )
  })

  it('type dates day first in Spanish and month first in English', () => {
    expect(formatDateNumeric('es', '2024-05-01')).toBe('01/05/2024')
    expect(formatDateNumeric('en', '2024-05-01')).toBe('05/01/2024')
    expect(parseDateNumeric('es', '1/5/2024')).toBe('2024-05-01')
    expect(parseDateNumeric('es', '31/12/1999')).toBe('1999-12-31')
    expect(parseDateNumeric('en', '12/31/1999')).toBe('1999-12-31')
    expect(parseDateNumeric('es', '1999-12-31')).toBe('1999-12-31')
    expect(parseDateNumeric('es', '')).toBe('')
    // Not days that exist, or not finished: refused, never read as another day.
    expect(parseDateNumeric('es', '12/31/1999')).toBeNull()
    expect(parseDateNumeric('es', '30/02/2024')).toBeNull()
    expect(parseDateNumeric('es', '01/05/24')).toBeNull()
  })
})

describe('speakers and tasks on a Spanish screen', () => {
  it('call the engine’s speakers "Hablante N", and leave given names alone', () => {
    expect(speakerLabel('es', 'Speaker 1')).toBe('Hablante 1')
    expect(speakerLabel('en', 'Speaker 12')).toBe('Speaker 12')
    expect(speakerLabel('es', 'SPEAKER_00')).toBe('SPEAKER_00')
    expect(speakerLabel('es', 'Speaker Rosa')).toBe('Speaker Rosa')
  })

  it('name a task by what it does in Spanish and by its subject only', async () => {
    const { dir, cleanup } = tempDir('voces-h5-jobs-')
    const voces = new Voces({ libraryDir: path.join(dir, 'library'), startJobs: false })
    try {
      const exportJob = await voces.jobs.enqueue('export.podcast', {
        source: 'some-episode',
        output: path.join(dir, 'Voces del almacén.mp3'),
      })
      const download = await voces.jobs.enqueue('model-download', { name: 'small-q5_1' })
      const said = (job: { kind: string; label: string }) => {
        const key = jobKindKey(job)
        return `${key ? translate('es', key) : ''} ${jobSubject(job)}`
      }
      expect(said(exportJob)).toBe('Exportando Voces del almacén.mp3')
      expect(said(download)).toBe('Descargando el modelo small-q5_1')
      // A job stored by an older Voces, with the English action in its label.
      expect(said({ kind: 'export.video', label: 'Export talk.mp4' })).toBe('Exportando talk.mp4')
    } finally {
      await voces.close()
      cleanup()
    }
  })
})

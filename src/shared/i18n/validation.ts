import { namesOf } from '../language.ts'
import { formatMessage } from './format.ts'
import type { Language, Params } from './types.ts'

/**
 * A value the contract refused, said in the person's language (decision 0083). The core turns the
 * first zod issue into plain params (`INVALID_INPUT` with `field`, `issue` and its numbers, see
 * `invalidInputError` in shared/contract/define.ts); this names the field in words and says what
 * is wrong, instead of zod's "✖ Too big: expected string to have <=1000 characters".
 */

/** What each input field of the contract is called on screen, in both languages. */
export const fieldNames: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  affiliation: { en: 'Union or organisation', es: 'Sindicato u organización' },
  apertiumPath: { en: 'Apertium program', es: 'Programa Apertium' },
  at: { en: 'Time', es: 'Momento' },
  bodyEn: { en: 'Notes in English', es: 'Notas en inglés' },
  bodyEs: { en: 'Notes in Spanish', es: 'Notas en español' },
  burn: { en: 'Subtitles burned into the picture', es: 'Subtítulos grabados en la imagen' },
  captions: { en: 'Captions', es: 'Subtítulos' },
  channels: { en: 'Sound', es: 'Sonido' },
  chapters: { en: 'Chapters', es: 'Capítulos' },
  clips: { en: 'Clips', es: 'Fragmentos' },
  confirm: { en: 'Confirmation', es: 'Confirmación' },
  consent: { en: 'Consent', es: 'Consentimiento' },
  consentNote: { en: 'Consent note', es: 'Nota sobre el consentimiento' },
  consentStatus: { en: 'Consent', es: 'Consentimiento' },
  copyIntoLibrary: {
    en: 'Copy recordings into the library',
    es: 'Copiar las grabaciones a la biblioteca',
  },
  cover: { en: 'Cover image', es: 'Imagen de portada' },
  credits: { en: 'Credits', es: 'Créditos' },
  cuts: { en: 'Cuts', es: 'Cortes' },
  description: { en: 'Description', es: 'Descripción' },
  descriptionEn: { en: 'Description in English', es: 'Descripción en inglés' },
  descriptionEs: { en: 'Description in Spanish', es: 'Descripción en español' },
  group: { en: 'Part of the episode', es: 'Parte del episodio' },
  marks: { en: 'Draft marks', es: 'Marcas de borrador' },
  detectSpeakers: {
    en: 'Detect speakers after transcription',
    es: 'Detectar hablantes después de transcribir',
  },
  disguise: { en: 'Disguise voices', es: 'Disfrazar voces' },
  drafts: { en: 'Machine-translated drafts', es: 'Borradores de traducción automática' },
  email: { en: 'Email', es: 'Correo electrónico' },
  en: namesOf('en'),
  end: { en: 'End', es: 'Final' },
  engine: { en: 'Engine', es: 'Motor' },
  episodeId: { en: 'Episode', es: 'Episodio' },
  es: namesOf('es'),
  ffmpegPath: { en: 'FFmpeg program', es: 'Programa FFmpeg' },
  fileName: { en: 'File name', es: 'Nombre del archivo' },
  filters: { en: 'Filters', es: 'Filtros' },
  find: { en: 'Find', es: 'Buscar' },
  formantSemitones: { en: 'Timbre shift, in semitones', es: 'Cambio de timbre, en semitonos' },
  format: { en: 'Format', es: 'Formato' },
  fps: { en: 'Frame rate', es: 'Fotogramas por segundo' },
  from: { en: 'From', es: 'Desde' },
  guests: { en: 'Guests', es: 'Invitadas e invitados' },
  includeWithdrawn: {
    en: 'Include recordings whose consent was withdrawn',
    es: 'Incluir grabaciones con consentimiento retirado',
  },
  interviewDate: { en: 'Date of the interview', es: 'Fecha de la entrevista' },
  interviewees: { en: 'Interviewees', es: 'Personas entrevistadas' },
  interviewer: { en: 'Interviewer', es: 'Entrevistador(a)' },
  into: { en: 'Merge into', es: 'Unir con' },
  intro: { en: 'Intro music', es: 'Música de entrada' },
  kind: { en: 'Kind', es: 'Tipo' },
  language: { en: 'Language', es: 'Idioma' },
  languages: { en: 'Languages spoken', es: 'Idiomas hablados' },
  limit: { en: 'Number of results', es: 'Cantidad de resultados' },
  lines: { en: 'Lines to translate', es: 'Líneas que traducir' },
  links: { en: 'Links', es: 'Enlaces' },
  lufs: { en: 'Loudness target (LUFS)', es: 'Volumen objetivo (LUFS)' },
  matchCase: { en: 'Match case', es: 'Distinguir mayúsculas' },
  maxCharsPerLine: { en: 'Characters a line', es: 'Caracteres por línea' },
  maxCharsPerSecond: { en: 'Reading speed', es: 'Velocidad de lectura' },
  maxDuration: { en: 'Longest time on screen', es: 'Tiempo máximo en pantalla' },
  maxLines: { en: 'Lines a cue', es: 'Líneas por subtítulo' },
  minDuration: { en: 'Shortest time on screen', es: 'Tiempo mínimo en pantalla' },
  minGapFrames: { en: 'Gap between cues', es: 'Separación entre subtítulos' },
  mode: { en: 'Cover the sound with', es: 'Cubrir el sonido con' },
  model: { en: 'Model', es: 'Modelo' },
  name: { en: 'Name', es: 'Nombre' },
  notes: { en: 'Notes', es: 'Notas' },
  number: { en: 'Episode number', es: 'Número de episodio' },
  output: { en: 'Save as', es: 'Guardar como' },
  outro: { en: 'Outro music', es: 'Música de cierre' },
  password: { en: 'Password', es: 'Contraseña' },
  path: { en: 'Path', es: 'Ruta' },
  paths: { en: 'Files', es: 'Archivos' },
  place: { en: 'Place', es: 'Lugar' },
  podcastPublishUrl: { en: 'Podcast address', es: 'Dirección del pódcast' },
  publishUrl: { en: 'Address where it is published', es: 'Dirección donde se publica' },
  query: { en: 'Search text', es: 'Texto de búsqueda' },
  reason: { en: 'Reason for the export', es: 'Motivo de la exportación' },
  remember: { en: 'Remember this voice', es: 'Recordar esta voz' },
  replace: { en: 'Replace with', es: 'Reemplazar con' },
  reviewedBy: { en: 'Your name (for review)', es: 'Su nombre (para la revisión)' },
  reviewerName: { en: 'Your name (for review)', es: 'Su nombre (para la revisión)' },
  role: { en: 'Role', es: 'Rol' },
  semitones: { en: 'Shift, in semitones', es: 'Cambio, en semitonos' },
  showTitle: { en: 'Show', es: 'Programa' },
  since: { en: 'Since', es: 'Desde' },
  size: { en: 'Shape', es: 'Forma' },
  soft: { en: 'Subtitle tracks', es: 'Pistas de subtítulos' },
  speaker: { en: 'Speaker', es: 'Hablante' },
  speakers: { en: 'Speakers', es: 'Hablantes' },
  start: { en: 'Start', es: 'Inicio' },
  summaryEn: { en: 'Summary in English', es: 'Resumen en inglés' },
  summaryEs: { en: 'Summary in Spanish', es: 'Resumen en español' },
  tags: { en: 'Tags', es: 'Etiquetas' },
  term: { en: 'Glossary term', es: 'Término del glosario' },
  text: { en: 'Text', es: 'Texto' },
  time: { en: 'Time', es: 'Tiempo' },
  title: { en: 'Title', es: 'Título' },
  titleEn: { en: 'Title in English', es: 'Título en inglés' },
  titleEs: { en: 'Title in Spanish', es: 'Título en español' },
  to: { en: 'To', es: 'Hasta' },
  track: { en: 'Track', es: 'Pista' },
  translate: { en: 'English translation', es: 'Traducción al inglés' },
  uiLanguage: { en: 'Interface language', es: 'Idioma de la interfaz' },
  until: { en: 'Until', es: 'Hasta' },
  url: { en: 'Address', es: 'Dirección' },
  wholeWord: { en: 'Whole words', es: 'Palabras completas' },
  word: { en: 'Name or word', es: 'Nombre o palabra' },
  year: { en: 'Year', es: 'Año' },
}

/**
 * Input fields no person types or picks (ids, positions, what the interface sends by itself): a
 * refusal there is a fault in Voces, said as "A value Voces needs" rather than by a name.
 */
export const internalFields: readonly string[] = [
  'asYouType',
  'caret',
  'chainGap',
  'cueId',
  'id',
  'intoId',
  'label',
  'maxLinger',
  'maxPauseInCue',
  'offset',
  'patch',
  'probability',
  'put',
  'recordingId',
  'recordingIds',
  'remove',
  'removeSpeakers',
  'reset',
  'review',
  'reviewedAt',
  'segmentId',
  'segmentIds',
  'source',
  'spans',
  'speakerId',
  'target',
  'texts',
  'wordIndex',
  'words',
]

const unnamed: Readonly<Record<Language, string>> = {
  en: 'A value Voces needs',
  es: 'Un dato que Voces necesita',
}

type Template =
  | 'tooLong'
  | 'tooShort'
  | 'empty'
  | 'tooMany'
  | 'tooFew'
  | 'atMost'
  | 'below'
  | 'atLeast'
  | 'above'
  | 'missing'
  | 'whole'
  | 'number'
  | 'date'
  | 'form'
  | 'control'
  | 'oneOf'
  | 'unknownKeys'
  | 'invalid'

const templates: Readonly<Record<Language, Readonly<Record<Template, string>>>> = {
  en: {
    tooLong: '{field}: too long; at most {maximum} characters.',
    tooShort: '{field}: too short; at least {minimum} characters.',
    empty: '{field}: this cannot be empty.',
    tooMany: '{field}: too many; at most {maximum}.',
    tooFew: '{field}: at least {minimum} needed.',
    atMost: '{field}: use a number no larger than {maximum}.',
    below: '{field}: use a number below {maximum}.',
    atLeast: '{field}: use a number no smaller than {minimum}.',
    above: '{field}: use a number above {minimum}.',
    missing: '{field}: this is missing.',
    whole: '{field}: use a whole number.',
    number: '{field}: use a number.',
    date: '{field}: use a day that exists, written YYYY-MM-DD, such as 2024-05-01.',
    form: '{field}: this is not written the way Voces expects.',
    control:
      '{field}: remove the invisible control character in it (such as NUL, or a line break where there is room for one line only); it cannot be saved or exported.',
    oneOf: '{field}: use one of {values}.',
    unknownKeys: '{field}: Voces does not know {keys}.',
    invalid: '{field}: this value is not valid.',
  },
  es: {
    tooLong: '{field}: demasiado largo; como máximo {maximum} caracteres.',
    tooShort: '{field}: demasiado corto; al menos {minimum} caracteres.',
    empty: '{field}: este dato no puede quedar vacío.',
    tooMany: '{field}: son demasiados; como máximo {maximum}.',
    tooFew: '{field}: se necesitan al menos {minimum}.',
    atMost: '{field}: use un número no mayor que {maximum}.',
    below: '{field}: use un número menor que {maximum}.',
    atLeast: '{field}: use un número no menor que {minimum}.',
    above: '{field}: use un número mayor que {minimum}.',
    missing: '{field}: falta este dato.',
    whole: '{field}: use un número entero.',
    number: '{field}: use un número.',
    date: '{field}: use un día que exista, escrito AAAA-MM-DD, como 2024-05-01.',
    form: '{field}: no está escrito como Voces lo espera.',
    control:
      '{field}: quite el carácter de control invisible que contiene (como NUL, o un salto de línea donde cabe una sola línea); no se puede guardar ni exportar.',
    oneOf: '{field}: use uno de estos valores: {values}.',
    unknownKeys: '{field}: Voces no conoce {keys}.',
    invalid: '{field}: este valor no es válido.',
  },
}

function templateFor(params: Params): Template {
  const { issue, origin, expected, format } = params
  const exclusive = params.inclusive === 0
  const minimum = typeof params.minimum === 'number' ? params.minimum : 0
  if (issue === 'too_big') {
    if (origin === 'string') return 'tooLong'
    if (origin === 'array' || origin === 'set') return 'tooMany'
    return exclusive ? 'below' : 'atMost'
  }
  if (issue === 'too_small') {
    if (origin === 'string') return minimum <= 1 ? 'empty' : 'tooShort'
    if (origin === 'array' || origin === 'set') return 'tooFew'
    return exclusive ? 'above' : 'atLeast'
  }
  if (issue === 'invalid_type') {
    if (params.missing === 1) return 'missing'
    if (expected === 'int') return 'whole'
    if (expected === 'number') return 'number'
    return 'invalid'
  }
  if (issue === 'invalid_format')
    return format === 'date' ? 'date' : format === 'text' ? 'control' : 'form'
  if (issue === 'invalid_value') return 'oneOf'
  if (issue === 'unrecognized_keys') return 'unknownKeys'
  if (issue === 'not_multiple_of') return 'whole'
  return 'invalid'
}

/**
 * The field a dotted path names, in words: the deepest part of it that has a name
 * (`filters.from` → "From", `clips.2.end` → "End"); ids and other internal parts have none.
 */
export function fieldName(language: Language, path: string): string {
  const parts = path.split('.').reverse()
  for (const part of parts) {
    const name = Object.hasOwn(fieldNames, part) ? fieldNames[part] : undefined
    if (name) return name[language]
  }
  return unnamed[language]
}

/** A refused value (the params of an `INVALID_INPUT` error) as one sentence in `language`. */
export function validationMessage(language: Language, params: Params): string {
  const field = fieldName(language, typeof params.field === 'string' ? params.field : '')
  return formatMessage(language, templates[language][templateFor(params)], { ...params, field })
}

/** The templates, for the catalogue tests: the same placeholders in both languages. */
export const validationTemplates = templates

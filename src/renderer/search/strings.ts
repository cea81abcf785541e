/** The search page's own words, in both interface languages (issue 5). */
export type SearchLanguage = 'en' | 'es'

const en = {
  title: 'Search the archive',
  placeholder: 'Words, "a phrase", organiz*, union OR sindicato, -strike',
  help: 'Accents and case do not matter. Quotes keep words together, * finds word beginnings, OR finds either, a minus leaves a word out.',
  language: 'Language',
  anyLanguage: 'Both languages',
  english: 'English',
  spanish: 'Spanish',
  speaker: 'Speaker',
  from: 'From',
  to: 'To',
  tags: 'Tags (comma between)',
  includeWithdrawn: 'Include recordings whose consent was withdrawn',
  searching: 'Searching…',
  nothingToSearch: 'Type a word to search every transcript.',
  noMatches: 'No matches.',
  hits: (n: number, more: boolean) =>
    `${more ? 'More than ' : ''}${n} ${n === 1 ? 'match' : 'matches'}`,
  inRecordings: (n: number) => `in ${n} ${n === 1 ? 'recording' : 'recordings'}`,
  playFrom: (time: string) => `Play from ${time}`,
  saved: 'Saved searches',
  savedNone: 'No saved searches',
  saveAs: 'Save search as…',
  saveName: 'Name for this search',
  save: 'Save',
  remove: 'Remove',
  exportCsv: 'Export CSV',
  consentWithdrawn: 'Consent withdrawn',
  consentRestricted: 'Restricted',
  error: 'The search failed:',
}

const es: typeof en = {
  title: 'Buscar en el archivo',
  placeholder: 'Palabras, "una frase", organiz*, sindicato OR union, -huelga',
  help: 'No importan los acentos ni las mayúsculas. Las comillas juntan palabras, * busca comienzos de palabra, OR busca cualquiera, un menos excluye una palabra.',
  language: 'Idioma',
  anyLanguage: 'Ambos idiomas',
  english: 'Inglés',
  spanish: 'Español',
  speaker: 'Hablante',
  from: 'Desde',
  to: 'Hasta',
  tags: 'Etiquetas (separadas por comas)',
  includeWithdrawn: 'Incluir grabaciones con consentimiento retirado',
  searching: 'Buscando…',
  nothingToSearch: 'Escriba una palabra para buscar en todas las transcripciones.',
  noMatches: 'Sin resultados.',
  hits: (n: number, more: boolean) =>
    `${more ? 'Más de ' : ''}${n} ${n === 1 ? 'resultado' : 'resultados'}`,
  inRecordings: (n: number) => `en ${n} ${n === 1 ? 'grabación' : 'grabaciones'}`,
  playFrom: (time: string) => `Reproducir desde ${time}`,
  saved: 'Búsquedas guardadas',
  savedNone: 'No hay búsquedas guardadas',
  saveAs: 'Guardar búsqueda como…',
  saveName: 'Nombre de esta búsqueda',
  save: 'Guardar',
  remove: 'Quitar',
  exportCsv: 'Exportar CSV',
  consentWithdrawn: 'Consentimiento retirado',
  consentRestricted: 'Restringida',
  error: 'La búsqueda falló:',
}

export type SearchStrings = typeof en
export const searchStrings: Record<SearchLanguage, SearchStrings> = { en, es }

import type { Language } from '../../shared/language.ts'
import { formatNumber } from '../../shared/i18n/index.ts'

/** The search page's own words, in both interface languages. */
export type SearchLanguage = Language

/** Numbers as each language writes them, Spanish as in Latin America: 2,000 (decision 0082). */
const count: Record<SearchLanguage, (n: number) => string> = {
  en: (n) => formatNumber('en', n),
  es: (n) => formatNumber('es', n),
}

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
  matches: (n: number) => `${count.en(n)} ${n === 1 ? 'match' : 'matches'}`,
  moreThan: (n: number) => `More than ${count.en(n)} matches`,
  inRecordings: (n: number) => `in ${count.en(n)} ${n === 1 ? 'recording' : 'recordings'}`,
  showing: (hits: number, recordings: number) =>
    `the best ${count.en(hits)} are shown, in ${count.en(recordings)} ${recordings === 1 ? 'recording' : 'recordings'}`,
  // Decision 0021: what a person is told when not every match could be ranked.
  newestNote: (n: number) =>
    `The best of the ${count.en(n)} added to the archive most recently are shown first; older ones were not ranked. Add a word to narrow the search.`,
  partialNote: (n: number) =>
    `Only the ${count.en(n)} places added most recently where these words are said were searched; older ones were not. Add a word to search further back.`,
  playFrom: (time: string) => `Play from ${time}`,
  saved: 'Saved searches',
  savedNone: 'No saved searches',
  saveAs: 'Save search as…',
  saveName: 'Name for this search',
  save: 'Save',
  remove: 'Remove',
  exportCsv: 'Export CSV',
  completing: (word: string) =>
    `Also words that begin with “${word}”. Type a space after it to search that word alone.`,
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
  matches: (n: number) => `${count.es(n)} ${n === 1 ? 'resultado' : 'resultados'}`,
  moreThan: (n: number) => `Más de ${count.es(n)} resultados`,
  inRecordings: (n: number) => `en ${count.es(n)} ${n === 1 ? 'grabación' : 'grabaciones'}`,
  showing: (hits: number, recordings: number) =>
    `se muestran los ${count.es(hits)} mejores, en ${count.es(recordings)} ${recordings === 1 ? 'grabación' : 'grabaciones'}`,
  newestNote: (n: number) =>
    `Primero se muestran los mejores de los ${count.es(n)} agregados al archivo más recientemente; los anteriores no se ordenaron. Agregue una palabra para acotar la búsqueda.`,
  partialNote: (n: number) =>
    `Solo se buscó en los ${count.es(n)} lugares agregados más recientemente donde se dicen estas palabras; en los anteriores no. Agregue una palabra para buscar más atrás.`,
  playFrom: (time: string) => `Reproducir desde ${time}`,
  saved: 'Búsquedas guardadas',
  savedNone: 'No hay búsquedas guardadas',
  saveAs: 'Guardar búsqueda como…',
  saveName: 'Nombre de esta búsqueda',
  save: 'Guardar',
  remove: 'Quitar',
  exportCsv: 'Exportar CSV',
  completing: (word: string) =>
    `También palabras que empiezan con «${word}». Escriba un espacio después para buscar solo esa palabra.`,
  consentWithdrawn: 'Consentimiento retirado',
  consentRestricted: 'Restringida',
  error: 'La búsqueda falló:',
}

export type SearchStrings = typeof en
export const searchStrings: Record<SearchLanguage, SearchStrings> = { en, es }

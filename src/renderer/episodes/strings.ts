import type { Language } from '../../shared/language.ts'

/** The words of the episode page's transcript, cuts and filler words, in both languages. */
export type CutsLanguage = Language

const en = {
  heading: 'Transcript and cuts',
  help: 'Select words (click, Shift+click, or the arrow keys with Shift; double-click takes a whole sentence), then press Delete to cut them from every export. Cut words stay here struck through: click one to restore its cut, press Enter to restore the selection, or undo with Ctrl+Z.',
  loading: 'Loading the transcript…',
  clip: (n: number, title: string, from: string, to: string) =>
    `Clip ${n}: ${title}, ${from}–${to}`,
  noTranscript:
    'This recording has no transcript yet: transcribe it or import one to cut by words.',
  transcriptOf: (n: number) => `Transcript of clip ${n}`,
  unknownSpeaker: 'Speaker',
  cut: 'Cut',
  restore: 'Restore',
  undo: 'Undo',
  redo: 'Redo',
  selected: (n: number) => `${n} ${n === 1 ? 'word' : 'words'} selected`,
  nothingSelected: 'Nothing selected',
  didCut: (n: number) => `${n} ${n === 1 ? 'word' : 'words'} cut. Undo with Ctrl+Z.`,
  didRestore: 'Restored.',
  didUndo: 'Undone.',
  didRedo: 'Redone.',
  heard: (length: string) => `The episode lasts ${length} once cut.`,
  fillersHeading: 'Filler words',
  fillersHelp:
    'Offered, never removed on their own: “este”, “pues” and “o sea” are also real words. Read each one in its sentence.',
  fillersNone: 'No filler words in these clips.',
  fillersCount: (left: number, all: number) => `${left} of ${all} still in the episode.`,
  removeAll: (n: number) => (n === 1 ? 'Remove the last one' : `Remove all ${n}`),
  remove: 'Remove',
  removeOne: (text: string, time: string) => `Remove “${text}” at ${time}`,
  restoreOne: (text: string, time: string) => `Restore “${text}” at ${time}`,
  didRemoveFillers: (n: number) =>
    `${n} filler ${n === 1 ? 'word' : 'words'} removed. Undo with Ctrl+Z in the transcript.`,
  failed: 'Not saved:',
}

const es: typeof en = {
  heading: 'Transcripción y cortes',
  help: 'Seleccione palabras (clic, Mayús+clic o las flechas con Mayús; doble clic toma una frase entera) y presione Supr para cortarlas de toda exportación. Las palabras cortadas siguen aquí tachadas: haga clic en una para recuperar su corte, presione Enter para recuperar la selección o deshaga con Ctrl+Z.',
  loading: 'Cargando la transcripción…',
  clip: (n: number, title: string, from: string, to: string) =>
    `Fragmento ${n}: ${title}, ${from}–${to}`,
  noTranscript:
    'Esta grabación aún no tiene transcripción: transcríbala o importe una para cortar por palabras.',
  transcriptOf: (n: number) => `Transcripción del fragmento ${n}`,
  unknownSpeaker: 'Hablante',
  cut: 'Cortar',
  restore: 'Recuperar',
  undo: 'Deshacer',
  redo: 'Rehacer',
  selected: (n: number) => `${n} ${n === 1 ? 'palabra seleccionada' : 'palabras seleccionadas'}`,
  nothingSelected: 'Nada seleccionado',
  didCut: (n: number) =>
    `${n} ${n === 1 ? 'palabra cortada' : 'palabras cortadas'}. Deshaga con Ctrl+Z.`,
  didRestore: 'Recuperado.',
  didUndo: 'Deshecho.',
  didRedo: 'Rehecho.',
  heard: (length: string) => `Con los cortes, el episodio dura ${length}.`,
  fillersHeading: 'Muletillas',
  fillersHelp:
    'Se ofrecen, nunca se quitan solas: «este», «pues» y «o sea» también son palabras de verdad. Lea cada una en su frase.',
  fillersNone: 'No hay muletillas en estos fragmentos.',
  fillersCount: (left: number, all: number) => `Quedan ${left} de ${all} en el episodio.`,
  removeAll: (n: number) => (n === 1 ? 'Quitar la última' : `Quitar las ${n}`),
  remove: 'Quitar',
  removeOne: (text: string, time: string) => `Quitar «${text}» en ${time}`,
  restoreOne: (text: string, time: string) => `Recuperar «${text}» en ${time}`,
  didRemoveFillers: (n: number) =>
    `${n} ${n === 1 ? 'muletilla quitada' : 'muletillas quitadas'}. Deshaga con Ctrl+Z en la transcripción.`,
  failed: 'No se guardó:',
}

export type CutsStrings = typeof en
export const cutsStrings: Record<CutsLanguage, CutsStrings> = { en, es }

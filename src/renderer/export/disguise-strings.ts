import type { Language } from '../../shared/language.ts'
import { formatClockTime } from '../../shared/time.ts'

/** The export dialog's voice disguise and transcript download, in both interface languages. */
export type DisguiseLanguage = Language

/** m:ss of speech, for the speaker list. */
const clock = (seconds: number) => formatClockTime(seconds, { hours: 'never' })

const en = {
  legend: 'Disguise voices',
  intro:
    'The voices of the speakers you tick are shifted in pitch in this export. Everyone else, and all the timing, stay as they are.',
  loading: 'Looking for the speakers in the transcript…',
  none: 'The transcript names no speakers, so there is no voice to pick. Name them in the editor first.',
  speaker: (speaker: string, name: string, seconds: number) =>
    `${name && name !== speaker ? `${name} (${speaker})` : speaker} · ${clock(seconds)}`,
  semitones: 'Shift, in semitones',
  semitonesHint: 'Default −4: four semitones lower. From −12 to 12, at least 1 up or down.',
  semitonesInvalid: 'Give a shift from −12 to 12 semitones, at least 1 up or down.',
  warning:
    'A pitch shift keeps a voice from being recognised at once, not from someone determined: shifting it back undoes much of it, and the words, accent and way of speaking do not change. Redact names and places too; when a person must not be identified, do not publish their voice.',
  transcriptKind: 'Transcript',
  transcriptFormat: 'Format',
  transcriptText: 'Text (TXT)',
  transcriptTrack: 'Track',
  transcriptHint:
    'The transcript as stored, with redacted words masked. The file is saved where your browser or the app saves downloads.',
  transcriptSaved: (file: string) => `Saved ${file}.`,
}

const es: typeof en = {
  legend: 'Disfrazar voces',
  intro:
    'La voz de las personas que marque cambia de tono en esta exportación. Las demás voces y todos los tiempos quedan igual.',
  loading: 'Buscando a los hablantes en la transcripción…',
  none: 'La transcripción no nombra a ningún hablante, así que no hay voz que elegir. Póngales nombre primero en el editor.',
  speaker: (speaker: string, name: string, seconds: number) =>
    `${name && name !== speaker ? `${name} (${speaker})` : speaker} · ${clock(seconds)}`,
  semitones: 'Cambio, en semitonos',
  semitonesHint:
    'Por defecto −4: cuatro semitonos más grave. De −12 a 12, al menos 1 hacia arriba o hacia abajo.',
  semitonesInvalid:
    'Indique un cambio de −12 a 12 semitonos, al menos 1 hacia arriba o hacia abajo.',
  warning:
    'Cambiar el tono evita que se reconozca una voz de inmediato, no ante alguien decidido: volver a cambiarlo deshace buena parte, y las palabras, el acento y la manera de hablar no cambian. Omita también nombres y lugares; si una persona no debe ser identificada, no publique su voz.',
  transcriptKind: 'Transcripción',
  transcriptFormat: 'Formato',
  transcriptText: 'Texto (TXT)',
  transcriptTrack: 'Pista',
  transcriptHint:
    'La transcripción tal como está guardada, con las palabras omitidas enmascaradas. El archivo se guarda donde su navegador o la aplicación guardan las descargas.',
  transcriptSaved: (file: string) => `Guardado ${file}.`,
}

export type DisguiseStrings = typeof en
export const disguiseStrings: Record<DisguiseLanguage, DisguiseStrings> = { en, es }

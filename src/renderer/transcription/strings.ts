import type { Language } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'

/**
 * The transcription screens' own words, in both interface languages. Spanish is the
 * Latin-American register the rest of Voces uses: "usted", "archivo", "computadora".
 */
const en = {
  nav: 'Models',
  // Library: selection and the Transcribe dialog
  selectRecording: (title: string) => `Select ${title}`,
  selectAll: 'Select all recordings',
  transcribeSelected: (n: number) => (n > 0 ? `Transcribe selected (${n})` : 'Transcribe selected'),
  selectFirst: 'Tick the recordings to transcribe.',
  dialogTitle: (n: number) => `Transcribe ${n} ${n === 1 ? 'recording' : 'recordings'}`,
  spoken: 'Language spoken',
  detect: 'Detect (English or Spanish, even mixed)',
  english: 'English',
  spanish: 'Spanish',
  model: 'Model',
  modelOption: (name: string, size: string) => `${name} (${size})`,
  defaultSuffix: ' – default',
  translate: 'Also make an English translation',
  translateHint: 'For Spanish speech: a second track in English, beside the Spanish one.',
  translateOff: 'Choose Spanish or Detect to make a translation.',
  local: 'Everything stays on this computer: nothing is sent anywhere.',
  start: 'Transcribe',
  starting: 'Starting…',
  cancel: 'Cancel',
  started: (n: number) =>
    `${n} ${n === 1 ? 'transcription' : 'transcriptions'} started. Follow ${n === 1 ? 'it' : 'them'} in Tasks, at the top of the window.`,
  noModelYet: 'No speech model is installed yet.',
  engineMissing: 'The transcription engine is not installed on this computer.',
  openModels: 'Go to Models',
  loadingModels: 'Looking for models…',
  // First run
  bannerTitle: 'To transcribe, Voces needs a speech model',
  bannerNoEngineTitle: 'To transcribe, Voces needs its transcription engine',
  bannerNoEngineBody:
    'The engine that runs the speech models is not installed on this computer yet. Models says how to get it; a model is worth downloading after that.',
  bannerBody: (name: string, size: string) =>
    `We recommend “${name}” (${size}): good in English and Spanish, and fast on an ordinary computer. It is downloaded once and works offline after that.`,
  download: 'Download',
  downloadNamed: (name: string) => `Download ${name}`,
  seeAllModels: 'See all models',
  dismiss: 'Not now',
  downloaded: (name: string) => `${name} is ready. You can transcribe now.`,
  // Models page
  pageTitle: 'Speech models',
  pageIntro:
    'Voces transcribes with Whisper on this computer. A bigger model is more accurate and slower.',
  folder: 'Models folder',
  engineTitle: 'Transcription engine',
  engineFound: 'Installed and ready.',
  engineNotFound: 'Not found. Voces cannot transcribe until it is installed.',
  engineHow: 'How to install it:',
  buildEngine: 'Build the transcription engine',
  buildIntro:
    'This copy of Voces runs from its source code: it can build the engine for this computer (a few minutes).',
  buildFailed: 'The build did not finish. The last lines of its output:',
  buildMissing: 'To build the engine, this computer needs these tools first:',
  buildTools: {
    cmake: 'CMake',
    compiler: 'A C++ compiler',
    'build-tool': 'Make or Ninja',
  } as Readonly<Record<string, string>>,
  buildInstall:
    'Debian or Ubuntu: sudo apt install cmake build-essential · macOS: xcode-select --install, then brew install cmake · Windows: Visual Studio Build Tools (C++) and CMake from cmake.org',
  buildAgain: 'Then come back to this page.',
  catalogueTitle: 'Models',
  colName: 'Model',
  colSize: 'Size',
  colLanguages: 'Languages',
  colAbout: 'About',
  colStatus: 'Status',
  multilingual: 'English, Spanish and more',
  englishOnly: 'English only',
  installed: 'Installed',
  isDefault: 'Used by default',
  notInstalled: 'Not installed',
  addedByHand: 'Added by hand.',
  quantized: 'compressed',
  addTitle: 'Add a model file',
  addIntro:
    'Already have a whisper.cpp model (a ggml-….bin file)? Give its full path on this computer.',
  addPath: 'Path of the model file',
  addButton: 'Add',
  adding: 'Adding…',
  added: (name: string) => `${name} was added.`,
  loadFailed: 'The models could not be listed.',
  retry: 'Try again',
  descriptions: {
    tiny: 'Fastest, least accurate.',
    'tiny-q5_1': 'Tiny, compressed: the smallest download.',
    base: 'Fast; fine for clear speech.',
    'base-q5_1': 'Base, compressed.',
    small: 'A good balance of speed and accuracy.',
    'small-q5_1': 'Small, compressed: nearly as good, a third of the size.',
    medium: 'Accurate; slow without a graphics card.',
    'medium-q5_0': 'Medium, compressed.',
    'large-v3-turbo': 'The most accurate for its speed; best with a graphics card.',
    'large-v3-turbo-q5_0': 'Large v3 turbo, compressed: the most accurate choice.',
  } as Readonly<Record<string, string>>,
  errors: {
    NO_MODEL: 'No speech model is installed. Download one on the Models page, or add a model file.',
    ENGINE_NOT_FOUND:
      'The transcription engine (whisper.cpp) is not installed. The Models page says how to install it.',
    TRANSCRIPTION_RUNNING:
      'One of these recordings is already being transcribed. Wait for it to finish, or cancel it in Tasks.',
    MODEL_NOT_INSTALLED: 'This model is not installed. Download it on the Models page.',
    MODEL_NOT_FOUND: 'The model file is missing. Download it again or choose another model.',
    MODEL_CORRUPT:
      'This is not a whisper.cpp model, or the file is damaged. Download it again or choose another file.',
    MODEL_UNKNOWN: 'There is no model with this name in the list.',
    MODEL_CHECKSUM_MISMATCH:
      'The downloaded file did not match the published one, so it was deleted. Download it again.',
    DOWNLOAD_FAILED:
      'The download did not finish. Check the internet connection and try again: it picks up where it stopped.',
    WORKING_AUDIO_MISSING:
      'The audio Voces prepared for this recording is missing. Remove the recording and add it again.',
    WORKING_AUDIO_UNREADABLE:
      'The audio Voces prepared for this recording cannot be read. Remove the recording and add it again.',
    ENGINE_CRASHED:
      'The transcription engine stopped unexpectedly (Voces itself is fine). Try another model.',
    ENGINE_FAILED: 'The transcription engine failed. Try again, or try a smaller model.',
    FILE_NOT_FOUND: 'There is no file at this path. Check it and try again.',
  } as Readonly<Record<string, string>>,
}

export type TranscriptionStrings = typeof en

const es: TranscriptionStrings = {
  nav: 'Modelos',
  selectRecording: (title: string) => `Seleccionar ${title}`,
  selectAll: 'Seleccionar todas las grabaciones',
  transcribeSelected: (n: number) =>
    n > 0 ? `Transcribir seleccionadas (${n})` : 'Transcribir seleccionadas',
  selectFirst: 'Marque las grabaciones que quiere transcribir.',
  dialogTitle: (n: number) => `Transcribir ${n} ${n === 1 ? 'grabación' : 'grabaciones'}`,
  spoken: 'Idioma hablado',
  detect: 'Detectar (inglés o español, aunque se mezclen)',
  english: 'Inglés',
  spanish: 'Español',
  model: 'Modelo',
  modelOption: (name: string, size: string) => `${name} (${size})`,
  defaultSuffix: ' – predeterminado',
  translate: 'Hacer también una traducción al inglés',
  translateHint: 'Para lo hablado en español: una segunda pista en inglés, junto a la de español.',
  translateOff: 'Elija Español o Detectar para hacer una traducción.',
  local: 'Todo se queda en esta computadora: no se envía nada a ningún lado.',
  start: 'Transcribir',
  starting: 'Iniciando…',
  cancel: 'Cancelar',
  started: (n: number) =>
    n === 1
      ? 'Se inició 1 transcripción. Puede seguirla en Tareas, arriba en la ventana.'
      : `Se iniciaron ${n} transcripciones. Puede seguirlas en Tareas, arriba en la ventana.`,
  noModelYet: 'Todavía no hay ningún modelo de voz instalado.',
  engineMissing: 'El motor de transcripción no está instalado en esta computadora.',
  openModels: 'Ir a Modelos',
  loadingModels: 'Buscando modelos…',
  bannerTitle: 'Para transcribir, Voces necesita un modelo de voz',
  bannerNoEngineTitle: 'Para transcribir, Voces necesita su motor de transcripción',
  bannerNoEngineBody:
    'El motor que ejecuta los modelos de voz todavía no está instalado en esta computadora. En Modelos se explica cómo obtenerlo; después vale la pena descargar un modelo.',
  bannerBody: (name: string, size: string) =>
    `Le recomendamos “${name}” (${size}): funciona bien en inglés y en español, y es rápido en una computadora común. Se descarga una sola vez y después funciona sin internet.`,
  download: 'Descargar',
  downloadNamed: (name: string) => `Descargar ${name}`,
  seeAllModels: 'Ver todos los modelos',
  dismiss: 'Ahora no',
  downloaded: (name: string) => `${name} está listo. Ya puede transcribir.`,
  pageTitle: 'Modelos de voz',
  pageIntro:
    'Voces transcribe con Whisper en esta computadora. Un modelo más grande es más preciso y más lento.',
  folder: 'Carpeta de modelos',
  engineTitle: 'Motor de transcripción',
  engineFound: 'Instalado y listo.',
  engineNotFound: 'No se encontró. Voces no puede transcribir hasta que se instale.',
  engineHow: 'Cómo instalarlo:',
  buildEngine: 'Compilar el motor de transcripción',
  buildIntro:
    'Esta copia de Voces se ejecuta desde su código fuente: puede compilar el motor para esta computadora (unos minutos).',
  buildFailed: 'La compilación no terminó. Las últimas líneas de su salida:',
  buildMissing: 'Para compilar el motor, esta computadora necesita primero estas herramientas:',
  buildTools: {
    cmake: 'CMake',
    compiler: 'Un compilador de C++',
    'build-tool': 'Make o Ninja',
  },
  buildInstall:
    'Debian o Ubuntu: sudo apt install cmake build-essential · macOS: xcode-select --install y luego brew install cmake · Windows: Visual Studio Build Tools (C++) y CMake de cmake.org',
  buildAgain: 'Después vuelva a esta página.',
  catalogueTitle: 'Modelos',
  colName: 'Modelo',
  colSize: 'Tamaño',
  colLanguages: 'Idiomas',
  colAbout: 'Descripción',
  colStatus: 'Estado',
  multilingual: 'Inglés, español y más',
  englishOnly: 'Solo inglés',
  installed: 'Instalado',
  isDefault: 'Se usa por defecto',
  notInstalled: 'No instalado',
  addedByHand: 'Agregado a mano.',
  quantized: 'comprimido',
  addTitle: 'Agregar un archivo de modelo',
  addIntro:
    '¿Ya tiene un modelo de whisper.cpp (un archivo ggml-….bin)? Escriba su ruta completa en esta computadora.',
  addPath: 'Ruta del archivo de modelo',
  addButton: 'Agregar',
  adding: 'Agregando…',
  added: (name: string) => `Se agregó ${name}.`,
  loadFailed: 'No se pudo obtener la lista de modelos.',
  retry: 'Intentar de nuevo',
  descriptions: {
    tiny: 'El más rápido y el menos preciso.',
    'tiny-q5_1': 'Tiny comprimido: la descarga más pequeña.',
    base: 'Rápido; sirve para una voz clara.',
    'base-q5_1': 'Base comprimido.',
    small: 'Buen equilibrio entre velocidad y precisión.',
    'small-q5_1': 'Small comprimido: casi igual de bueno, en un tercio del tamaño.',
    medium: 'Preciso; lento sin tarjeta gráfica.',
    'medium-q5_0': 'Medium comprimido.',
    'large-v3-turbo': 'El más preciso para su velocidad; mejor con tarjeta gráfica.',
    'large-v3-turbo-q5_0': 'Large v3 turbo comprimido: la opción más precisa.',
  },
  errors: {
    NO_MODEL:
      'No hay ningún modelo de voz instalado. Descargue uno en la página Modelos o agregue un archivo de modelo.',
    ENGINE_NOT_FOUND:
      'El motor de transcripción (whisper.cpp) no está instalado. En la página Modelos se explica cómo instalarlo.',
    TRANSCRIPTION_RUNNING:
      'Una de estas grabaciones ya se está transcribiendo. Espere a que termine o cancélela en Tareas.',
    MODEL_NOT_INSTALLED: 'Este modelo no está instalado. Descárguelo en la página Modelos.',
    MODEL_NOT_FOUND: 'Falta el archivo del modelo. Descárguelo de nuevo o elija otro modelo.',
    MODEL_CORRUPT:
      'Este no es un modelo de whisper.cpp, o el archivo está dañado. Descárguelo de nuevo o elija otro archivo.',
    MODEL_UNKNOWN: 'No hay ningún modelo con ese nombre en la lista.',
    MODEL_CHECKSUM_MISMATCH:
      'El archivo descargado no coincide con el publicado, así que se borró. Descárguelo de nuevo.',
    DOWNLOAD_FAILED:
      'La descarga no terminó. Revise la conexión a internet e intente de nuevo: sigue desde donde se quedó.',
    WORKING_AUDIO_MISSING:
      'Falta el audio que Voces preparó para esta grabación. Quite la grabación y vuelva a agregarla.',
    WORKING_AUDIO_UNREADABLE:
      'No se puede leer el audio que Voces preparó para esta grabación. Quite la grabación y vuelva a agregarla.',
    ENGINE_CRASHED:
      'El motor de transcripción se detuvo de forma inesperada (Voces sigue bien). Pruebe con otro modelo.',
    ENGINE_FAILED:
      'Falló el motor de transcripción. Intente de nuevo o pruebe con un modelo más pequeño.',
    FILE_NOT_FOUND: 'No hay ningún archivo en esa ruta. Revísela e intente de nuevo.',
  },
}

export const transcriptionStrings: Readonly<Record<Language, TranscriptionStrings>> = { en, es }

/** The nav item's label, in both languages (the header picks one). */
export const modelsNavLabel: Readonly<Record<Language, string>> = { en: en.nav, es: es.nav }

/** These strings in the interface language, with the shared translator beside them. */
export function useTranscriptionStrings() {
  const i18n = useT()
  return { ...i18n, s: transcriptionStrings[i18n.language] }
}

import type { MessageKey } from './en.ts'
import type { Message } from './types.ts'

/**
 * El catálogo en español (latinoamericano, de usted): exactamente las claves del inglés, lo que
 * comprueban el tipo y tests/renderer/i18n.test.ts. Escrito para trabajadoras, trabajadores y
 * archivistas, no traducido palabra por palabra.
 */
export const es = {
  'app.name': 'Voces',
  'app.tagline': 'Estudio de entrevistas',
  'app.skipToContent': 'Ir al contenido',
  'nav.library': 'Biblioteca',
  'nav.search': 'Buscar',
  'nav.main': 'Principal',
  'app.loading': 'Abriendo Voces…',

  'language.label': 'Idioma de la interfaz',
  'language.en': 'Inglés',
  'language.es': 'Español',

  'library.heading': 'Grabaciones',
  'library.count': { one: '{count} grabación', other: '{count} grabaciones' },
  'library.loading': 'Cargando la biblioteca…',
  'library.empty':
    'Todavía no hay grabaciones. Arrastre sus entrevistas a esta ventana para empezar.',
  'library.loadFailed': 'No se pudo cargar la biblioteca.',
  'library.retry': 'Volver a intentar',
  'library.kind.audio': 'Audio',
  'library.kind.video': 'Video',
  'library.undated': 'Sin fecha',
  'library.caption': 'Grabaciones de la biblioteca. Abra una para escucharla y describirla.',
  'library.col.title': 'Título',
  'library.col.duration': 'Duración',
  'library.col.kind': 'Tipo',
  'library.col.date': 'Fecha de la entrevista',
  'library.col.consent': 'Consentimiento',
  'library.col.tags': 'Etiquetas',

  'consent.badge.given': 'Con consentimiento',
  'consent.badge.restricted': 'Uso restringido',
  'consent.badge.withdrawn': 'Consentimiento retirado',
  'consent.badge.unknown': 'Consentimiento sin confirmar',

  'home.heading': 'Agregar grabaciones',
  'home.intro':
    'Voces guarda sus entrevistas en esta computadora. Los archivos originales nunca se modifican: Voces los lee y prepara sus propias copias de trabajo.',
  'import.dropTitle': 'Arrastre aquí archivos de audio o video, o carpetas completas',
  'import.dropHint':
    'En cualquier parte de esta ventana. MP3, WAV, M4A, FLAC, OGG, Opus, MP4, MOV, MKV, WebM.',
  'import.choose': 'Agregar grabaciones…',
  'import.chooseFolder': 'Agregar una carpeta…',
  'import.pathShow': 'O agregue desde una ruta de esta computadora',
  'import.pathLabel': 'Ruta en esta computadora',
  'import.pathHint':
    'Un archivo o una carpeta de la computadora donde corre Voces, por ejemplo /home/ana/entrevistas.',
  'import.pathSubmit': 'Agregar',
  'import.dropOverlay': 'Suelte para agregar a la biblioteca',
  'import.nothingFound': 'No se encontraron archivos de audio ni de video en lo que arrastró.',

  'jobs.heading': 'Importaciones',
  'jobs.empty': 'Aquí verá los archivos que agregue mientras Voces los prepara.',
  'jobs.active': {
    one: '{count} importación en curso',
    other: '{count} importaciones en curso',
  },
  'jobs.uploading': 'Enviando el archivo a Voces…',
  'jobs.queued': 'Esperando su turno…',
  'jobs.running': '{percent} % listo',
  'jobs.timeLeft': 'faltan unos {time}',
  'jobs.estimating': 'calculando el tiempo restante…',
  'jobs.succeeded': 'Lista',
  'jobs.cancelled': 'Cancelada',
  'jobs.cancel': 'Cancelar',
  'jobs.cancelNamed': 'Cancelar la importación de {name}',
  'jobs.open': 'Abrir',
  'jobs.clear': 'Quitar las terminadas',
  'jobs.dismiss': 'Quitar',
  'jobs.failed': 'No se pudo agregar',
  'jobs.progressLabel': 'Avance de {name}',

  'tray.button': { one: '{count} tarea en curso', other: '{count} tareas en curso' },
  'tray.idle': 'Tareas',
  'tray.heading': 'Tareas',
  'tray.empty': 'No hay nada en curso.',
  'tray.recent': 'Terminadas',
  'tray.close': 'Cerrar',
  'tray.kind.ingest': 'Agregando',
  'tray.kind.export': 'Exportando',

  'time.seconds': { one: '{count} segundo', other: '{count} segundos' },
  'time.minutes': { one: '{count} minuto', other: '{count} minutos' },
  'time.hours': { one: '{count} hora', other: '{count} horas' },

  'recording.loading': 'Abriendo la grabación…',
  'recording.back': 'Volver a la biblioteca',
  'recording.summary': 'Datos de la grabación',
  'recording.original': 'Archivo original',
  'recording.added': 'Agregada el {date}',
  'recording.format': 'Formato',
  'recording.technical': 'Datos técnicos',
  'recording.codecs': 'Códecs',
  'recording.size': 'Tamaño',
  'recording.resolution': 'Tamaño de la imagen',
  'recording.sound': 'Sonido',
  'recording.channels': { one: '{count} canal', other: '{count} canales' },
  'recording.sha256': 'Huella SHA-256',
  'recording.copy': 'Copia guardada en la biblioteca',
  'recording.delete': 'Eliminar la grabación…',
  'recording.deleteTitle': '¿Eliminar «{title}»?',
  'recording.deleteBody':
    'Voces quita de la biblioteca esta grabación, sus datos y sus copias de trabajo. El archivo original en esta computadora no se toca.',
  'recording.deleteConfirm': 'Eliminar',
  'recording.deleteCancel': 'Conservarla',
  'recording.deleting': 'Eliminando…',

  'player.label': 'Reproductor',
  'player.fallback':
    'El archivo original no se puede reproducir aquí; Voces está reproduciendo su copia de trabajo del sonido.',
  'player.unplayable': 'Esta grabación no se puede reproducir en esta computadora.',
  'player.waveform':
    'Forma de onda: haga clic o use las flechas del teclado para mover la posición de reproducción',
  'player.waveformLoading': 'Dibujando la forma de onda…',
  'player.waveformMissing': 'La forma de onda no está disponible.',
  'player.time': '{current} de {total}',

  'form.heading': 'Sobre esta entrevista',
  'form.title': 'Título',
  'form.interviewees': 'Personas entrevistadas',
  'form.intervieweePlaceholder': 'Nombre, y sindicato u oficio si lo desea',
  'form.addInterviewee': 'Agregar persona entrevistada',
  'form.removeInterviewee': 'Quitar a {name}',
  'form.noInterviewees': 'Todavía no hay nadie en la lista.',
  'form.interviewer': 'Entrevistador(a)',
  'form.date': 'Fecha de la entrevista',
  'form.place': 'Lugar',
  'form.languages': 'Idiomas hablados',
  'form.consent': 'Consentimiento',
  'form.consentNote': 'Nota sobre el consentimiento',
  'form.consentNoteHint': 'Qué se acordó, con quién y cuándo; cualquier límite de uso.',
  'form.tags': 'Etiquetas',
  'form.tagsHint': 'Presione Enter o escriba una coma después de cada etiqueta.',
  'form.removeTag': 'Quitar la etiqueta {name}',
  'form.notes': 'Notas',

  'languages.en': 'Inglés',
  'languages.es': 'Español',
  'languages.en,es': 'Inglés y español',

  'consent.given': 'Otorgado',
  'consent.restricted': 'Restringido',
  'consent.withdrawn': 'Retirado',
  'consent.unknown': 'Sin confirmar',

  'save.saved': 'Guardado',
  'save.saving': 'Guardando…',
  'save.pending': 'Cambios sin guardar',
  'save.invalid': 'Sin guardar: corrija el campo marcado',
  'save.failed': 'Sin guardar: {reason}',

  'validation.required': 'Este campo no puede quedar vacío.',
  'validation.titleRequired': 'Póngale un título a la grabación.',
  'validation.tooLong': 'Es demasiado largo: como máximo {max} caracteres.',
  'validation.tooMany': 'Son demasiados: como máximo {max}.',
  'validation.date': 'Escriba la fecha completa, por ejemplo 2024-05-01.',
  'validation.invalid': 'Este valor no es válido.',

  'error.FFMPEG_NOT_FOUND':
    'Voces necesita FFmpeg para leer las grabaciones y no lo encontró. Instale FFmpeg o indique dónde está en la configuración.',
  'error.FFMPEG_FAILED':
    'FFmpeg no pudo terminar de leer este archivo. Puede estar dañado; revise si se reproduce en un reproductor.',
  'error.EMPTY_FILE': 'El archivo está vacío (0 bytes). Cópielo otra vez desde donde se grabó.',
  'error.MEDIA_UNREADABLE':
    'No es un archivo de audio o video que Voces pueda leer. Puede estar dañado, o ser otro tipo de archivo con nombre de grabación.',
  'error.NO_AUDIO':
    'Este video no tiene pista de sonido, así que no hay nada que escuchar ni transcribir.',
  'error.NOT_A_FILE': 'Es una carpeta, no una grabación.',
  'error.NO_MEDIA_FOUND': 'No se encontraron archivos de audio ni de video en esta carpeta.',
  'error.FOLDER_UNREADABLE': 'No se pudo abrir la carpeta. Revise que tenga permiso para leerla.',
  'error.FILE_UNREADABLE': 'No se pudo abrir el archivo. Revise que tenga permiso para leerlo.',
  'error.FILE_NOT_FOUND':
    'No se encontró el archivo. Puede que lo hayan movido, cambiado de nombre o borrado.',
  'error.DUPLICATE_RECORDING': 'Este archivo ya está en la biblioteca.',
  'error.DUPLICATE_RECORDING.title': 'Este archivo ya está en la biblioteca, como «{title}».',
  'error.RECORDING_NOT_FOUND':
    'Esta grabación no está en la biblioteca. Puede que la hayan quitado.',
  'error.EPISODE_NOT_FOUND': 'Este episodio ya no existe. Puede que lo hayan eliminado.',
  'error.JOB_NOT_FOUND': 'Esta tarea ya terminó o fue quitada.',
  'error.DISK_FULL': 'El disco está lleno. Libere espacio y vuelva a intentarlo.',
  'error.CANCELLED': 'Cancelado.',
  'error.INVALID_INPUT': 'Voces no pudo aceptar este valor. Revíselo y vuelva a intentarlo.',
  'error.TOO_LARGE': 'Es demasiado grande para enviarlo a Voces de una sola vez.',
  'error.NETWORK': 'Voces no responde. Revise que siga abierto y vuelva a intentarlo.',
  'error.UNAUTHORISED':
    'Esta página ya no está conectada a Voces. Vuelva a abrir Voces con el enlace que mostró.',
  'error.UPLOAD_FAILED': 'No se pudo enviar el archivo a Voces. Vuelva a intentarlo.',
  'error.INTERNAL':
    'Algo falló dentro de Voces. Vuelva a intentarlo; si se repite, el registro en la carpeta de la biblioteca da más detalles.',
} as const satisfies Record<MessageKey, Message>

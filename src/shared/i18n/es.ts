import type {
  CutsKey,
  DisguiseKey,
  EditorKey,
  MessageKey,
  PeopleKey,
  SearchKey,
  TranscriptionKey,
} from './en.ts'
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
  'app.notFound.title': 'No se encontró la página',
  'app.notFound.text':
    'Esta dirección no lleva a nada en Voces. Puede que se haya escrito o copiado mal.',
  'app.notFound.back': 'Ir a la biblioteca',

  'language.label': 'Idioma de la interfaz',
  'language.en': 'Inglés',
  'language.es': 'Español',

  'library.heading': 'Grabaciones',
  'library.count': '{count, plural, one {# grabación} other {# grabaciones}}',
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
  'library.col.transcript': 'Transcripción',
  'library.col.subtitles': 'Subtítulos',
  'library.col.checked': 'Revisado',
  'library.state.transcribed': 'Transcrita',
  'library.state.none': '—',
  'library.state.checked': '{share} %',
  'library.search.label': 'Buscar en la biblioteca',
  'library.search.placeholder': 'Título, personas, etiquetas, notas…',
  'library.sort.label': 'Ordenar por',
  'library.sort.added': 'Agregada, más reciente primero',
  'library.sort.interviewDate': 'Fecha de la entrevista, más reciente primero',
  'library.sort.length': 'Duración, más larga primero',
  'library.sort.title': 'Título, de la A a la Z',
  'library.filter.language': 'Idioma',
  'library.filter.consent': 'Consentimiento',
  'library.filter.tag': 'Etiqueta',
  'library.filter.speakersNamed': 'Hablantes con nombre',
  'library.filter.any': 'Cualquiera',
  'library.filter.yes': 'Sí',
  'library.filter.no': 'No',
  'library.filter.none': 'Ninguno',
  'library.filter.checkedAll': 'Todo revisado',
  'library.filter.checkedSome': 'Revisado en parte',
  'library.shown': '{shown} de {count} grabaciones',
  'library.noMatch': 'Ninguna grabación coincide con esta búsqueda y estos filtros.',

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
  'jobs.active': '{count, plural, one {# importación en curso} other {# importaciones en curso}}',
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

  'tray.button': '{count, plural, one {# tarea en curso} other {# tareas en curso}}',
  'tray.idle': 'Tareas',
  'tray.heading': 'Tareas',
  'tray.empty': 'No hay nada en curso.',
  'tray.recent': 'Terminadas',
  'tray.close': 'Cerrar',
  'tray.kind.ingest': 'Agregando',
  'tray.kind.export': 'Exportando',

  'time.seconds': '{count, plural, one {# segundo} other {# segundos}}',
  'time.minutes': '{count, plural, one {# minuto} other {# minutos}}',
  'time.hours': '{count, plural, one {# hora} other {# horas}}',

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
  'recording.channels': '{count, plural, one {# canal} other {# canales}}',
  'recording.sha256': 'Huella SHA-256',
  'recording.copy': 'Copia guardada en la biblioteca',
  'recording.delete': 'Eliminar la grabación…',
  'recording.deleteTitle': '¿Eliminar «{title}»?',
  'recording.deleteBody':
    'Voces quita de la biblioteca esta grabación, sus datos y sus copias de trabajo. El archivo original en esta computadora no se toca.',
  'recording.deleteConfirm': 'Eliminar',
  'recording.deleteCopy': 'Eliminar la copia de la biblioteca…',
  'recording.deleteCopyTitle': '¿Eliminar la copia del original que guarda la biblioteca?',
  'recording.deleteCopyBody':
    'La copia que hizo la biblioteca al importar se elimina para siempre. El original queda donde usted lo guarda ({path}); las exportaciones lo leen de allí. La transcripción, los subtítulos y la copia de escucha se conservan.',
  'recording.deleteCopyConfirm': 'Eliminar la copia',
  'recording.deleteCancel': 'Conservarla',
  'recording.deleting': 'Eliminando…',

  'player.label': 'Reproductor',
  'player.fallback':
    'El archivo original no se puede reproducir aquí; Voces está reproduciendo su copia de trabajo del sonido.',
  'player.redacted':
    'Los tramos tachados están cubiertos: se oye el tono o el silencio de toda exportación, no las palabras.',
  'player.unplayable': 'Esta grabación no se puede reproducir en esta computadora.',
  'player.waveform':
    'Forma de onda: haga clic o use las flechas del teclado para mover la posición de reproducción',
  'player.waveformLoading': 'Dibujando la forma de onda…',
  'player.waveformMissing': 'La forma de onda no está disponible.',
  'player.subtitlesOnPicture': 'Mostrar los subtítulos sobre la imagen, como quedarán grabados',
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
  'validation.date':
    'Esta fecha está incompleta o no es un día que exista: revise el día, el mes y el año.',
  'validation.invalid': 'Este valor no es válido.',

  'error.SPEAKER_COUNT_INVALID':
    'El número de hablantes debe ser un número entero de 1 a {max}, no {count}. Déjelo vacío para que Voces cuente las voces.',
  'error.RTTM_INVALID':
    'La línea {line} del archivo RTTM no es un turno de hablante. Cada línea debe decir: SPEAKER archivo canal inicio duración <NA> <NA> hablante <NA> <NA>.',
  'error.SPEAKER_MODEL_MISSING':
    'El modelo neuronal de hablantes {file} no está instalado. Descárguelo en la configuración o use el motor básico de hablantes, que no necesita descargas.',
  'error.SPEAKER_MODEL_CORRUPT':
    'El modelo neuronal de hablantes {file} está dañado o incompleto y no se pudo cargar. Bórrelo y descárguelo otra vez, o use el motor básico de hablantes.',
  'error.SPEAKER_ENGINE_UNAVAILABLE':
    'El motor neuronal de hablantes no puede funcionar en esta computadora (no se cargó su biblioteca ONNX Runtime). Use el motor básico de hablantes, que no necesita descargas.',
  'error.FFMPEG_NOT_FOUND':
    'Voces necesita FFmpeg para leer las grabaciones y no lo encontró. Instale FFmpeg o indique dónde está en la configuración.',
  'error.APERTIUM_PATH_INVALID':
    'Esto no es un Apertium que funcione con sus datos de inglés y español. Elija el programa apertium, o deje el campo vacío para encontrarlo automáticamente.',
  'error.FFMPEG_PATH_INVALID':
    '{path} no es un FFmpeg que funcione: no se pudo ejecutar o no indicó que es FFmpeg. Elija el programa ffmpeg mismo (por ejemplo /usr/bin/ffmpeg) o deje el campo vacío para que Voces lo encuentre.',
  'error.FFMPEG_FAILED':
    'FFmpeg no pudo terminar de leer este archivo. Puede estar dañado; revise si se reproduce en un reproductor.',
  'error.EMPTY_FILE': 'El archivo está vacío (0 bytes). Cópielo otra vez desde donde se grabó.',
  'error.TOO_SHORT':
    'El archivo tiene solo {ms} ms de sonido: es demasiado corto para escucharlo, transcribirlo o exportarlo. Si debería durar más, la copia puede estar incompleta: cópiela otra vez desde donde se grabó.',
  'error.MEDIA_UNREADABLE':
    'No es un archivo de audio o video que Voces pueda leer. Puede estar dañado, o ser otro tipo de archivo con nombre de grabación.',
  'error.NO_AUDIO':
    'Este video no tiene pista de sonido, así que no hay nada que escuchar ni transcribir.',
  'error.NAME_NOT_UTF8':
    'El nombre de {file} no es texto válido (UTF-8; las letras ilegibles se ven como �), así que Voces no puede guardar dónde está. Cambie el nombre del archivo y agréguelo otra vez.',
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
  'error.EPISODE_DRAFT_MARK_REFUSED':
    'No se guardó nada: «{mark}» no es una marca de borrador de esta parte del episodio.',
  'error.FILE_NOT_REGULAR':
    'Esto no es un archivo común (es una carpeta, un dispositivo, una tubería o un archivo del sistema), así que Voces no lo lee. Guárdelo como archivo y elija ese.',
  'error.FILE_TOO_LARGE':
    'Este archivo pesa más de {megabytes} MB, más que cualquier archivo de subtítulos o de transcripción, así que no se leyó.',
  'error.IMPORT_EMPTY':
    'Este archivo no tiene texto que importar; no se importó ni se cambió nada.',
  'error.SUBTITLES_IMPORT_REPLACES':
    '{count, plural, one {Importar este archivo reemplazaría # subtítulo que ya está aquí ({verified} revisados por una persona). No se cambió nada.} other {Importar este archivo reemplazaría # subtítulos que ya están aquí ({verified} revisados por una persona). No se cambió nada.}}',
  'error.TRANSCRIPT_IMPORT_REPLACES':
    '{count, plural, one {Importar este archivo reemplazaría una transcripción de # segmento ({verified} revisados por una persona). No se cambió nada.} other {Importar este archivo reemplazaría una transcripción de # segmentos ({verified} revisados por una persona). No se cambió nada.}}',
  'error.TIME_INVALID':
    'Aquí hay un tiempo que no es ningún momento de la grabación. No se cambió nada.',
  'error.TIME_REVERSED': 'Esto termina ({end} s) antes de empezar ({start} s). No se cambió nada.',
  'error.TIME_REVERSED.cue':
    'El subtítulo {cue} termina ({end} s) antes de empezar ({start} s). No se importó nada.',
  'error.TIME_REVERSED.word':
    'La palabra {word} del segmento {segment} termina ({end} s) antes de empezar ({start} s). No se importó nada.',
  'error.TIME_REVERSED.segment':
    'El segmento {segment} termina ({end} s) antes de empezar ({start} s). No se importó nada.',
  'error.TIME_PAST_END':
    'Este tiempo ({end} s) queda después del final de la grabación ({duration} s). No se cambió nada.',
  'error.TIME_PAST_END.cue':
    'El subtítulo {cue} termina a los {end} s, después del final de la grabación ({duration} s). No se importó nada.',
  'error.TIME_PAST_END.word':
    'La palabra {word} del segmento {segment} termina a los {end} s, después del final de la grabación ({duration} s). No se importó nada.',
  'error.TIME_PAST_END.segment':
    'El segmento {segment} termina a los {end} s, después del final de la grabación ({duration} s). No se importó nada.',
  'error.JOB_NOT_FOUND': 'Esta tarea ya terminó o fue quitada.',
  'error.DISK_FULL': 'El disco está lleno. Libere espacio y vuelva a intentarlo.',
  'error.CANCELLED': 'Cancelado.',
  'error.INVALID_INPUT': 'Voces no pudo aceptar este valor. Revíselo y vuelva a intentarlo.',
  'error.S3_URL_INVALID':
    '{url} no es una dirección de medios que Voces pueda usar. Escríbala como s3://BUCKET o s3://BUCKET/CARPETA.',
  'error.S3_ENDPOINT_INVALID':
    '{endpoint} no es la dirección de un almacén de medios. Indique --s3-endpoint (o VOCES_S3_ENDPOINT) como http://HOST:PUERTO o https://HOST.',
  'error.S3_CREDENTIALS_INCOMPLETE':
    'Defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY para el almacén de medios, las dos o ninguna.',
  'error.S3_CREDENTIALS_MISSING':
    'Voces no tiene credenciales para el almacén de medios. Defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY.',
  'error.S3_CREDENTIALS_REFUSED':
    'El almacén de medios en {endpoint} rechazó las credenciales de Voces. Revise AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY.',
  'error.S3_ACCESS_DENIED':
    'La cuenta del almacén de medios no tiene permiso para usar el bucket {bucket}. Pida a quien administra el almacén que le dé acceso a AWS_ACCESS_KEY_ID.',
  'error.S3_UNREACHABLE':
    'No se puede conectar con el almacén de medios en {endpoint}. Revise la dirección (--s3-endpoint o VOCES_S3_ENDPOINT), la red y que el almacén esté en marcha.',
  'error.S3_BUCKET_MISSING':
    'El bucket {bucket} no existe en {endpoint}. Créelo o corrija el bucket en --media s3://BUCKET.',
  'error.S3_UPLOAD_CUT':
    'La subida de {file} al almacén de medios en {endpoint} se interrumpió y no se guardó nada de ella. Revise la red y vuelva a intentarlo.',
  'error.S3_FAILED':
    'El almacén de medios en {endpoint} respondió con un error ({reason}). Vuelva a intentarlo; si vuelve a ocurrir, avise a quien administra el almacén.',
  'error.TOO_LARGE': 'Es demasiado grande para enviarlo a Voces de una sola vez.',
  'error.NETWORK': 'Voces no responde. Revise que siga abierto y vuelva a intentarlo.',
  'error.ROLE_FORBIDS':
    'Su rol ({role}) no permite hacer esto. Si lo necesita, pídaselo a un administrador de este archivo.',
  'error.PERSON_NOT_FOUND': 'No hay ninguna cuenta para {email} en este archivo.',
  'error.PERSON_EXISTS': '{email} ya tiene una cuenta.',
  'error.LAST_ADMIN':
    '{email} es el último administrador del archivo. Primero nombre administrador a otra persona.',
  'error.GRANT_IN_THE_PAST':
    'Un permiso hasta el {until} ya habría terminado. Indique una fecha posterior.',
  'error.TOO_MANY_SIGN_INS':
    'Fallaron demasiados inicios de sesión para esta cuenta o desde esta dirección. Espere {seconds} segundos y vuelva a intentarlo.',
  'error.SIGN_IN_FAILED':
    'Ese correo y esa contraseña no corresponden a ninguna cuenta de este archivo.',
  'error.SIGN_IN_NEEDED': 'Inicie sesión para usar este archivo.',
  'error.SERVE_NEEDS_ACCOUNTS':
    'Voces escucha en {host} solo cuando el archivo ya tiene cuentas. Agregue el primer administrador en esta máquina con: voces users add EMAIL --role admin --password-stdin',
  'error.UNAUTHORISED':
    'Esta página ya no está conectada a Voces. Vuelva a iniciar Voces desde la línea de comandos y abra el nuevo enlace que muestre.',
  'error.BAD_ADDRESS': 'Esta dirección está mal formada. Revísela o vuelva a la biblioteca.',
  'error.TOO_MANY_CONNECTIONS':
    'Hay demasiadas páginas de Voces abiertas a la vez. Cierre algunas y vuelva a cargar esta.',
  'error.UPLOAD_FAILED': 'No se pudo enviar el archivo a Voces. Vuelva a intentarlo.',
  'error.INTERNAL':
    'Algo falló dentro de Voces. Vuelva a intentarlo; si se repite, el registro en la carpeta de la biblioteca da más detalles.',
  'nav.episodes': 'Episodios',
  'nav.settings': 'Ajustes',

  'episodes.heading': 'Episodios',
  'episodes.count': '{count, plural, one {# episodio} other {# episodios}}',
  'episodes.new': 'Nuevo episodio',
  'episodes.loading': 'Cargando los episodios…',
  'episodes.empty':
    'Todavía no hay episodios. Un episodio junta fragmentos de sus grabaciones, con capítulos y notas del programa en los dos idiomas.',
  'episodes.caption':
    'Episodios. Abra uno para editar sus fragmentos, capítulos y notas, o para exportarlo.',
  'episodes.col.clips': 'Fragmentos',
  'episodes.col.length': 'Duración',
  'episodes.cancelNew': 'Cancelar',
  'episodes.creating': 'Creando…',
  'episodes.create': 'Crear episodio',

  'episode.title': 'Título',
  'episode.show': 'Programa',
  'episode.number': 'Número de episodio',
  'episode.year': 'Año',
  'episode.cover': 'Imagen de portada',
  'episode.intro': 'Música de entrada',
  'episode.outro': 'Música de cierre',
  'episode.pathHint':
    'Cuadrada, de 1400 píxeles o más, como piden las apps de pódcast. JPEG o PNG.',
  'episode.noFile': 'Ninguna',
  'episode.chooseFile': 'Elegir…',
  'episode.chooseFor': 'Elegir un archivo para «{field}»',
  'episode.removeFile': 'Quitar',
  'episode.removeFor': 'Quitar «{field}»',
  'episode.descriptionEn': 'Descripción en inglés',
  'episode.descriptionEs': 'Descripción en español',
  'description.draftInto.es': 'Borrador de la descripción en español',
  'description.draftInto.en': 'Borrador de la descripción en inglés',
  'description.draftDone.es':
    'Borrador de la descripción en español hecho en esta computadora ({engine}): queda marcado como borrador hasta que usted lo edite o lo acepte.',
  'description.draftDone.en':
    'Borrador de la descripción en inglés hecho en esta computadora ({engine}): queda marcado como borrador hasta que usted lo edite o lo acepte.',
  'description.draftNothing':
    'La descripción en el otro idioma está vacía: no hay nada de qué hacer un borrador.',
  'description.draftReplace':
    'La descripción en ese idioma la escribió una persona. ¿Desea reemplazarla con el borrador automático? Cancelar la conserva.',
  'description.draftKept':
    'Se conservó la descripción que escribió una persona; no se hizo ningún borrador.',
  'description.draftUndo': 'Deshacer el borrador de la descripción',
  'description.draftUndone': 'Se deshizo el borrador: la descripción quedó como estaba.',
  'episode.copyingFile': 'Copiando…',
  'episode.fileUnreadable': 'Voces no pudo saber dónde está este archivo. Elíjalo de nuevo.',
  'episode.titleRequired': 'Póngale un título al episodio.',
  'episode.numberInvalid': 'Use un número entero, como 12.',
  'episode.yearInvalid': 'Use un año de cuatro cifras, como 2024.',
  'episode.back': 'Volver a los episodios',

  'episodePlayer.label': 'Escuchar el episodio',
  'episodePlayer.hint':
    'Tal como se exportará: los cortes unidos con sus fundidos, la introducción y el cierre, los capítulos. Solo el volumen se ajusta después, en la exportación.',
  'episodePlayer.loading': 'Preparando el reproductor…',
  'episodePlayer.play': 'Reproducir',
  'episodePlayer.pause': 'Pausa',
  'episodePlayer.previousJoin': 'Escuchar el corte anterior',
  'episodePlayer.nextJoin': 'Escuchar el siguiente corte',
  'episodePlayer.position': 'Posición en el episodio',
  'episodePlayer.intro': 'Música de introducción',
  'episodePlayer.outro': 'Música de cierre',
  'episodePlayer.cutAt': 'Corte en {time}',
  'episodePlayer.clipAt': 'Siguiente clip en {time}',
  'episodePlayer.chapters': 'Capítulos',
  'episodePlayer.untitledChapter': 'Capítulo sin título',
  'episodePlayer.legend':
    '{count, plural, one {Marcas rojas: # corte; azules: un clip nuevo; amarillas: un capítulo. «Escuchar el siguiente corte» reproduce desde dos segundos antes.} other {Marcas rojas: # cortes; azules: un clip nuevo; amarillas: un capítulo. «Escuchar el siguiente corte» reproduce desde dos segundos antes.}}',
  'episodePlayer.unplayable':
    'No se pudo reproducir el episodio. Revise en Configuración que Voces encuentre FFmpeg y que las grabaciones de los clips sigan ahí.',
  'episode.loading': 'Abriendo el episodio…',
  'episode.numberShort': 'N.º {n}',
  'episode.length': 'Dura {length}',
  'episode.details': 'Datos',

  'clips.heading': 'Fragmentos',
  'clips.help':
    'Elija grabaciones de la biblioteca e indique dónde empieza y termina cada fragmento (m:ss). Se reproducen en este orden.',
  'clips.none': 'Todavía no hay fragmentos.',
  'clips.clipN': 'Fragmento {n}',
  'clips.missingRecording': 'Esta grabación ya no está en la biblioteca.',
  'clips.recordingLength': 'Grabación: {length}',
  'clips.from': 'Desde',
  'clips.to': 'Hasta',
  'clips.fromOf': 'Desde, fragmento {n}',
  'clips.toOf': 'Hasta, fragmento {n}',
  'clips.up': 'Subir el fragmento {n}',
  'clips.down': 'Bajar el fragmento {n}',
  'clips.removeN': 'Quitar el fragmento {n}',
  'clips.remove': 'Quitar',
  'clips.total': 'Fragmentos en total: {length}',
  'clips.noRecordings':
    'Primero agregue grabaciones a la biblioteca; los fragmentos se toman de ellas.',
  'clips.pick': 'Grabación',
  'clips.add': 'Agregar fragmento',
  'clips.needOne': 'Agregue al menos un fragmento.',
  'clips.fixFirst': 'Primero corrija el fragmento marcado.',
  'clips.notATime': 'Escriba el tiempo como m:ss, por ejemplo 1:30.',
  'clips.afterEnd': 'La grabación termina en {end}.',
  'clips.endBeforeStart': 'El fragmento tiene que terminar después de empezar.',

  'chapters.heading': 'Capítulos',
  'chapters.help':
    'Cada capítulo empieza en un momento del episodio y tiene un título en cada idioma. Las apps de pódcast los muestran como una lista para saltar.',
  'chapters.time': 'Empieza en',
  'chapters.titleEn': 'Título en inglés',
  'chapters.titleEs': 'Título en español',
  'chapters.actions': 'Acciones',
  'chapters.timeOf': 'Inicio del capítulo {n}',
  'chapters.titleEnOf': 'Título en inglés del capítulo {n}',
  'chapters.titleEsOf': 'Título en español del capítulo {n}',
  'chapters.removeN': 'Quitar el capítulo {n}',
  'chapters.none': 'Todavía no hay capítulos.',
  'chapters.timeInvalid': 'No es un momento dentro del episodio.',
  'chapters.timeInvalidLength':
    'Sin guardar: cada capítulo necesita un tiempo como 1:30, antes del final del episodio ({length}).',
  'chapters.draftInto.es': 'Borrador de títulos en español',
  'chapters.draftInto.en': 'Borrador de títulos en inglés',
  'chapters.draftDone':
    'Borrador hecho en esta computadora ({engine}) para {count} de los títulos de capítulo: marcados como borrador hasta que usted los edite o acepte.',
  'chapters.draftReplace':
    'Algunos títulos de capítulo en ese idioma los escribió una persona. ¿Desea reemplazarlos con el borrador automático? Cancelar los conserva y completa solo los demás.',
  'chapters.draftUndo': 'Deshacer el borrador de títulos',
  'chapters.draftUndone': 'Se deshizo el borrador: los títulos de capítulo quedaron como estaban.',
  'chapters.add': 'Agregar capítulo',
  'chapters.propose': 'Proponer a partir de la transcripción',
  'chapters.proposing': 'Proponiendo…',
  'chapters.proposeHint':
    'Capítulos donde la conversación hace las pausas más largas y donde cambia quien habla, a unos minutos de distancia, con sus primeras palabras como título. Edítelos como quiera.',
  'chapters.proposeReplace':
    '¿Reemplazar los capítulos que tiene por los que propone la transcripción?',

  'notes.loading': 'Cargando las notas del programa…',
  'notes.draftInto.es': 'Borrador en español',
  'notes.draftInto.en': 'Borrador en inglés',
  'notes.drafting': 'Traduciendo en esta computadora…',
  'notes.draftDone':
    'Borrador hecho en esta computadora ({engine}): {fields}. Cada uno queda marcado como borrador hasta que usted lo edite o lo acepte.',
  'notes.draftNothing':
    'El resumen y las notas del otro idioma están vacíos: no hay nada de qué hacer un borrador.',
  'notes.draftReplace':
    'Algunas de estas notas ya tienen texto que escribió una persona. ¿Desea reemplazarlo con el borrador automático? (Cancelar lo conserva y solo llena las vacías).',
  'notes.draftMark': 'Borrador: traducción automática',
  'notes.draftAccept': 'Aceptar',
  'notes.draftUndo': 'Deshacer el borrador',
  'notes.draftUndone': 'Se deshizo el borrador: las notas quedaron como estaban.',
  'notes.heading': 'Notas del programa',
  'notes.summaryEn': 'Resumen en inglés',
  'notes.summaryEs': 'Resumen',
  'notes.bodyEn': 'Notas en inglés',
  'notes.bodyEs': 'Notas',
  'notes.guests': 'Invitadas e invitados',
  'notes.credits': 'Créditos',
  'notes.links': 'Enlaces',
  'notes.noLinks': 'Todavía no hay enlaces.',
  'notes.linkTitle': 'Qué es',
  'notes.linkTitleOf': 'Título del enlace {n}',
  'notes.linkUrlOf': 'Dirección del enlace {n}',
  'notes.removeLinkN': 'Quitar el enlace {n}',
  'notes.addLink': 'Agregar enlace',
  'notes.copied': 'Markdown copiado.',
  'notes.copyYourself': 'Aquí Voces no puede usar el portapapeles: copie el texto de abajo.',
  'notes.downloaded': 'HTML descargado.',
  'notes.copyMarkdown': 'Copiar Markdown',
  'notes.downloadHtml': 'Descargar HTML',
  'notes.markdownText': 'Notas del programa en Markdown',

  'export.button': 'Exportar…',
  'export.title': 'Exportar «{title}»',
  'export.kind': 'Qué hacer',
  'export.kind.podcast': 'Pódcast',
  'export.kind.video': 'Video con subtítulos',
  'export.kind.audiogram': 'Audiograma',
  'export.videoOnlyForVideo': 'El video con subtítulos se ofrece para grabaciones de video.',
  'export.format': 'Formato',
  'export.channels': 'Sonido',
  'export.stereo': 'Estéreo',
  'export.mono': 'Mono',
  'export.lufs': 'Volumen objetivo (LUFS)',
  'export.lufsHint':
    'Vacío equivale a {target} LUFS: las apps de pódcast esperan unos -16 LUFS en estéreo y -19 en mono, para que los episodios suenen al mismo volumen. Los picos quedan en -1 dBTP o menos.',
  'export.lufsInvalid': 'Use un número entre -36 y -10, como -16.',
  'export.burn': 'Subtítulos grabados en la imagen',
  'export.none': 'Ninguno',
  'export.both': 'Los dos',
  'export.soft': 'Pistas de subtítulos que se pueden activar',
  'export.videoHint':
    'Con los dos grabados, el español aparece arriba del inglés. Un archivo .mkv lleva pistas SubRip; uno .mp4, mov_text.',
  'export.size': 'Forma',
  'export.square': 'Cuadrado',
  'export.vertical': 'Vertical',
  'export.captions': 'Subtítulos',
  'export.from': 'Desde',
  'export.to': 'Hasta',
  'export.stretchHint':
    'Los clips para redes sociales son cortos: deje vacío para usar toda la grabación.',
  'export.rangeInvalid':
    'Escriba los tiempos como m:ss, el final después del inicio, dentro de la grabación.',
  'export.audiogramEpisode': 'El audiograma abarca todo el episodio.',
  'export.output': 'Guardar como',
  'export.outputHint':
    'Una ruta completa en la computadora donde corre Voces. La carpeta tiene que existir; un archivo con este nombre se reemplaza.',
  'export.outputRequired': 'Indique la ruta del archivo.',
  'export.withdrawnTitle': 'Esto no se puede exportar.',
  'export.withdrawnBody':
    'Se retiró el consentimiento de: {titles}. Voces nunca exporta una grabación cuyo consentimiento fue retirado; quítela del episodio, o registre el consentimiento de nuevo si se volvió a dar.',
  'export.reasonLabel': '¿Por qué se necesita esta exportación?',
  'export.reasonBody':
    'El consentimiento es restringido o desconocido para: {titles}. Escriba el motivo de esta exportación; queda en el registro de exportaciones de la biblioteca junto con lo que se usó.',
  'export.reasonRequired': 'Esta exportación necesita un motivo.',
  'export.unready.title': 'Algunos subtítulos de este video no están listos:',
  'export.unready.fileTitle': 'Algunos subtítulos de este archivo no están listos:',
  'export.unready.line':
    '{language}: {empty, plural, one {# subtítulo vacío o sin traducir} other {# subtítulos vacíos o sin traducir}}, {broken, plural, one {# que no cumple} other {# que no cumplen}} las reglas de subtítulos',
  'export.unready.ask': 'El público los verá tal como están. ¿Desea exportar de todos modos?',
  'export.unready.back': 'Volver',
  'export.unready.go': 'Exportar de todos modos',
  'export.close': 'Cerrar',
  'export.start': 'Exportar',
  'export.again': 'Exportar otro',
  'export.failed': 'La exportación no terminó. No quedó ningún archivo a medias.',
  'export.done': '{file} está listo. Voces revisó el archivo después de escribirlo:',
  'export.cancelled': 'Cancelado. No quedó ningún archivo a medias.',
  'export.exporting': 'Exportando {file}',
  'export.result.heading': 'Lo que midió la exportación',
  'export.result.file': 'Archivo',
  'export.result.length': 'Duración',
  'export.result.loudness': 'Volumen integrado',
  'export.result.truePeak': 'Pico real',
  'export.result.chapters': 'Capítulos',
  'export.result.sidecars': 'Archivos al lado',
  'export.result.noneWritten': 'Ninguno',
  'export.result.burned': 'Subtítulos grabados',
  'export.result.streams': 'Pistas de subtítulos',
  'export.publishUrl': 'Dirección web donde se publicarán estos archivos',
  'export.publishUrlHint':
    'La carpeta de su sitio web, como https://example.org/podcast/. El elemento RSS junto al archivo apunta allí; si la deja vacía, no se escribe elemento RSS.',
  'export.publishUrlInvalid': 'Use una dirección web que empiece por https:// o http://.',
  'export.result.picture': 'Tamaño de imagen',
  'export.result.captions': 'Subtítulos mostrados',

  'redact.button': 'Tachar…',
  'redact.title': 'Tachar en «{title}»',
  'redact.finalTitle': 'Tachar es definitivo dentro de la biblioteca.',
  'redact.finalBody':
    'Las palabras se reemplazan por una marca ([nombre omitido]; [redacted] en el texto en inglés) en cada transcripción, subtítulo y nota, la búsqueda las olvida y cada exportación cubre ese momento con un tono o silencio. No se pueden recuperar. El archivo original queda donde usted lo guarda.',
  'redact.done':
    'Listo. Tramos de sonido cubiertos: {spans}. Pasajes de la transcripción cambiados: {segments}. Subtítulos cambiados: {cues}.',
  'redact.what': 'Qué tachar',
  'redact.aName': 'Un nombre',
  'redact.aStretch': 'Un tramo de tiempo',
  'redact.word': 'Nombre o palabra',
  'redact.wordHint':
    'Cada vez que se dice, en los dos idiomas; no importan los acentos ni las mayúsculas.',
  'redact.from': 'Desde',
  'redact.to': 'Hasta',
  'redact.sound': 'Cubrir el sonido con',
  'redact.mode.tone': 'un tono',
  'redact.mode.silence': 'silencio',
  'redact.close': 'Cerrar',
  'redact.next': 'Continuar…',
  'redact.wordTooShort': 'Escriba al menos dos letras.',
  'redact.spanInvalid':
    'Escriba los tiempos como m:ss, el final después del inicio, antes de {length}.',
  'redact.summaryWord': 'Tachar «{word}» en toda esta grabación, cubriendo el sonido con {mode}.',
  'redact.summarySpan': 'Tachar todo desde {from} hasta {to}, cubriendo el sonido con {mode}.',
  'redact.confirmWord': 'TACHAR',
  'redact.typeToConfirm': 'Para confirmar, escriba {word}',
  'redact.back': 'Atrás',
  'redact.working': 'Tachando…',
  'redact.apply': 'Tachar para siempre',
  'redact.listHeading': 'Ya tachado',
  'redact.listEmpty': 'No hay nada tachado en esta grabación.',
  'redact.listItem': '{from} – {to}, cubierto con {mode}',

  'settings.heading': 'Ajustes',
  'settings.language': 'Idioma de la interfaz',
  'settings.languageHint': 'Es lo mismo que EN | ES en el encabezado; se aplica de inmediato.',
  'settings.reviewerName': 'Su nombre (para la revisión)',
  'settings.reviewerNameHint':
    'Queda registrado en cada segmento o subtítulo que marque como revisado.',
  'settings.library': 'Biblioteca',
  'settings.detectSpeakers': 'Detectar hablantes después de transcribir',
  'settings.detectSpeakersHint':
    'Encuentra quién habla en cada momento y asigna su hablante a cada segmento. Nunca se reemplazan sin preguntar los hablantes que una persona nombró o movió.',
  'settings.copyIntoLibrary': 'Copiar las grabaciones a la biblioteca',
  'settings.copyHint':
    'Si está activado, Voces guarda su propia copia de cada original que agrega, así una exportación funciona aunque el original se mueva. El original nunca se modifica.',
  'settings.libraryFolder': 'Carpeta de la biblioteca',
  'settings.version': 'Versión de Voces',
  'settings.ffmpegPath': 'Programa FFmpeg',
  'settings.ffmpegAuto': 'Se busca automáticamente',
  'settings.ffmpegApply': 'Usar este',
  'settings.ffmpegHint':
    'Déjelo vacío para usar el FFmpeg que trae Voces, o el que está instalado en esta computadora.',
  'settings.ffmpegFound': 'Se usa FFmpeg {version} en {path}.',
  'settings.translation': 'Traducción en esta computadora',
  'settings.apertiumPath': 'Programa Apertium',
  'settings.apertiumHint':
    'Déjelo vacío para usar el Apertium instalado en esta computadora (sudo apt install apertium apertium-eng-spa). Se traduce con Traducir al español y Traducir al inglés, en la pestaña Subtítulos.',
  'settings.engineInstalled': '{name}: instalado ({pairs}).',
  'settings.engineMissing': '{name}: no está instalado. {hint}',
  'settings.apertiumInstall':
    'Instálelo: sudo apt install apertium apertium-eng-spa (Debian, Ubuntu) o brew install apertium apertium-eng-spa (macOS).',
  'settings.bergamotInstall':
    'Descargue sus modelos de inglés y español (unos 21 MB por dirección): voces translate download en-es, y es-en.',
  'settings.glossary': 'Glosario',
  'settings.glossaryHint':
    'Nombres y palabras que Whisper debe esperar: sindicatos, lugares, palabras del oficio. Whisper los recibe como indicación inicial, para que salgan bien escritos en cada transcripción de aquí en adelante.',
  'settings.glossaryTerm': 'Término nuevo',
  'settings.glossaryPlaceholder': 'p. ej., SEIU 2015',
  'settings.glossaryAdd': 'Agregar',
  'settings.glossaryRemove': 'Quitar',
  'settings.glossaryRemoveTerm': 'Quitar «{term}»',
  'settings.glossaryEmpty': 'Todavía no hay términos.',
  'settings.glossaryLeftOutBadge': 'no se usa',
  'settings.glossaryAllFit':
    '{count, plural, one {# término, en la indicación de Whisper ({tokens} de {budget} tokens).} other {# términos, todos en la indicación de Whisper ({tokens} de {budget} tokens).}}',
  'settings.glossaryLeftOut':
    '{count, plural, one {La indicación de Whisper está llena: incluye los primeros {used} términos y queda fuera #. Quite algunos para hacer espacio.} other {La indicación de Whisper está llena: incluye los primeros {used} términos y quedan fuera #. Quite algunos para hacer espacio.}}',
  'settings.glossaryNoModel':
    'Instale un modelo de Whisper para ver cuántos términos caben en su indicación.',
  'error.GLOSSARY_TERM_EMPTY': 'Escriba la palabra o el nombre que desea agregar al glosario.',
  'error.GLOSSARY_TERM_TOO_LONG':
    'Un término del glosario es un nombre o unas pocas palabras, de {max} caracteres como máximo.',
  'error.GLOSSARY_TERM_DUPLICATE': '«{term}» ya está en el glosario.',
  'error.GLOSSARY_TERM_NOT_FOUND': '«{term}» no está en el glosario.',

  'error.CONSENT_WITHDRAWN':
    'Esto no se puede exportar: se retiró el consentimiento de una grabación que contiene.',
  'error.CONSENT_WITHDRAWN.title':
    'Esto no se puede exportar: se retiró el consentimiento de «{title}».',
  'error.CONSENT_REASON_REQUIRED':
    'El consentimiento de una grabación de esta exportación es restringido o desconocido. Indique un motivo; queda en el registro de exportaciones.',
  'error.CONSENT_REASON_REQUIRED.title':
    'El consentimiento de «{title}» es restringido o desconocido. Indique el motivo de esta exportación; queda en el registro de exportaciones.',
  'error.NO_SUBTITLES':
    'Esta grabación todavía no tiene subtítulos en ese idioma. Primero créelos o impórtelos.',
  'error.NOT_A_VIDEO': 'Esta grabación es solo de audio; expórtela como pódcast o como audiograma.',
  'error.NOT_A_VIDEO.title':
    '«{title}» es solo de audio; expórtela como pódcast o como audiograma.',
  'error.ORIGINAL_MISSING':
    'El archivo original ya no está donde estaba. Vuelva a ponerlo ahí, o active «Copiar las grabaciones a la biblioteca» y agréguelo de nuevo.',
  'error.SOURCE_NOT_FOUND': 'Este episodio o grabación ya no está en la biblioteca.',
  'error.JOB_NOT_AN_EXPORT': 'Esta tarea no es una exportación.',
  'error.EXPORT_NOT_READY':
    'Esta exportación aún no está lista: descárguela cuando un trabajador la haya terminado.',
  'error.EXPORT_NOT_DONE': 'Esta exportación no terminó. Vuelva a exportar.',
  'error.EXPORT_FETCHED':
    'Los archivos de esta exportación ya no están en el archivo compartido: ya se descargaron, o se eliminaron 7 días después de terminada la exportación.',
  'error.EXPORT_REDACTED_SINCE':
    'Una parte de «{title}» se tachó después de hacerse esta exportación, así que sus archivos se eliminaron en lugar de descargarse. Vuelva a exportar.',
  'error.EXPORT_CHECK_FAILED':
    'El archivo exportado no pasó la revisión de Voces, así que no se guardó. Vuelva a intentarlo; si se repite, el registro da más detalles.',
  'error.SILENT_AUDIO':
    'No hay nada que se oiga: el volumen es el del silencio, así que no se exportó.',
  'error.SILENT_AUDIO.title':
    '«{title}» no tiene nada que se oiga: su volumen es el del silencio, así que no se exportó.',
  'error.CLIP_OUT_OF_RANGE':
    'Un fragmento empieza después del final de su grabación. Revise dónde empieza y termina.',
  'error.CUT_OUTSIDE_CLIP':
    'Un corte debe quedar dentro de uno de los fragmentos del episodio. Revise dónde empiezan y terminan.',
  'error.EPISODE_ALL_CUT':
    'Todos los fragmentos de este episodio están cortados enteros: no hay nada que exportar. Recupere algunas palabras primero.',
  'error.EPISODE_COVER_MISSING':
    'No se encuentra la imagen de portada (puede que la hayan movido o eliminado): elíjala de nuevo o deje la portada vacía.',
  'error.EPISODE_INTRO_MISSING':
    'No se encuentra la música de entrada (puede que la hayan movido o eliminado): elíjala de nuevo o deje la entrada vacía.',
  'error.EPISODE_OUTRO_MISSING':
    'No se encuentra la música de cierre (puede que la hayan movido o eliminado): elíjala de nuevo o deje el cierre vacío.',
  'error.REDACTION_TOO_SHORT': 'Escriba al menos dos letras para tachar.',
  'error.REDACTION_SPAN_INVALID':
    'Lo que se tacha tiene que terminar después de empezar, desde 0:00 en adelante.',
  'error.REDACTION_SCRUB_BLOCKED':
    'Lo tachado quedó guardado, pero la base de datos aún conserva el texto anterior en el disco: una conexión abierta antes de tacharlo (proceso {pid}, usuario “{user}”, {application}) sigue abierta. Cierre esa conexión o espere a que termine, y luego vuelva a tachar el mismo nombre para borrarlo.',
  'error.REDACTION_SCRUB_NOT_OWNER':
    'Lo tachado quedó guardado, pero el usuario de la base de datos “{user}” no puede reescribir las tablas que contenían las palabras ({tables}): pertenecen a otro usuario. Pida al administrador de la base de datos que haga a “{user}” dueño de ellas (ALTER TABLE … OWNER TO {user}) y luego vuelva a tachar el mismo nombre.',
  'error.REDACTION_AUDIO_FAILED':
    'Las palabras ya no están en la biblioteca, pero no se pudo reescribir su copia de escucha de la grabación. Ninguna exportación las lleva; vuelva a tachar para cubrir el sonido.',
  'error.OUTPUT_FOLDER_MISSING':
    'La carpeta donde guardar no existe. Revise la ruta o cree la carpeta primero.',
  'error.OUTPUT_EXISTS': 'Ya existe un archivo con este nombre. Elija otro nombre.',
  'error.OUTPUT_FOLDER_NOT_WRITABLE':
    'Voces no puede escribir en la carpeta {folder}. Elija otra carpeta o cambie sus permisos.',
  'error.OUTPUT_IS_FOLDER': 'Eso es una carpeta. Escriba un nombre de archivo para guardar.',
  'error.NO_MODEL':
    'Todavía no hay ningún modelo de Whisper instalado. Abra Modelos para descargar uno; después se usa sin conexión.',
  'error.MODEL_NOT_INSTALLED':
    'Este modelo no está instalado. Descárguelo en Modelos o elija otro.',
  'error.MODEL_CORRUPT':
    'El archivo del modelo está dañado o no es un modelo de Whisper. Descárguelo de nuevo.',
  'error.TRANSLATION_ENGINE_NOT_FOUND':
    'El motor de traducción {engine} no está instalado. Instale Apertium con sus datos de inglés y español ("sudo apt install apertium apertium-eng-spa" en Debian o Ubuntu, "brew install apertium apertium-eng-spa" en macOS), o indique su ruta en Ajustes.',
  'error.TRANSLATION_PAIR_NOT_INSTALLED':
    'El motor de traducción {engine} no puede traducir de {from} a {to} en esta computadora: faltan los datos de ese par de idiomas. Instale "apertium-eng-spa" e inténtelo de nuevo.',
  'error.TRANSLATION_ENGINE_FAILED':
    'El motor de traducción {engine} se detuvo con un error. No se cambió nada; inténtelo de nuevo y, si vuelve a ocurrir, reinstale el motor.',
  'error.TRANSLATION_ENGINE_UNKNOWN':
    'No hay ningún motor de traducción llamado {engine}. Los motores son: {engines}.',
  'error.TRANSLATION_NO_SOURCE':
    'Todavía no hay subtítulos que traducir. Primero cree o importe los subtítulos en el otro idioma.',
  'error.TRANSLATION_ALREADY_IN_TARGET':
    'Estos subtítulos ya parecen estar en el idioma al que pidió traducir, así que no se tradujo nada. Revise en qué idioma se importaron.',
  'error.TRANSLATION_SAME_LANGUAGES':
    'Traduzca de un idioma al otro: los dos idiomas son el mismo.',
  'error.TRANSLATION_NO_TRANSCRIPT':
    'Todavía no hay una transcripción en el otro idioma que traducir. Primero transcríbala o impórtela.',
  'error.TRANSLATION_OVER_TRANSCRIPT':
    'Ese idioma es la transcripción propia de esta grabación; una traducción no puede reemplazarla.',
  'error.TRANSLATION_TRACK_EXISTS':
    'Esta grabación ya tiene una traducción en ese idioma ({count} segmentos, {verified} revisados por una persona). Pida reemplazarla para continuar.',
  'error.TRANSLATION_EPISODE_EMPTY':
    'Este episodio todavía no tiene notas, descripción ni títulos de capítulos en el otro idioma que traducir.',
  'error.TRANSLATION_DOWNLOAD_FAILED':
    'La descarga del modelo de traducción ({pair}) no terminó. Revise la conexión y vuelva a ejecutar "voces translate download {pair}"; continúa donde se detuvo.',
  'error.TRANSLATION_RUNNING':
    'Esta grabación ya se está traduciendo. Espere a que termine o cancele la traducción primero.',
  'error.ENGINE_NOT_FOUND':
    'Falta el motor de transcripción (whisper.cpp). Reinstale Voces o compílelo con scripts/build-whisper.sh.',
  'error.ENGINE_BUILD_TOOLS_MISSING':
    'Para compilar el motor de transcripción faltan herramientas en esta computadora ({tools}). En la página Modelos se explica cómo instalar cada una.',
  'error.ENGINE_BUILD_FAILED':
    'No se pudo compilar el motor de transcripción. La página Modelos muestra las últimas líneas de su salida.',
  'error.ENGINE_BUILD_UNAVAILABLE':
    'Esta copia de Voces trae su propio motor de transcripción; no hay nada que compilar.',
  'error.ENGINE_CRASHED':
    'El motor de transcripción se detuvo de forma inesperada. Voces sigue funcionando; intente de nuevo o pruebe un modelo más pequeño.',
  'error.ENGINE_FAILED':
    'El motor de transcripción no pudo terminar esta grabación. Intente de nuevo o pruebe otro modelo.',
  'error.TRANSCRIPTION_RUNNING':
    'Esta grabación ya se está transcribiendo. Espere a que termine o cancélela en Tareas.',
  'error.WORKING_AUDIO_MISSING':
    'Falta la copia de trabajo de esta grabación en la biblioteca. Quite la grabación y agréguela de nuevo.',
  'error.TRANSCRIPT_NOT_FOUND': 'Esta grabación todavía no tiene transcripción en ese idioma.',
  'error.TRANSCRIPT_MALFORMED':
    'No se pudo leer este archivo de transcripción. Revise que sea SRT, WebVTT o JSON de Voces.',
  'error.DOWNLOAD_FAILED':
    'La descarga no terminó. Revise la conexión e intente de nuevo; continúa donde se quedó.',
  'error.MODEL_CHECKSUM_MISMATCH':
    'El modelo descargado no coincide con su suma de verificación publicada, así que no se guardó. Intente de nuevo.',
  'error.SUBTITLE_MALFORMED':
    'No se pudo leer este archivo de subtítulos; no se importó nada. El mensaje indica la línea.',
  'error.SUBTITLE_CUE_NOT_FOUND': 'Este subtítulo ya no existe. Vuelva a cargar la página.',
  'error.SUBTITLE_CUE_TIMING': 'Un subtítulo tiene que terminar después de empezar.',
  'error.SUBTITLE_LANGUAGE_REQUIRED':
    'Indique en qué idioma está este archivo de subtítulos: inglés o español.',
  'error.SUBTITLE_REVIEWER_REQUIRED': 'Escriba su nombre para marcarlo como revisado.',
  'error.SUBTITLES_VERIFIED':
    'Algunos subtítulos ya los revisó una persona; volver a hacerlos reemplazaría ese trabajo.',
  'error.SUBTITLES_NO_TRANSCRIPT':
    'Los subtítulos se hacen a partir de una transcripción, y esta grabación todavía no tiene. Transcríbala primero.',
  'error.SUBTITLES_EMPTY': 'Todavía no hay subtítulos para exportar.',
  'error.SUBTITLE_RULE_OUT_OF_RANGE': 'Use un número del {min} al {max}.',
  'error.SUBTITLE_RULE_OUT_OF_RANGE.above': 'Use un número mayor que {min}, hasta {max}.',
  'error.SUBTITLE_RULE_NOT_WHOLE': 'Use un número entero.',
  'error.SUBTITLE_RULES_DURATION': 'La duración mínima tiene que ser menor que la duración máxima.',
  'error.SUBTITLE_SPLIT_OUT_OF_RANGE':
    'Un subtítulo se divide por dentro: ponga el cursor entre dos palabras, o la posición de reproducción entre su inicio y su final.',
  'error.SUBTITLE_MERGE_NO_NEXT': 'Este es el último subtítulo; no hay otro después para unirlo.',
  'error.SUBTITLE_NO_ROOM':
    'Aquí no cabe un subtítulo: necesita {seconds} s entre el anterior y el siguiente.',
  'error.EDIT_STALE':
    'Este cambio ya no corresponde: el texto se cambió en otra parte. Vuelva a cargar la página.',
  'error.SPLIT_OUT_OF_RANGE': 'Un segmento se divide entre dos de sus palabras.',
  'error.MERGE_NO_NEXT': 'Este es el último segmento; no hay otro después para unirlo.',
  'error.SPEAKER_NOT_FOUND': 'Ese hablante no es de esta grabación.',
  'error.SPEAKERS_CHANNELS_NOT_STEREO':
    'El motor de canales necesita una grabación estéreo con una voz en cada canal, y esta no es estéreo. Use el motor básico.',
  'error.SPEAKERS_CHANNELS_SAME_MIX':
    'Los dos canales de esta grabación llevan el mismo sonido, así que no sirven para distinguir las voces. Use el motor básico.',
  'error.SPEAKERS_CHANNELS_ONE_VOICE':
    'Casi todo el tiempo solo un canal de esta grabación lleva voz, así que los canales no tienen una voz cada uno. Use el motor básico.',
  'error.SPEAKERS_CHANNELS_COUNT':
    'El motor de canales encuentra una voz por canal, dos en total; se pidieron {speakers}. Use el motor básico.',
  'error.SPEAKERS_CORRECTED':
    'Una persona ya nombró o movió los hablantes de esta grabación. Detectarlos de nuevo reemplazaría su trabajo: confirme para continuar.',
  'error.SPEAKERS_TOO_SHORT':
    'Esta grabación dura {seconds} s: los hablantes se distinguen a partir de {minimum} s de sonido.',
  'error.SPEAKERS_RUNNING':
    'Ya se están detectando los hablantes de esta grabación. Espere a que termine o cancélelo en Tareas.',
  'error.SPEAKERS_NO_SPEECH':
    'No se encontró voz en esta grabación (solo silencio o música), así que no se guardaron hablantes.',
  'error.SPEAKERS_MERGE_INVALID': 'Elija dos voces distintas de la misma grabación para unirlas.',
  'error.SPEAKER_UNKNOWN': 'Esta grabación no tiene ningún hablante llamado «{speaker}».',
  'error.WORDS_OUT_OF_RANGE': 'Elija palabras de este segmento para moverlas.',
  'error.VOICE_NAME_NEEDED': 'Dé un nombre a la voz para recordarla.',
  'error.VOICE_TOO_LITTLE_SPEECH':
    'Hay muy poca voz de {name} en esta grabación para recordarla. Pruebe con una grabación en la que hable más tiempo.',
  'error.REVIEWER_REQUIRED': 'Escriba su nombre para marcarlo como revisado.',
  'error.SEGMENT_NOT_FOUND': 'Este segmento ya no existe. Vuelva a cargar la página.',
  'error.BACKUP_UNREADABLE':
    'Este archivo no es una copia de seguridad de Voces, o está dañado. No se cambió nada.',
  'error.LIBRARY_LOCATION_INVALID':
    'Voces no puede abrir una biblioteca ahí. Indique una carpeta, o una base de datos PostgreSQL como postgres://USUARIO@SERVIDOR/BASE.',
  'error.MEDIA_LOCATION_INVALID':
    'Voces no puede guardar los medios ahí. Indique una carpeta, o un bucket de S3 como s3://BUCKET o s3://BUCKET/PREFIJO.',
  'error.MEDIA_LOCATION_REQUIRED':
    'Un archivo compartido guarda sus grabaciones en un bucket de S3 al que llegan todas las computadoras. Agregue --media s3://BUCKET (o VOCES_MEDIA).',
  'error.S3_ENDPOINT_WITHOUT_BUCKET':
    'Se indicó un punto de acceso de S3 sin un bucket de S3. Agregue --media s3://BUCKET (o VOCES_MEDIA).',
  'error.LIBRARY_TOO_NEW':
    'Esta biblioteca la hizo una versión más nueva de Voces. Actualice Voces para abrirla; no se cambió nada.',
  'error.BACKUP_SHARED_ARCHIVE':
    'El archivo compartido se respalda en su servidor de base de datos (pg_dump o las copias de seguridad propias del servidor) junto con su depósito de medios, no desde Voces. No se escribió nada.',
  'error.DATABASE_URL_INVALID':
    'Esta no es una dirección de PostgreSQL. Escríbala como postgres://USUARIO:CONTRASEÑA@SERVIDOR:PUERTO/BASE.',
  'error.DATABASE_UNREACHABLE':
    'El servidor de base de datos en {host}:{port} no responde. Verifique que PostgreSQL esté funcionando allí, que el servidor y el puerto de la dirección sean correctos y que este equipo pueda conectarse a él.',
  'error.DATABASE_LOGIN_FAILED':
    'La base de datos rechazó al usuario “{user}”: el nombre de usuario o la contraseña de la dirección no son correctos, o ese usuario no puede conectarse desde este equipo.',
  'error.DATABASE_NOT_FOUND':
    'No existe la base de datos “{database}” en {host}:{port}. Créela (createdb {database}) o corrija su nombre en la dirección.',
  'error.DATABASE_UNACCENT_MISSING':
    'Al servidor de base de datos le falta la extensión unaccent, que la búsqueda necesita. Instale el paquete contrib de PostgreSQL en el servidor (Debian: postgresql-contrib) y vuelva a intentarlo.',
  'error.DATABASE_TOO_NEW':
    'Esta base de datos la preparó una versión más nueva de Voces (esquema {found}; esta versión conoce hasta el {supported}). Actualice Voces en este equipo para usarla; no se cambió nada.',
  'error.DATABASE_MIGRATION_BUSY':
    'Otra copia de Voces lleva más de {seconds} segundos actualizando esta base de datos. Espere a que termine y vuelva a intentarlo; no se cambió nada.',
  'error.LIBRARY_COPY_BUSY':
    'Ahora mismo se está haciendo otra copia a este archivo. Espere a que termine y vuelva a ejecutar esta: continuará desde donde quedó el archivo.',
  'error.LIBRARY_COPY_CONFLICT':
    'El archivo ya tiene una grabación con el identificador {id} cuyo contenido difiere de «{title}» en esta biblioteca: no se copió nada. Elimine una de las dos y vuelva a ejecutar la copia.',
  'error.LIBRARY_COPY_CHECKSUM':
    'El archivo {key} leído de nuevo del almacén de medios difiere del que hay en la biblioteca: no se conservó nada de su grabación. Revise el almacén y vuelva a ejecutar la copia.',
  'error.BAG_INVALID': 'Este paquete fue alterado o está incompleto, así que no se importó nada.',
  'error.BAG_NOT_VOCES':
    'Este paquete está íntegro, pero no lo hizo Voces: no contiene una grabación en data/media/ con su metadata.json, así que no se importó nada.',
  'error.BAG_UNSAFE_FILE':
    'Este paquete contiene un enlace, un dispositivo o una tubería donde debería haber un archivo común. Voces nunca los sigue fuera de un paquete, así que no se importó nada.',
  'error.BAG_METADATA_INVALID':
    'Los metadatos de este paquete no se pueden importar tal como están, así que no se importó nada.',
  'error.BAG_METADATA_INVALID.field':
    'El campo “{field}” de este paquete no se puede importar tal como está (es demasiado largo o no es el tipo de valor que Voces guarda ahí), así que no se importó nada.',
  'error.BAG_IMPORT_FAILED':
    'Voces no pudo terminar de importar este paquete y quitó lo que había empezado, así que no se importó nada. Inténtelo de nuevo; si vuelve a ocurrir, el registro da más detalles.',
  'error.DISGUISE_SPEAKER_NOT_FOUND':
    'Ninguna grabación de esta exportación tiene a ese hablante en su transcripción, así que no se puede disfrazar su voz. Revise el nombre entre los hablantes de la transcripción.',
  'error.DISGUISE_SPEAKER_NOT_FOUND.speaker':
    'Ninguna grabación de esta exportación tiene un hablante llamado «{speaker}» en su transcripción, así que no se puede disfrazar su voz. Revise el nombre entre los hablantes de la transcripción.',
  'error.DISGUISE_NEEDS_RUBBERBAND':
    'Mover el timbre de una voz aparte de su tono necesita FFmpeg con el filtro Rubber Band, y este FFmpeg no lo tiene. Deje el timbre con el tono o use un FFmpeg completo.',
  'error.MODEL_UNKNOWN': 'No hay ningún modelo con ese nombre en la lista de modelos.',
  'error.MODEL_UNKNOWN.model': 'No hay ningún modelo llamado «{model}» en la lista de modelos.',
  'error.MODEL_NOT_FOUND':
    'Falta el archivo del modelo. Descárguelo de nuevo en Modelos o elija otro modelo.',
  'error.WORKING_AUDIO_UNREADABLE':
    'No se puede leer la copia de trabajo de esta grabación en la biblioteca. Quite la grabación y agréguela de nuevo.',
  'error.FAILED':
    'Esto no terminó. Vuelva a intentarlo; si se repite, el registro en la carpeta de la biblioteca da más detalles.',
  'error.FORBIDDEN': 'Esta página no puede usar Voces. Abra Voces directamente.',
  'error.INVALID_JSON':
    'Voces recibió una solicitud que no pudo leer. Vuelva a cargar la página e intente de nuevo.',
  'error.UNKNOWN_METHOD':
    'Esta versión de Voces no puede hacer eso. Vuelva a cargar la página; si se repite, actualice Voces.',
  'tray.kind.transcribe': 'Transcribiendo',
  'tray.kind.model-download': 'Descargando el modelo',
  'tray.kind.engine-build': 'Compilando el motor de transcripción',
  'tray.kind.speakers-detect': 'Buscando los hablantes de',
  'tray.kind.speaker-models-download': 'Descargando los modelos de hablantes',
  'tray.kind.translate': 'Traduciendo',
  'speaker.numbered': 'Hablante {n}',
  'cli.terms': '{count, plural, one {# término} other {# términos}}',
  'cli.speakers': '{count, plural, one {# hablante} other {# hablantes}}',
  'subtitles.importedMixed':
    '{count, plural, one {Se importó # subtítulo. Este archivo mezclaba dos codificaciones de texto (UTF-8 y Windows-1252), como cuando se juntan líneas copiadas de dos programas: cada letra se leyó en la que se escribió, pero revise una vez las letras con acento (á, é, ñ).} other {Se importaron # subtítulos. Este archivo mezclaba dos codificaciones de texto (UTF-8 y Windows-1252), como cuando se juntan líneas copiadas de dos programas: cada letra se leyó en la que se escribió, pero revise una vez las letras con acento (á, é, ñ).}}',
} as const satisfies Record<MessageKey, Message>

/** La sección del editor de transcripciones (decisión 0196). */
export const esEditor = {
  'tabs.label': 'Editor de transcripción',
  'subs.list': 'Lista de subtítulos',
  'tabs.transcript': 'Transcripción',
  'tabs.subtitles': 'Subtítulos',
  loading: 'Cargando la transcripción…',
  'empty.title': 'Todavía no hay transcripción',
  'empty.body': 'Transcriba la grabación para editar sus palabras aquí.',
  'empty.transcribe': 'Transcribir',
  'empty.started':
    'La transcripción empezó. Puede seguirla en Tareas, arriba en la ventana; aparecerá aquí cuando termine.',
  'empty.unavailable': 'La transcripción todavía no está disponible en esta versión.',
  'empty.none.title': 'La transcripción está vacía',
  'empty.none.whisper':
    'Whisper no encontró habla en esta grabación. Eso pasa cuando la grabación es silencio o música, cuando el modelo es uno de prueba sin pesos reales, o cuando se indicó un idioma equivocado para la transcripción. Escuche la grabación y vuelva a transcribirla con otro modelo o con el idioma detectado automáticamente.',
  'empty.none.imported':
    'El archivo importado no tenía líneas con texto. Revise el archivo e impórtelo de nuevo.',
  'toolbar.undo': 'Deshacer',
  'toolbar.redo': 'Rehacer',
  'toolbar.find': 'Buscar y reemplazar',
  'toolbar.speakers': 'Hablantes',
  'toolbar.help': 'Atajos de teclado',
  'toolbar.follow': 'Seguir la reproducción',
  'review.meter': '{done} de {total} revisados',
  'review.verify': 'Marcar como revisado',
  'review.unverify': 'Revisado por {name}. Volver a marcar como texto automático',
  'review.verified': 'Revisado',
  'review.machine': 'Automático',
  'review.imported': 'Importado',
  'review.typed': 'Escrito a mano',
  'review.name': 'Su nombre (para la revisión)',
  'review.needName': 'Escriba primero su nombre: queda registrado en cada segmento revisado.',
  'segment.speaker': 'Hablante',
  'segment.noSpeaker': 'Sin hablante',
  'segment.moveWords':
    '{count, plural, one {Mover la palabra elegida a} other {Mover las # palabras elegidas a}}',
  'voices.talk': 'Habla {time}',
  'voices.sample': 'Escuchar una muestra',
  'voices.sampleOf': 'Escuchar una muestra de {name}',
  'voices.proposal': 'Se parece a {name}.',
  'voices.confirm': 'Confirmar el nombre',
  'voices.remember': 'Recordar esta voz',
  'voices.remembered':
    'La voz de {name} quedó guardada: las grabaciones siguientes propondrán el nombre.',
  'voices.nameFirst': 'Primero dé un nombre a la voz y luego guárdela.',
  'voices.mergeInto': 'Unir {name} con',
  'voices.choose': 'Elija una voz',
  'voices.merge': 'Unir',
  'voices.count': 'Cuántos hablantes',
  'voices.countAuto': 'Calcular',
  'voices.detect': 'Detectar hablantes',
  'voices.detecting': 'Detectando los hablantes… puede seguirlo en Tareas.',
  'voices.detectFailed': 'No se pudieron detectar los hablantes.',
  'voices.replaceAsk':
    'Una persona ya nombró o movió estos hablantes. Detectarlos de nuevo reemplaza su trabajo.',
  'voices.replace': 'Detectar y reemplazar',
  'voices.corrected': 'Una persona corrigió estos hablantes.',
  'segment.edit': 'Editar texto',
  'segment.editLabel': 'Texto del segmento en {time}',
  'segment.split': 'Dividir aquí',
  'segment.splitHint': 'Dividir el segmento antes de la palabra donde está el cursor',
  'segment.merge': 'Unir con el siguiente',
  'segment.unsure': 'El motor no estaba seguro de esta palabra',
  'segment.words': 'Palabras del segmento en {time}',
  'save.saving': 'Guardando…',
  'save.saved': 'Todos los cambios guardados',
  'save.failed': 'No se pudo guardar: {message}',
  'speakers.title': 'Hablantes',
  'speakers.hint':
    'Póngale nombre a cada hablante una sola vez; todos los segmentos de esta grabación lo muestran. Seleccione palabras de un segmento para moverlas a otra voz.',
  'speakers.name': 'Nombre',
  'speakers.affiliation': 'Sindicato u organización',
  'speakers.add': 'Agregar hablante',
  'find.find': 'Buscar',
  'find.replace': 'Reemplazar con',
  'find.matchCase': 'Distinguir mayúsculas',
  'find.wholeWord': 'Palabras completas',
  'find.matches': '{count, plural, one {# coincidencia} other {# coincidencias}}',
  'find.replaceAll': 'Reemplazar todo',
  'find.done': 'Se reemplazaron {count}.',
  'help.title': 'Atajos de teclado',
  'help.playPause': 'Reproducir o pausar (también Esc y luego Espacio)',
  'help.back': 'Retroceder 5 segundos',
  'help.forward': 'Adelantar 5 segundos',
  'help.slower': 'Más lento',
  'help.faster': 'Más rápido',
  'help.prev': 'Segmento anterior',
  'help.next': 'Segmento siguiente',
  'help.undo': 'Deshacer',
  'help.redo': 'Rehacer',
  'help.note': 'Funcionan mientras escribe en un segmento.',
  'help.close': 'Cerrar',
  'rate.label': 'Velocidad {rate}×',
  'subs.make': 'Crear subtítulos a partir de la transcripción',
  'subs.remake': 'Crear de nuevo',
  'subs.none':
    'Todavía no hay subtítulos. Créelos a partir de la transcripción o importe un archivo.',
  'subs.english': 'Inglés',
  'subs.spanish': 'Español',
  'subs.time': 'Tiempo',
  'subs.untranslated': 'Sin traducir',
  'subs.verify': 'Marcar como revisado',
  'subs.verified': '✓ Revisado',
  'subs.needReviewer': 'Escriba primero su nombre (para la revisión) en la pestaña Transcripción.',
  'subs.importEn': 'Importar inglés…',
  'subs.importEs': 'Importar español…',
  'subs.export': 'Exportar',
  'subs.reasonLabel': '¿Para qué se necesita esta exportación?',
  'subs.reasonHint':
    'El consentimiento de esta grabación es restringido o no está confirmado: el motivo se guarda en el registro de exportaciones.',
  'subs.format': 'Formato',
  'subs.track': 'Pista',
  'subs.quality': 'Calidad',
  'subs.noProblems': 'No se rompe ninguna regla.',
  'subs.problems': '{count, plural, one {# problema} other {# problemas}}',
  'subs.oneProblem': '1 problema',
  'subs.cue': 'Subtítulo {n}',
  'subs.imported':
    '{count, plural, one {Se importó # subtítulo} other {Se importaron # subtítulos}} ({encoding}).',
  'subs.confirmReplace':
    'Una persona ya revisó algunos subtítulos. ¿Crearlos de nuevo y perder esas revisiones?',
  'transcript.translateEn': 'Traducir la transcripción al inglés',
  'tracks.label': 'Pistas de la transcripción',
  'tracks.transcript': 'Transcripción en {language}',
  'tracks.translation': 'Traducción al {language}',
  'tracks.en': 'inglés',
  'tracks.es': 'español',
  'tracks.translationNote':
    'Esta es una pista de traducción: texto automático hasta que una persona verifique cada segmento. Edítela como la transcripción.',
  'transcript.translateEs': 'Traducir la transcripción al español',
  'transcript.translatedEn':
    'Se creó la traducción al inglés en esta computadora ({engine}): {count, plural, one {# segmento} other {# segmentos}}, texto automático hasta que una persona los revise. Llena los subtítulos en inglés cuando se crean, y se busca y exporta con la transcripción.',
  'transcript.translatedEs':
    'Se creó la traducción al español en esta computadora ({engine}): {count, plural, one {# segmento} other {# segmentos}}, texto automático hasta que una persona los revise. Llena los subtítulos en español cuando se crean, y se busca y exporta con la transcripción.',
  'transcript.translateReplace':
    'Ya hay una traducción que una persona revisó o importó. ¿Reemplazarla con una nueva traducción automática?',
  'subs.translateEs': 'Traducir al español',
  'subs.translateEn': 'Traducir al inglés',
  'subs.translating': 'Traduciendo… {percent} %',
  'subs.translated':
    'Traducidos en esta computadora ({engine}): {count}. Cada uno queda marcado como traducción automática hasta que una persona lo revise.',
  'subs.translatedKept': 'Conservados tal como una persona los escribió o revisó: {kept}.',
  'subs.translatedProblems':
    'Traducciones que no cumplen las reglas de velocidad de lectura o de líneas: {count} (vea Calidad para acortarlas).',
  'subs.replaceKept': 'Reemplazarlos también',
  'subs.machine': 'Traducción automática',
  'subs.shorterList':
    'Versiones más cortas de las traducciones que no cumplen las reglas (nada cambia hasta que usted elija una):',
  'subs.useShorter': 'Usar esta versión',
  'subs.confirmImportReplace':
    '{file} reemplazaría {count, plural, one {# subtítulo que ya está aquí} other {# subtítulos que ya están aquí}}, {verified} de ellos revisados por una persona. ¿{count, plural, one {Reemplazarlo} other {Reemplazarlos}}?',
  'rule.reading-speed': 'Velocidad de lectura',
  'rule.chars-per-line': 'Caracteres por línea',
  'rule.line-count': 'Líneas',
  'rule.duration': 'Duración',
  'rule.overlap': 'Superposición',
  'rule.gap': 'Separación',
  'rule.empty': 'Subtítulo vacío',
  'rule.untranslated': 'Sin traducir',
  'quality.reading-speed': '{speed} caracteres por segundo; el máximo es {max}.',
  'quality.chars-per-line': 'La línea {line} tiene {length} caracteres; el máximo es {max}.',
  'quality.line-count': '{lines} líneas; el máximo es {max}.',
  'quality.duration.short': 'En pantalla {seconds} s; el mínimo es {min} s.',
  'quality.duration.long': 'En pantalla {seconds} s; el máximo es {max} s.',
  'quality.overlap': 'Empieza {seconds} s antes de que termine el subtítulo {previous}.',
  'quality.gap': 'Solo {seconds} s después del subtítulo {previous}; el mínimo es {min} s.',
  'quality.empty': 'Sin texto.',
  'quality.untranslated': 'Todavía sin traducción.',
  'cue.actions': 'Subtítulo {n}',
  'cue.split': 'Dividir',
  'cue.splitHint':
    'Dividir el subtítulo donde está el cursor (Ctrl+Enter), o en la posición de reproducción si está dentro del subtítulo',
  'cue.merge': 'Unir',
  'cue.mergeHint': 'Unir con el subtítulo siguiente',
  'cue.insert': 'Agregar',
  'cue.insertHint': 'Agregar un subtítulo vacío después de este (Ctrl+Mayús+Enter)',
  'cue.delete': 'Borrar',
  'cue.deleteHint': 'Borrar este subtítulo (Deshacer lo recupera)',
  'subs.saved': 'Todos los cambios guardados',
  'subs.rules': 'Reglas',
  'subs.help': 'Atajos de teclado',
  'lane.label': 'Subtítulos sobre la forma de onda',
  'lane.role': 'subtítulo',
  'lane.cue': 'Subtítulo {n}, de {start} a {end}: {text}',
  'lane.moved': 'Subtítulo {n}: de {start} a {end}',
  'lane.keys':
    'Arrastre un borde para cambiar el inicio o el final, o el centro para mover el subtítulo. Teclas: [ y ] lo alargan por el inicio o por el final, Mayús+[ y Mayús+] lo acortan, ← y → lo mueven, de a 100 ms (con Ctrl, de a un fotograma); ↑ y ↓ van al subtítulo anterior o siguiente; Enter lo reproduce.',
  'lane.zoomHint': 'Acerque la vista para mover los subtítulos sobre la forma de onda.',
  'wave.zoomIn': 'Acercar',
  'wave.zoomOut': 'Alejar',
  'wave.zoomAll': 'Toda la grabación',
  'wave.view': '{from} – {to}',
  'help.cues': 'En un subtítulo de la forma de onda',
  'help.cueStartEarlier': 'Empezar 100 ms antes',
  'help.cueStartLater': 'Empezar 100 ms después',
  'help.cueEndLater': 'Terminar 100 ms después',
  'help.cueEndEarlier': 'Terminar 100 ms antes',
  'help.cueMove': 'Mover el subtítulo 100 ms antes o después',
  'help.cueFrame': 'Lo mismo, de a un fotograma en vez de 100 ms',
  'help.cueNext': 'Subtítulo anterior o siguiente',
  'help.cuePlay': 'Reproducir desde el inicio del subtítulo',
  'help.cueList': 'En el texto de un subtítulo',
  'help.cueSplit': 'Dividir el subtítulo donde está el cursor',
  'help.cueInsert': 'Agregar un subtítulo vacío después de este',
  'rules.title': 'Reglas de subtítulos',
  'rules.hint':
    'Los subtítulos nuevos y el panel de calidad siguen estos números. Los valores por defecto vienen de la guía de estilo de texto temporizado de Netflix.',
  'rules.scope': 'Qué reglas sigue esta grabación',
  'rules.useLibrary': 'Las reglas de la biblioteca',
  'rules.own': 'Sus propias reglas',
  'rules.maxCharsPerLine': 'Caracteres por línea',
  'rules.maxLines': 'Líneas por subtítulo',
  'rules.cpsEn': 'Velocidad de lectura, inglés (caracteres por segundo)',
  'rules.cpsEs': 'Velocidad de lectura, español (caracteres por segundo)',
  'rules.minDuration': 'Tiempo mínimo en pantalla (segundos)',
  'rules.maxDuration': 'Tiempo máximo en pantalla (segundos)',
  'rules.minGapFrames': 'Separación entre subtítulos (fotogramas)',
  'rules.fps': 'Fotogramas por segundo con que se cuenta la separación',
  'source.maxCharsPerLine':
    'Guías de estilo de texto temporizado de Netflix, inglés (EE. UU.) y español: 42 caracteres por línea.',
  'source.maxLines': 'Netflix, requisitos generales: 2 líneas como máximo.',
  'source.cpsEn':
    'Guía de Netflix para inglés (EE. UU.): 20 caracteres por segundo en programas para adultos.',
  'source.cpsEs':
    'Guías de Netflix para español de España y de Latinoamérica: 17 caracteres por segundo en programas para adultos.',
  'source.minDuration': 'Netflix, requisitos generales: 5/6 de segundo (0.833 s) por subtítulo.',
  'source.maxDuration': 'Netflix, requisitos generales: 7 segundos por subtítulo.',
  'source.minGapFrames':
    'Netflix, requisitos generales: 2 fotogramas como mínimo entre subtítulos, sea cual sea la velocidad.',
  'source.fps':
    'Elección de Voces: 2 fotogramas a 24 por segundo (83 ms) son al menos 2 fotogramas a 25 y a 30 también.',
  'rules.default': 'Por defecto: {value}',
  'rules.number': 'Escriba un número.',
  'rules.range': 'Use un número del {min} al {max}.',
  'rules.above': 'Use un número mayor que {min}, hasta {max}.',
  'rules.whole': 'Use un número entero.',
  'rules.durationOrder': 'El tiempo mínimo tiene que ser menor que el máximo.',
  'rules.saved': 'Guardado. El panel de calidad ya sigue estas reglas.',
  'rules.close': 'Cerrar',
} satisfies Record<EditorKey, Message>

/** La página de búsqueda. Sección `search` (decisión 0196). */
export const esSearch = {
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
  matches: '{count, plural, one {# resultado} other {# resultados}}',
  moreThan: 'Más de {count} resultados',
  inRecordings: 'en {count, plural, one {# grabación} other {# grabaciones}}',
  showing:
    'se muestran los {hits} mejores, en {recordings, plural, one {# grabación} other {# grabaciones}}',
  newestNote:
    'Primero se muestran los mejores de los {count} agregados al archivo más recientemente; los anteriores no se ordenaron. Agregue una palabra para acotar la búsqueda.',
  partialNote:
    'Solo se buscó en los {count} lugares agregados más recientemente donde se dicen estas palabras; en los anteriores no. Agregue una palabra para buscar más atrás.',
  playFrom: 'Reproducir desde {time}',
  saved: 'Búsquedas guardadas',
  savedNone: 'No hay búsquedas guardadas',
  saveAs: 'Guardar búsqueda como…',
  saveName: 'Nombre de esta búsqueda',
  save: 'Guardar',
  remove: 'Quitar',
  exportCsv: 'Exportar CSV',
  completing:
    'También palabras que empiezan con «{word}». Escriba un espacio después para buscar solo esa palabra.',
  consentWithdrawn: 'Consentimiento retirado',
  consentRestricted: 'Restringida',
  error: 'La búsqueda falló:',
} satisfies Record<SearchKey, Message>

/** El inicio de sesión y las páginas Personas, Acceso y Auditoría. Sección `people` (decisión 0196). */
export const esPeople = {
  signInTitle: 'Inicie sesión en Voces',
  signInLead:
    'Este archivo es compartido: inicie sesión con la cuenta que le creó un administrador de su centro.',
  email: 'Correo electrónico',
  password: 'Contraseña',
  signIn: 'Iniciar sesión',
  signingIn: 'Iniciando sesión…',
  signedOutNotice: 'Se cerró su sesión. Vuelva a iniciarla para continuar.',
  signOut: 'Cerrar sesión',
  signedInAs: 'Sesión de',
  'nav.people': 'Personas',
  'nav.access': 'Acceso',
  'nav.audit': 'Auditoría',
  role: 'Rol',
  'roles.admin': 'Administrador',
  'roles.archivist': 'Archivista',
  'roles.producer': 'Productor',
  'roles.staff': 'Personal',
  'roles.viewer': 'Lector',
  peopleTitle: 'Personas',
  peopleLead: 'Quién puede abrir este archivo y qué puede hacer cada rol.',
  name: 'Nombre',
  added: 'Agregada',
  addPerson: 'Agregar una persona',
  passwordHint:
    'Al menos 12 caracteres. Comuníquesela a la persona en privado; no puede cambiarla aquí.',
  add: 'Agregar',
  adding: 'Agregando…',
  changeRole: 'Rol de {email}',
  remove: 'Quitar…',
  removeTitle: '¿Quitar a {email}?',
  removeBody:
    'Su sesión se cierra de inmediato y pierde sus permisos. Lo que hizo queda en el archivo y en el registro de auditoría.',
  removeConfirm: 'Quitar',
  removeKeep: 'Conservarla',
  removing: 'Quitando…',
  you: '(usted)',
  accessTitle: 'Acceso a grabaciones restringidas',
  accessLead:
    'Una grabación restringida la ven los archivistas, los administradores y las personas a quienes se les concede aquí, hasta la fecha de fin.',
  recording: 'Grabación',
  person: 'Persona (correo)',
  until: 'Hasta (el final de ese día, UTC)',
  grant: 'Conceder',
  granting: 'Concediendo…',
  grantedBy: 'Concedido por',
  ends: 'Termina',
  state: 'Estado',
  active: 'Vigente',
  ended: 'Terminado',
  revoke: 'Revocar',
  noGrants: 'Todavía no hay permisos.',
  chooseRecording: 'Elija una grabación',
  auditTitle: 'Registro de auditoría',
  auditLead:
    'Quién cambió qué y cuándo: consentimiento, tachados, exportaciones, permisos, roles, eliminaciones e inicios de sesión fallidos. Nunca guarda texto de las transcripciones.',
  since: 'Desde',
  anyRecording: 'Todas las grabaciones',
  filter: 'Mostrar',
  when: 'Cuándo',
  who: 'Quién',
  what: 'Qué',
  about: 'Sobre',
  details: 'Detalles',
  noEntries: 'No hay nada en el registro para este filtro.',
  loading: 'Cargando…',
  entries: '{count, plural, one {# entrada} other {# entradas}}, la más reciente primero',
} satisfies Record<PeopleKey, Message>

/** El disfraz de voces y la descarga de la transcripción al exportar. Sección `disguise` (decisión 0196). */
export const esDisguise = {
  legend: 'Disfrazar voces',
  intro:
    'La voz de las personas que marque cambia de tono en esta exportación. Las demás voces y todos los tiempos quedan igual.',
  loading: 'Buscando a los hablantes en la transcripción…',
  none: 'La transcripción no nombra a ningún hablante, así que no hay voz que elegir. Póngales nombre primero en el editor.',
  speaker: '{named, select, yes {{name} ({speaker})} other {{speaker}}} · {time}',
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
  transcriptSaved: 'Guardado {file}.',
} satisfies Record<DisguiseKey, Message>

/** La transcripción, los cortes y las muletillas de la página del episodio. Sección `cuts` (decisión 0196). */
export const esCuts = {
  heading: 'Transcripción y cortes',
  help: 'Seleccione palabras (clic, Mayús+clic o las flechas con Mayús; doble clic toma una frase entera) y presione Supr para cortarlas de toda exportación. Las palabras cortadas siguen aquí tachadas: haga clic en una para recuperar su corte, presione Enter para recuperar la selección o deshaga con Ctrl+Z.',
  loading: 'Cargando la transcripción…',
  clip: 'Fragmento {n}: {title}, {from}–{to}',
  noTranscript:
    'Esta grabación aún no tiene transcripción: transcríbala o importe una para cortar por palabras.',
  transcriptOf: 'Transcripción del fragmento {n}',
  unknownSpeaker: 'Hablante',
  cut: 'Cortar',
  restore: 'Recuperar',
  undo: 'Deshacer',
  redo: 'Rehacer',
  selected: '{count, plural, one {# palabra seleccionada} other {# palabras seleccionadas}}',
  nothingSelected: 'Nada seleccionado',
  didCut:
    '{count, plural, one {# palabra cortada} other {# palabras cortadas}}. Deshaga con Ctrl+Z.',
  didRestore: 'Recuperado.',
  didUndo: 'Deshecho.',
  didRedo: 'Rehecho.',
  heard: 'Con los cortes, el episodio dura {length}.',
  fillersHeading: 'Muletillas',
  fillersHelp:
    'Se ofrecen, nunca se quitan solas: «este», «pues» y «o sea» también son palabras de verdad. Lea cada una en su frase.',
  fillersNone: 'No hay muletillas en estos fragmentos.',
  fillersCount: 'Quedan {left} de {all} en el episodio.',
  removeAll: '{count, plural, one {Quitar la última} other {Quitar las #}}',
  remove: 'Quitar',
  removeOne: 'Quitar «{text}» en {time}',
  restoreOne: 'Recuperar «{text}» en {time}',
  didRemoveFillers:
    '{count, plural, one {# muletilla quitada} other {# muletillas quitadas}}. Deshaga con Ctrl+Z en la transcripción.',
  failed: 'No se guardó:',
} satisfies Record<CutsKey, Message>

/** Las pantallas de transcripción: el diálogo Transcribir, el aviso inicial y la página Modelos. Sección `transcription` (decisión 0196). */
export const esTranscription = {
  nav: 'Modelos',
  selectRecording: 'Seleccionar {title}',
  selectAll: 'Seleccionar todas las grabaciones',
  transcribeSelected:
    '{count, plural, =0 {Transcribir seleccionadas} other {Transcribir seleccionadas (#)}}',
  selectFirst: 'Marque las grabaciones que quiere transcribir.',
  dialogTitle: 'Transcribir {count, plural, one {# grabación} other {# grabaciones}}',
  spoken: 'Idioma hablado',
  detect: 'Detectar (inglés o español, aunque se mezclen)',
  english: 'Inglés',
  spanish: 'Español',
  model: 'Modelo',
  modelOption: '{name} ({size})',
  defaultSuffix: ' – predeterminado',
  translate: 'Hacer también una traducción al inglés',
  translateHint: 'Para lo hablado en español: una segunda pista en inglés, junto a la de español.',
  translateOff: 'Elija Español o Detectar para hacer una traducción.',
  local: 'Todo se queda en esta computadora: no se envía nada a ningún lado.',
  start: 'Transcribir',
  starting: 'Iniciando…',
  cancel: 'Cancelar',
  started:
    '{count, plural, one {Se inició # transcripción. Puede seguirla} other {Se iniciaron # transcripciones. Puede seguirlas}} en Tareas, arriba en la ventana.',
  noModelYet: 'Todavía no hay ningún modelo de voz instalado.',
  engineMissing: 'El motor de transcripción no está instalado en esta computadora.',
  openModels: 'Ir a Modelos',
  loadingModels: 'Buscando modelos…',
  bannerTitle: 'Para transcribir, Voces necesita un modelo de voz',
  bannerNoEngineTitle: 'Para transcribir, Voces necesita su motor de transcripción',
  bannerNoEngineBody:
    'El motor que ejecuta los modelos de voz todavía no está instalado en esta computadora. En Modelos se explica cómo obtenerlo; después vale la pena descargar un modelo.',
  bannerBody:
    'Le recomendamos “{name}” ({size}): funciona bien en inglés y en español, y es rápido en una computadora común. Se descarga una sola vez y después funciona sin internet.',
  download: 'Descargar',
  downloadNamed: 'Descargar {name}',
  seeAllModels: 'Ver todos los modelos',
  dismiss: 'Ahora no',
  downloaded: '{name} está listo. Ya puede transcribir.',
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
  'buildTools.cmake': 'CMake',
  'buildTools.compiler': 'Un compilador de C++',
  'buildTools.build-tool': 'Make o Ninja',
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
  added: 'Se agregó {name}.',
  loadFailed: 'No se pudo obtener la lista de modelos.',
  retry: 'Intentar de nuevo',
  'descriptions.tiny': 'El más rápido y el menos preciso.',
  'descriptions.tiny-q5_1': 'Tiny comprimido: la descarga más pequeña.',
  'descriptions.base': 'Rápido; sirve para una voz clara.',
  'descriptions.base-q5_1': 'Base comprimido.',
  'descriptions.small': 'Buen equilibrio entre velocidad y precisión.',
  'descriptions.small-q5_1': 'Small comprimido: casi igual de bueno, en un tercio del tamaño.',
  'descriptions.medium': 'Preciso; lento sin tarjeta gráfica.',
  'descriptions.medium-q5_0': 'Medium comprimido.',
  'descriptions.large-v3-turbo': 'El más preciso para su velocidad; mejor con tarjeta gráfica.',
  'descriptions.large-v3-turbo-q5_0': 'Large v3 turbo comprimido: la opción más precisa.',
  'errors.NO_MODEL':
    'No hay ningún modelo de voz instalado. Descargue uno en la página Modelos o agregue un archivo de modelo.',
  'errors.ENGINE_NOT_FOUND':
    'El motor de transcripción (whisper.cpp) no está instalado. En la página Modelos se explica cómo instalarlo.',
  'errors.TRANSCRIPTION_RUNNING':
    'Una de estas grabaciones ya se está transcribiendo. Espere a que termine o cancélela en Tareas.',
  'errors.MODEL_NOT_INSTALLED': 'Este modelo no está instalado. Descárguelo en la página Modelos.',
  'errors.MODEL_NOT_FOUND':
    'Falta el archivo del modelo. Descárguelo de nuevo o elija otro modelo.',
  'errors.MODEL_CORRUPT':
    'Este no es un modelo de whisper.cpp, o el archivo está dañado. Descárguelo de nuevo o elija otro archivo.',
  'errors.MODEL_UNKNOWN': 'No hay ningún modelo con ese nombre en la lista.',
  'errors.MODEL_CHECKSUM_MISMATCH':
    'El archivo descargado no coincide con el publicado, así que se borró. Descárguelo de nuevo.',
  'errors.DOWNLOAD_FAILED':
    'La descarga no terminó. Revise la conexión a internet e intente de nuevo: sigue desde donde se quedó.',
  'errors.WORKING_AUDIO_MISSING':
    'Falta el audio que Voces preparó para esta grabación. Quite la grabación y vuelva a agregarla.',
  'errors.WORKING_AUDIO_UNREADABLE':
    'No se puede leer el audio que Voces preparó para esta grabación. Quite la grabación y vuelva a agregarla.',
  'errors.ENGINE_CRASHED':
    'El motor de transcripción se detuvo de forma inesperada (Voces sigue bien). Pruebe con otro modelo.',
  'errors.ENGINE_FAILED':
    'Falló el motor de transcripción. Intente de nuevo o pruebe con un modelo más pequeño.',
  'errors.FILE_NOT_FOUND': 'No hay ningún archivo en esa ruta. Revísela e intente de nuevo.',
} satisfies Record<TranscriptionKey, Message>

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
  'app.notFound.title': 'No se encontró la página',
  'app.notFound.text':
    'Esta dirección no lleva a nada en Voces. Puede que se haya escrito o copiado mal.',
  'app.notFound.back': 'Ir a la biblioteca',

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
  'error.FILE_NOT_REGULAR':
    'Esto no es un archivo común (es una carpeta, un dispositivo, una tubería o un archivo del sistema), así que Voces no lo lee. Guárdelo como archivo y elija ese.',
  'error.FILE_TOO_LARGE':
    'Este archivo pesa más de {megabytes} MB, más que cualquier archivo de subtítulos o de transcripción, así que no se leyó.',
  'error.IMPORT_EMPTY':
    'Este archivo no tiene texto que importar; no se importó ni se cambió nada.',
  'error.SUBTITLES_IMPORT_REPLACES': {
    one: 'Importar este archivo reemplazaría {count} subtítulo que ya está aquí ({verified} revisados por una persona). No se cambió nada.',
    other:
      'Importar este archivo reemplazaría {count} subtítulos que ya están aquí ({verified} revisados por una persona). No se cambió nada.',
  },
  'error.TRANSCRIPT_IMPORT_REPLACES': {
    one: 'Importar este archivo reemplazaría una transcripción de {count} segmento ({verified} revisados por una persona). No se cambió nada.',
    other:
      'Importar este archivo reemplazaría una transcripción de {count} segmentos ({verified} revisados por una persona). No se cambió nada.',
  },
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
  'episodes.count': { one: '{count} episodio', other: '{count} episodios' },
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
  'episodePlayer.legend': {
    one: 'Marcas rojas: {count} corte; azules: un clip nuevo; amarillas: un capítulo. «Escuchar el siguiente corte» reproduce desde dos segundos antes.',
    other:
      'Marcas rojas: {count} cortes; azules: un clip nuevo; amarillas: un capítulo. «Escuchar el siguiente corte» reproduce desde dos segundos antes.',
  },
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
    '{language}: {empty} subtítulos vacíos o sin traducir, {broken} que no cumplen las reglas de subtítulos',
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
  'settings.glossaryAllFit': {
    one: '{count} término, en la indicación de Whisper ({tokens} de {budget} tokens).',
    other: '{count} términos, todos en la indicación de Whisper ({tokens} de {budget} tokens).',
  },
  'settings.glossaryLeftOut': {
    one: 'La indicación de Whisper está llena: incluye los primeros {used} términos y queda fuera {count}. Quite algunos para hacer espacio.',
    other:
      'La indicación de Whisper está llena: incluye los primeros {used} términos y quedan fuera {count}. Quite algunos para hacer espacio.',
  },
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
  'subtitles.importedMixed': {
    one: 'Se importó {count} subtítulo. Este archivo mezclaba dos codificaciones de texto (UTF-8 y Windows-1252), como cuando se juntan líneas copiadas de dos programas: cada letra se leyó en la que se escribió, pero revise una vez las letras con acento (á, é, ñ).',
    other:
      'Se importaron {count} subtítulos. Este archivo mezclaba dos codificaciones de texto (UTF-8 y Windows-1252), como cuando se juntan líneas copiadas de dos programas: cada letra se leyó en la que se escribió, pero revise una vez las letras con acento (á, é, ñ).',
  },
} as const satisfies Record<MessageKey, Message>

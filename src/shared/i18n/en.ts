import type { Message } from './types.ts'

/**
 * The English catalogue: the source of the message keys. Placeholders are `{name}`; a message
 * with `one`/`other` forms is chosen by `params.count`. Error messages are keyed by the core's
 * error `code` (`error.CODE`) and never name the file themselves: the UI shows the file beside
 * them, so each sentence reads right with or without one.
 */
export const en = {
  'app.name': 'Voces',
  'app.tagline': 'Interview studio',
  'app.skipToContent': 'Skip to content',
  'nav.library': 'Library',
  'nav.search': 'Search',
  'nav.main': 'Main',
  'app.loading': 'Opening Voces…',

  'language.label': 'Interface language',
  'language.en': 'English',
  'language.es': 'Spanish',

  'library.heading': 'Recordings',
  'library.count': { one: '{count} recording', other: '{count} recordings' },
  'library.loading': 'Loading the library…',
  'library.empty': 'No recordings yet. Drop interview files on this window to begin.',
  'library.loadFailed': 'The library could not be loaded.',
  'library.retry': 'Try again',
  'library.kind.audio': 'Audio',
  'library.kind.video': 'Video',
  'library.undated': 'No date',
  'library.caption': 'Recordings in the library. Open one to listen and describe it.',
  'library.col.title': 'Title',
  'library.col.duration': 'Length',
  'library.col.kind': 'Type',
  'library.col.date': 'Interview date',
  'library.col.consent': 'Consent',
  'library.col.tags': 'Tags',

  'consent.badge.given': 'Consent given',
  'consent.badge.restricted': 'Restricted',
  'consent.badge.withdrawn': 'Withdrawn',
  'consent.badge.unknown': 'Consent unknown',

  'home.heading': 'Import recordings',
  'home.intro':
    'Voces keeps your interviews on this computer. Originals are never changed: Voces reads them and makes its own working copies.',
  'import.dropTitle': 'Drop audio or video files, or whole folders',
  'import.dropHint':
    'Anywhere in this window. MP3, WAV, M4A, FLAC, OGG, Opus, MP4, MOV, MKV, WebM.',
  'import.choose': 'Add recordings…',
  'import.chooseFolder': 'Add a folder…',
  'import.pathShow': 'Or add from a path on this computer',
  'import.pathLabel': 'Path on this computer',
  'import.pathHint':
    'A file or folder on the computer running Voces, for example /home/ana/interviews.',
  'import.pathSubmit': 'Import',
  'import.dropOverlay': 'Drop to add to the library',
  'import.nothingFound': 'No audio or video files were found in what you dropped.',

  'jobs.heading': 'Imports',
  'jobs.empty': 'Files you import show here while Voces prepares them.',
  'jobs.active': { one: '{count} import in progress', other: '{count} imports in progress' },
  'jobs.uploading': 'Sending the file to Voces…',
  'jobs.queued': 'Waiting its turn…',
  'jobs.running': '{percent}% done',
  'jobs.timeLeft': 'about {time} left',
  'jobs.estimating': 'estimating time left…',
  'jobs.succeeded': 'Ready',
  'jobs.cancelled': 'Cancelled',
  'jobs.cancel': 'Cancel',
  'jobs.cancelNamed': 'Cancel importing {name}',
  'jobs.open': 'Open',
  'jobs.clear': 'Clear finished',
  'jobs.dismiss': 'Dismiss',
  'jobs.failed': 'Could not be added',
  'jobs.progressLabel': 'Progress of {name}',

  'tray.button': { one: '{count} task running', other: '{count} tasks running' },
  'tray.idle': 'Tasks',
  'tray.heading': 'Tasks',
  'tray.empty': 'Nothing is running.',
  'tray.recent': 'Finished',
  'tray.close': 'Close',
  'tray.kind.ingest': 'Adding',
  'tray.kind.export': 'Exporting',

  'time.seconds': { one: '{count} second', other: '{count} seconds' },
  'time.minutes': { one: '{count} minute', other: '{count} minutes' },
  'time.hours': { one: '{count} hour', other: '{count} hours' },

  'recording.loading': 'Opening the recording…',
  'recording.back': 'Back to the library',
  'recording.summary': 'Recording details',
  'recording.original': 'Original file',
  'recording.added': 'Added {date}',
  'recording.format': 'Format',
  'recording.technical': 'Technical details',
  'recording.codecs': 'Codecs',
  'recording.size': 'Size',
  'recording.resolution': 'Picture size',
  'recording.sound': 'Sound',
  'recording.channels': { one: '{count} channel', other: '{count} channels' },
  'recording.sha256': 'SHA-256 fingerprint',
  'recording.copy': 'Copy kept in the library',
  'recording.delete': 'Delete recording…',
  'recording.deleteTitle': 'Delete “{title}”?',
  'recording.deleteBody':
    'Voces removes this recording, its details and its working copies from the library. The original file on this computer is not touched.',
  'recording.deleteConfirm': 'Delete',
  'recording.deleteCancel': 'Keep it',
  'recording.deleting': 'Deleting…',

  'player.label': 'Player',
  'player.fallback':
    'The original file cannot play here, so Voces is playing its working copy of the sound.',
  'player.unplayable': 'This recording cannot be played on this computer.',
  'player.waveform': 'Waveform: click or use the arrow keys to move the playhead',
  'player.waveformLoading': 'Drawing the waveform…',
  'player.waveformMissing': 'The waveform is not available.',
  'player.time': '{current} of {total}',

  'form.heading': 'About this interview',
  'form.title': 'Title',
  'form.interviewees': 'Interviewees',
  'form.intervieweePlaceholder': 'Name, and union or trade if they wish',
  'form.addInterviewee': 'Add interviewee',
  'form.removeInterviewee': 'Remove {name}',
  'form.noInterviewees': 'Nobody listed yet.',
  'form.interviewer': 'Interviewer',
  'form.date': 'Date of the interview',
  'form.place': 'Place',
  'form.languages': 'Languages spoken',
  'form.consent': 'Consent',
  'form.consentNote': 'Consent note',
  'form.consentNoteHint': 'What was agreed, by whom and when; any limits on use.',
  'form.tags': 'Tags',
  'form.tagsHint': 'Press Enter or a comma after each tag.',
  'form.removeTag': 'Remove tag {name}',
  'form.notes': 'Notes',

  'languages.en': 'English',
  'languages.es': 'Spanish',
  'languages.en,es': 'English and Spanish',

  'consent.given': 'Given',
  'consent.restricted': 'Restricted',
  'consent.withdrawn': 'Withdrawn',
  'consent.unknown': 'Unknown',

  'save.saved': 'Saved',
  'save.saving': 'Saving…',
  'save.pending': 'Unsaved changes',
  'save.invalid': 'Not saved: correct the marked field',
  'save.failed': 'Not saved: {reason}',

  'validation.required': 'This cannot be empty.',
  'validation.titleRequired': 'Give the recording a title.',
  'validation.tooLong': 'Too long: at most {max} characters.',
  'validation.tooMany': 'Too many: at most {max}.',
  'validation.date': 'Use a full date, for example 2024-05-01.',
  'validation.invalid': 'This value is not valid.',

  'error.FFMPEG_NOT_FOUND':
    'Voces needs FFmpeg to read recordings and could not find it. Install FFmpeg, or choose its location in the settings.',
  'error.FFMPEG_FAILED':
    'FFmpeg could not finish reading this file. It may be damaged; check that it plays in a media player.',
  'error.EMPTY_FILE': 'The file is empty (0 bytes). Copy it again from where it was recorded.',
  'error.MEDIA_UNREADABLE':
    'This is not an audio or video file Voces can read. It may be damaged, or another kind of file with a media name.',
  'error.NO_AUDIO':
    'This video has no sound track, so there is nothing to listen to or transcribe.',
  'error.NOT_A_FILE': 'This is a folder, not a recording.',
  'error.NO_MEDIA_FOUND': 'No audio or video files were found in this folder.',
  'error.FOLDER_UNREADABLE':
    'The folder could not be opened. Check that you have permission to read it.',
  'error.FILE_UNREADABLE':
    'The file could not be opened. Check that you have permission to read it.',
  'error.FILE_NOT_FOUND': 'The file was not found. It may have been moved, renamed or deleted.',
  'error.DUPLICATE_RECORDING': 'This file is already in the library.',
  'error.DUPLICATE_RECORDING.title': 'This file is already in the library, as “{title}”.',
  'error.RECORDING_NOT_FOUND': 'This recording is not in the library. It may have been removed.',
  'error.EPISODE_NOT_FOUND': 'This episode no longer exists. It may have been deleted.',
  'error.JOB_NOT_FOUND': 'This task has already finished or was removed.',
  'error.DISK_FULL': 'The disk is full. Free some space and try again.',
  'error.CANCELLED': 'Cancelled.',
  'error.INVALID_INPUT': 'Voces could not accept this value. Check it and try again.',
  'error.TOO_LARGE': 'This is too large to send to Voces in one piece.',
  'error.NETWORK': 'Voces is not answering. Check that it is still running, then try again.',
  'error.UNAUTHORISED':
    'This page is no longer connected to Voces. Open Voces again with the link it printed.',
  'error.UPLOAD_FAILED': 'The file could not be sent to Voces. Try again.',
  'error.INTERNAL':
    'Something went wrong inside Voces. Try again; if it happens again, the log in the library folder says more.',
} as const satisfies Record<string, Message>

export type MessageKey = keyof typeof en

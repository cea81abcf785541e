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
  'app.notFound.title': 'Page not found',
  'app.notFound.text':
    'This address does not lead to anything in Voces. It may have been typed or copied wrong.',
  'app.notFound.back': 'Go to the library',

  'language.label': 'Interface language',
  'language.en': 'English',
  'language.es': 'Spanish',

  'library.heading': 'Recordings',
  'library.count': '{count, plural, one {# recording} other {# recordings}}',
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
  'library.col.transcript': 'Transcript',
  'library.col.subtitles': 'Subtitles',
  'library.col.checked': 'Checked',
  'library.state.transcribed': 'Transcribed',
  'library.state.none': '—',
  'library.state.checked': '{share}%',
  'library.search.label': 'Search the library',
  'library.search.placeholder': 'Title, people, tags, notes…',
  'library.sort.label': 'Sort by',
  'library.sort.added': 'Added, newest first',
  'library.sort.interviewDate': 'Interview date, newest first',
  'library.sort.length': 'Length, longest first',
  'library.sort.title': 'Title, A to Z',
  'library.filter.language': 'Language',
  'library.filter.consent': 'Consent',
  'library.filter.tag': 'Tag',
  'library.filter.speakersNamed': 'Speakers named',
  'library.filter.any': 'Any',
  'library.filter.yes': 'Yes',
  'library.filter.no': 'No',
  'library.filter.none': 'None',
  'library.filter.checkedAll': 'All checked',
  'library.filter.checkedSome': 'Partly checked',
  'library.shown': '{shown} of {count} recordings',
  'library.noMatch': 'No recording matches this search and these filters.',

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
  'jobs.active': '{count, plural, one {# import in progress} other {# imports in progress}}',
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

  'tray.button': '{count, plural, one {# task running} other {# tasks running}}',
  'tray.idle': 'Tasks',
  'tray.heading': 'Tasks',
  'tray.empty': 'Nothing is running.',
  'tray.recent': 'Finished',
  'tray.close': 'Close',
  'tray.kind.ingest': 'Adding',
  'tray.kind.export': 'Exporting',

  'time.seconds': '{count, plural, one {# second} other {# seconds}}',
  'time.minutes': '{count, plural, one {# minute} other {# minutes}}',
  'time.hours': '{count, plural, one {# hour} other {# hours}}',

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
  'recording.channels': '{count, plural, one {# channel} other {# channels}}',
  'recording.sha256': 'SHA-256 fingerprint',
  'recording.copy': 'Copy kept in the library',
  'recording.delete': 'Delete recording…',
  'recording.deleteTitle': 'Delete “{title}”?',
  'recording.deleteBody':
    'Voces removes this recording, its details and its working copies from the library. The original file on this computer is not touched.',
  'recording.deleteConfirm': 'Delete',
  'recording.deleteCopy': "Delete the library's copy…",
  'recording.deleteCopyTitle': "Delete the library's copy of the original?",
  'recording.deleteCopyBody':
    'The copy the library made at import is deleted for good. The original stays where you keep it ({path}); exports read it from there. The transcript, subtitles and listening copy stay.',
  'recording.deleteCopyConfirm': 'Delete the copy',
  'recording.deleteCancel': 'Keep it',
  'recording.deleting': 'Deleting…',

  'player.label': 'Player',
  'player.fallback':
    'The original file cannot play here, so Voces is playing its working copy of the sound.',
  'player.redacted':
    'Redacted stretches are covered: you hear the tone or silence every export has, not the words.',
  'player.unplayable': 'This recording cannot be played on this computer.',
  'player.waveform': 'Waveform: click or use the arrow keys to move the playhead',
  'player.waveformLoading': 'Drawing the waveform…',
  'player.waveformMissing': 'The waveform is not available.',
  'player.subtitlesOnPicture': 'Show the subtitles on the picture, as they will be burned in',
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
  'validation.date':
    'This date is incomplete or is not a day that exists: check the day, the month and the year.',
  'validation.invalid': 'This value is not valid.',

  'error.SPEAKER_COUNT_INVALID':
    'The number of speakers must be a whole number from 1 to {max}, not {count}. Leave it empty to let Voces count the voices.',
  'error.RTTM_INVALID':
    'Line {line} of the RTTM file is not a speaker turn. Each line must read: SPEAKER file channel start duration <NA> <NA> speaker <NA> <NA>.',
  'error.SPEAKER_MODEL_MISSING':
    'The neural speaker model {file} is not installed. Download it in Settings, or use the basic speaker engine, which needs no download.',
  'error.SPEAKER_MODEL_CORRUPT':
    'The neural speaker model {file} is damaged or incomplete, so it could not be loaded. Delete it and download it again, or use the basic speaker engine.',
  'error.SPEAKER_ENGINE_UNAVAILABLE':
    'The neural speaker engine cannot run on this computer (its ONNX Runtime library did not load). Use the basic speaker engine, which needs no download.',
  'error.FFMPEG_NOT_FOUND':
    'Voces needs FFmpeg to read recordings and could not find it. Install FFmpeg, or choose its location in the settings.',
  'error.APERTIUM_PATH_INVALID':
    'This is not a working Apertium with its English–Spanish data. Choose the apertium program itself, or leave the field empty to find it automatically.',
  'error.FFMPEG_PATH_INVALID':
    '{path} is not a working FFmpeg: it did not run, or did not say it is FFmpeg. Choose the ffmpeg program itself (for example /usr/bin/ffmpeg), or leave the field empty so that Voces finds it.',
  'error.FFMPEG_FAILED':
    'FFmpeg could not finish reading this file. It may be damaged; check that it plays in a media player.',
  'error.EMPTY_FILE': 'The file is empty (0 bytes). Copy it again from where it was recorded.',
  'error.TOO_SHORT':
    'The file holds only {ms} ms of sound: too short to listen to, transcribe or export. If it should be longer, the copy may be incomplete: copy it again from where it was recorded.',
  'error.MEDIA_UNREADABLE':
    'This is not an audio or video file Voces can read. It may be damaged, or another kind of file with a media name.',
  'error.NO_AUDIO':
    'This video has no sound track, so there is nothing to listen to or transcribe.',
  'error.NAME_NOT_UTF8':
    'The name of {file} is not valid text (UTF-8; the unreadable letters are shown as �), so Voces cannot keep where it is. Rename the file and add it again.',
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
  'error.EPISODE_DRAFT_MARK_REFUSED':
    'Nothing was saved: “{mark}” is not a draft mark of this part of the episode.',
  'error.JOB_NOT_FOUND': 'This task has already finished or was removed.',
  'error.FILE_NOT_REGULAR':
    'This is not an ordinary file (it is a folder, a device, a pipe or a system file), so Voces does not read it. Save it as a file and choose that.',
  'error.FILE_TOO_LARGE':
    'This file is larger than {megabytes} MB, more than any subtitle or transcript file holds, so it was not read.',
  'error.IMPORT_EMPTY': 'This file holds no text to import, so nothing was imported or changed.',
  'error.SUBTITLES_IMPORT_REPLACES':
    '{count, plural, one {Importing this file would replace # subtitle already here ({verified} checked by a person). Nothing was changed.} other {Importing this file would replace # subtitles already here ({verified} checked by a person). Nothing was changed.}}',
  'error.TRANSCRIPT_IMPORT_REPLACES':
    '{count, plural, one {Importing this file would replace a transcript of # segment ({verified} checked by a person). Nothing was changed.} other {Importing this file would replace a transcript of # segments ({verified} checked by a person). Nothing was changed.}}',
  'error.TIME_INVALID': 'A time here is no moment of the recording. Nothing was changed.',
  'error.TIME_REVERSED': 'This ends ({end} s) before it starts ({start} s). Nothing was changed.',
  'error.TIME_REVERSED.cue':
    'Subtitle {cue} ends ({end} s) before it starts ({start} s). Nothing was imported.',
  'error.TIME_REVERSED.word':
    'Word {word} of segment {segment} ends ({end} s) before it starts ({start} s). Nothing was imported.',
  'error.TIME_REVERSED.segment':
    'Segment {segment} ends ({end} s) before it starts ({start} s). Nothing was imported.',
  'error.TIME_PAST_END':
    'This time ({end} s) is after the end of the recording ({duration} s). Nothing was changed.',
  'error.TIME_PAST_END.cue':
    'Subtitle {cue} ends at {end} s, after the end of the recording ({duration} s). Nothing was imported.',
  'error.TIME_PAST_END.word':
    'Word {word} of segment {segment} ends at {end} s, after the end of the recording ({duration} s). Nothing was imported.',
  'error.TIME_PAST_END.segment':
    'Segment {segment} ends at {end} s, after the end of the recording ({duration} s). Nothing was imported.',
  'error.DISK_FULL': 'The disk is full. Free some space and try again.',
  'error.CANCELLED': 'Cancelled.',
  'error.INVALID_INPUT': 'Voces could not accept this value. Check it and try again.',
  'error.S3_URL_INVALID':
    '{url} is not a media address Voces can use. Write it as s3://BUCKET or s3://BUCKET/FOLDER.',
  'error.S3_ENDPOINT_INVALID':
    '{endpoint} is not the address of a media store. Give --s3-endpoint (or VOCES_S3_ENDPOINT) as http://HOST:PORT or https://HOST.',
  'error.S3_CREDENTIALS_INCOMPLETE':
    'Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the media store, or neither.',
  'error.S3_CREDENTIALS_MISSING':
    'Voces has no credentials for the media store. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
  'error.S3_CREDENTIALS_REFUSED':
    "The media store at {endpoint} refused Voces' credentials. Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
  'error.S3_ACCESS_DENIED':
    "The media store's account may not use the bucket {bucket}. Ask whoever runs the store to give AWS_ACCESS_KEY_ID access to it.",
  'error.S3_UNREACHABLE':
    'The media store at {endpoint} cannot be reached. Check the address (--s3-endpoint or VOCES_S3_ENDPOINT), the network, and that the store is running.',
  'error.S3_BUCKET_MISSING':
    'The bucket {bucket} does not exist at {endpoint}. Create it, or correct the bucket in --media s3://BUCKET.',
  'error.S3_UPLOAD_CUT':
    'The upload of {file} to the media store at {endpoint} was cut off, and nothing of it was kept. Check the network, then try again.',
  'error.S3_FAILED':
    'The media store at {endpoint} answered with an error ({reason}). Try again; if it happens again, tell whoever runs the store.',
  'error.TOO_LARGE': 'This is too large to send to Voces in one piece.',
  'error.NETWORK': 'Voces is not answering. Check that it is still running, then try again.',
  'error.ROLE_FORBIDS':
    'Your role ({role}) may not do this. Ask an admin of this archive if you need it.',
  'error.PERSON_NOT_FOUND': 'There is no account for {email} in this archive.',
  'error.PERSON_EXISTS': '{email} already has an account.',
  'error.LAST_ADMIN': "{email} is the archive's last admin. Make another person admin first.",
  'error.GRANT_IN_THE_PAST': 'A grant until {until} would already have ended. Give a later date.',
  'error.TOO_MANY_SIGN_INS':
    'Too many sign-ins failed for this account or from this address. Wait {seconds} seconds, then try again.',
  'error.SIGN_IN_FAILED': 'That email and password do not match an account of this archive.',
  'error.SIGN_IN_NEEDED': 'Sign in to use this archive.',
  'error.SERVE_NEEDS_ACCOUNTS':
    'Voces listens on {host} only once the archive has accounts. Add the first admin on this machine with: voces users add EMAIL --role admin --password-stdin',
  'error.UNAUTHORISED':
    'This page is no longer connected to Voces. Start Voces again from the command and open the new link it prints.',
  'error.BAD_ADDRESS': 'This address is malformed. Check it, or go back to the library.',
  'error.TOO_MANY_CONNECTIONS':
    'Too many Voces pages are open at once. Close some of them, then reload this one.',
  'error.UPLOAD_FAILED': 'The file could not be sent to Voces. Try again.',
  'error.INTERNAL':
    'Something went wrong inside Voces. Try again; if it happens again, the log in the library folder says more.',
  'nav.episodes': 'Episodes',
  'nav.settings': 'Settings',

  'episodes.heading': 'Episodes',
  'episodes.count': '{count, plural, one {# episode} other {# episodes}}',
  'episodes.new': 'New episode',
  'episodes.loading': 'Loading the episodes…',
  'episodes.empty':
    'No episodes yet. An episode joins clips of your recordings, with chapters and show notes in both languages.',
  'episodes.caption':
    'Episodes. Open one to edit its clips, chapters and show notes, or to export it.',
  'episodes.col.clips': 'Clips',
  'episodes.col.length': 'Length',
  'episodes.cancelNew': 'Cancel',
  'episodes.creating': 'Creating…',
  'episodes.create': 'Create episode',

  'episode.title': 'Title',
  'episode.show': 'Show',
  'episode.number': 'Episode number',
  'episode.year': 'Year',
  'episode.cover': 'Cover image',
  'episode.intro': 'Intro music',
  'episode.outro': 'Outro music',
  'episode.pathHint': 'Square, at least 1400 pixels, as podcast apps ask. JPEG or PNG.',
  'episode.noFile': 'None',
  'episode.chooseFile': 'Choose…',
  'episode.chooseFor': 'Choose a file for “{field}”',
  'episode.removeFile': 'Remove',
  'episode.removeFor': 'Remove “{field}”',
  'episode.descriptionEn': 'Description in English',
  'episode.descriptionEs': 'Description in Spanish',
  'description.draftInto.es': 'Draft description in Spanish',
  'description.draftInto.en': 'Draft description in English',
  'description.draftDone.es':
    'Drafted the Spanish description on this computer ({engine}): marked as a draft until you edit or accept it.',
  'description.draftDone.en':
    'Drafted the English description on this computer ({engine}): marked as a draft until you edit or accept it.',
  'description.draftNothing':
    'The description in the other language is empty: there is nothing to draft from.',
  'description.draftReplace':
    'The description in that language was typed by a person. Replace it with the machine draft? Cancel keeps it.',
  'description.draftKept': 'The description a person typed was kept; nothing was drafted.',
  'description.draftUndo': 'Undo the description draft',
  'description.draftUndone': 'The draft was undone: the description is as it was.',
  'episode.copyingFile': 'Copying…',
  'episode.fileUnreadable': 'Voces could not get where this file is. Choose it again.',
  'episode.titleRequired': 'Give the episode a title.',
  'episode.numberInvalid': 'Use a whole number, such as 12.',
  'episode.yearInvalid': 'Use a four-digit year, such as 2024.',
  'episode.back': 'Back to the episodes',

  'episodePlayer.label': 'Hear the episode',
  'episodePlayer.hint':
    'As it will be exported: the cuts joined with their crossfades, the intro and outro, the chapters. Only the loudness is set later, in the export.',
  'episodePlayer.loading': 'Preparing the player…',
  'episodePlayer.play': 'Play',
  'episodePlayer.pause': 'Pause',
  'episodePlayer.previousJoin': 'Hear the previous cut',
  'episodePlayer.nextJoin': 'Hear the next cut',
  'episodePlayer.position': 'Position in the episode',
  'episodePlayer.intro': 'Intro music',
  'episodePlayer.outro': 'Outro music',
  'episodePlayer.cutAt': 'Cut at {time}',
  'episodePlayer.clipAt': 'Next clip at {time}',
  'episodePlayer.chapters': 'Chapters',
  'episodePlayer.untitledChapter': 'Untitled chapter',
  'episodePlayer.legend':
    '{count, plural, one {Red marks: # cut; blue: a new clip; yellow: a chapter. “Hear the next cut” plays from two seconds before it.} other {Red marks: # cuts; blue: a new clip; yellow: a chapter. “Hear the next cut” plays from two seconds before it.}}',
  'episodePlayer.unplayable':
    'The episode could not be played. Check in Settings that Voces finds FFmpeg, and that the clips’ recordings are still there.',
  'episode.loading': 'Opening the episode…',
  'episode.numberShort': 'No. {n}',
  'episode.length': '{length} long',
  'episode.details': 'Details',

  'clips.heading': 'Clips',
  'clips.help':
    'Pick recordings from the library and set where each clip starts and ends (m:ss). They play in this order.',
  'clips.none': 'No clips yet.',
  'clips.clipN': 'Clip {n}',
  'clips.missingRecording': 'This recording is no longer in the library.',
  'clips.recordingLength': 'Recording: {length}',
  'clips.from': 'From',
  'clips.to': 'To',
  'clips.fromOf': 'From, clip {n}',
  'clips.toOf': 'To, clip {n}',
  'clips.up': 'Move clip {n} up',
  'clips.down': 'Move clip {n} down',
  'clips.removeN': 'Remove clip {n}',
  'clips.remove': 'Remove',
  'clips.total': 'Clips together: {length}',
  'clips.noRecordings': 'Add recordings to the library first; clips are taken from them.',
  'clips.pick': 'Recording',
  'clips.add': 'Add clip',
  'clips.needOne': 'Add at least one clip.',
  'clips.fixFirst': 'Correct the marked clip first.',
  'clips.notATime': 'Write a time as m:ss, for example 1:30.',
  'clips.afterEnd': 'The recording ends at {end}.',
  'clips.endBeforeStart': 'The clip must end after it starts.',

  'chapters.heading': 'Chapters',
  'chapters.help':
    'Each chapter starts at a time in the episode and has a title in each language. Podcast apps show them as a list to jump to.',
  'chapters.time': 'Starts at',
  'chapters.titleEn': 'Title in English',
  'chapters.titleEs': 'Title in Spanish',
  'chapters.actions': 'Actions',
  'chapters.timeOf': 'Start of chapter {n}',
  'chapters.titleEnOf': 'English title of chapter {n}',
  'chapters.titleEsOf': 'Spanish title of chapter {n}',
  'chapters.removeN': 'Remove chapter {n}',
  'chapters.none': 'No chapters yet.',
  'chapters.timeInvalid': 'Not a time inside the episode.',
  'chapters.timeInvalidLength':
    'Not saved: each chapter needs a time such as 1:30, before the end of the episode ({length}).',
  'chapters.draftInto.es': 'Draft titles in Spanish',
  'chapters.draftInto.en': 'Draft titles in English',
  'chapters.draftDone':
    'Drafted on this computer ({engine}), {count} of the chapter titles: marked as a draft until you edit or accept them.',
  'chapters.draftReplace':
    'Some chapter titles in that language were typed by a person. Replace them with the machine draft? Cancel keeps them and fills only the others.',
  'chapters.draftUndo': 'Undo the titles draft',
  'chapters.draftUndone': 'The draft was undone: the chapter titles are as they were.',
  'chapters.add': 'Add chapter',
  'chapters.propose': 'Propose from the transcript',
  'chapters.proposing': 'Proposing…',
  'chapters.proposeHint':
    'Chapters where the talk pauses longest and where the speaker changes, a few minutes apart, titled with their first words. Edit them as you like.',
  'chapters.proposeReplace': 'Replace the chapters you have with proposals from the transcript?',

  'notes.loading': 'Loading the show notes…',
  'notes.draftInto.es': 'Draft in Spanish',
  'notes.draftInto.en': 'Draft in English',
  'notes.drafting': 'Translating on this computer…',
  'notes.draftDone':
    'Drafted on this computer ({engine}): {fields}. Each is marked as a draft until you edit or accept it.',
  'notes.draftNothing':
    'The other language’s summary and show notes are empty: there is nothing to draft from.',
  'notes.draftReplace':
    'Some of these show notes already hold text a person typed. Replace it with the machine draft? (Cancel keeps it and drafts only the empty ones.)',
  'notes.draftMark': 'Draft: machine translation',
  'notes.draftAccept': 'Accept',
  'notes.draftUndo': 'Undo the draft',
  'notes.draftUndone': 'The draft was undone: the show notes are as they were.',
  'notes.heading': 'Show notes',
  'notes.summaryEn': 'Summary',
  'notes.summaryEs': 'Summary in Spanish',
  'notes.bodyEn': 'Notes',
  'notes.bodyEs': 'Notes in Spanish',
  'notes.guests': 'Guests',
  'notes.credits': 'Credits',
  'notes.links': 'Links',
  'notes.noLinks': 'No links yet.',
  'notes.linkTitle': 'What it is',
  'notes.linkTitleOf': 'Title of link {n}',
  'notes.linkUrlOf': 'Address of link {n}',
  'notes.removeLinkN': 'Remove link {n}',
  'notes.addLink': 'Add link',
  'notes.copied': 'Markdown copied.',
  'notes.copyYourself': 'Voces may not use the clipboard here: copy the text below.',
  'notes.downloaded': 'HTML downloaded.',
  'notes.copyMarkdown': 'Copy Markdown',
  'notes.downloadHtml': 'Download HTML',
  'notes.markdownText': 'Show notes as Markdown',

  'export.button': 'Export…',
  'export.title': 'Export “{title}”',
  'export.kind': 'What to make',
  'export.kind.podcast': 'Podcast',
  'export.kind.video': 'Video with subtitles',
  'export.kind.audiogram': 'Audiogram',
  'export.videoOnlyForVideo': 'Video with subtitles is offered for video recordings.',
  'export.format': 'Format',
  'export.channels': 'Sound',
  'export.stereo': 'Stereo',
  'export.mono': 'Mono',
  'export.lufs': 'Loudness target (LUFS)',
  'export.lufsHint':
    'Empty means {target} LUFS: podcast apps expect about -16 LUFS for stereo and -19 for mono, so episodes play at the same volume. Peaks stay at or below -1 dBTP.',
  'export.lufsInvalid': 'Use a number between -36 and -10, such as -16.',
  'export.burn': 'Subtitles burned into the picture',
  'export.none': 'None',
  'export.both': 'Both',
  'export.soft': 'Subtitle tracks viewers can turn on',
  'export.videoHint':
    'With both burned in, Spanish shows above English. An .mkv file name gives SubRip tracks; .mp4 gives mov_text.',
  'export.size': 'Shape',
  'export.square': 'Square',
  'export.vertical': 'Vertical',
  'export.captions': 'Captions',
  'export.from': 'From',
  'export.to': 'To',
  'export.stretchHint': 'Social media clips are short: leave empty for the whole recording.',
  'export.rangeInvalid': 'Write times as m:ss, the end after the start, inside the recording.',
  'export.audiogramEpisode': 'The audiogram covers the whole episode.',
  'export.output': 'Save as',
  'export.outputHint':
    'A full path on the computer running Voces. The folder must exist; a file with this name is replaced.',
  'export.outputRequired': 'Give a file path.',
  'export.withdrawnTitle': 'This cannot be exported.',
  'export.withdrawnBody':
    'Consent was withdrawn for: {titles}. Voces never exports a recording whose consent was withdrawn; remove it from the episode, or record the consent again if it was given anew.',
  'export.reasonLabel': 'Why is this export needed?',
  'export.reasonBody':
    'Consent is restricted or unknown for: {titles}. Write the reason for this export; it is kept in the library’s export log with what was used.',
  'export.reasonRequired': 'A reason is needed for this export.',
  'export.unready.title': 'Some of the subtitles in this video are not ready:',
  'export.unready.fileTitle': 'Some cues of this subtitle file are not ready:',
  'export.unready.line':
    '{language}: {empty, plural, one {# cue} other {# cues}} empty or untranslated, {broken, plural, one {# cue} other {# cues}} breaking the subtitle rules',
  'export.unready.ask': 'Viewers will see them as they are. Export anyway?',
  'export.unready.back': 'Go back',
  'export.unready.go': 'Export anyway',
  'export.close': 'Close',
  'export.start': 'Export',
  'export.again': 'Export another',
  'export.failed': 'The export did not finish. Nothing was left behind.',
  'export.done': '{file} is ready. Voces checked the file after writing it:',
  'export.cancelled': 'Cancelled. Nothing was left behind.',
  'export.exporting': 'Exporting {file}',
  'export.result.heading': 'What the export measured',
  'export.result.file': 'File',
  'export.result.length': 'Length',
  'export.result.loudness': 'Integrated loudness',
  'export.result.truePeak': 'True peak',
  'export.result.chapters': 'Chapters',
  'export.result.sidecars': 'Files beside it',
  'export.result.noneWritten': 'None',
  'export.result.burned': 'Burned-in subtitles',
  'export.publishUrl': 'Web address where these files will be published',
  'export.publishUrlHint':
    'The folder on your website, such as https://example.org/podcast/. The RSS item beside the file points there; left empty, no RSS item is written.',
  'export.publishUrlInvalid': 'Use a web address that starts with https:// or http://.',
  'export.result.streams': 'Subtitle tracks',
  'export.result.picture': 'Picture size',
  'export.result.captions': 'Captions shown',

  'redact.button': 'Redact…',
  'redact.title': 'Redact in “{title}”',
  'redact.finalTitle': 'Redaction is final inside the library.',
  'redact.finalBody':
    'The words are replaced by a mark ([redacted]; [nombre omitido] in Spanish text) in every transcript, subtitle and show note, search forgets them, and every export covers the time with a tone or silence. They cannot be brought back. The original file stays where you keep it.',
  'redact.done':
    'Done. Stretches of sound covered: {spans}. Transcript passages changed: {segments}. Subtitles changed: {cues}.',
  'redact.what': 'What to redact',
  'redact.aName': 'A name',
  'redact.aStretch': 'A stretch of time',
  'redact.word': 'Name or word',
  'redact.wordHint':
    'Every time it is said, in both languages; accents and capitals do not matter.',
  'redact.from': 'From',
  'redact.to': 'To',
  'redact.sound': 'Cover the sound with',
  'redact.mode.tone': 'a tone',
  'redact.mode.silence': 'silence',
  'redact.close': 'Close',
  'redact.next': 'Continue…',
  'redact.wordTooShort': 'Write at least two letters.',
  'redact.spanInvalid': 'Write times as m:ss, the end after the start, before {length}.',
  'redact.summaryWord':
    'Redact “{word}” everywhere in this recording, covering the sound with {mode}.',
  'redact.summarySpan': 'Redact everything from {from} to {to}, covering the sound with {mode}.',
  'redact.confirmWord': 'REDACT',
  'redact.typeToConfirm': 'To confirm, type {word}',
  'redact.back': 'Back',
  'redact.working': 'Redacting…',
  'redact.apply': 'Redact for good',
  'redact.listHeading': 'Already redacted',
  'redact.listEmpty': 'Nothing redacted in this recording.',
  'redact.listItem': '{from} – {to}, covered with {mode}',

  'settings.heading': 'Settings',
  'settings.language': 'Interface language',
  'settings.languageHint': 'The same as EN | ES in the header; it applies at once.',
  'settings.reviewerName': 'Your name (for review)',
  'settings.reviewerNameHint': 'Recorded with each segment or cue you mark verified.',
  'settings.library': 'Library',
  'settings.detectSpeakers': 'Detect speakers after transcription',
  'settings.detectSpeakersHint':
    'Finds who speaks when and gives every segment its speaker. Speakers a person named or moved are never replaced without asking.',
  'settings.copyIntoLibrary': 'Copy recordings into the library',
  'settings.copyHint':
    'When on, Voces keeps its own copy of each original it adds, so an export still works if the original is moved. The original is never changed.',
  'settings.libraryFolder': 'Library folder',
  'settings.version': 'Voces version',
  'settings.ffmpegPath': 'FFmpeg program',
  'settings.ffmpegAuto': 'Found automatically',
  'settings.ffmpegApply': 'Use this',
  'settings.ffmpegHint':
    'Leave empty to use the FFmpeg that comes with Voces, or the one installed on this computer.',
  'settings.ffmpegFound': 'Using FFmpeg {version} at {path}.',
  'settings.translation': 'Translation on this computer',
  'settings.apertiumPath': 'Apertium program',
  'settings.apertiumHint':
    'Leave empty to use the Apertium installed on this computer (sudo apt install apertium apertium-eng-spa). Translation is the Subtitles tab’s Translate into Spanish and English.',
  'settings.engineInstalled': '{name}: installed ({pairs}).',
  'settings.engineMissing': '{name}: not installed. {hint}',
  'settings.apertiumInstall':
    'Install it: sudo apt install apertium apertium-eng-spa (Debian, Ubuntu) or brew install apertium apertium-eng-spa (macOS).',
  'settings.bergamotInstall':
    'Download its English–Spanish models (about 21 MB a direction): voces translate download en-es, and es-en.',
  'settings.glossary': 'Glossary',
  'settings.glossaryHint':
    'Names and words Whisper should expect: unions, places, words of the trade. Whisper is given them as its prompt, so they come out spelled right in every transcription from now on.',
  'settings.glossaryTerm': 'New term',
  'settings.glossaryPlaceholder': 'e.g. SEIU 2015',
  'settings.glossaryAdd': 'Add',
  'settings.glossaryRemove': 'Remove',
  'settings.glossaryRemoveTerm': 'Remove “{term}”',
  'settings.glossaryEmpty': 'No terms yet.',
  'settings.glossaryLeftOutBadge': 'left out',
  'settings.glossaryAllFit':
    '{count, plural, one {# term, in Whisper’s prompt ({tokens} of {budget} tokens).} other {# terms, all in Whisper’s prompt ({tokens} of {budget} tokens).}}',
  'settings.glossaryLeftOut':
    '{count, plural, one {Whisper’s prompt is full: it holds the first {used} terms, and # term is left out. Remove some to make room.} other {Whisper’s prompt is full: it holds the first {used} terms, and # terms are left out. Remove some to make room.}}',
  'settings.glossaryNoModel': 'Install a Whisper model to see how many terms fit in its prompt.',
  'error.GLOSSARY_TERM_EMPTY': 'Type the word or name to add to the glossary.',
  'error.GLOSSARY_TERM_TOO_LONG':
    'A glossary term is a name or a few words, at most {max} characters.',
  'error.GLOSSARY_TERM_DUPLICATE': '“{term}” is already in the glossary.',
  'error.GLOSSARY_TERM_NOT_FOUND': '“{term}” is not in the glossary.',

  'error.CONSENT_WITHDRAWN':
    'This cannot be exported: consent for a recording in it was withdrawn.',
  'error.CONSENT_WITHDRAWN.title': 'This cannot be exported: consent for “{title}” was withdrawn.',
  'error.CONSENT_REASON_REQUIRED':
    'Consent for a recording in this export is restricted or unknown. Give a reason; it is kept in the export log.',
  'error.CONSENT_REASON_REQUIRED.title':
    'Consent for “{title}” is restricted or unknown. Give a reason for this export; it is kept in the export log.',
  'error.NO_SUBTITLES':
    'This recording has no subtitles in that language yet. Make or import them first.',
  'error.NOT_A_VIDEO': 'This recording is audio only; export it as a podcast or an audiogram.',
  'error.NOT_A_VIDEO.title': '“{title}” is audio only; export it as a podcast or an audiogram.',
  'error.ORIGINAL_MISSING':
    'The original file is no longer where it was. Put it back, or turn on “Copy recordings into the library” and add it again.',
  'error.SOURCE_NOT_FOUND': 'This episode or recording is no longer in the library.',
  'error.JOB_NOT_AN_EXPORT': 'This task is not an export.',
  'error.EXPORT_NOT_READY': 'This export is not done yet: fetch it once a worker has done it.',
  'error.EXPORT_NOT_DONE': 'This export did not finish. Run the export again.',
  'error.EXPORT_FETCHED':
    'The files of this export are no longer in the archive: they were fetched already, or removed 7 days after the export was done.',
  'error.EXPORT_REDACTED_SINCE':
    'Part of “{title}” was redacted after this export was made, so its files were deleted instead of fetched. Run the export again.',
  'error.EXPORT_CHECK_FAILED':
    'The exported file did not pass Voces’ own check, so it was not kept. Try again; if it happens again, the log says more.',
  'error.SILENT_AUDIO':
    'There is nothing to hear: the loudness is that of silence, so it was not exported.',
  'error.SILENT_AUDIO.title':
    '“{title}” has nothing to hear: its loudness is that of silence, so it was not exported.',
  'error.CLIP_OUT_OF_RANGE':
    'A clip starts after the end of its recording. Check its in and out points.',
  'error.CUT_OUTSIDE_CLIP':
    "A cut must lie inside one of the episode's clips. Check the clips' in and out points.",
  'error.EPISODE_ALL_CUT':
    'Every clip of this episode is cut whole, so there is nothing to export. Restore some words first.',
  'error.EPISODE_COVER_MISSING':
    'The cover image cannot be found (it may have been moved or deleted): choose it again, or leave the cover empty.',
  'error.EPISODE_INTRO_MISSING':
    'The intro music cannot be found (it may have been moved or deleted): choose it again, or leave the intro empty.',
  'error.EPISODE_OUTRO_MISSING':
    'The outro music cannot be found (it may have been moved or deleted): choose it again, or leave the outro empty.',
  'error.REDACTION_TOO_SHORT': 'Write at least two letters to redact.',
  'error.REDACTION_SPAN_INVALID': 'A redaction must end after it starts, at 0:00 or later.',
  'error.REDACTION_SCRUB_BLOCKED':
    'The redaction is saved, but the database still keeps the old text on disk: a connection opened before it (process {pid}, user “{user}”, {application}) is still open. End that connection or wait for it, then redact the same name again to wipe it.',
  'error.REDACTION_SCRUB_NOT_OWNER':
    'The redaction is saved, but the database user “{user}” may not rewrite the tables that held the words ({tables}): they belong to another user. Have the database administrator make “{user}” their owner (ALTER TABLE … OWNER TO {user}), then redact the same name again.',
  'error.REDACTION_AUDIO_FAILED':
    'The words are gone from the library, but its listening copy of the recording could not be rewritten. Nothing is exported with them; redact again to cover the sound.',
  'error.OUTPUT_FOLDER_MISSING':
    'The folder to save in does not exist. Check the path, or create the folder first.',
  'error.OUTPUT_EXISTS': 'A file with this name already exists. Choose another name.',
  'error.OUTPUT_FOLDER_NOT_WRITABLE':
    'Voces may not write in the folder {folder}. Choose another folder, or change its permissions.',
  'error.OUTPUT_IS_FOLDER': 'That is a folder. Give a file name to save as.',
  'error.NO_MODEL':
    'No Whisper model is installed yet. Open Models to download one; it is used offline from then on.',
  'error.MODEL_NOT_INSTALLED':
    'This model is not installed. Download it from Models, or choose another.',
  'error.MODEL_CORRUPT': 'The model file is damaged or is not a Whisper model. Download it again.',
  'error.TRANSLATION_ENGINE_NOT_FOUND':
    'The translation engine {engine} is not installed. Install Apertium with its English–Spanish data ("sudo apt install apertium apertium-eng-spa" on Debian or Ubuntu, "brew install apertium apertium-eng-spa" on macOS), or set its path in Settings.',
  'error.TRANSLATION_PAIR_NOT_INSTALLED':
    'The translation engine {engine} cannot translate from {from} into {to} on this computer: the language data is not installed. Install "apertium-eng-spa" and try again.',
  'error.TRANSLATION_ENGINE_FAILED':
    'The translation engine {engine} stopped with an error. Nothing was changed; try again, and reinstall the engine if it happens again.',
  'error.TRANSLATION_ENGINE_UNKNOWN':
    'There is no translation engine named {engine}. The engines are: {engines}.',
  'error.TRANSLATION_NO_SOURCE':
    'There are no cues to translate from yet. Make or import the subtitles in the other language first.',
  'error.TRANSLATION_ALREADY_IN_TARGET':
    'These subtitles already read as the language you asked to translate into, so nothing was translated. Check which language the cues were imported as.',
  'error.TRANSLATION_SAME_LANGUAGES':
    'Translate from one language into the other: the two languages are the same.',
  'error.TRANSLATION_NO_TRANSCRIPT':
    'There is no transcript in the other language to translate from yet. Transcribe or import it first.',
  'error.TRANSLATION_OVER_TRANSCRIPT':
    'That language is this recording’s own transcript; a translation cannot take its place.',
  'error.TRANSLATION_TRACK_EXISTS':
    'This recording already has a translation in that language ({count} segments, {verified} checked by a person). Ask to replace it to go ahead.',
  'error.TRANSLATION_EPISODE_EMPTY':
    'This episode has no show notes, description or chapter titles in the other language to translate yet.',
  'error.TRANSLATION_DOWNLOAD_FAILED':
    'The translation model download ({pair}) did not finish. Check the connection and run "voces translate download {pair}" again; it resumes where it stopped.',
  'error.TRANSLATION_RUNNING':
    'This recording is already being translated. Wait for it, or cancel it first.',
  'error.ENGINE_NOT_FOUND':
    'The transcription engine (whisper.cpp) is missing. Reinstall Voces, or build it with scripts/build-whisper.sh.',
  'error.ENGINE_BUILD_TOOLS_MISSING':
    'Building the transcription engine needs tools this computer lacks ({tools}). The Models page says how to install each.',
  'error.ENGINE_BUILD_FAILED':
    'Building the transcription engine failed. The Models page shows the last lines of its output.',
  'error.ENGINE_BUILD_UNAVAILABLE':
    'This copy of Voces carries its own transcription engine; there is nothing to build.',
  'error.ENGINE_CRASHED':
    'The transcription engine stopped unexpectedly. Voces is fine; try again, or try a smaller model.',
  'error.ENGINE_FAILED':
    'The transcription engine could not finish this recording. Try again, or try another model.',
  'error.TRANSCRIPTION_RUNNING':
    'This recording is already being transcribed. Wait for it to finish, or cancel it in Tasks.',
  'error.WORKING_AUDIO_MISSING':
    'The library’s working copy of this recording is missing. Remove the recording and add it again.',
  'error.TRANSCRIPT_NOT_FOUND': 'This recording has no transcript in that language yet.',
  'error.TRANSCRIPT_MALFORMED':
    'This transcript file could not be read. Check that it is SRT, WebVTT or Voces JSON.',
  'error.DOWNLOAD_FAILED':
    'The download did not finish. Check the connection and try again; it continues where it stopped.',
  'error.MODEL_CHECKSUM_MISMATCH':
    'The downloaded model does not match its published checksum, so it was not kept. Try again.',
  'error.SUBTITLE_MALFORMED':
    'This subtitle file could not be read; nothing was imported. The message below names the line.',
  'error.SUBTITLE_CUE_NOT_FOUND': 'This subtitle no longer exists. Reload the page.',
  'error.SUBTITLE_CUE_TIMING': 'A subtitle must end after it starts.',
  'error.SUBTITLE_LANGUAGE_REQUIRED':
    'Say which language this subtitle file is in: English or Spanish.',
  'error.SUBTITLE_REVIEWER_REQUIRED': 'Enter your name to mark this as checked.',
  'error.SUBTITLES_VERIFIED':
    'Some subtitles were already checked by a person; making them again would replace that work.',
  'error.SUBTITLES_NO_TRANSCRIPT':
    'Subtitles are made from a transcript, and this recording has none yet. Transcribe it first.',
  'error.SUBTITLES_EMPTY': 'There are no subtitles to export yet.',
  'error.SUBTITLE_RULE_OUT_OF_RANGE': 'Use a number from {min} to {max}.',
  'error.SUBTITLE_RULE_OUT_OF_RANGE.above': 'Use a number above {min}, up to {max}.',
  'error.SUBTITLE_RULE_NOT_WHOLE': 'Use a whole number.',
  'error.SUBTITLE_RULES_DURATION':
    'The minimum duration must be shorter than the maximum duration.',
  'error.SUBTITLE_SPLIT_OUT_OF_RANGE':
    'A subtitle splits inside itself: put the text cursor between two words, or the playhead between its start and end.',
  'error.SUBTITLE_MERGE_NO_NEXT': 'This is the last subtitle; there is none after it to join.',
  'error.SUBTITLE_NO_ROOM':
    'There is no room for a subtitle here: it needs {seconds} s between its neighbours.',
  'error.EDIT_STALE':
    'This change no longer fits: the text was changed elsewhere. Reload the page.',
  'error.SPLIT_OUT_OF_RANGE': 'A segment splits between two of its words.',
  'error.MERGE_NO_NEXT': 'This is the last segment; there is none after it to join.',
  'error.SPEAKER_NOT_FOUND': 'That speaker is not one of this recording’s.',
  'error.SPEAKERS_CHANNELS_NOT_STEREO':
    'The channels engine needs a stereo recording with one voice per channel, and this one is not stereo. Use the basic engine.',
  'error.SPEAKERS_CHANNELS_SAME_MIX':
    'Both channels of this recording carry the same sound, so they cannot tell the voices apart. Use the basic engine.',
  'error.SPEAKERS_CHANNELS_ONE_VOICE':
    'Only one channel of this recording carries speech most of the time, so the channels do not hold one voice each. Use the basic engine.',
  'error.SPEAKERS_CHANNELS_COUNT':
    'The channels engine finds one voice per channel, two in all; {speakers} were asked for. Use the basic engine.',
  'error.SPEAKERS_CORRECTED':
    'A person already named or moved the speakers of this recording. Detecting again would replace their work: confirm to go on.',
  'error.SPEAKERS_TOO_SHORT':
    'This recording lasts {seconds} s: speakers are told apart from {minimum} s of sound on.',
  'error.SPEAKERS_RUNNING':
    'The speakers of this recording are already being detected. Wait for it, or cancel it in Tasks.',
  'error.SPEAKERS_NO_SPEECH':
    'No speech was found in this recording (silence or music only), so no speakers were stored.',
  'error.SPEAKERS_MERGE_INVALID': 'Choose two different voices of the same recording to merge.',
  'error.SPEAKER_UNKNOWN': 'This recording has no speaker called “{speaker}”.',
  'error.WORDS_OUT_OF_RANGE': 'Choose words of this segment to move.',
  'error.VOICE_NAME_NEEDED': 'Give the voice a name to remember it by.',
  'error.VOICE_TOO_LITTLE_SPEECH':
    'There is too little speech of {name} in this recording to remember the voice. Try a recording where they speak longer.',
  'error.REVIEWER_REQUIRED': 'Enter your name to mark this as checked.',
  'error.SEGMENT_NOT_FOUND': 'This segment no longer exists. Reload the page.',
  'error.BACKUP_UNREADABLE':
    'This file is not a Voces backup, or it is damaged. Nothing was changed.',
  'error.LIBRARY_LOCATION_INVALID':
    'Voces cannot open a library there. Give a folder, or a PostgreSQL database as postgres://USER@HOST/DATABASE.',
  'error.MEDIA_LOCATION_INVALID':
    'Voces cannot keep media there. Give a folder, or an S3 bucket as s3://BUCKET or s3://BUCKET/PREFIX.',
  'error.MEDIA_LOCATION_REQUIRED':
    'A shared archive keeps its recordings in an S3 bucket every machine reaches. Add --media s3://BUCKET (or VOCES_MEDIA).',
  'error.S3_ENDPOINT_WITHOUT_BUCKET':
    'An S3 endpoint was given without an S3 bucket. Add --media s3://BUCKET (or VOCES_MEDIA).',
  'error.LIBRARY_TOO_NEW':
    'This library was made by a newer Voces. Update Voces to open it; nothing was changed.',
  'error.BACKUP_SHARED_ARCHIVE':
    'The shared archive is backed up on its database server (pg_dump or the server’s own backups) together with its media bucket, not by Voces. Nothing was written.',
  'error.DATABASE_URL_INVALID':
    'This is not a PostgreSQL address. Write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.',
  'error.DATABASE_UNREACHABLE':
    'The database server at {host}:{port} does not answer. Check that PostgreSQL is running there, that the host and port in the address are right, and that this machine may reach it.',
  'error.DATABASE_LOGIN_FAILED':
    'The database refused the user “{user}”: the user name or password in the address is wrong, or that user may not connect from this machine.',
  'error.DATABASE_NOT_FOUND':
    'There is no database “{database}” on {host}:{port}. Create it (createdb {database}) or correct its name in the address.',
  'error.DATABASE_UNACCENT_MISSING':
    'The database server lacks the unaccent extension, which search needs. Install PostgreSQL’s contrib package on the server (Debian: postgresql-contrib), then try again.',
  'error.DATABASE_TOO_NEW':
    'This database was set up by a newer Voces (schema {found}; this version knows up to {supported}). Update Voces on this machine to use it; nothing was changed.',
  'error.DATABASE_MIGRATION_BUSY':
    'Another Voces has been upgrading this database for over {seconds} seconds. Wait for it to finish, then try again; nothing was changed.',
  'error.LIBRARY_COPY_BUSY':
    'Another copy into this archive is running now. Wait for it to end, then run this one again: it goes on from where the archive stands.',
  'error.LIBRARY_COPY_CONFLICT':
    'The archive already holds a recording with the id {id} whose media differs from "{title}" in this library: nothing was copied. Remove one of them, then run the copy again.',
  'error.LIBRARY_COPY_CHECKSUM':
    'The file {key} read back from the media store differs from the one in the library: nothing of its recording was kept. Check the store, then run the copy again.',
  'error.BAG_INVALID': 'This bag was altered or is incomplete, so nothing was imported.',
  'error.BAG_NOT_VOCES':
    'This bag is intact, but it was not made by Voces: it does not hold one recording in data/media/ with its metadata.json, so nothing was imported.',
  'error.BAG_UNSAFE_FILE':
    'This bag holds a link, a device or a pipe where a plain file should be. Voces never follows one out of a bag, so nothing was imported.',
  'error.BAG_METADATA_INVALID':
    'The metadata in this bag cannot be imported as it is, so nothing was imported.',
  'error.BAG_METADATA_INVALID.field':
    'The field “{field}” in this bag cannot be imported as it is (too long, or not the kind of value Voces keeps there), so nothing was imported.',
  'error.BAG_IMPORT_FAILED':
    'Voces could not finish importing this bag and removed what it had begun, so nothing was imported. Try again; if it happens again, the log says more.',
  'error.DISGUISE_SPEAKER_NOT_FOUND':
    'No recording in this export has that speaker in its transcript, so their voice cannot be disguised. Check the name among the transcript’s speakers.',
  'error.DISGUISE_SPEAKER_NOT_FOUND.speaker':
    'No recording in this export has a speaker called “{speaker}” in its transcript, so their voice cannot be disguised. Check the name among the transcript’s speakers.',
  'error.DISGUISE_NEEDS_RUBBERBAND':
    'Moving the timbre of a voice apart from its pitch needs FFmpeg with the Rubber Band filter, and this FFmpeg has none. Leave the timbre with the pitch, or use a full FFmpeg.',
  'error.MODEL_UNKNOWN': 'There is no model with this name in the list of models.',
  'error.MODEL_UNKNOWN.model': 'There is no model called “{model}” in the list of models.',
  'error.MODEL_NOT_FOUND':
    'The model file is missing. Download it again from Models, or choose another model.',
  'error.WORKING_AUDIO_UNREADABLE':
    'The library’s working copy of this recording cannot be read. Remove the recording and add it again.',
  'error.FAILED':
    'This did not finish. Try again; if it happens again, the log in the library folder says more.',
  'error.FORBIDDEN': 'This page may not use Voces. Open Voces itself.',
  'error.INVALID_JSON':
    'Voces received a request it could not read. Reload the page and try again.',
  'error.UNKNOWN_METHOD':
    'This version of Voces cannot do that. Reload the page; if it happens again, update Voces.',
  'tray.kind.transcribe': 'Transcribing',
  'tray.kind.model-download': 'Downloading the model',
  'tray.kind.engine-build': 'Building the transcription engine',
  'tray.kind.speakers-detect': 'Finding the speakers of',
  'tray.kind.speaker-models-download': 'Downloading the speaker models',
  'tray.kind.translate': 'Translating',
  'speaker.numbered': 'Speaker {n}',
  'cli.terms': '{count, plural, one {# term} other {# terms}}',
  'cli.speakers': '{count, plural, one {# speaker} other {# speakers}}',
  'subtitles.importedMixed':
    '{count, plural, one {Imported # cue. This file mixed two text encodings (UTF-8 and Windows-1252), as when lines are pasted together from two programs: each letter was read in the one it was written in, but look over the accented letters (á, é, ñ) once.} other {Imported # cues. This file mixed two text encodings (UTF-8 and Windows-1252), as when lines are pasted together from two programs: each letter was read in the one it was written in, but look over the accented letters (á, é, ñ) once.}}',
} as const satisfies Record<string, Message>

export type MessageKey = keyof typeof en

/**
 * The transcript editor's section (decision 0196): the Transcript and Subtitles tabs, their panels
 * and the waveform's lanes, read with `editorStrings(language)` or `sectionTranslator`.
 */
export const enEditor = {
  // Not "…subtitles": getByLabel('Title') in the page's tests would find it too.
  'tabs.label': 'Transcript editor',
  'subs.list': 'Cue list',
  'tabs.transcript': 'Transcript',
  'tabs.subtitles': 'Subtitles',
  loading: 'Loading the transcript…',
  'empty.title': 'No transcript yet',
  'empty.body': 'Transcribe the recording to edit its words here.',
  'empty.transcribe': 'Transcribe',
  'empty.started':
    'Transcription started. Follow it in the jobs tray; the transcript appears here when it is done.',
  'empty.unavailable': 'Transcription is not available in this build yet.',
  'empty.none.title': 'The transcript is empty',
  'empty.none.whisper':
    'Whisper found no speech in this recording. That happens when the recording is silence or music, when the model is a test model without real weights, or when the transcription was given the wrong language. Listen to the recording, then transcribe it again with another model or with the language detected.',
  'empty.none.imported':
    'The imported file had no lines with text. Check the file, then import it again.',
  'toolbar.undo': 'Undo',
  'toolbar.redo': 'Redo',
  'toolbar.find': 'Find and replace',
  'toolbar.speakers': 'Speakers',
  'toolbar.help': 'Keyboard shortcuts',
  'toolbar.follow': 'Follow playback',
  'review.meter': 'Verified {done} of {total}',
  'review.verify': 'Mark verified',
  'review.unverify': 'Verified by {name}. Mark as machine text again',
  'review.verified': 'Verified',
  'review.machine': 'Machine',
  'review.imported': 'Imported',
  'review.typed': 'Typed',
  'review.name': 'Your name (for review)',
  'review.needName': 'Write your name first: it is recorded with each verified segment.',
  'segment.speaker': 'Speaker',
  'segment.noSpeaker': 'No speaker',
  'segment.moveWords':
    '{count, plural, one {Move the selected word to} other {Move the # selected words to}}',
  'voices.talk': 'Talks {time}',
  'voices.sample': 'Play a sample',
  'voices.sampleOf': 'Play a sample of {name}',
  'voices.proposal': 'Sounds like {name}.',
  'voices.confirm': 'Confirm the name',
  'voices.remember': 'Remember this voice',
  'voices.remembered': 'The voice of {name} is remembered: later recordings will propose the name.',
  'voices.nameFirst': 'Give the voice a name first, then remember it.',
  'voices.mergeInto': 'Merge {name} into',
  'voices.choose': 'Choose a voice',
  'voices.merge': 'Merge',
  'voices.count': 'How many speakers',
  'voices.countAuto': 'Estimate',
  'voices.detect': 'Detect speakers',
  'voices.detecting': 'Detecting the speakers… follow it in Tasks.',
  'voices.detectFailed': 'The speakers could not be detected.',
  'voices.replaceAsk':
    'A person already named or moved these speakers. Detecting again replaces their work.',
  'voices.replace': 'Detect and replace',
  'voices.corrected': 'These speakers were corrected by a person.',
  'segment.edit': 'Edit text',
  'segment.editLabel': 'Text of the segment at {time}',
  'segment.split': 'Split here',
  'segment.splitHint': 'Split the segment before the word at the cursor',
  'segment.merge': 'Join with next',
  'segment.unsure': 'The engine was unsure of this word',
  'segment.words': 'Words of the segment at {time}',
  'save.saving': 'Saving…',
  'save.saved': 'All changes saved',
  'save.failed': 'Could not save: {message}',
  'speakers.title': 'Speakers',
  'speakers.hint':
    'Name each speaker once; every segment of this recording shows the name. Select words in a segment to move them to another voice.',
  'speakers.name': 'Name',
  'speakers.affiliation': 'Union or organisation',
  'speakers.add': 'Add a speaker',
  'find.find': 'Find',
  'find.replace': 'Replace with',
  'find.matchCase': 'Match case',
  'find.wholeWord': 'Whole words',
  'find.matches': '{count, plural, one {# match} other {# matches}}',
  'find.replaceAll': 'Replace all',
  'find.done': 'Replaced {count}.',
  'help.title': 'Keyboard shortcuts',
  'help.playPause': 'Play or pause (also Esc, then Space)',
  'help.back': 'Back 5 seconds',
  'help.forward': 'Forward 5 seconds',
  'help.slower': 'Slower',
  'help.faster': 'Faster',
  'help.prev': 'Previous segment',
  'help.next': 'Next segment',
  'help.undo': 'Undo',
  'help.redo': 'Redo',
  'help.note': 'They work while you type in a segment.',
  'help.close': 'Close',
  'rate.label': 'Speed {rate}×',
  'subs.make': 'Make subtitles from the transcript',
  'subs.remake': 'Make again',
  'subs.none': 'No subtitles yet. Make them from the transcript, or import a file.',
  'subs.english': 'English',
  'subs.spanish': 'Español',
  'subs.time': 'Time',
  'subs.untranslated': 'Untranslated',
  'subs.verify': 'Mark as checked',
  'subs.verified': '✓ Checked',
  'subs.needReviewer': 'Write your name (for review) in the Transcript tab first.',
  'subs.importEn': 'Import English…',
  'subs.importEs': 'Import Spanish…',
  'subs.export': 'Export',
  'subs.reasonLabel': 'Why is this export needed?',
  'subs.reasonHint':
    'The consent for this recording is restricted or unknown: the reason is kept in the export log.',
  'subs.format': 'Format',
  'subs.track': 'Track',
  'subs.quality': 'Quality',
  'subs.noProblems': 'No rule is broken.',
  'subs.problems': '{count, plural, one {# problem} other {# problems}}',
  'subs.oneProblem': '1 problem',
  'subs.cue': 'Cue {n}',
  'subs.imported': 'Imported {count, plural, one {# cue} other {# cues}} ({encoding}).',
  'subs.confirmReplace':
    'Some cues were checked by a person. Make the cues again and lose those checks?',
  'transcript.translateEn': 'Translate the transcript into English',
  'tracks.label': 'Transcript tracks',
  'tracks.transcript': '{language} transcript',
  'tracks.translation': '{language} translation',
  'tracks.en': 'English',
  'tracks.es': 'Spanish',
  'tracks.translationNote':
    'This is a translation track: machine text until a person verifies each segment. Edit it like the transcript.',
  'transcript.translateEs': 'Translate the transcript into Spanish',
  'transcript.translatedEn':
    'English translation track made on this computer ({engine}): {count, plural, one {# segment} other {# segments}}, machine text until a person checks them. It fills the English subtitles when they are made, and is searched and exported with the transcript.',
  'transcript.translatedEs':
    'Spanish translation track made on this computer ({engine}): {count, plural, one {# segment} other {# segments}}, machine text until a person checks them. It fills the Spanish subtitles when they are made, and is searched and exported with the transcript.',
  'transcript.translateReplace':
    'There is already a translation a person checked or imported. Replace it with a new machine translation?',
  'subs.translateEs': 'Translate into Spanish',
  'subs.translateEn': 'Translate into English',
  'subs.translating': 'Translating… {percent}%',
  'subs.translated':
    'Translated on this computer ({engine}): {count}. Each is marked machine translation until a person checks it.',
  'subs.translatedKept': 'Kept as a person typed or checked them: {kept}.',
  'subs.translatedProblems':
    'Translations that break the reading-speed or line rules: {count} (see Quality to shorten them).',
  'subs.replaceKept': 'Replace those too',
  'subs.machine': 'Machine translation',
  'subs.shorterList':
    'Shorter wordings for translations that break the rules (nothing changes until you choose one):',
  'subs.useShorter': 'Use this wording',
  'subs.confirmImportReplace':
    '{file} would replace {count, plural, one {# subtitle} other {# subtitles}} already here, {verified} of them checked by a person. Replace {count, plural, one {it} other {them}}?',
  'rule.reading-speed': 'Reading speed',
  'rule.chars-per-line': 'Characters per line',
  'rule.line-count': 'Lines',
  'rule.duration': 'Duration',
  'rule.overlap': 'Overlap',
  'rule.gap': 'Gap',
  'rule.empty': 'Empty cue',
  'rule.untranslated': 'Untranslated',
  'quality.reading-speed': '{speed} characters a second; the maximum is {max}.',
  'quality.chars-per-line': 'Line {line} has {length} characters; the maximum is {max}.',
  'quality.line-count': '{lines} lines; the maximum is {max}.',
  'quality.duration.short': 'On screen {seconds} s; the minimum is {min} s.',
  'quality.duration.long': 'On screen {seconds} s; the maximum is {max} s.',
  'quality.overlap': 'Starts {seconds} s before cue {previous} ends.',
  'quality.gap': 'Only {seconds} s after cue {previous}; the minimum is {min} s.',
  'quality.empty': 'No text.',
  'quality.untranslated': 'No translation yet.',
  'cue.actions': 'Cue {n}',
  'cue.split': 'Split',
  'cue.splitHint':
    'Split the cue at the text cursor (Ctrl+Enter), or at the playhead when it is inside the cue',
  'cue.merge': 'Join',
  'cue.mergeHint': 'Join with the next cue',
  'cue.insert': 'Add',
  'cue.insertHint': 'Add an empty cue after this one (Ctrl+Shift+Enter)',
  'cue.delete': 'Delete',
  'cue.deleteHint': 'Delete this cue (Undo brings it back)',
  'subs.saved': 'All changes saved',
  'subs.rules': 'Rules',
  'subs.help': 'Keyboard shortcuts',
  'lane.label': 'Subtitle cues on the waveform',
  'lane.role': 'subtitle cue',
  'lane.cue': 'Cue {n}, {start} to {end}: {text}',
  'lane.moved': 'Cue {n}: {start} to {end}',
  'lane.keys':
    'Drag an edge to change the start or end, or the middle to move the cue. Keys: [ and ] lengthen it at the start or end, Shift+[ and Shift+] shorten it, ← and → move it, by 100 ms (with Ctrl, by one frame); ↑ and ↓ go to the previous or next cue; Enter plays it.',
  'lane.zoomHint': 'Zoom in to move the subtitles on the waveform.',
  'wave.zoomIn': 'Zoom in',
  'wave.zoomOut': 'Zoom out',
  'wave.zoomAll': 'Whole recording',
  'wave.view': '{from} – {to}',
  'help.cues': 'On a subtitle cue of the waveform',
  'help.cueStartEarlier': 'Start 100 ms earlier',
  'help.cueStartLater': 'Start 100 ms later',
  'help.cueEndLater': 'End 100 ms later',
  'help.cueEndEarlier': 'End 100 ms earlier',
  'help.cueMove': 'Move the cue 100 ms earlier or later',
  'help.cueFrame': 'The same by one frame instead of 100 ms',
  'help.cueNext': 'Previous or next cue',
  'help.cuePlay': 'Play from the start of the cue',
  'help.cueList': 'In the text of a subtitle cue',
  'help.cueSplit': 'Split the cue at the text cursor',
  'help.cueInsert': 'Add an empty cue after this one',
  'rules.title': 'Subtitle rules',
  'rules.hint':
    'New cues and the quality panel follow these numbers. The defaults come from the Netflix Timed Text Style Guide.',
  'rules.scope': 'Which rules this recording follows',
  'rules.useLibrary': 'The library’s rules',
  'rules.own': 'Its own rules',
  'rules.maxCharsPerLine': 'Characters a line',
  'rules.maxLines': 'Lines a cue',
  'rules.cpsEn': 'Reading speed, English (characters a second)',
  'rules.cpsEs': 'Reading speed, Spanish (characters a second)',
  'rules.minDuration': 'Shortest time on screen (seconds)',
  'rules.maxDuration': 'Longest time on screen (seconds)',
  'rules.minGapFrames': 'Gap between cues (frames)',
  'rules.fps': 'Frame rate the gap is counted in (frames a second)',
  'source.maxCharsPerLine':
    'Netflix Timed Text Style Guides, English (USA) and Spanish: 42 characters per line.',
  'source.maxLines': 'Netflix Timed Text Style Guide, General Requirements: 2 lines maximum.',
  'source.cpsEn':
    'Netflix English (USA) Timed Text Style Guide: 20 characters a second for adult programmes.',
  'source.cpsEs':
    'Netflix Castilian and Latin American Spanish guides: 17 characters a second for adult programmes.',
  'source.minDuration':
    'Netflix General Requirements: 5/6 of a second (0.833 s) per subtitle event.',
  'source.maxDuration': 'Netflix General Requirements: 7 seconds per subtitle event.',
  'source.minGapFrames':
    'Netflix General Requirements: 2 frames minimum between events, whatever the frame rate.',
  'source.fps':
    'Voces’ choice: 2 frames at 24 fps (83 ms) are at least 2 frames at 25 and 30 fps too.',
  'rules.default': 'Default: {value}',
  'rules.number': 'Write a number.',
  'rules.range': 'Use a number from {min} to {max}.',
  'rules.above': 'Use a number above {min}, up to {max}.',
  'rules.whole': 'Use a whole number.',
  'rules.durationOrder': 'The shortest time must be less than the longest.',
  'rules.saved': 'Saved. The quality panel now follows these rules.',
  'rules.close': 'Close',
}

export type EditorKey = keyof typeof enEditor

/** The search page (its filters, results and saved searches). Section `search` (decision 0196). */
export const enSearch = {
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
  matches: '{count, plural, one {# match} other {# matches}}',
  moreThan: 'More than {count} matches',
  inRecordings: 'in {count, plural, one {# recording} other {# recordings}}',
  showing:
    'the best {hits} are shown, in {recordings, plural, one {# recording} other {# recordings}}',
  newestNote:
    'The best of the {count} added to the archive most recently are shown first; older ones were not ranked. Add a word to narrow the search.',
  partialNote:
    'Only the {count} places added most recently where these words are said were searched; older ones were not. Add a word to search further back.',
  playFrom: 'Play from {time}',
  saved: 'Saved searches',
  savedNone: 'No saved searches',
  saveAs: 'Save search as…',
  saveName: 'Name for this search',
  save: 'Save',
  remove: 'Remove',
  exportCsv: 'Export CSV',
  completing:
    'Also words that begin with “{word}”. Type a space after it to search that word alone.',
  consentWithdrawn: 'Consent withdrawn',
  consentRestricted: 'Restricted',
  error: 'The search failed:',
}

export type SearchKey = keyof typeof enSearch

/** Signing in, the account menu and the People, Access and Audit pages. Section `people` (decision 0196). */
export const enPeople = {
  signInTitle: 'Sign in to Voces',
  signInLead:
    'This archive is shared: sign in with the account an admin of your center made for you.',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signedOutNotice: 'You were signed out. Sign in again to go on.',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  'nav.people': 'People',
  'nav.access': 'Access',
  'nav.audit': 'Audit',
  role: 'Role',
  'roles.admin': 'Admin',
  'roles.archivist': 'Archivist',
  'roles.producer': 'Producer',
  'roles.staff': 'Staff',
  'roles.viewer': 'Viewer',
  peopleTitle: 'People',
  peopleLead: 'Who may open this archive, and what each role may do.',
  name: 'Name',
  added: 'Added',
  addPerson: 'Add a person',
  passwordHint:
    'At least 12 characters. Tell it to the person in private; they cannot change it here.',
  add: 'Add',
  adding: 'Adding…',
  changeRole: 'Role of {email}',
  remove: 'Remove…',
  removeTitle: 'Remove {email}?',
  removeBody:
    'They are signed out at once and lose their grants. What they did stays in the archive and in the audit log.',
  removeConfirm: 'Remove',
  removeKeep: 'Keep them',
  removing: 'Removing…',
  you: '(you)',
  accessTitle: 'Access to restricted recordings',
  accessLead:
    'A restricted recording is seen by archivists, admins and the people it is granted to here, until the end date.',
  recording: 'Recording',
  person: 'Person (email)',
  until: 'Until (the end of this day, UTC)',
  grant: 'Grant',
  granting: 'Granting…',
  grantedBy: 'Granted by',
  ends: 'Ends',
  state: 'State',
  active: 'Active',
  ended: 'Ended',
  revoke: 'Revoke',
  noGrants: 'No grants yet.',
  chooseRecording: 'Choose a recording',
  auditTitle: 'Audit log',
  auditLead:
    'Who changed what, and when: consent, redactions, exports, grants, roles, deletions and failed sign-ins. It never holds transcript text.',
  since: 'Since',
  anyRecording: 'Every recording',
  filter: 'Show',
  when: 'When',
  who: 'Who',
  what: 'What',
  about: 'About',
  details: 'Details',
  noEntries: 'Nothing in the log for this filter.',
  loading: 'Loading…',
  entries: '{count, plural, one {# entry} other {# entries}}, newest first',
}

export type PeopleKey = keyof typeof enPeople

/** The export dialog’s voice disguise and transcript download. Section `disguise` (decision 0196). */
export const enDisguise = {
  legend: 'Disguise voices',
  intro:
    'The voices of the speakers you tick are shifted in pitch in this export. Everyone else, and all the timing, stay as they are.',
  loading: 'Looking for the speakers in the transcript…',
  none: 'The transcript names no speakers, so there is no voice to pick. Name them in the editor first.',
  speaker: '{named, select, yes {{name} ({speaker})} other {{speaker}}} · {time}',
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
  transcriptSaved: 'Saved {file}.',
}

export type DisguiseKey = keyof typeof enDisguise

/** The episode page’s transcript, cuts and filler words. Section `cuts` (decision 0196). */
export const enCuts = {
  heading: 'Transcript and cuts',
  help: 'Select words (click, Shift+click, or the arrow keys with Shift; double-click takes a whole sentence), then press Delete to cut them from every export. Cut words stay here struck through: click one to restore its cut, press Enter to restore the selection, or undo with Ctrl+Z.',
  loading: 'Loading the transcript…',
  clip: 'Clip {n}: {title}, {from}–{to}',
  noTranscript:
    'This recording has no transcript yet: transcribe it or import one to cut by words.',
  transcriptOf: 'Transcript of clip {n}',
  unknownSpeaker: 'Speaker',
  cut: 'Cut',
  restore: 'Restore',
  undo: 'Undo',
  redo: 'Redo',
  selected: '{count, plural, one {# word} other {# words}} selected',
  nothingSelected: 'Nothing selected',
  didCut: '{count, plural, one {# word} other {# words}} cut. Undo with Ctrl+Z.',
  didRestore: 'Restored.',
  didUndo: 'Undone.',
  didRedo: 'Redone.',
  heard: 'The episode lasts {length} once cut.',
  fillersHeading: 'Filler words',
  fillersHelp:
    'Offered, never removed on their own: “este”, “pues” and “o sea” are also real words. Read each one in its sentence.',
  fillersNone: 'No filler words in these clips.',
  fillersCount: '{left} of {all} still in the episode.',
  removeAll: '{count, plural, one {Remove the last one} other {Remove all #}}',
  remove: 'Remove',
  removeOne: 'Remove “{text}” at {time}',
  restoreOne: 'Restore “{text}” at {time}',
  didRemoveFillers:
    '{count, plural, one {# filler word} other {# filler words}} removed. Undo with Ctrl+Z in the transcript.',
  failed: 'Not saved:',
}

export type CutsKey = keyof typeof enCuts

/** The transcription screens: the Transcribe dialog, the first-run banner and the Models page. Section `transcription` (decision 0196). */
export const enTranscription = {
  nav: 'Models',
  selectRecording: 'Select {title}',
  selectAll: 'Select all recordings',
  transcribeSelected: '{count, plural, =0 {Transcribe selected} other {Transcribe selected (#)}}',
  selectFirst: 'Tick the recordings to transcribe.',
  dialogTitle: 'Transcribe {count, plural, one {# recording} other {# recordings}}',
  spoken: 'Language spoken',
  detect: 'Detect (English or Spanish, even mixed)',
  english: 'English',
  spanish: 'Spanish',
  model: 'Model',
  modelOption: '{name} ({size})',
  defaultSuffix: ' – default',
  translate: 'Also make an English translation',
  translateHint: 'For Spanish speech: a second track in English, beside the Spanish one.',
  translateOff: 'Choose Spanish or Detect to make a translation.',
  local: 'Everything stays on this computer: nothing is sent anywhere.',
  start: 'Transcribe',
  starting: 'Starting…',
  cancel: 'Cancel',
  started:
    '{count, plural, one {# transcription started. Follow it} other {# transcriptions started. Follow them}} in Tasks, at the top of the window.',
  noModelYet: 'No speech model is installed yet.',
  engineMissing: 'The transcription engine is not installed on this computer.',
  openModels: 'Go to Models',
  loadingModels: 'Looking for models…',
  bannerTitle: 'To transcribe, Voces needs a speech model',
  bannerNoEngineTitle: 'To transcribe, Voces needs its transcription engine',
  bannerNoEngineBody:
    'The engine that runs the speech models is not installed on this computer yet. Models says how to get it; a model is worth downloading after that.',
  bannerBody:
    'We recommend “{name}” ({size}): good in English and Spanish, and fast on an ordinary computer. It is downloaded once and works offline after that.',
  download: 'Download',
  downloadNamed: 'Download {name}',
  seeAllModels: 'See all models',
  dismiss: 'Not now',
  downloaded: '{name} is ready. You can transcribe now.',
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
  'buildTools.cmake': 'CMake',
  'buildTools.compiler': 'A C++ compiler',
  'buildTools.build-tool': 'Make or Ninja',
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
  added: '{name} was added.',
  loadFailed: 'The models could not be listed.',
  retry: 'Try again',
  'descriptions.tiny': 'Fastest, least accurate.',
  'descriptions.tiny-q5_1': 'Tiny, compressed: the smallest download.',
  'descriptions.base': 'Fast; fine for clear speech.',
  'descriptions.base-q5_1': 'Base, compressed.',
  'descriptions.small': 'A good balance of speed and accuracy.',
  'descriptions.small-q5_1': 'Small, compressed: nearly as good, a third of the size.',
  'descriptions.medium': 'Accurate; slow without a graphics card.',
  'descriptions.medium-q5_0': 'Medium, compressed.',
  'descriptions.large-v3-turbo': 'The most accurate for its speed; best with a graphics card.',
  'descriptions.large-v3-turbo-q5_0': 'Large v3 turbo, compressed: the most accurate choice.',
  'errors.NO_MODEL':
    'No speech model is installed. Download one on the Models page, or add a model file.',
  'errors.ENGINE_NOT_FOUND':
    'The transcription engine (whisper.cpp) is not installed. The Models page says how to install it.',
  'errors.TRANSCRIPTION_RUNNING':
    'One of these recordings is already being transcribed. Wait for it to finish, or cancel it in Tasks.',
  'errors.MODEL_NOT_INSTALLED': 'This model is not installed. Download it on the Models page.',
  'errors.MODEL_NOT_FOUND': 'The model file is missing. Download it again or choose another model.',
  'errors.MODEL_CORRUPT':
    'This is not a whisper.cpp model, or the file is damaged. Download it again or choose another file.',
  'errors.MODEL_UNKNOWN': 'There is no model with this name in the list.',
  'errors.MODEL_CHECKSUM_MISMATCH':
    'The downloaded file did not match the published one, so it was deleted. Download it again.',
  'errors.DOWNLOAD_FAILED':
    'The download did not finish. Check the internet connection and try again: it picks up where it stopped.',
  'errors.WORKING_AUDIO_MISSING':
    'The audio Voces prepared for this recording is missing. Remove the recording and add it again.',
  'errors.WORKING_AUDIO_UNREADABLE':
    'The audio Voces prepared for this recording cannot be read. Remove the recording and add it again.',
  'errors.ENGINE_CRASHED':
    'The transcription engine stopped unexpectedly (Voces itself is fine). Try another model.',
  'errors.ENGINE_FAILED': 'The transcription engine failed. Try again, or try a smaller model.',
  'errors.FILE_NOT_FOUND': 'There is no file at this path. Check it and try again.',
}

export type TranscriptionKey = keyof typeof enTranscription

/**
 * What a folder is searched for, in the core's ingest and in the browser's folder drop alike.
 * A file named on its own is always tried: FFmpeg decides.
 */
export const mediaExtensions: readonly string[] = [
  '.mp3',
  '.wav',
  '.m4a',
  '.aac',
  '.flac',
  '.ogg',
  '.oga',
  '.opus',
  '.wma',
  '.aif',
  '.aiff',
  '.mp4',
  '.m4v',
  '.mov',
  '.mkv',
  '.webm',
  '.avi',
  '.mts',
]

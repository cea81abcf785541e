/**
 * What a dropped or picked folder is searched for: the same list as the core's ingest
 * (src/core/media/ingest.ts). A file given on its own is always tried; FFmpeg decides.
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

/** For <input accept>: the MIME families, plus extensions some systems give no media type. */
export const acceptAttribute = ['audio/*', 'video/*', ...mediaExtensions].join(',')

export function isMediaFileName(name: string): boolean {
  if (name.startsWith('.')) return false
  const dot = name.lastIndexOf('.')
  return dot > 0 && mediaExtensions.includes(name.slice(dot).toLowerCase())
}

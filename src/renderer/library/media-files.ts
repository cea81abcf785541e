import { mediaExtensions } from '../../shared/media-extensions.ts'

export { mediaExtensions }

/** For <input accept>: the MIME families, plus extensions some systems give no media type. */
export const acceptAttribute = ['audio/*', 'video/*', ...mediaExtensions].join(',')

export function isMediaFileName(name: string): boolean {
  if (name.startsWith('.')) return false
  const dot = name.lastIndexOf('.')
  return dot > 0 && mediaExtensions.includes(name.slice(dot).toLowerCase())
}

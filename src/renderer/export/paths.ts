/**
 * Where an export goes unless the person types another path. The core writes the file (the
 * browser build cannot pick a folder), so the default is a folder that exists on the computer
 * running Voces: the person's home folder when the library sits under it, else the folder that
 * holds the library.
 */
export function defaultFolder(libraryDir: string): string {
  const windows = /^[A-Za-z]:\\/.test(libraryDir)
  const home =
    /^(\/home\/[^/]+|\/Users\/[^/]+|\/root)(?=\/|$)/.exec(libraryDir)?.[1] ??
    /^([A-Za-z]:\\Users\\[^\\]+)(?=\\|$)/i.exec(libraryDir)?.[1]
  if (home) return home
  const parts = libraryDir.replace(/[\\/]+$/, '').split(/[\\/]/)
  parts.pop()
  const parent = parts.join(windows ? '\\' : '/')
  return parent || (windows ? libraryDir.slice(0, 3) : '/')
}

export function joinPath(folder: string, name: string): string {
  const separator = /^[A-Za-z]:\\/.test(folder) ? '\\' : '/'
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`
}

/** The same path with another extension (`.mp3` → `.m4a`), or the extension added. */
export function withExtension(path: string, extension: string): string {
  const match = /\.[A-Za-z0-9]{1,5}$/.exec(path)
  return match ? `${path.slice(0, match.index)}.${extension}` : `${path}.${extension}`
}

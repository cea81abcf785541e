/**
 * The parts of a library media key, or an Error when it is not one. A key is a relative path with
 * `/` between its parts, as the database stores it (decision 0124), and never leaves the library:
 * no absolute path, no `..`, no empty or `.` part, no backslash (a key written on Windows must
 * name the same file everywhere). Every media store checks its keys here.
 */
export function mediaKeyParts(key: string): string[] {
  const parts = key.split('/')
  if (
    key === '' ||
    key.includes('\\') ||
    key.includes('\0') ||
    parts.some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`Not a library media key: ${JSON.stringify(key)}`)
  }
  return parts
}

import { randomBytes } from 'node:crypto'

// Crockford base32 without I, L, O, U: ids a person can read aloud and type into the CLI.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'

/** A random id such as `rk7m2x9q4tce` (60 bits): short enough to type, unique in an archive. */
export function newId(length = 12): string {
  const bytes = randomBytes(length)
  let id = ''
  for (const byte of bytes) id += alphabet[byte % 32]
  return id
}

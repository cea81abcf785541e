/**
 * Finding a name the way a person means it: case and accents do not matter ("maria lopez"
 * finds "María López"), and only whole words match ("Ana" does not match inside "Mariana").
 * Works on the original string so the replacement keeps everything around the match intact.
 */
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c)

export function fold(text: string): { folded: string; origin: number[] } {
  let folded = ''
  const origin: number[] = []
  const chars = Array.from(text.normalize('NFC'))
  let at = 0
  for (const c of chars) {
    const base = c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    for (const b of base) {
      folded += b
      origin.push(at)
    }
    at += c.length
  }
  origin.push(at)
  return { folded, origin }
}

/** Ranges [start, end) in `text` (NFC) where `name` occurs as whole words. */
export function findName(text: string, name: string): Array<[number, number]> {
  const needle = fold(name.trim()).folded.replace(/\s+/g, ' ')
  if (!needle) return []
  const nfc = text.normalize('NFC')
  const { folded, origin } = fold(nfc)
  const spaced = folded.replace(/\s/g, ' ')
  const found: Array<[number, number]> = []
  let from = 0
  for (;;) {
    const i = spaced.indexOf(needle, from)
    if (i < 0) break
    const end = i + needle.length
    if (!isWordChar(spaced[i - 1]) && !isWordChar(spaced[end]))
      found.push([origin[i] ?? 0, origin[end] ?? nfc.length])
    from = i + 1
  }
  return found
}

export function replaceName(
  text: string,
  name: string,
  mask: string,
): { text: string; count: number } {
  const nfc = text.normalize('NFC')
  const ranges = findName(nfc, name)
  let out = ''
  let last = 0
  for (const [start, end] of ranges) {
    out += nfc.slice(last, start) + mask
    last = end
  }
  return { text: ranges.length > 0 ? out + nfc.slice(last) : text, count: ranges.length }
}

export const masks = { en: '[redacted]', es: '[nombre omitido]' } as const

/**
 * Text encoding detection for imported subtitle and transcript files.
 * Archives hold files from many tools: UTF-8 with or without a byte order mark, UTF-16 from
 * Windows editors, and Windows-1252 or Latin-1 from older Spanish subtitle software, where
 * "canción" is stored with the single byte 0xF3. TextDecoder (Node's full ICU) does the decoding;
 * this module only decides which decoder to use.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1'

export interface DecodedText {
  text: string
  encoding: TextEncodingName
  /** Whether the file began with a byte order mark. */
  bom: boolean
}

function decode(bytes: Uint8Array, label: string): string | null {
  try {
    // fatal: an invalid sequence throws instead of becoming U+FFFD, so a wrong guess is noticed.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return null
  }
}

/**
 * UTF-16 without a byte order mark: text in Latin script has a zero byte in every other position
 * (the high byte of each code unit). Cheap to test on the first few kilobytes; demands that most
 * code units look like that, so a binary-looking UTF-8 or 1252 file is not mistaken for it.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, 4096) & ~1
  if (length < 4) return null
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) zeroEven++
    if (bytes[i + 1] === 0) zeroOdd++
  }
  const pairs = length / 2
  if (zeroOdd > pairs * 0.6 && zeroEven < pairs * 0.1) return 'utf-16le'
  if (zeroEven > pairs * 0.6 && zeroOdd < pairs * 0.1) return 'utf-16be'
  return null
}

/** Whether any byte falls in 0x80–0x9F: printable in Windows-1252 (€, ‘ ’ “ ” …), control codes in Latin-1. */
function hasC1Bytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80 && byte <= 0x9f) return true
  return false
}

/** Decodes a file's bytes, choosing the encoding from its byte order mark or its contents. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeAfterBom(bytes.subarray(3), 'utf-8'), encoding: 'utf-8', bom: true }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeAfterBom(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', bom: true }
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeAfterBom(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', bom: true }
  }
  const utf16 = guessUtf16(bytes)
  if (utf16) {
    const text = decode(bytes, utf16)
    if (text !== null) return { text, encoding: utf16, bom: false }
  }
  const utf8 = decode(bytes, 'utf-8')
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', bom: false }
  // Not UTF-8: a single-byte Western encoding. WHATWG's "windows-1252" decoder maps 0xA0–0xFF
  // exactly as Latin-1 does, so the text is right either way; the name says which it looked like.
  const text = new TextDecoder('windows-1252').decode(bytes)
  return { text, encoding: hasC1Bytes(bytes) ? 'windows-1252' : 'iso-8859-1', bom: false }
}

function decodeAfterBom(bytes: Uint8Array, label: TextEncodingName): string {
  const text = decode(bytes, label)
  if (text === null) {
    // The byte order mark promised an encoding the bytes do not follow: decode leniently rather
    // than guess another, so the person sees the damaged characters (U+FFFD) and where they are.
    return new TextDecoder(label).decode(bytes)
  }
  return text
}

/**
 * Text encoding detection for imported subtitle and transcript files.
 * Archives hold files from many tools: UTF-8 with or without a byte order mark, UTF-16 from
 * Windows editors, and Windows-1252 or Latin-1 from older Spanish subtitle software, where
 * "canción" is stored with the single byte 0xF3. TextDecoder (Node's full ICU) does the decoding;
 * this module only decides which decoder to use.
 */
export type TextEncodingName =
  | 'utf-8'
  | 'utf-16le'
  | 'utf-16be'
  | 'windows-1252'
  | 'iso-8859-1'
  /** Both in one file (lines pasted together from two tools): see decodeMixed. */
  | 'utf-8+windows-1252'

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
  const mixed = decodeMixed(bytes)
  if (mixed !== null) return { text: mixed, encoding: 'utf-8+windows-1252', bom: false }
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

/** The length of a well-formed UTF-8 sequence of two or more bytes at `i` (RFC 3629), else 0. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const first = bytes[i] ?? 0
  const length =
    first >= 0xc2 && first <= 0xdf
      ? 2
      : first >= 0xe0 && first <= 0xef
        ? 3
        : first >= 0xf0 && first <= 0xf4
          ? 4
          : 0
  if (length === 0 || i + length > bytes.length) return 0
  const second = bytes[i + 1] ?? 0
  // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
  const low = first === 0xe0 ? 0xa0 : first === 0xf0 ? 0x90 : 0x80
  const high = first === 0xed ? 0x9f : first === 0xf4 ? 0x8f : 0xbf
  if (second < low || second > high) return 0
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k] ?? 0
    if (next < 0x80 || next > 0xbf) return 0
  }
  return length
}

const windows1252 = new TextDecoder('windows-1252')

/**
 * A file that is neither UTF-8 nor Windows-1252 throughout, but both: lines typed in one tool and
 * pasted into a file from another, so "canción" is C3 B3 in one line and F3 in the next. Decoded
 * per character, each well-formed UTF-8 sequence as UTF-8 and every other byte as Windows-1252,
 * so neither half turns into "canciÃ³n". Null when the file holds no UTF-8 sequence at all (then
 * it is plain Windows-1252).
 */
function decodeMixed(bytes: Uint8Array): string | null {
  let text = ''
  let sequences = 0
  let from = 0
  for (let i = 0; i < bytes.length;) {
    const length = (bytes[i] ?? 0) >= 0x80 ? utf8SequenceAt(bytes, i) : 0
    if (length > 0) {
      text += windows1252.decode(bytes.subarray(from, i))
      text += new TextDecoder('utf-8').decode(bytes.subarray(i, i + length))
      sequences++
      i += length
      from = i
    } else i++
  }
  if (sequences === 0) return null
  return text + windows1252.decode(bytes.subarray(from))
}

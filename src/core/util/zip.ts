import { crc32, deflateRawSync } from 'node:zlib'

/**
 * A ZIP archive writer, enough for Office Open XML (DOCX) and similar packages: stored or
 * deflated entries, UTF-8 names, no ZIP64, no encryption (PKWARE APPNOTE.TXT 6.3, sections 4.3
 * and 4.4). Written here rather than taken from npm: it is a hundred lines over node:zlib.
 */
export interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  name: string
  data: string | Uint8Array
}

/** Methods of APPNOTE 4.4.5. */
const stored = 0
const deflated = 8
/** General purpose bit 11 (APPNOTE 4.4.4): the name is UTF-8. */
const utf8Names = 0x0800
/** Version needed to extract: 2.0, deflate (APPNOTE 4.4.3.2). */
const version = 20
const madeByUnix = (3 << 8) | version
/** External attributes for "made by Unix": st_mode in the high 16 bits (S_IFREG | 0644). */
const regularFile = (0o100644 << 16) >>> 0
/** ZIP without the ZIP64 extension stores sizes and offsets in 32 bits. */
const limit = 0xffffffff

/** MS-DOS date and time (APPNOTE 4.4.6), local time, two-second steps, 1980 to 2107. */
export function dosDateTime(at: Date): { date: number; time: number } {
  const year = Math.min(2107, Math.max(1980, at.getFullYear()))
  return {
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
  }
}

interface CommonFields {
  method: number
  time: number
  date: number
  crc: number
  compressed: number
  size: number
  name: Buffer
}

/**
 * The fields the local header (APPNOTE 4.3.7, from offset 4) and the central directory header
 * (4.3.12, from offset 6) share, in the same order: version needed to extract through name length.
 */
function writeCommonFields(buffer: Buffer, at: number, fields: CommonFields): void {
  buffer.writeUInt16LE(version, at)
  buffer.writeUInt16LE(utf8Names, at + 2)
  buffer.writeUInt16LE(fields.method, at + 4)
  buffer.writeUInt16LE(fields.time, at + 6)
  buffer.writeUInt16LE(fields.date, at + 8)
  buffer.writeUInt32LE(fields.crc, at + 10)
  buffer.writeUInt32LE(fields.compressed, at + 14)
  buffer.writeUInt32LE(fields.size, at + 18)
  buffer.writeUInt16LE(fields.name.length, at + 22)
}

/** The whole archive in memory. Entries are deflated unless that does not make them smaller. */
export function zip(entries: readonly ZipEntry[], modified: Date = new Date()): Buffer {
  const { date, time } = dosDateTime(modified)
  const locals: Uint8Array[] = []
  const central: Buffer[] = []
  let offset = 0
  const names = new Set<string>()
  for (const entry of entries) {
    if (entry.name === '' || entry.name.startsWith('/') || entry.name.includes('\\'))
      throw new Error(`zip: "${entry.name}" is not a relative path with forward slashes`)
    if (names.has(entry.name)) throw new Error(`zip: "${entry.name}" is in the archive twice`)
    names.add(entry.name)
    const name = Buffer.from(entry.name, 'utf8')
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data
    const packed = deflateRawSync(data, { level: 9 })
    const method = packed.length < data.length ? deflated : stored
    const body = method === deflated ? packed : data
    if (data.length > limit || offset + body.length > limit)
      throw new Error('zip: archives over 4 GiB need ZIP64, which this writer does not write')
    const crc = crc32(data)

    const common = { method, time, date, crc, compressed: body.length, size: data.length, name }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    writeCommonFields(local, 4, common)
    local.writeUInt16LE(0, 28)

    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    // Made by Unix, 2.0 (APPNOTE 4.4.2): Info-ZIP's unzip reads names of "MS-DOS" archives as
    // code page 437 whatever bit 11 says; Unix attributes give a regular file, rw-r--r--.
    header.writeUInt16LE(madeByUnix, 4)
    writeCommonFields(header, 6, common)
    // Extra field, comment, disk number and internal attributes: all zero.
    header.writeUInt32LE(regularFile, 38)
    header.writeUInt32LE(offset, 42)

    locals.push(local, name, body)
    central.push(header, name)
    offset += local.length + name.length + body.length
  }
  const directory = Buffer.concat(central)
  if (entries.length > 0xffff) throw new Error('zip: more than 65535 entries need ZIP64')
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

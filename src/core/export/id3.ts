/**
 * A small reader of ID3v2.3/2.4 chapter frames (ID3v2 Chapter Frame Addendum 1.0): CHAP frames
 * and the CTOC that lists them. Players need both; export checks its own MP3s with this.
 */
export interface Id3Chapter {
  id: string
  start: number
  end: number
  title: string
}
export interface Id3Chapters {
  version: number
  toc: { id: string; topLevel: boolean; ordered: boolean; children: string[] } | null
  chapters: Id3Chapter[]
  frames: string[]
}

const synchsafe = (b: Buffer, at: number) =>
  ((b[at]! & 0x7f) << 21) |
  ((b[at + 1]! & 0x7f) << 14) |
  ((b[at + 2]! & 0x7f) << 7) |
  (b[at + 3]! & 0x7f)

function cString(b: Buffer, at: number): [string, number] {
  const end = b.indexOf(0, at)
  const stop = end < 0 ? b.length : end
  return [b.toString('latin1', at, stop), stop + 1]
}

function textFrame(data: Buffer): string {
  const encoding = data[0]
  const body = data.subarray(1)
  if (encoding === 1 || encoding === 2) {
    let text = body
    let littleEndian = encoding === 1
    if (encoding === 1 && body[0] === 0xfe && body[1] === 0xff) littleEndian = false
    if (encoding === 1 && (body[0] === 0xff || body[0] === 0xfe)) text = body.subarray(2)
    const bytes = Buffer.from(text)
    if (!littleEndian) bytes.swap16()
    return bytes.toString('utf16le').replace(/\0+$/u, '')
  }
  return body.toString(encoding === 3 ? 'utf8' : 'latin1').replace(/\0+$/u, '')
}

function frames(
  b: Buffer,
  version: number,
  from: number,
  to: number,
): Array<{ id: string; data: Buffer }> {
  const out: Array<{ id: string; data: Buffer }> = []
  let at = from
  while (at + 10 <= to) {
    const id = b.toString('latin1', at, at + 4)
    if (!/^[A-Z0-9]{4}$/.test(id)) break
    const size = version === 4 ? synchsafe(b, at + 4) : b.readUInt32BE(at + 4)
    out.push({ id, data: b.subarray(at + 10, at + 10 + size) })
    at += 10 + size
  }
  return out
}

export function readId3Chapters(file: Buffer): Id3Chapters | null {
  if (file.toString('latin1', 0, 3) !== 'ID3') return null
  const version = file[3] ?? 0
  const size = synchsafe(file, 6)
  const result: Id3Chapters = { version, toc: null, chapters: [], frames: [] }
  for (const frame of frames(file, version, 10, Math.min(file.length, 10 + size))) {
    result.frames.push(frame.id)
    if (frame.id === 'CHAP') {
      const [id, at] = cString(frame.data, 0)
      const start = frame.data.readUInt32BE(at)
      const end = frame.data.readUInt32BE(at + 4)
      const sub = frames(frame.data, version, at + 16, frame.data.length)
      const title = sub.find((f) => f.id === 'TIT2')
      result.chapters.push({
        id,
        start: start / 1000,
        end: end / 1000,
        title: title ? textFrame(title.data) : '',
      })
    } else if (frame.id === 'CTOC') {
      const [id, at] = cString(frame.data, 0)
      const flags = frame.data[at] ?? 0
      const count = frame.data[at + 1] ?? 0
      const children: string[] = []
      let pos = at + 2
      for (let i = 0; i < count; i++) {
        const [child, next] = cString(frame.data, pos)
        children.push(child)
        pos = next
      }
      result.toc = { id, topLevel: (flags & 2) !== 0, ordered: (flags & 1) !== 0, children }
    }
  }
  return result
}

import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { readSubtitles } from '../../src/core/subtitles/formats.ts'
import { Voces } from '../../src/core/voces.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

/** Two cues of one SRT: the first typed in a UTF-8 editor, the second pasted from a Windows-1252 one. */
const mixed = Buffer.concat([
  Buffer.from('1\n00:00:01,000 --> 00:00:02,500\nLa canción de la huelga\n\n', 'utf8'),
  Buffer.from('2\n00:00:03,000 --> 00:00:04,500\nLa canci', 'latin1'),
  Buffer.from([0xf3]),
  Buffer.from('n sigue, ', 'latin1'),
  Buffer.from([0x93]),
  Buffer.from('¡sí!', 'latin1'),
  Buffer.from([0x94]),
  Buffer.from('\n', 'latin1'),
])

describe('a subtitle file that mixes UTF-8 and Windows-1252', () => {
  it('reads each letter in the encoding it was written in, and says the file is mixed', () => {
    const read = readSubtitles(mixed, 'mixed.srt')
    expect(read.encoding).toBe('utf-8+windows-1252')
    expect(read.cues.map((cue) => cue.text)).toEqual([
      'La canción de la huelga',
      'La canción sigue, “¡sí!”',
    ])
  })

  it('a file in one encoding is still named by it', () => {
    const latin = Buffer.from('1\n00:00:01,000 --> 00:00:02,000\ncanción\n', 'latin1')
    expect(readSubtitles(latin, 'a.srt').encoding).toBe('iso-8859-1')
    const utf8 = Buffer.from('1\n00:00:01,000 --> 00:00:02,000\ncanción\n', 'utf8')
    expect(readSubtitles(utf8, 'b.srt').encoding).toBe('utf-8')
  })

  it('the CLI imports it and warns to check the accented letters', async () => {
    const library = path.join(dir, 'library')
    const voces = new Voces({ libraryDir: library })
    const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    await voces.close()
    const file = path.join(dir, 'mixed.srt')
    writeFileSync(file, mixed)
    const c = captureIo()
    const code = await runCli(
      ['--library', library, 'subtitles', 'import', id, file, '--track', 'es'],
      c.io,
    )
    expect(code).toBe(0)
    expect(c.out()).toContain('utf-8+windows-1252')
    expect(c.err()).toContain('mixes two encodings (UTF-8 and Windows-1252)')
  })
})

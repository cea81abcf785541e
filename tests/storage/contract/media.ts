import { promises as fs } from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { mediaDir, tempDir } from '../../helpers.ts'
import type { MediaFactory } from './fixtures.ts'

/** The library's files: whole writes, whole and ranged reads, deletes, and a path for tools. */
export function mediaStoreContract(factory: MediaFactory): void {
  describe('media store', () => {
    it('puts, reads back and replaces bytes and text under a key', async () => {
      const { media, close } = await factory()
      try {
        const bytes = randomBytes(300_000)
        await media.put('media/r1/peaks.json', bytes)
        expect((await media.read('media/r1/peaks.json')).equals(bytes)).toBe(true)
        expect(await media.size('media/r1/peaks.json')).toBe(300_000)
        await media.put('media/r1/peaks.json', 'Sí, señora — 🎙')
        expect((await media.read('media/r1/peaks.json')).toString('utf8')).toBe('Sí, señora — 🎙')
        expect(await media.size('media/r1/peaks.json')).toBe(Buffer.byteLength('Sí, señora — 🎙'))
        expect(await media.size('media/r1/other.json')).toBeNull()
      } finally {
        await close()
      }
    })

    it('copies a real recording in and reads any range of it, ends included', async () => {
      const { media, close } = await factory()
      try {
        const source = path.join(mediaDir, 'en', 'jfk.wav')
        const original = await fs.readFile(source)
        await media.putFile('media/r2/original.wav', source)
        expect(await media.size('media/r2/original.wav')).toBe(original.length)
        // The RIFF header, as a player's first range request asks for it.
        expect(
          (await media.readRange('media/r2/original.wav', 0, 11)).toString('latin1', 0, 4),
        ).toBe('RIFF')
        const middle = await media.readRange('media/r2/original.wav', 100_001, 200_000)
        expect(middle.equals(original.subarray(100_001, 200_001))).toBe(true)
        const last = original.length - 1
        expect(
          (await media.readRange('media/r2/original.wav', last, last)).equals(
            original.subarray(last),
          ),
        ).toBe(true)
        // An end past the file stops at the file's end; a start past it gives nothing.
        const tail = await media.readRange('media/r2/original.wav', last - 9, last + 1_000)
        expect(tail.equals(original.subarray(last - 9))).toBe(true)
        expect(
          await media.readRange('media/r2/original.wav', original.length + 5, original.length + 9),
        ).toHaveLength(0)
      } finally {
        await close()
      }
    })

    it('lists the keys under a folder key, sorted, and none for a folder never written', async () => {
      const { media, close } = await factory()
      try {
        expect(await media.list('exports')).toEqual([])
        await media.put('exports/j2/episodio.mp3', randomBytes(2000))
        await media.put('exports/j1/entrevista.rss-item.xml', '<item/>')
        await media.put('exports/j1/entrevista.mp3', randomBytes(1000))
        // A key that only begins like the folder is not in it.
        await media.put('exports-old/x.mp3', 'x')
        await media.put('media/r9/peaks.json', '{}')
        expect(await media.list('exports')).toEqual([
          'exports/j1/entrevista.mp3',
          'exports/j1/entrevista.rss-item.xml',
          'exports/j2/episodio.mp3',
        ])
        expect(await media.list('exports/j2')).toEqual(['exports/j2/episodio.mp3'])
        await media.delete('exports/j2/episodio.mp3')
        expect(await media.list('exports/j2')).toEqual([])
      } finally {
        await close()
      }
    })

    it('deletes a key once; what is gone is FILE_NOT_FOUND to every read', async () => {
      const { media, close } = await factory()
      try {
        await media.put('media/r3/poster.jpg', randomBytes(1000))
        expect(await media.delete('media/r3/poster.jpg')).toBe(true)
        expect(await media.delete('media/r3/poster.jpg')).toBe(false)
        expect(await media.size('media/r3/poster.jpg')).toBeNull()
        const gone = { code: 'FILE_NOT_FOUND' }
        await expect(media.read('media/r3/poster.jpg')).rejects.toMatchObject(gone)
        await expect(media.readRange('media/r3/poster.jpg', 0, 10)).rejects.toMatchObject(gone)
        await expect(media.localPath('media/r3/poster.jpg')).rejects.toMatchObject(gone)
      } finally {
        await close()
      }
    })

    it('gives a path on this machine that holds the file until released', async () => {
      const { media, close } = await factory()
      try {
        const source = path.join(mediaDir, 'en', 'sense_and_sensibility_01_austen_64kb-0880.wav')
        await media.putFile('media/r4/working.wav', source)
        const local = await media.localPath('media/r4/working.wav')
        try {
          expect(path.isAbsolute(local.path)).toBe(true)
          expect((await fs.readFile(local.path)).equals(await fs.readFile(source))).toBe(true)
        } finally {
          await local.release()
        }
      } finally {
        await close()
      }
    })

    it('refuses a key that is not a plain relative path, and writes nothing for it', async () => {
      const { media, close } = await factory()
      const outside = tempDir('voces-media-outside-')
      try {
        const escape = path.relative('/', path.join(outside.dir, 'x.txt'))
        for (const key of [
          '',
          '../x.txt',
          `../../../../../../../../${escape}`,
          '/etc/passwd',
          'media//x',
          'media/./x',
          'media\\x',
          'a/b/',
        ]) {
          await expect(media.put(key, 'x'), key).rejects.toThrow()
          await expect(media.read(key), key).rejects.toThrow()
        }
        expect(await fs.readdir(outside.dir)).toEqual([])
      } finally {
        outside.cleanup()
        await close()
      }
    })
  })
}

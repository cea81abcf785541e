import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { tempDir } from '../helpers.ts'

// The library folder's store, beyond the contract every store passes (decision 0124): keys name
// files, so a folder its last file leaves goes too, as an object store has no folder to leave.
describe('LocalMediaStore', () => {
  it('removes the folders a delete leaves empty, never the root nor its top folders', async () => {
    const { dir, cleanup } = tempDir('voces-local-media-')
    try {
      const media = new LocalMediaStore(dir)
      await media.put('media/r1/audio.wav', 'a')
      await media.put('media/r1/peaks.json', '[]')
      await media.put('media/r2/audio.wav', 'b')
      await media.put('uploads/u1/deep/name.mp3', 'c')
      expect(await media.delete('media/r1/audio.wav')).toBe(true)
      expect(readdirSync(path.join(dir, 'media')).sort()).toEqual(['r1', 'r2'])
      expect(await media.delete('media/r1/peaks.json')).toBe(true)
      expect(readdirSync(path.join(dir, 'media'))).toEqual(['r2'])
      expect(await media.delete('media/r2/audio.wav')).toBe(true)
      expect(readdirSync(path.join(dir, 'media'))).toEqual([])
      expect(await media.delete('uploads/u1/deep/name.mp3')).toBe(true)
      expect(readdirSync(path.join(dir, 'uploads'))).toEqual([])
      // A folder something else still holds stays.
      mkdirSync(path.join(dir, 'media', 'r3'))
      writeFileSync(path.join(dir, 'media', 'r3', 'kept.txt'), 'x')
      await media.put('media/r3/poster.jpg', 'p')
      expect(await media.delete('media/r3/poster.jpg')).toBe(true)
      expect(existsSync(path.join(dir, 'media', 'r3', 'kept.txt'))).toBe(true)
      expect(await media.delete('media/r3/poster.jpg')).toBe(false)
    } finally {
      cleanup()
    }
  })
})

import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/core/settings.ts'
import { deferred, type StorageFactory } from './fixtures.ts'

/** `storage.transaction(fn)`: all or nothing, and nobody outside sees it half done. */
export function transactionContract(factory: StorageFactory): void {
  describe('transactions', () => {
    it('a named lock is held by one holder at a time, across connections, until released (decision 0181)', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const other = await reopen()
        const held = await storage.holdLock('library-copy')
        expect(held).not.toBeNull()
        expect(await other.holdLock('library-copy')).toBeNull()
        expect(await storage.holdLock('library-copy')).toBeNull()
        // Another name is another lock.
        const beside = await other.holdLock('something-else')
        expect(beside).not.toBeNull()
        await beside?.release()
        await held?.release()
        const again = await other.holdLock('library-copy')
        expect(again).not.toBeNull()
        await again?.release()
      } finally {
        await close()
      }
    })

    it('commits what fn wrote when it resolves, and returns its value', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const value = await storage.transaction(async (tx) => {
          await tx.settings.update({ uiLanguage: 'es' })
          await tx.glossary.replace(['huelga'])
          await tx.savedSearches.save('Paros', 'paro', {})
          // Inside, fn reads its own writes.
          expect((await tx.settings.get()).uiLanguage).toBe('es')
          return 42
        })
        expect(value).toBe(42)
        const other = await reopen()
        expect((await other.settings.get()).uiLanguage).toBe('es')
        expect(await other.glossary.list()).toEqual(['huelga'])
        expect(await other.savedSearches.list()).toHaveLength(1)
      } finally {
        await close()
      }
    })

    it('rolls back everything fn wrote when it throws, and rejects with its error', async () => {
      const { storage, close } = await factory()
      try {
        await storage.glossary.replace(['SEIU 2015'])
        const refused = new Error('the person cancelled')
        await expect(
          storage.transaction(async (tx) => {
            await tx.glossary.replace(['SEIU 2015', 'huelga'])
            await tx.settings.update({ copyIntoLibrary: true })
            await tx.exportLog.append({
              at: '2026-12-07T10:00:00.000Z',
              kind: 'bag',
              output: '/x',
              sourceId: 'r1',
              recordings: [],
              reason: '',
            })
            throw refused
          }),
        ).rejects.toBe(refused)
        expect(await storage.glossary.list()).toEqual(['SEIU 2015'])
        expect(await storage.settings.get()).toEqual(defaultSettings)
        expect(await storage.exportLog.list()).toEqual([])
        // The library is usable afterwards: the next transaction commits.
        await storage.transaction((tx) => tx.glossary.replace(['paro']))
        expect(await storage.glossary.list()).toEqual(['paro'])
      } finally {
        await close()
      }
    })

    it('undoes only the inner transaction when it throws and the outer one goes on', async () => {
      const { storage, close } = await factory()
      try {
        await storage.transaction(async (tx) => {
          await tx.glossary.replace(['outer'])
          await tx
            .transaction(async (inner) => {
              await inner.glossary.replace(['outer', 'inner'])
              await inner.settings.update({ uiLanguage: 'es' })
              throw new Error('inner fails')
            })
            .catch(() => undefined)
          expect(await tx.glossary.list()).toEqual(['outer'])
          await tx.settings.update({ ffmpegPath: '/usr/bin/ffmpeg' })
        })
        expect(await storage.glossary.list()).toEqual(['outer'])
        expect(await storage.settings.get()).toEqual({
          ...defaultSettings,
          ffmpegPath: '/usr/bin/ffmpeg',
        })
      } finally {
        await close()
      }
    })

    it('lets a call from outside, made while a transaction is open, see it before or after, never inside', async () => {
      const { storage, close } = await factory()
      try {
        await storage.glossary.replace(['before'])
        const hold = deferred()
        const wrote = deferred()
        const transaction = storage.transaction(async (tx) => {
          await tx.glossary.replace(['inside'])
          wrote.resolve()
          // A test holds the transaction open here; production code awaits only the ports.
          await hold.promise
          await tx.glossary.replace(['after'])
          await tx.settings.update({ uiLanguage: 'es' })
        })
        await wrote.promise
        const outsideRead = storage.glossary.list()
        const outsideSettings = storage.settings.get()
        // Time passes with the transaction open.
        await new Promise((resolve) => setTimeout(resolve, 50))
        hold.resolve()
        await transaction
        const seen = await outsideRead
        expect([['before'], ['after']]).toContainEqual(seen)
        const settings = await outsideSettings
        // Whichever side it fell on, it is one side for both reads.
        expect(settings.uiLanguage).toBe(seen[0] === 'after' ? 'es' : 'en')
      } finally {
        await close()
      }
    })

    it('keeps a write from outside out of an open transaction: its rollback does not undo it', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const hold = deferred()
        const wrote = deferred()
        const transaction = storage.transaction(async (tx) => {
          await tx.glossary.replace(['rolled back'])
          wrote.resolve()
          await hold.promise
          throw new Error('abandoned')
        })
        await wrote.promise
        const outsideWrite = storage.savedSearches.save('Kept', 'kept', {})
        const outsideSetting = storage.settings.update({ copyIntoLibrary: true })
        await new Promise((resolve) => setTimeout(resolve, 50))
        hold.resolve()
        await expect(transaction).rejects.toThrow('abandoned')
        await outsideWrite
        await outsideSetting
        const other = await reopen()
        expect(await other.glossary.list()).toEqual([])
        expect((await other.savedSearches.list()).map((s) => s.name)).toEqual(['Kept'])
        expect((await other.settings.get()).copyIntoLibrary).toBe(true)
      } finally {
        await close()
      }
    })

    it('runs transactions started together one after another, each seeing the last one’s result', async () => {
      const { storage, close } = await factory()
      try {
        const append = (term: string) =>
          storage.transaction(async (tx) => {
            const terms = await tx.glossary.list()
            await new Promise((resolve) => setTimeout(resolve, 5))
            await tx.glossary.replace([...terms, term])
          })
        await Promise.all(['a', 'b', 'c', 'd'].map(append))
        expect((await storage.glossary.list()).sort()).toEqual(['a', 'b', 'c', 'd'])
      } finally {
        await close()
      }
    })
  })
}

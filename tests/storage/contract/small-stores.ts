import { describe, expect, it } from 'vitest'
import { VocesError } from '../../../src/shared/contract/index.ts'
import { defaultSettings } from '../../../src/core/settings.ts'
import { addGlossaryTerm, removeGlossaryTerm } from '../../../src/core/transcription/glossary.ts'
import type { ExportLogRecord } from '../../../src/core/storage/ports.ts'
import { tickingClock, type StorageFactory } from './fixtures.ts'

/** Settings, glossary, saved searches and the export log: what any backend must keep. */
export function smallStoresContract(factory: StorageFactory): void {
  describe('settings', () => {
    it('starts from the defaults, keeps what is set in its own type, and keeps it on reopening', async () => {
      const { storage, reopen, close } = await factory()
      try {
        expect(await storage.settings.get()).toEqual(defaultSettings)
        const next = await storage.settings.update({ uiLanguage: 'es', copyIntoLibrary: true })
        expect(next).toEqual({ ...defaultSettings, uiLanguage: 'es', copyIntoLibrary: true })
        const again = await (await reopen()).settings.get()
        expect(again).toEqual(next)
        // A boolean, never 0/1 (decision 0100: plain data in the contract's units).
        expect(again.copyIntoLibrary).toBe(true)
      } finally {
        await close()
      }
    })

    it('refuses a value the contract does not allow and changes nothing', async () => {
      const { storage, close } = await factory()
      try {
        await storage.settings.update({ ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' })
        await expect(
          storage.settings.update({ uiLanguage: 'fr' as never, copyIntoLibrary: true }),
        ).rejects.toThrow()
        expect(await storage.settings.get()).toEqual({
          ...defaultSettings,
          ffmpegPath: '/opt/ffmpeg/bin/ffmpeg',
        })
      } finally {
        await close()
      }
    })
  })

  describe('glossary', () => {
    it('keeps terms in the order given, accents and all, apart from the settings', async () => {
      const { storage, reopen, close } = await factory()
      try {
        expect(await storage.glossary.list()).toEqual([])
        const terms = ['SEIU 2015', 'huelga', 'Teamsters Local 2010', 'María Ñúñez', '労働']
        await storage.glossary.replace(terms)
        expect(await (await reopen()).glossary.list()).toEqual(terms)
        expect(await storage.settings.get()).toEqual(defaultSettings)
        await storage.settings.update({ uiLanguage: 'es' })
        expect(await storage.glossary.list()).toEqual(terms)
        await storage.glossary.replace([])
        expect(await storage.glossary.list()).toEqual([])
      } finally {
        await close()
      }
    })

    it('adds and removes through one transaction each; a refused term changes nothing', async () => {
      const { storage, close } = await factory()
      try {
        expect(await addGlossaryTerm(storage, '  SEIU\n2015 ')).toEqual(['SEIU 2015'])
        await expect(addGlossaryTerm(storage, 'seiu 2015')).rejects.toMatchObject({
          code: 'GLOSSARY_TERM_DUPLICATE',
        })
        await expect(removeGlossaryTerm(storage, 'huelga')).rejects.toBeInstanceOf(VocesError)
        expect(await storage.glossary.list()).toEqual(['SEIU 2015'])
        // Added at the same moment, neither is lost: each read-modify-write is alone.
        await Promise.all(['huelga', 'USMCA', 'paro'].map((t) => addGlossaryTerm(storage, t)))
        expect((await storage.glossary.list()).sort()).toEqual(
          ['SEIU 2015', 'USMCA', 'huelga', 'paro'].sort(),
        )
        expect(await removeGlossaryTerm(storage, 'usmca')).not.toContain('USMCA')
      } finally {
        await close()
      }
    })
  })

  describe('saved searches', () => {
    it('saves, lists by name ignoring case, replaces under the same name, and removes', async () => {
      const { storage, reopen, close } = await factory({ now: tickingClock() })
      try {
        expect(await storage.savedSearches.list()).toEqual([])
        const filters = {
          language: 'es' as const,
          speaker: 'María',
          from: '2024-02-29',
          tags: ['huelga', 'campo'],
          consent: ['given' as const],
          includeWithdrawn: false,
        }
        const first = await storage.savedSearches.save('Strikes', 'huelga OR strike', filters)
        expect(first).toMatchObject({ name: 'Strikes', query: 'huelga OR strike', filters })
        expect(first.createdAt).toBe('2026-12-07T10:00:00.000Z')
        expect(first.updatedAt).toBe(first.createdAt)
        await storage.savedSearches.save('apprentices', 'aprendiz*', {})
        await storage.savedSearches.save('Zafra', 'zafra', {})
        expect((await storage.savedSearches.list()).map((s) => s.name)).toEqual([
          'apprentices',
          'Strikes',
          'Zafra',
        ])
        const replaced = await storage.savedSearches.save('STRIKES', 'paro', {})
        expect(replaced).toMatchObject({
          id: first.id,
          name: 'STRIKES',
          query: 'paro',
          filters: {},
        })
        expect(replaced.createdAt).toBe(first.createdAt)
        expect(replaced.updatedAt > first.updatedAt).toBe(true)
        expect(await (await reopen()).savedSearches.list()).toHaveLength(3)
        expect(await storage.savedSearches.remove(first.id)).toBe(true)
        expect(await storage.savedSearches.remove(first.id)).toBe(false)
        expect((await storage.savedSearches.list()).map((s) => s.name)).toEqual([
          'apprentices',
          'Zafra',
        ])
      } finally {
        await close()
      }
    })
  })

  describe('export log', () => {
    it('adds rows and gives them back oldest first, as written', async () => {
      const { storage, reopen, close } = await factory()
      try {
        expect(await storage.exportLog.list()).toEqual([])
        const rows: ExportLogRecord[] = [
          {
            at: '2026-12-07T10:00:00.000Z',
            kind: 'podcast.mp3',
            output: '/home/ana/Episodio 3 — huelga.mp3',
            sourceId: 'ep1',
            recordings: [
              { id: 'r1', consent: 'given', consentNote: '' },
              {
                id: 'r2',
                consent: 'restricted',
                consentNote: 'Sólo audio, sin nombre',
                disguise: ['SPEAKER_01'],
              },
            ],
            reason: 'Aprobado por la asamblea del 3 de diciembre',
          },
          {
            at: '2026-12-07T10:05:00.000Z',
            kind: 'bag',
            output: '/archive/r1',
            sourceId: 'r1',
            recordings: [{ id: 'r1', consent: 'given', consentNote: '' }],
            reason: '',
          },
        ]
        for (const row of rows) await storage.exportLog.append(row)
        expect(await storage.exportLog.list()).toEqual(rows)
        expect(await (await reopen()).exportLog.list()).toEqual(rows)
      } finally {
        await close()
      }
    })
  })
}

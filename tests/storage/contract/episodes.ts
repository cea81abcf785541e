import { describe, expect, it } from 'vitest'
import type { Chapter, Cut, ShowNotes } from '../../../src/shared/contract/index.ts'
import { tickingClock, type StorageFactory } from './fixtures.ts'

const notFound = { code: 'EPISODE_NOT_FOUND' }

/**
 * Episodes with their clips, chapters, cuts and show notes: what any backend must keep. The
 * fixture's recording is a minute long.
 */
export function episodeStoreContract(factory: StorageFactory): void {
  describe('episodes', () => {
    it('keeps the id it is given (a library copied whole, decision 0180), and refuses one taken', async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording('ana')
        const made = await storage.episodes.create(
          { title: 'Copied' },
          [{ recordingId: 'ana', start: 0, end: 10 }],
          'ep-from-desk',
        )
        expect(made.id).toBe('ep-from-desk')
        const again = await reopen()
        expect((await again.episodes.require('ep-from-desk')).title).toBe('Copied')
        await expect(
          again.episodes.create({ title: 'Twice' }, [], 'ep-from-desk'),
        ).rejects.toThrow()
        expect((await again.episodes.list()).map((e) => e.title)).toEqual(['Copied'])
      } finally {
        await close()
      }
    })

    it('creates an episode with its clips in order, each held to its recording, and keeps it on reopening', async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording('ana')
        const episode = await storage.episodes.create(
          { title: 'Heat on the line', showTitle: 'Voces del trabajo', number: 3, year: 2024 },
          [
            { recordingId: 'ana', start: 30, end: 40 },
            { recordingId: 'ana', start: 0, end: 90 },
          ],
        )
        expect(episode).toEqual({
          id: episode.id,
          title: 'Heat on the line',
          showTitle: 'Voces del trabajo',
          number: 3,
          year: 2024,
          descriptionEn: '',
          descriptionEs: '',
          cover: null,
          intro: null,
          outro: null,
          // A clip past its recording's end stops at the end.
          clips: [
            { recordingId: 'ana', start: 30, end: 40 },
            { recordingId: 'ana', start: 0, end: 60 },
          ],
          chapters: [],
          cuts: [],
          duration: 70,
          createdAt: '2026-12-07T10:00:00.000Z',
          updatedAt: '2026-12-07T10:00:00.000Z',
        })
        expect(await storage.episodes.get(episode.id)).toEqual(episode)
        expect(await storage.episodes.require(episode.id)).toEqual(episode)
        expect(await (await reopen()).episodes.get(episode.id)).toEqual(episode)
        expect(await storage.episodes.get('no-such-episode')).toBeUndefined()
        await expect(storage.episodes.require('no-such-episode')).rejects.toMatchObject(notFound)
      } finally {
        await close()
      }
    })

    it('lists the newest first, even when two were made in the same millisecond', async () => {
      const at = new Date(Date.UTC(2026, 11, 7, 10))
      const { storage, addRecording, close } = await factory({ now: () => at })
      try {
        await addRecording('ana')
        expect(await storage.episodes.list()).toEqual([])
        const clips = [{ recordingId: 'ana', start: 0, end: 10 }]
        for (const title of ['One', 'Two', 'Three']) await storage.episodes.create({ title }, clips)
        expect((await storage.episodes.list()).map((e) => e.title)).toEqual(['Three', 'Two', 'One'])
      } finally {
        await close()
      }
    })

    it('refuses a clip of a recording that is not there, or that starts at its end, and writes nothing', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording('ana')
        await expect(
          storage.episodes.create({ title: 'Half' }, [
            { recordingId: 'ana', start: 0, end: 10 },
            { recordingId: 'gone', start: 0, end: 10 },
          ]),
        ).rejects.toMatchObject({ code: 'RECORDING_NOT_FOUND', params: { id: 'gone' } })
        await expect(
          storage.episodes.create({ title: 'Late' }, [{ recordingId: 'ana', start: 60, end: 70 }]),
        ).rejects.toMatchObject({ code: 'CLIP_OUT_OF_RANGE', params: { id: 'ana' } })
        expect(await storage.episodes.list()).toEqual([])

        const episode = await storage.episodes.create({ title: 'Whole' }, [
          { recordingId: 'ana', start: 0, end: 10 },
        ])
        await expect(
          storage.episodes.update(episode.id, { title: 'Renamed' }, [
            { recordingId: 'ana', start: 5, end: 8 },
            { recordingId: 'ana', start: 61, end: 62 },
          ]),
        ).rejects.toMatchObject({ code: 'CLIP_OUT_OF_RANGE' })
        // All or none: the title did not change either.
        expect(await storage.episodes.require(episode.id)).toEqual(episode)
      } finally {
        await close()
      }
    })

    it('updates the fields given, empties one with null, replaces the clips, and moves updatedAt', async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording('ana')
        const episode = await storage.episodes.create(
          { title: 'Draft', showTitle: 'Voces', number: 3, cover: '/covers/heat.png' },
          [{ recordingId: 'ana', start: 0, end: 10 }],
        )
        const renamed = await storage.episodes.update(episode.id, {
          title: 'Calor en la línea',
          descriptionEn: 'Two workers.\nOn the heat.',
          number: null,
          cover: null,
        })
        expect(renamed).toEqual({
          ...episode,
          title: 'Calor en la línea',
          descriptionEn: 'Two workers.\nOn the heat.',
          descriptionEs: '',
          number: null,
          cover: null,
          updatedAt: '2026-12-07T10:00:01.000Z',
        })
        const reclipped = await storage.episodes.update(episode.id, {}, [
          { recordingId: 'ana', start: 5, end: 15 },
          { recordingId: 'ana', start: 20, end: 25.5 },
        ])
        expect(reclipped.clips).toEqual([
          { recordingId: 'ana', start: 5, end: 15 },
          { recordingId: 'ana', start: 20, end: 25.5 },
        ])
        expect(reclipped.duration).toBe(15.5)
        expect(reclipped.title).toBe('Calor en la línea')
        expect(await (await reopen()).episodes.get(episode.id)).toEqual(reclipped)
        await expect(
          storage.episodes.update('no-such-episode', { title: 'x' }),
        ).rejects.toMatchObject(notFound)
      } finally {
        await close()
      }
    })

    it('keeps a description in each language, each changed without touching the other (decision 0191)', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const episode = await storage.episodes.create(
          { title: 'Dos', descriptionEn: 'Two workers on the heat.' },
          [],
        )
        expect([episode.descriptionEn, episode.descriptionEs]).toEqual([
          'Two workers on the heat.',
          '',
        ])
        const spanish = await storage.episodes.update(episode.id, {
          descriptionEs: 'Dos trabajadoras\nhablan del calor.',
        })
        expect([spanish.descriptionEn, spanish.descriptionEs]).toEqual([
          'Two workers on the heat.',
          'Dos trabajadoras\nhablan del calor.',
        ])
        const emptied = await storage.episodes.update(episode.id, { descriptionEn: '' })
        expect([emptied.descriptionEn, emptied.descriptionEs]).toEqual([
          '',
          'Dos trabajadoras\nhablan del calor.',
        ])
        expect(await (await reopen()).episodes.get(episode.id)).toEqual(emptied)
        // A machine-drafted description is marked with the notes' drafts until accepted.
        const notes = await storage.episodes.notes(episode.id)
        const marked = { ...notes, drafts: ['descriptionEs' as const, 'chapterTitleEs@90'] }
        expect(await storage.episodes.setNotes(episode.id, marked)).toEqual(marked)
        expect((await (await reopen()).episodes.notes(episode.id)).drafts).toEqual([
          'descriptionEs',
          'chapterTitleEs@90',
        ])
      } finally {
        await close()
      }
    })

    it('keeps chapters by time, titled in both languages, replaced whole', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording('ana')
        const episode = await storage.episodes.create({ title: 'Chapters' }, [
          { recordingId: 'ana', start: 0, end: 60 },
        ])
        const chapters: Chapter[] = [
          { start: 30.25, titleEn: 'Rosa on the union', titleEs: 'Rosa habla del sindicato' },
          { start: 0, titleEn: 'Ana on the heat', titleEs: 'Ana y el calor' },
        ]
        const saved = await storage.episodes.setChapters(episode.id, chapters)
        expect(saved.chapters).toEqual([chapters[1], chapters[0]])
        expect((await storage.episodes.require(episode.id)).chapters).toEqual(saved.chapters)
        expect((await storage.episodes.setChapters(episode.id, [])).chapters).toEqual([])
        await expect(storage.episodes.setChapters('no-such-episode', [])).rejects.toMatchObject(
          notFound,
        )
      } finally {
        await close()
      }
    })

    it('merges cuts, moves chapters with their words in the same change, and refuses a cut outside every clip', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording('ana')
        const episode = await storage.episodes.create({ title: 'Cuts' }, [
          { recordingId: 'ana', start: 0, end: 60 },
        ])
        await storage.episodes.setChapters(episode.id, [
          { start: 0, titleEn: 'Start', titleEs: 'Inicio' },
          { start: 30, titleEn: 'The vote', titleEs: 'La votación' },
        ])
        const cut = await storage.episodes.setCuts(episode.id, [
          { recordingId: 'ana', start: 10, end: 20, kind: 'edit' },
          { recordingId: 'ana', start: 15, end: 25, kind: 'filler' },
        ])
        // Overlapping cuts merge; an edit and a filler make an edit.
        expect(cut.cuts).toEqual([{ recordingId: 'ana', start: 10, end: 25, kind: 'edit' }])
        expect(cut.duration).toBe(45)
        // The chapter at 30 s marked words now heard 15 s sooner.
        expect(cut.chapters.map((c) => c.start)).toEqual([0, 15])
        expect(await storage.episodes.require(episode.id)).toEqual(cut)

        const outside: Cut[] = [{ recordingId: 'ana', start: 70, end: 75, kind: 'edit' }]
        await expect(storage.episodes.setCuts(episode.id, outside)).rejects.toMatchObject({
          code: 'CUT_OUTSIDE_CLIP',
        })
        expect(await storage.episodes.require(episode.id)).toEqual(cut)

        // Taking the cuts away puts the chapter back on its words.
        const restored = await storage.episodes.setCuts(episode.id, [])
        expect(restored.cuts).toEqual([])
        expect(restored.chapters.map((c) => c.start)).toEqual([0, 30])
        await expect(storage.episodes.setCuts('no-such-episode', [])).rejects.toMatchObject(
          notFound,
        )
      } finally {
        await close()
      }
    })

    it('keeps show notes whole, from empty defaults, for an episode that is there', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const episode = await storage.episodes.create({ title: 'Notes' }, [])
        expect(await storage.episodes.notes(episode.id)).toEqual({
          summaryEn: '',
          summaryEs: '',
          bodyEn: '',
          bodyEs: '',
          guests: '',
          credits: '',
          links: [],
          drafts: [],
        })
        const notes: ShowNotes = {
          summaryEn: 'Two workers on the heat.',
          summaryEs: 'Dos trabajadoras hablan del calor.',
          bodyEn: 'Line one.\nLine two.',
          bodyEs: 'Línea uno.\nLínea dos.',
          guests: 'Ana, Rosa',
          credits: 'Producción: Voces',
          links: [{ title: 'OSHA heat', url: 'https://www.osha.gov/heat' }],
          // The Spanish summary is a machine draft no person has accepted yet: that is kept.
          drafts: ['summaryEs'],
        }
        expect(await storage.episodes.setNotes(episode.id, notes)).toEqual(notes)
        expect(await (await reopen()).episodes.notes(episode.id)).toEqual(notes)
        await expect(storage.episodes.notes('no-such-episode')).rejects.toMatchObject(notFound)
        await expect(storage.episodes.setNotes('no-such-episode', notes)).rejects.toMatchObject(
          notFound,
        )
      } finally {
        await close()
      }
    })

    it("stores a drafted text with its marks in one write, keeping the other groups' marks (decision 0208)", async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording('ana')
        const episode = await storage.episodes.create({ title: 'Drafts', descriptionEn: 'Heat.' }, [
          { recordingId: 'ana', start: 0, end: 60 },
        ])
        await storage.episodes.setNotes(episode.id, {
          ...(await storage.episodes.notes(episode.id)),
          summaryEn: 'Two workers.',
          drafts: ['summaryEs', 'chapterTitleEs@0'],
        })
        // The description panel's draft: the Spanish text and its mark together.
        const drafted = await storage.episodes.saveDrafted(episode.id, {
          group: 'description',
          marks: ['descriptionEs'],
          descriptionEs: 'Calor.',
        })
        expect(drafted.episode.descriptionEs).toBe('Calor.')
        expect(drafted.episode.descriptionEn).toBe('Heat.')
        expect(drafted.notes.drafts).toEqual(['summaryEs', 'chapterTitleEs@0', 'descriptionEs'])
        expect(drafted.notes.summaryEn).toBe('Two workers.')
        // The chapters panel's: the titles replaced, only the chapter marks rewritten.
        const chapters: Chapter[] = [{ start: 30, titleEn: 'The vote', titleEs: 'La votación' }]
        const titled = await storage.episodes.saveDrafted(episode.id, {
          group: 'chapters',
          marks: ['chapterTitleEs@30', 'chapterTitleEs@30'],
          chapters,
        })
        expect(titled.episode.chapters).toEqual(chapters)
        expect(titled.notes.drafts).toEqual(['summaryEs', 'descriptionEs', 'chapterTitleEs@30'])
        // The show notes' own save: its texts and marks; the others' marks as stored.
        const noted = await storage.episodes.saveDrafted(episode.id, {
          group: 'notes',
          marks: [],
          notes: {
            summaryEn: 'Two workers.',
            summaryEs: 'Dos trabajadoras, corregido.',
            bodyEn: '',
            bodyEs: '',
            guests: '',
            credits: '',
            links: [],
          },
        })
        expect(noted.notes.summaryEs).toBe('Dos trabajadoras, corregido.')
        expect(noted.notes.drafts).toEqual(['descriptionEs', 'chapterTitleEs@30'])
        // A person's first edit of the drafted description: the text and the mark gone together.
        const edited = await storage.episodes.saveDrafted(episode.id, {
          group: 'description',
          marks: [],
          descriptionEs: 'Calor en el almacén.',
        })
        expect(edited.notes.drafts).toEqual(['chapterTitleEs@30'])
        const again = await reopen()
        expect((await again.episodes.require(episode.id)).descriptionEs).toBe(
          'Calor en el almacén.',
        )
        expect(await again.episodes.notes(episode.id)).toEqual(edited.notes)
        await expect(
          storage.episodes.saveDrafted('no-such-episode', { group: 'notes', marks: [] }),
        ).rejects.toMatchObject(notFound)
      } finally {
        await close()
      }
    })

    it('stores a drafted text and its marks together or not at all: a refused mark leaves the text as it was', async () => {
      const { storage, reopen, addRecording, close } = await factory({ now: tickingClock() })
      try {
        await addRecording('ana')
        const episode = await storage.episodes.create({ title: 'Refused', descriptionEs: 'Mío.' }, [
          { recordingId: 'ana', start: 0, end: 60 },
        ])
        const chapters: Chapter[] = [{ start: 0, titleEn: 'Start', titleEs: 'Inicio' }]
        await storage.episodes.setChapters(episode.id, chapters)
        const before = await storage.episodes.require(episode.id)
        const notesBefore = await storage.episodes.notes(episode.id)
        // A chapter mark in a description write, a made-up mark in a chapters write: the texts,
        // written first inside the transaction, go back with the refusal.
        await expect(
          storage.episodes.saveDrafted(episode.id, {
            group: 'description',
            marks: ['descriptionEs', 'chapterTitleEs@0'],
            descriptionEs: 'Máquina.',
          }),
        ).rejects.toMatchObject({ code: 'EPISODE_DRAFT_MARK_REFUSED' })
        await expect(
          storage.episodes.saveDrafted(episode.id, {
            group: 'chapters',
            marks: ['chapterTitleEs@zero'],
            chapters: [{ start: 0, titleEn: 'Start', titleEs: 'Máquina' }],
            notes: { ...notesBefore, summaryEs: 'Máquina.' },
          }),
        ).rejects.toMatchObject({ code: 'EPISODE_DRAFT_MARK_REFUSED' })
        expect(await storage.episodes.require(episode.id)).toEqual(before)
        expect(await storage.episodes.notes(episode.id)).toEqual(notesBefore)
        const again = await reopen()
        expect((await again.episodes.require(episode.id)).descriptionEs).toBe('Mío.')
        expect((await again.episodes.require(episode.id)).chapters).toEqual(chapters)
        expect((await again.episodes.notes(episode.id)).drafts).toEqual([])
      } finally {
        await close()
      }
    })

    it('removes an episode with its clips, chapters and cuts; a second remove finds none', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording('ana')
        const clips = [{ recordingId: 'ana', start: 0, end: 60 }]
        const episode = await storage.episodes.create({ title: 'Gone' }, clips)
        await storage.episodes.setChapters(episode.id, [{ start: 5, titleEn: 'A', titleEs: 'A' }])
        await storage.episodes.setCuts(episode.id, [
          { recordingId: 'ana', start: 1, end: 2, kind: 'edit' },
        ])
        const kept = await storage.episodes.create({ title: 'Kept' }, clips)
        expect(await storage.episodes.remove(episode.id)).toBe(true)
        expect(await storage.episodes.get(episode.id)).toBeUndefined()
        expect(await storage.episodes.list()).toEqual([kept])
        expect(await storage.episodes.remove(episode.id)).toBe(false)
      } finally {
        await close()
      }
    })

    it('undoes every episode change of a transaction that throws, and loses no cut made at the same moment', async () => {
      const { storage, addRecording, close } = await factory()
      try {
        await addRecording('ana')
        const episode = await storage.episodes.create({ title: 'Together' }, [
          { recordingId: 'ana', start: 0, end: 60 },
        ])
        await expect(
          storage.transaction(async (tx) => {
            await tx.episodes.update(episode.id, { title: 'Half done' })
            await tx.episodes.setChapters(episode.id, [{ start: 1, titleEn: 'x', titleEs: 'x' }])
            await tx.episodes.setCuts(episode.id, [
              { recordingId: 'ana', start: 3, end: 4, kind: 'edit' },
            ])
            throw new Error('the person cancelled')
          }),
        ).rejects.toThrow('the person cancelled')
        expect(await storage.episodes.require(episode.id)).toEqual(episode)

        // Each reads the cuts and writes them back with its own added, as cutting words does.
        const addCut = (start: number) =>
          storage.transaction(async (tx) => {
            const { cuts } = await tx.episodes.require(episode.id)
            await new Promise((resolve) => setTimeout(resolve, 5))
            return tx.episodes.setCuts(episode.id, [
              ...cuts,
              { recordingId: 'ana', start, end: start + 1, kind: 'filler' },
            ])
          })
        await Promise.all([10, 20, 30, 40].map(addCut))
        expect((await storage.episodes.require(episode.id)).cuts.map((c) => c.start)).toEqual([
          10, 20, 30, 40,
        ])
      } finally {
        await close()
      }
    })
  })
}

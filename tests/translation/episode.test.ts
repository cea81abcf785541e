import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { tempDir } from '../helpers.ts'

let dir: ReturnType<typeof tempDir>
let voces: Voces
let episodeId = ''
let emptyId = ''
let spanishId = ''

beforeAll(async () => {
  dir = tempDir('voces-translate-episode-')
  voces = new Voces({ libraryDir: path.join(dir.dir, 'lib'), startJobs: false })
  const episode = await voces.storage.episodes.create(
    {
      title: 'Night shift',
      descriptionEn: 'Three workers tell how they won the strike at the plant.',
      descriptionEs: 'Una descripción que una persona escribió.',
    },
    [],
  )
  episodeId = episode.id
  await voces.storage.glossary.replace(['SEIU'])
  await voces.storage.episodes.setNotes(episodeId, {
    summaryEn: 'Workers talk about wages and the strike.',
    summaryEs: '',
    bodyEn: 'We met the organizers of SEIU.\nThey explained our rights.',
    bodyEs: 'Un texto que una persona escribió.',
    guests: '',
    credits: '',
    links: [],
    drafts: [],
  })
  await voces.storage.episodes.setChapters(episodeId, [
    { start: 0, titleEn: 'The night shift', titleEs: '' },
    { start: 60, titleEn: 'The strike', titleEs: '' },
  ])
  emptyId = (await voces.storage.episodes.create({ title: 'Empty' }, [])).id
  spanishId = (
    await voces.storage.episodes.create(
      { title: 'Solo', descriptionEs: 'Tres trabajadoras hablan de la huelga.' },
      [],
    )
  ).id
})
afterAll(async () => {
  await voces.close()
  dir.cleanup()
})

describe('an episode draft in the other language', () => {
  it('translates the show notes, description and chapter titles, line for line, storing nothing', async () => {
    const result = await dispatch(
      'translation.episodeDraft',
      { episodeId, to: 'es' },
      { voces, transport: 'cli' },
    )
    if (!result.ok) throw new Error(result.error.message)
    const draft = result.value as {
      draft: boolean
      summary: string
      body: string
      description: string
      chapters: Array<{ start: number; title: string }>
    }
    expect(draft.draft).toBe(true)
    expect(draft.summary).toMatch(/huelga/)
    expect(draft.body.split('\n')).toHaveLength(2)
    expect(draft.body).toContain('SEIU')
    expect(draft.description).toMatch(/huelga/)
    expect(draft.chapters.map((c) => c.start)).toEqual([0, 60])
    expect(draft.chapters[1]?.title).toMatch(/huelga/i)
    // Nothing stored: the person's Spanish body is still theirs.
    expect((await voces.storage.episodes.notes(episodeId)).bodyEs).toBe(
      'Un texto que una persona escribió.',
    )
    expect((await voces.storage.episodes.require(episodeId)).descriptionEs).toBe(
      'Una descripción que una persona escribió.',
    )
  })

  it("drafts the other language's description from this one's, with nothing else to translate (decision 0191)", async () => {
    const result = await dispatch(
      'translation.episodeDraft',
      { episodeId: spanishId, to: 'en' },
      { voces, transport: 'cli' },
    )
    if (!result.ok) throw new Error(result.error.message)
    const draft = result.value as { description: string; summary: string }
    expect(draft.description).toMatch(/strike/)
    expect(draft.summary).toBe('')
    // The other way there is no English description (nor notes) to draft from.
    const back = await dispatch(
      'translation.episodeDraft',
      { episodeId: spanishId, to: 'es' },
      { voces, transport: 'cli' },
    )
    expect(back).toMatchObject({ ok: false, error: { code: 'TRANSLATION_EPISODE_EMPTY' } })
  })

  it('says so when there is nothing to translate', async () => {
    const result = await dispatch(
      'translation.episodeDraft',
      { episodeId: emptyId, to: 'es' },
      { voces, transport: 'cli' },
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'TRANSLATION_EPISODE_EMPTY' } })
  })
})

import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { tempDir } from '../helpers.ts'

let dir: ReturnType<typeof tempDir>
let voces: Voces
let episodeId = ''
let emptyId = ''

beforeAll(async () => {
  dir = tempDir('voces-translate-episode-')
  voces = new Voces({ libraryDir: path.join(dir.dir, 'lib'), startJobs: false })
  const episode = await voces.storage.episodes.create(
    {
      title: 'Night shift',
      description: 'Three workers tell how they won the strike at the plant.',
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

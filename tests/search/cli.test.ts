import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { rankWindow } from '../../src/core/search/service.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, captureIo, tempDir } from '../helpers.ts'
import { addRecording, addSpeaker, addTrack } from './fixtures.ts'

const capture = captureIo

let dir: string
let cleanup: () => void
let library: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-search-cli-'))
  library = path.join(dir, 'library')
  const voces = new Voces({ libraryDir: library, startJobs: false })
  addRecording(databaseOf(voces), {
    id: 'obra',
    title: 'En la obra',
    interviewDate: '2001-06-01',
    tags: ['huelga'],
  })
  const rosa = addSpeaker(databaseOf(voces), 'obra', 'SPEAKER_00', 'Rosa Núñez')
  addTrack(databaseOf(voces), 'obra', 'es', [
    { start: 3, end: 7.5, text: 'La construcción paró tres días.', speaker: rosa },
    { start: 80, text: 'Después vino la construcción del sindicato.' },
  ])
  addRecording(databaseOf(voces), {
    id: 'muelle',
    title: 'Dockworkers',
    interviewDate: '1985-02-02',
  })
  addTrack(databaseOf(voces), 'muelle', 'en', [
    { start: 9, text: 'Construction of the new dock, then the strike.' },
  ])
  // More segments saying "shift" than a search ranks (decision 0021).
  addRecording(databaseOf(voces), { id: 'turnos', title: 'Night shifts' })
  databaseOf(voces).transaction(() =>
    addTrack(
      databaseOf(voces),
      'turnos',
      'en',
      Array.from({ length: rankWindow + 5 }, (_, i) => ({ start: i * 6, text: `shift ${i}` })),
    ),
  )()
  await voces.close()
})
afterAll(() => cleanup())

const run = async (...args: string[]) => {
  const c = capture()
  const code = await runCli(['--library', library, ...args], c.io)
  return { code, out: c.out(), err: c.err() }
}

describe('voces search', () => {
  it('prints hits as JSON, best first, with the fields scripts rely on', async () => {
    const { code, out } = await run('search', 'construccion', '--language', 'es', '--json')
    expect(code).toBe(0)
    const hits = JSON.parse(out) as Array<Record<string, unknown>>
    expect(hits).toHaveLength(2)
    expect(Object.keys(hits[0] ?? {})).toEqual(
      expect.arrayContaining([
        'recordingId',
        'track',
        'language',
        'start',
        'end',
        'speaker',
        'text',
        'snippet',
      ]),
    )
    const first = hits.find((h) => h.start === 3)
    expect(first).toMatchObject({
      recordingId: 'obra',
      language: 'es',
      end: 7.5,
      speaker: 'Rosa Núñez',
      text: 'La construcción paró tres días.',
    })
  })

  it('applies the filters and takes a query that starts with a minus after --', async () => {
    const byDate = await run(
      'search',
      'construction',
      '--from',
      '1980-01-01',
      '--to',
      '1990-12-31',
      '--json',
    )
    expect(
      (JSON.parse(byDate.out) as Array<{ recordingId: string }>).map((h) => h.recordingId),
    ).toEqual(['muelle'])
    const bySpeaker = await run('search', 'construccion', '--speaker', 'rosa nunez', '--json')
    expect((JSON.parse(bySpeaker.out) as Array<{ start: number }>).map((h) => h.start)).toEqual([3])
    const byTag = await run('search', 'construccion', '--tag', 'huelga', '--limit', '1', '--json')
    expect(JSON.parse(byTag.out)).toHaveLength(1)
    const excluded = await run(
      'search',
      '--json',
      '--',
      'construccion OR construction',
      '-sindicato',
    )
    expect(
      (JSON.parse(excluded.out) as Array<{ start: number }>).map((h) => h.start).sort(),
    ).toEqual([3, 9])
  })

  it('prints hits grouped by recording for people, and says when nothing matched', async () => {
    const { code, out } = await run('search', 'strike')
    expect(code).toBe(0)
    expect(out).toContain('Dockworkers  (muelle)  1985-02-02')
    expect(out).toMatch(/0:09 {2}en {2}Construction of the new dock, then the strike\./)
    expect((await run('search', 'huelga')).out).toBe('No matches.\n')
    expect((await run('search', '"')).out).toBe('Nothing to search for in that query.\n')
  })

  it('says when only the newest matches were ranked, and a larger limit ranks more', async () => {
    const { out } = await run('search', 'shift', '--limit', '3')
    expect(out).toContain(
      'More than 2,000 matches: the best of the 2,000 added most recently are shown; older ones were not ranked.',
    )
    // An export asks for more rows than the window: every one is ranked and written.
    const file = path.join(dir, 'shifts.csv')
    const wide = await run('search', 'shift', '--limit', String(rankWindow + 5), '--csv', file)
    expect(wide.out).toBe(`${rankWindow + 5} hits written to ${file}\n`)
    // So does a search printed on the terminal, past the 500 a page of the app shows.
    const printed = await run('search', 'shift', '--limit', String(rankWindow + 5), '--json')
    expect(printed.code).toBe(0)
    expect(JSON.parse(printed.out)).toHaveLength(rankWindow + 5)
  })

  it('writes CSV and rejects bad options', async () => {
    const file = path.join(dir, 'hits.csv')
    const { code, out } = await run('search', 'construccion', '--csv', file)
    expect(code).toBe(0)
    expect(out).toBe(`2 hits written to ${file}\n`)
    const csv = readFileSync(file, 'utf8')
    expect(csv).toContain(
      'En la obra,0:00:03,Rosa Núñez,es,La construcción paró tres días.,voces://recording/obra?t=3\r\n',
    )
    expect((await run('search', 'x', '--language', 'fr')).code).toBe(2)
    expect((await run('search', 'x', '--limit', 'many')).code).toBe(2)
    expect((await run('search')).code).toBe(2)
    const badDate = await run('search', 'x', '--from', 'last year')
    expect(badDate.code).toBe(1)
    expect(badDate.err).toMatch(/YYYY-MM-DD/)
    // Shaped like a date but no day at all: refused too, not compared as text.
    const noSuchDay = await run('search', 'x', '--from', '1990-13-45')
    expect(noSuchDay.code).toBe(1)
    expect(noSuchDay.err).toMatch(/a day that exists/)
    expect((await run('search', 'x', '--to', '2024-02-29')).code).toBe(0)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseQuery } from '../../src/core/search/query.ts'
import type { PostgresSearch } from '../../src/core/storage/postgres/search/engine.ts'
import { resolveScope } from '../../src/core/storage/postgres/search/scope.ts'
import { toTsQueries } from '../../src/core/storage/postgres/search/tsquery.ts'
import { eraSize, estimates, pickForm } from '../../src/core/storage/postgres/search/window.ts'
import type { PostgresStorage } from '../../src/core/storage/postgres/storage.ts'
import type { SearchFixture } from './contract/search.ts'
import { postgresSearch } from './pg-search.ts'

/*
 * What the PostgreSQL engine does beyond the search contract (decision 0142): the bounded window
 * in both plan forms, the choice between them from the planner's estimates, snippets cut from
 * long segments, and hyphenated words split as FTS5 splits them.
 */

const tsquery = (text: string) => toTsQueries(parseQuery(text))?.query ?? ''

describe('PostgreSQL search engine', () => {
  let fixture: SearchFixture
  let engine: PostgresSearch
  const db = () => (fixture.storage as PostgresStorage).db

  beforeAll(async () => {
    fixture = await postgresSearch()
    engine = fixture.storage.search as PostgresSearch
    // 30 segments saying "union", one in three twice; then a withdrawn recording's 5, newer.
    await fixture.add({
      id: 'many',
      tracks: [
        {
          language: 'en',
          segments: Array.from({ length: 30 }, (_, i) => ({
            start: i * 6,
            text: i % 3 === 0 ? `Union meeting ${i}, the union hall.` : `Union meeting ${i}.`,
          })),
        },
      ],
    })
    await fixture.add({
      id: 'gone',
      consent: 'withdrawn',
      tracks: [
        {
          language: 'en',
          segments: Array.from({ length: 5 }, (_, i) => ({ start: i, text: `union ${i}` })),
        },
      ],
    })
    await fixture.add({
      id: 'long',
      tracks: [
        {
          language: 'en',
          segments: [
            {
              start: 0,
              text:
                'We worked nights in the cannery for years and years, packing fish by the crate, ' +
                'and nobody ever told us about overtime until one winter a woman from the ' +
                'labor center came by with leaflets about wage-theft and the law, and after that ' +
                'we kept a notebook of every hour we worked, every single one of them.',
            },
          ],
        },
      ],
    })
  })
  afterAll(() => fixture.close())

  it('ranks the newest matches only, the same in both plan forms', async () => {
    const walk = await engine.search(
      { query: 'union', limit: 10 },
      { window: 10, plan: { form: 'walk', near: null } },
    )
    const bitmap = await engine.search(
      { query: 'union', limit: 10 },
      { window: 10, plan: { form: 'bitmap', near: null } },
    )
    expect(walk).toEqual(bitmap)
    expect(walk).toMatchObject({ ranking: 'newest', total: 10, examined: 11, hasMore: false })
    // The ten newest of the allowed segments: meetings 20 to 29, the withdrawn ones left out.
    expect(walk.hits.map((h) => h.start).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => (20 + i) * 6),
    )
    expect(walk.hits.every((h) => h.recordingId === 'many')).toBe(true)
    // Said twice ranks first: 21, 24 and 27 are the only ones of 20-29 with "the union hall".
    expect(
      walk.hits
        .slice(0, 3)
        .map((h) => h.start / 6)
        .sort(),
    ).toEqual([21, 24, 27])
    for (const form of ['walk', 'bitmap'] as const) {
      const all = await engine.search(
        { query: 'union', limit: 5 },
        { window: 100, plan: { form, near: null } },
      )
      expect(all).toMatchObject({ ranking: 'all', total: 30, examined: 30, hasMore: true })
    }
  })

  it('pages within one window and says there are more', async () => {
    const first = await engine.search({ query: 'union', limit: 4 }, { window: 10 })
    const second = await engine.search({ query: 'union', limit: 4, offset: 4 }, { window: 10 })
    expect(first).toMatchObject({ ranking: 'newest', total: 10, hasMore: true })
    const whole = await engine.search({ query: 'union', limit: 8 }, { window: 10 })
    expect([...first.hits, ...second.hits]).toEqual(whole.hits)
  })

  it('cuts a long segment around the match and says so with ellipses', async () => {
    const [hit] = (await engine.search({ query: 'leaflets' })).hits
    expect(hit?.snippet.startsWith('…')).toBe(true)
    expect(hit?.snippet.endsWith('…')).toBe(true)
    expect(hit?.snippet.length).toBeLessThan(hit?.text.length ?? 0)
    expect(hit?.highlights.map(([from, to]) => hit.snippet.slice(from, to))).toEqual(['leaflets'])
    const [whole] = (await engine.search({ query: 'meeting 7' })).hits
    expect(whole?.snippet).toBe('Union meeting 7.')
  })

  it('finds a hyphenated word by its parts, and the parts as a phrase by the hyphenated word', async () => {
    const ids = async (query: string) =>
      (await engine.search({ query })).hits.map((h) => h.recordingId)
    expect(await ids('"wage theft"')).toEqual(['long'])
    expect(await ids('wage-theft')).toEqual(['long'])
    expect(await ids('theft')).toEqual(['long'])
    expect(await ids('"theft wage"')).toEqual([])
  })

  it('never lets typed text become tsquery syntax: quotes, backslashes, operators', async () => {
    await fixture.add({
      id: 'quotes',
      tracks: [
        { language: 'en', segments: [{ start: 0, text: "We don't give up: it's our right." }] },
      ],
    })
    const ids = async (query: string) =>
      (await engine.search({ query })).hits.map((h) => h.recordingId)
    expect(await ids("don't")).toEqual(['quotes'])
    expect(await ids('"it\'s our right"')).toEqual(['quotes'])
    for (const query of [
      'a\\b',
      "it's:*",
      '!! <-> &',
      "'",
      '\\',
      'right:* & !',
      '"our" <2> right',
    ]) {
      const result = await engine.search({ query })
      expect(result.hits.every((h) => h.recordingId === 'quotes')).toBe(true)
    }
    expect(await ids('right:*')).toEqual(['quotes'])
    await fixture.remove('quotes')
  })

  it('follows what the transcripts port writes, edits and removes, with no call to search', async () => {
    const transcripts = fixture.storage.transcripts
    const texts = async (query: string) => (await engine.search({ query })).hits.map((h) => h.text)
    await transcripts.replaceTrack({
      recordingId: 'long',
      language: 'es',
      kind: 'translation',
      origin: 'typed',
      model: null,
      engineSettings: {},
      segments: [
        {
          start: 1,
          end: 2,
          speaker: null,
          language: 'es',
          text: 'La cosecha de fresas.',
          words: [],
        },
      ],
    })
    expect(await texts('fresas')).toEqual(['La cosecha de fresas.'])
    const [segment] = (await transcripts.editorTrack('long', 'es'))?.segments ?? []
    await transcripts.editText(segment?.id ?? -1, 'La cosecha de uvas en Délano.')
    expect(await texts('fresas')).toEqual([])
    expect(await texts('delano uvas')).toEqual(['La cosecha de uvas en Délano.'])
    await transcripts.removeTrack('long', 'es')
    expect(await texts('uvas')).toEqual([])
  })

  it('walks the key for a word said everywhere and uses the index for a rare one', async () => {
    // 20,000 segments, "the" in every one, "rarely" in one: enough for the estimates to count.
    const track = await db().row<{ id: number }>(
      `INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at)
       VALUES ('long', 'es', 'translation', 'typed', now(), now()) RETURNING id`,
    )
    await db().run(
      `INSERT INTO segments (track_id, start, "end", language, text)
       SELECT $1, n, n + 1, 'es', 'the word ' || n || CASE WHEN n = 7 THEN ' rarely' ELSE '' END
       FROM generate_series(1, 20000) n`,
      [track?.id],
    )
    await db().run('ANALYZE segments')
    const scope = await resolveScope(db(), {})
    expect(scope.segments).toBeGreaterThan(19_000)
    expect((await pickForm(db(), tsquery('the'), scope, 2000)).form).toBe('walk')
    expect(await pickForm(db(), tsquery('rarely'), scope, 2000)).toEqual({
      form: 'bitmap',
      near: null,
    })
    // The words' estimate asked for beside the scope, as a search with no narrowing filter does
    // (decision 0195), picks what the scoped estimate picks.
    for (const words of ['the', 'rarely', 'word']) {
      const early = await estimates(db(), tsquery(words), null)
      expect(early.filtered).toBeGreaterThan(0)
      expect(await pickForm(db(), tsquery(words), scope, 2000, early)).toEqual(
        await pickForm(db(), tsquery(words), scope, 2000),
      )
    }
    const the = await engine.search({ query: 'the', limit: 5 })
    expect(the).toMatchObject({ ranking: 'newest', total: 2000 })
    expect((await engine.search({ query: 'rarely' })).hits.map((h) => h.text)).toEqual([
      'the word 7 rarely',
    ])
  })

  it('runs its statements with JIT compilation off (decision 0195)', async () => {
    // Above jit_above_cost PostgreSQL compiles a statement first: 10 to 100 ms that a search's
    // few milliseconds of work never win back. Every connection of the pool says so.
    const answers = await Promise.all(
      [1, 2, 3].map(() => db().row<{ jit: string }>('SELECT current_setting($1) AS jit', ['jit'])),
    )
    expect(answers.map((a) => a?.jit)).toEqual(['off', 'off', 'off'])
  })

  it('finds the same window in the newest eras first, and in older eras when those fall short', async () => {
    // After the test above: 20,000 more segments saying "the", so ids reach the second era.
    const newest = await db().row<{ era: number; n: number }>(
      `SELECT max(id / ${eraSize}) AS era,
        count(*) FILTER (WHERE id / ${eraSize} = (SELECT max(id / ${eraSize}) FROM segments)) AS n
       FROM segments`,
    )
    expect(newest?.era).toBe(1)
    const near = { form: 'bitmap', near: 1 } as const
    const whole = { form: 'bitmap', near: null } as const
    // 2,000: the newest era alone holds the window; 6,000: it does not, so older eras are read.
    for (const window of [2000, (newest?.n ?? 0) + 1000]) {
      const options = { query: 'the', limit: 50, offset: 20 }
      const first = await engine.search(options, { window, plan: near })
      expect(first).toEqual(await engine.search(options, { window, plan: whole }))
      expect(first).toEqual(
        await engine.search(options, { window, plan: { form: 'walk', near: null } }),
      )
      expect(first).toMatchObject({ ranking: 'newest', total: window })
    }
  })
})

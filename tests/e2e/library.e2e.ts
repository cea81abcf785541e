// End-to-end for the library at scale (docs/decisions/0132-library-states-in-one-read.md, 0133):
// 10,000 recordings in real SQLite, the real core, HTTP transport, renderer build and Chromium.
// The search box, the sort, the filters and the state columns; only the rows in view are drawn.
// Screenshots in English and Spanish go to docs/screenshots. Run with
// `node --test tests/e2e/run.ts tests/e2e/library.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { Voces } from '../../src/core/voces.ts'
import { tempDir } from '../helpers.ts'
import { seedLibrary } from '../library/seed-library.ts'
import { openSession, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
const total = 10_000

before(async () => {
  library = tempDir('voces-library-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  await seedLibrary(voces, total)
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

const shownRows = () => page.locator('tr.recordings__row').count()

test('10,000 recordings: only the rows in view are drawn, with their state', async () => {
  await page.getByRole('row', { name: /Interview 09999/ }).waitFor()
  await page.getByRole('status').filter({ hasText: '10,000 recordings' }).waitFor()
  assert.ok((await shownRows()) < 60, 'the table draws a window, not 10,000 rows')
  // Scrolled to the end, the oldest recording is drawn and the newest is gone.
  await page
    .locator('.recordings-scroll')
    .evaluate((box: { scrollTop: number; scrollHeight: number }) => {
      box.scrollTop = box.scrollHeight
    })
  await page.getByRole('row', { name: /Interview 00000/ }).waitFor()
  assert.equal(await page.getByRole('row', { name: /Interview 09999/ }).count(), 0)
})

test('the search box finds people, every word, accents aside; filters and sort narrow it', async () => {
  const search = page.getByRole('searchbox', { name: 'Search the library' })
  await search.fill('nunez')
  await page.getByRole('status').filter({ hasText: '2 of 10,000 recordings' }).waitFor()
  await search.fill('nunez yakima')
  await page.getByRole('status').filter({ hasText: '1 of 10,000 recordings' }).waitFor()
  await search.fill('')

  await page.getByLabel('Transcript').selectOption('yes')
  await page.getByRole('status').filter({ hasText: '3 of 10,000 recordings' }).waitFor()
  await page.getByLabel('Sort by').selectOption('title')
  await page.locator('tr.recordings__row').first().getByText('Apple pickers, Yakima').waitFor()
  const titles = await page.locator('tr.recordings__row th a').allInnerTexts()
  assert.deepEqual(titles, [
    'Apple pickers, Yakima',
    'Huelga de limpieza, Los Ángeles',
    'Nurses on the picket line',
  ])
  const huelga = page.getByRole('row', { name: /Huelga de limpieza/ })
  const cells = await huelga.getByRole('cell').allInnerTexts()
  assert.equal(cells[3], 'Transcribed')
  assert.equal(cells[4], 'EN · ES')
  assert.equal(cells[5], '50%')

  await page.getByLabel('Speakers named').selectOption('yes')
  await page.getByRole('status').filter({ hasText: '1 of 10,000 recordings' }).waitFor()
  await page.getByRole('row', { name: /Nurses on the picket line/ }).waitFor()
  await page.getByLabel('Speakers named').selectOption('any')
  await page.getByLabel('Subtitles').selectOption('none')
  await page.getByRole('status').filter({ hasText: '2 of 10,000 recordings' }).waitFor()
  await page.getByLabel('Subtitles').selectOption('any')
  await session.shot('library-filters-en.png')

  await search.fill('no such interview')
  await page.getByText('No recording matches this search and these filters.').waitFor()
  await search.fill('')
})

test('in Spanish, the same page in formal Latin American Spanish', async () => {
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByRole('radio', { name: 'Español' }).check()
  await page.getByRole('link', { name: 'Biblioteca' }).click()
  await page.getByRole('searchbox', { name: 'Buscar en la biblioteca' }).fill('huelga')
  await page
    .getByRole('status')
    .filter({ hasText: /^1 de 10\D?000 grabaciones/u })
    .waitFor()
  const cells = await page
    .getByRole('row', { name: /Huelga de limpieza/ })
    .getByRole('cell')
    .allInnerTexts()
  assert.equal(cells[3], 'Transcrita')
  await page.getByRole('searchbox', { name: 'Buscar en la biblioteca' }).fill('')
  await page.getByLabel('Transcripción').selectOption('yes')
  await page
    .getByRole('status')
    .filter({ hasText: /^3 de 10\D?000 grabaciones/u })
    .waitFor()
  await session.shot('library-filters-es.png')
})

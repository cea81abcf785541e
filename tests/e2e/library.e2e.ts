// End-to-end for the library at scale (docs/decisions/0132-library-states-in-one-read.md, 0133):
// 10,000 recordings in real SQLite, the real core, HTTP transport, renderer build and Chromium.
// The search box, the sort, the filters and the state columns; only the rows in view are drawn.
// Screenshots in English and Spanish go to docs/screenshots. Run with
// `node --test tests/e2e/run.ts tests/e2e/library.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import type { NewRecording } from '../../src/core/library/recordings.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, tempDir } from '../helpers.ts'
import { openSession, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
const total = 10_000

function sample(n: number): NewRecording {
  const id = `rec-${String(n).padStart(5, '0')}`
  return {
    id,
    title: `Interview ${String(n).padStart(5, '0')}`,
    path: `/archive/${id}.wav`,
    storedPath: null,
    sha256: `sha-${id}`,
    sizeBytes: 1000,
    duration: 60 + (n % 3600),
    format: 'wav',
    hasVideo: n % 10 === 0,
    width: null,
    height: null,
    audioCodec: 'pcm_s16le',
    videoCodec: null,
    sampleRate: 16000,
    channels: 1,
    workingAudio: `media/${id}/audio.wav`,
    peaks: `media/${id}/peaks.json`,
    poster: null,
  }
}

/** 10,000 recordings; three of them described, transcribed, subtitled and partly checked. */
export async function seedLibrary(target: Voces, count: number): Promise<void> {
  await target.storage.transaction(async (tx) => {
    for (let n = 0; n < count; n += 1) await tx.recordings.insert(sample(n))
  })
  const described = [
    { n: 17, title: 'Huelga de limpieza, Los Ángeles', interviewer: 'Ana Núñez', languages: 'es' },
    { n: 42, title: 'Nurses on the picket line', interviewer: 'Rosa Martínez', languages: 'en' },
    { n: 99, title: 'Apple pickers, Yakima', interviewer: 'Ana Núñez', languages: 'en,es' },
  ] as const
  for (const { n, title, interviewer, languages } of described) {
    const id = sample(n).id
    await target.storage.recordings.update(id, {
      title,
      interviewer,
      languages,
      consentStatus: 'given',
      tags: ['strike'],
      interviewDate: `19${n}-05-01`.slice(0, 10),
    })
    await target.storage.transcripts.replaceTrack({
      recordingId: id,
      language: languages === 'es' ? 'es' : 'en',
      kind: 'transcript',
      origin: 'typed',
      model: null,
      engineSettings: {},
      segments: [0, 1, 2, 3].map((k) => ({
        start: k,
        end: k + 1,
        speaker: k % 2 === 0 ? 'SPEAKER_00' : 'SPEAKER_01',
        language: languages === 'es' ? 'es' : 'en',
        text: `Segment ${k}.`,
        words: [],
      })),
    })
  }
  // Subtitles, a named speaker and checked segments, as the editor would leave them.
  const db = databaseOf(target)
  const at = new Date().toISOString()
  db.prepare(
    `INSERT INTO subtitle_tracks (recording_id, language, origin, created_at, updated_at)
     VALUES (?, 'en', 'made', ?, ?), (?, 'es', 'made', ?, ?)`,
  ).run(sample(17).id, at, at, sample(17).id, at, at)
  db.prepare(`UPDATE speakers SET name = 'Rosa' WHERE recording_id = ?`).run(sample(42).id)
  db.prepare(
    `UPDATE segments SET review = 'verified', reviewed_by = 'ana', reviewed_at = ?
     WHERE track_id = (SELECT id FROM tracks WHERE recording_id = ?) AND start < 2`,
  ).run(at, sample(17).id)
}

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

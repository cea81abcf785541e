// End-to-end search: type a query, see highlighted hits grouped by recording, click one and the
// recording plays from that moment. Run with `node tests/e2e/search.e2e.ts` after the build.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { databaseOf, mediaDir, repoRoot, tempDir, rendererDir } from '../helpers.ts'

const screenshots = path.join(repoRoot, 'docs', 'screenshots')
let library: { dir: string; cleanup: () => void }
let voces: Voces
let server: RunningServer
let browser: Browser
let page: Page

async function ingest(file: string): Promise<string> {
  const { jobs } = await startIngest(voces, [file])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  const id = (job.result as { recordingId?: string } | null)?.recordingId
  assert.ok(id, `ingest of ${file}`)
  await voces.storage.recordings.update(id, { consentStatus: 'given' })
  return id
}

/** A transcript as Whisper would leave it, written through SQL (no real weights on this machine). */
function transcript(
  recordingId: string,
  language: 'en' | 'es',
  segments: Array<[number, number, string]>,
  kind: 'transcript' | 'translation' = 'transcript',
) {
  const at = new Date().toISOString()
  const track = databaseOf(voces)
    .prepare(
      "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, ?, ?, 'typed', ?, ?)",
    )
    .run(recordingId, language, kind, at, at).lastInsertRowid
  const insert = databaseOf(voces).prepare(
    'INSERT INTO segments (track_id, start, end, language, text) VALUES (?, ?, ?, ?, ?)',
  )
  databaseOf(voces).transaction(() => {
    for (const [start, end, text] of segments) insert.run(track, start, end, language, text)
  })()
}

async function until(expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

before(async () => {
  library = tempDir('voces-e2e-search-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const jfk = await ingest(path.join(mediaDir, 'en', 'jfk.wav'))
  transcript(jfk, 'en', [
    [0.3, 4.2, 'And so my fellow Americans, ask not'],
    [4.2, 7.5, 'what your country can do for you,'],
    [7.5, 10.6, 'ask what you can do for your country.'],
  ])
  const leopard = await ingest(path.join(mediaDir, 'es', 'leopard_es.wav'))
  transcript(leopard, 'es', [[0, 8.7, 'La construcción del país empieza por los trabajadores.']])
  // More segments saying "shift" than a search ranks (decision 0021): an English translation.
  const shifts = Array.from({ length: 2_050 }, (_, i): [number, number, string] => [
    i * 4,
    i * 4 + 4,
    `On the night shift ${i % 2 === 0 ? 'we organised' : 'the boss watched'} line ${i}.`,
  ])
  transcript(leopard, 'en', shifts, 'translation')
  server = await startHttpServer({
    voces,
    port: 0,
    rendererDir,
  })
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox'],
  })
  page = await browser.newPage({ viewport: { width: 1320, height: 860 }, locale: 'en-US' })
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(server.url)
})

after(async () => {
  await browser?.close()
  await server?.close()
  await voces?.close()
  library?.cleanup()
})

test('typing finds every place it was said, highlighted, and accents do not matter', async () => {
  await page.getByRole('link', { name: 'Search' }).click()
  const box = page.getByRole('searchbox').or(page.locator('.search-page__box')).first()
  await box.fill('country')
  await page.locator('.search-hit').first().waitFor()
  assert.equal(await page.locator('.search-hit').count(), 2)
  assert.deepEqual(await page.locator('.search-hit mark').allInnerTexts(), ['country', 'country'])
  await box.fill('construccion')
  await page.locator('.search-hit mark', { hasText: 'construcción' }).waitFor()
  await page.screenshot({ path: path.join(screenshots, 'search-en.png') })
})

test('the word being typed finds longer words at once; a space searches it alone', async () => {
  const box = page.locator('.search-page__box')
  await box.fill('trabaj')
  await page.locator('.search-hit mark', { hasText: 'trabajadores' }).waitFor()
  assert.match(
    await page.getByTestId('search-completing').innerText(),
    /Also words that begin with “trabaj”/,
  )
  await page.screenshot({ path: path.join(screenshots, 'search-typing-en.png') })
  await box.fill('trabaj ')
  await page.getByRole('status').getByText('No matches.').waitFor()
  assert.equal(await page.getByTestId('search-completing').count(), 0)
})

test('a click on a hit opens the recording and plays from that moment', async () => {
  const box = page.locator('.search-page__box')
  await box.fill('"your country can"')
  // The earlier query's hits stay until the new answer arrives: wait for this query's own hit.
  const hit = page.locator('.search-hit', { hasText: 'what your country can do' }).first()
  await hit.waitFor()
  await hit.click()
  await page.getByRole('heading', { name: 'jfk', level: 1 }).waitFor()
  await until(`document.querySelector('audio')?.currentTime >= 4.2`)
  const time = await page.evaluate<number>(`document.querySelector('audio').currentTime`)
  assert.ok(time >= 4.2 && time < 7, `playing from the hit's moment (${time} s)`)
})

test('a word said in more places than are ranked says so, in English and Spanish', async () => {
  await page.getByRole('link', { name: 'Search' }).click()
  await page.locator('.search-page__box').fill('shift')
  const note = page.getByTestId('search-ranking-note')
  await note.waitFor()
  assert.match(
    await note.innerText(),
    /The best of the 2,000 added to the archive most recently are shown first/,
  )
  assert.match(
    await page.getByRole('status').innerText(),
    /More than 2,000 matches: the best 200 are shown, in 1 recording/,
  )
  assert.equal(await page.locator('.search-hit').count(), 200)
  await page.screenshot({ path: path.join(screenshots, 'search-window-en.png') })

  await page.getByRole('button', { name: 'Español', exact: true }).click()
  // Numbers as Latin America writes them, and its "agregar" (decision 0082).
  await page
    .getByText('Primero se muestran los mejores de los 2,000 agregados al archivo')
    .waitFor()
  assert.match(
    await page.getByRole('status').innerText(),
    /Más de 2,000 resultados: se muestran los 200 mejores, en 1 grabación/,
  )
  await page.screenshot({ path: path.join(screenshots, 'search-window-es.png') })
  await page.locator('.search-page__box').fill('constru')
  await page.getByText('También palabras que empiezan con «constru»').waitFor()
  await page.locator('.search-hit mark', { hasText: 'construcción' }).waitFor()
  await page.screenshot({ path: path.join(screenshots, 'search-typing-es.png') })
})

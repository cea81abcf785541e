// End-to-end: the real core and HTTP transport in this process, the real renderer build in real
// Chromium. Run with `node tests/e2e/run.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { chromium, type Browser, type Page } from 'playwright-core'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { mediaDir, repoRoot, tempDir, rendererDir } from '../helpers.ts'

const screenshots = path.join(repoRoot, 'docs', 'screenshots')
const jfk = path.join(mediaDir, 'en', 'jfk.wav')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let server: RunningServer
let browser: Browser
let page: Page

before(async () => {
  assert.ok(
    existsSync(path.join(rendererDir, 'index.html')),
    'build the renderer first: npx electron-vite build',
  )
  library = tempDir('voces-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  server = await startHttpServer({ voces, port: 0, rendererDir })
  browser = await chromium.launch({
    executablePath: chromiumPath,
    // Lets the test start playback without a click; the page itself never autoplays.
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

/** The first media element's property, read in the page. */
const media = (property: string) =>
  page.evaluate<number>(`document.querySelector('audio, video')?.${property} ?? NaN`)

/** Non-blank pixels on the waveform canvas. */
const drawnPixels = () =>
  page.evaluate<number>(`(() => {
    const canvas = document.querySelector('.waveform__canvas')
    if (!canvas || canvas.width === 0) return 0
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
    let drawn = 0
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn += 1
    return drawn
  })()`)

/**
 * Polls an expression in the page until it is truthy. (Playwright's waitForFunction compiles
 * its predicate with `new Function`, which the app's Content-Security-Policy rightly forbids.)
 */
async function until(expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function shot(name: string, fullPage = false): Promise<void> {
  await page.evaluate(`window.scrollTo(0, 0)`)
  await page.screenshot({ path: path.join(screenshots, name), fullPage })
}

/** Puts the playhead part-way, so a screenshot shows the played part of the waveform. */
const playedTo = (seconds: number) =>
  page.evaluate(`document.querySelector('audio').currentTime = ${seconds}`)

test('the library starts empty, in English', async () => {
  await page.getByRole('heading', { name: 'Recordings', level: 1 }).waitFor()
  await page.getByText('No recordings yet').waitFor()
  assert.equal(await page.getAttribute('html', 'lang'), 'en')
})

test('a real recording and a fake one: the good one is added, the fake is named with its reason', async () => {
  const fake = path.join(library.dir, 'fake.mp3')
  writeFileSync(fake, 'This is a text file with a media name.\n'.repeat(50))
  await page.getByTestId('add-recordings').setInputFiles([fake, jfk])

  const failed = page.locator('.imports .job-row--failed', { hasText: 'fake.mp3' })
  await failed.waitFor()
  assert.match(await failed.innerText(), /not an audio or video file Voces can read/)

  const row = page.getByRole('row', { name: /jfk/ })
  await row.waitFor()
  const cells = await row.getByRole('cell').allInnerTexts()
  assert.equal(cells[0], '0:00:11', 'jfk.wav lasts 11 s')
  assert.equal(cells[1], 'Audio')
  await page.locator('.imports .job-row--succeeded', { hasText: 'jfk.wav' }).waitFor()
  await shot('library-en.png')
})

test('the recording plays, and its waveform is drawn and seeks', async () => {
  await page.getByRole('link', { name: 'jfk' }).click()
  await page.getByRole('heading', { name: 'jfk', level: 1 }).waitFor()
  await until(`document.querySelector('audio')?.readyState >= 1`)
  assert.ok(Math.abs((await media('duration')) - 11) < 0.5, 'the player knows the length')

  await until(`document.querySelector('.waveform__canvas')?.width > 0`)
  const pixels = await drawnPixels()
  assert.ok(pixels > 10_000, `the waveform has ${pixels} drawn pixels`)

  await page.evaluate(`document.querySelector('audio').play()`)
  await until(`document.querySelector('audio').currentTime > 1`)
  await page.evaluate(`document.querySelector('audio').pause()`)

  const wave = page.getByRole('slider', { name: /Waveform/ })
  const box = await wave.boundingBox()
  assert.ok(box)
  await wave.click({ position: { x: box.width * 0.75, y: box.height / 2 } })
  const seeked = await media('currentTime')
  assert.ok(Math.abs(seeked - 11 * 0.75) < 0.5, `a click at 3/4 seeks to ${seeked}`)
  await wave.press('Home')
  assert.equal(await media('currentTime'), 0)
})

test('details save as they are typed and are there after a reload', async () => {
  const indicator = page.locator('.save-indicator')
  await page.getByLabel('Title').fill('JFK, inaugural address')
  await page.getByRole('radio', { name: 'Restricted' }).check()
  await page.getByLabel('Consent note').fill('Public domain; archive use only.')
  await page.getByLabel('Tags').fill('speech')
  await page.getByLabel('Tags').press('Enter')
  await page.getByLabel('Interviewer').fill('Ana Morales')
  // Typed as the English screen shows it (decision 0101); stored as 1961-01-20.
  await page.getByLabel('Date of the interview').fill('01/20/1961')
  await page.getByRole('radio', { name: 'English and Spanish' }).check()
  await indicator.filter({ hasText: 'Saving…' }).waitFor()
  await indicator.filter({ hasText: 'Saved' }).waitFor()
  assert.equal((await voces.storage.recordings.list())[0]?.title, 'JFK, inaugural address')

  // An empty title is refused on the spot, and nothing is sent.
  await page.getByLabel('Title').fill('')
  await page.getByText('Give the recording a title.').waitFor()
  await page.getByLabel('Title').fill('JFK, inaugural address')
  await indicator.filter({ hasText: 'Saved' }).waitFor()
  await page.getByLabel('Title').blur()
  await playedTo(4.2)
  await shot('recording-en.png', true)

  await page.reload()
  await page.getByRole('heading', { name: 'JFK, inaugural address', level: 1 }).waitFor()
  assert.equal(await page.getByLabel('Title').inputValue(), 'JFK, inaugural address')
  assert.ok(await page.getByRole('radio', { name: 'Restricted' }).isChecked())
  assert.ok(await page.getByRole('radio', { name: 'English and Spanish' }).isChecked())
  assert.equal(await page.getByLabel('Date of the interview').inputValue(), '01/20/1961')
  assert.equal((await voces.storage.recordings.list())[0]?.interviewDate, '1961-01-20')
  await page.locator('.tags-field .chip', { hasText: 'speech' }).waitFor()

  await page.getByRole('link', { name: 'Back to the library' }).click()
  const row = page.getByRole('row', { name: /JFK, inaugural address/ })
  await row.waitFor()
  assert.match(await row.innerText(), /Restricted/)
  assert.match(await row.innerText(), /speech/)
})

test('Spanish applies at once and is kept', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('heading', { name: 'Grabaciones', level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Biblioteca' }).waitFor()
  assert.equal(await page.getAttribute('html', 'lang'), 'es')
  // The same refusal, now in Spanish, still naming the file.
  await page.getByTestId('add-recordings').setInputFiles(path.join(library.dir, 'fake.mp3'))
  const failed = page.locator('.imports .job-row--failed', { hasText: 'fake.mp3' })
  await failed.waitFor()
  assert.match(await failed.innerText(), /No es un archivo de audio o video que Voces pueda leer/)
  await shot('library-es.png')
  assert.equal((await voces.settings.get()).uiLanguage, 'es')

  await page.getByRole('link', { name: 'JFK, inaugural address' }).click()
  await page.getByRole('heading', { name: 'Sobre esta entrevista' }).waitFor()
  await page.reload()
  await page.getByText('Fecha de la entrevista').waitFor()
  await page.getByRole('radio', { name: 'Restringido' }).waitFor()
  await page.getByRole('heading', { name: 'Sobre esta entrevista' }).waitFor()
  await until(`document.querySelector('audio')?.readyState >= 1`)
  await playedTo(4.2)
  await shot('recording-es.png', true)
})

test('a recording is deleted after confirmation; the original stays', async () => {
  await page.getByRole('button', { name: 'Eliminar la grabación…' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByText('¿Eliminar «JFK, inaugural address»?').waitFor()
  await dialog.getByRole('button', { name: 'Conservarla' }).click()
  assert.equal((await voces.storage.recordings.list()).length, 1, 'keeping it keeps it')

  await page.getByRole('button', { name: 'Eliminar la grabación…' }).click()
  await dialog.getByRole('button', { name: 'Eliminar', exact: true }).click()
  await page.getByText('Todavía no hay grabaciones').waitFor()
  assert.equal((await voces.storage.recordings.list()).length, 0)
  assert.ok(existsSync(jfk))
})

// End-to-end transcription: the first-run banner downloads a model (from a local
// server), the library transcribes the ticked recordings with the real whisper.cpp, the job runs
// in the tasks tray, and the Models page shows what is installed, in both languages. Run with
// `node tests/e2e/transcription.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { chromium, type Browser, type Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { mediaDir, modelsDir, repoRoot, tempDir, rendererDir } from '../helpers.ts'

const screenshots = path.join(repoRoot, 'docs', 'screenshots')
/** whisper.cpp's weightless test model: the real engine at the real cost, no text out. */
const testModel = path.join(modelsDir, 'for-tests-ggml-tiny.bin')
let library: { dir: string; cleanup: () => void }
let models: string
let mirror: Server
let voces: Voces
let server: RunningServer
let browser: Browser
let page: Page
let jfk: string

before(async () => {
  library = tempDir('voces-e2e-transcription-')
  // The models folder starts empty (the first run); resolveModelsDir reads VOCES_MODELS.
  models = path.join(library.dir, 'models')
  mkdirSync(models)
  process.env.VOCES_MODELS = models
  // A model mirror on loopback (VOCES_MODELS_URL): the test model under a catalogue file name.
  const bytes = readFileSync(testModel)
  mirror = createServer((request, response) => {
    if (request.url !== '/ggml-small-q5_1.bin') return response.writeHead(404).end()
    response.writeHead(200, { 'content-length': bytes.length }).end(bytes)
  })
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve))
  process.env.VOCES_MODELS_URL = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`

  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  const id = (job.result as { recordingId?: string } | null)?.recordingId
  assert.ok(id, 'jfk.wav was ingested')
  jfk = id
  server = await startHttpServer({
    voces,
    port: 0,
    rendererDir,
  })
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
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
  await new Promise((resolve) => mirror?.close(resolve))
  library?.cleanup()
  delete process.env.VOCES_MODELS
  delete process.env.VOCES_MODELS_URL
})

test('the first run offers the recommended model; a file that is not it is refused, not kept', async () => {
  const banner = page.locator('.first-run')
  await banner.waitFor()
  assert.match(await banner.innerText(), /small-q5_1/)
  // The mirror serves another file under the model's name: its size and SHA-256 are not the
  // published ones, so the download is deleted and the banner says why, in words.
  await banner.getByRole('button', { name: 'Download small-q5_1' }).click()
  await banner
    .getByRole('alert')
    .filter({ hasText: 'did not match the published one, so it was deleted' })
    .waitFor({ timeout: 60_000 })
  assert.deepEqual(readdirSync(models), [], 'nothing of the refused file is left')
  // A model put in the folder by hand (models add, or a copy) ends the first run.
  copyFileSync(testModel, path.join(models, 'ggml-small-q5_1.bin'))
  await page.reload()
  await page.getByRole('heading', { level: 1 }).first().waitFor()
  assert.equal(await banner.count(), 0)
  const list = await dispatch('models.list', {}, { voces, transport: 'http' })
  assert.ok(list.ok)
  assert.equal((list.value as { defaultModel: string | null }).defaultModel, 'small-q5_1')
})

test('ticked recordings are transcribed in English; the job finishes in the tray', async () => {
  // A second model, put in the folder by hand, as the brief's tiny one.
  copyFileSync(testModel, path.join(models, 'ggml-tiny.bin'))
  const transcribe = page.getByRole('button', { name: /^Transcribe selected/ })
  assert.equal(await transcribe.isDisabled(), true, 'nothing ticked yet')
  await page.getByRole('checkbox', { name: 'Select jfk' }).check()
  await page.getByRole('button', { name: 'Transcribe selected (1)' }).click()
  const dialog = page.getByRole('dialog', { name: 'Transcribe 1 recording' })
  await dialog.waitFor()
  await dialog.getByRole('radio', { name: 'English', exact: true }).check()
  assert.equal(
    await dialog.getByRole('checkbox', { name: /English translation/ }).isDisabled(),
    true,
  )
  await dialog.getByRole('combobox', { name: 'Model' }).selectOption('tiny')
  await page.screenshot({ path: path.join(screenshots, 'transcribe-en.png') })
  await dialog.getByRole('button', { name: 'Transcribe', exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByRole('status').filter({ hasText: '1 transcription started' }).waitFor()

  await page.locator('.tray__button').click()
  // The transcription's row (speaker detection follows it with a row of its own).
  const row = page.locator('.tray__panel .job-row', { hasText: 'Transcribing jfk' })
  await row.waitFor()
  await page.locator('.tray__panel .job-row--succeeded', { hasText: 'Transcribing jfk' }).waitFor({
    timeout: 120_000,
  })
  const tracks = await dispatch(
    'transcripts.list',
    { recordingId: jfk },
    { voces, transport: 'http' },
  )
  assert.ok(tracks.ok)
  const summaries = tracks.value as Array<{ track: string; model: string | null; origin: string }>
  const english = summaries.find((track) => track.track === 'en')
  assert.ok(english, 'an English track was stored')
  assert.equal(english.origin, 'whisper')
  assert.equal(english.model, 'tiny')

  await page
    .locator('.tray__panel .job-row--succeeded', { hasText: 'Transcribing jfk' })
    .getByRole('link')
    .click()
  await page.locator('.tray__panel').getByRole('button', { name: 'Close' }).click()
  await page.getByRole('heading', { name: 'jfk', level: 1 }).waitFor()
  await page.locator('.recording-editor').waitFor()
  // The transcript editor (its toolbar), not the "no transcript yet" offer.
  await page.locator('.recording-editor .transcript .editor-toolbar').waitFor()
  assert.equal(await page.locator('.editor-empty').count(), 0, 'the editor shows the transcript')
})

test('the Models page lists what is installed, and speaks Spanish', async () => {
  await page.getByRole('link', { name: 'Models' }).click()
  await page.getByRole('heading', { name: 'Speech models', level: 1 }).waitFor()
  const tiny = page.locator('.models-table tbody tr', {
    has: page.getByText('tiny', { exact: true }),
  })
  assert.match(await tiny.innerText(), /Installed/)
  const base = page.locator('.models-table tbody tr', {
    has: page.getByText('base', { exact: true }),
  })
  await base.getByRole('button', { name: 'Download base' }).waitFor()

  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('heading', { name: 'Modelos de voz', level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Modelos' }).waitFor()
  assert.match(await tiny.innerText(), /Instalado/)
  // A file that is not a model: the core refuses it, and the page says so in Spanish.
  await page.getByLabel('Ruta del archivo de modelo').fill(path.join(mediaDir, 'en', 'jfk.wav'))
  await page.getByRole('button', { name: 'Agregar', exact: true }).click()
  const refusal = page.getByRole('alert').filter({ hasText: 'jfk.wav' })
  await refusal.waitFor()
  assert.match(await refusal.innerText(), /no es un modelo de whisper\.cpp/)
  // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
  await page.evaluate(`window.scrollTo(0, 0)`)
  await page.screenshot({ path: path.join(screenshots, 'models-es.png'), fullPage: true })
  await page.getByRole('button', { name: 'English' }).click()
})

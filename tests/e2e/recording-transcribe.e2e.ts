// End-to-end for the Transcribe button on a recording's page (decision 0168's follow-up): the real
// core, HTTP transport, renderer build, Chromium and whisper.cpp with the weightless test model. The
// button asks the library dialog's questions (language spoken, model, translation) before anything
// starts, and the job runs with what was chosen. Screenshots in English and Spanish.
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, modelsDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { openSession, screenshots, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let id = ''

before(async () => {
  library = tempDir('voces-recording-transcribe-e2e-')
  const models = path.join(library.dir, 'models')
  mkdirSync(models)
  // whisper.cpp's weightless test model under a catalogue name: the real engine, no text out.
  copyFileSync(path.join(modelsDir, 'for-tests-ggml-tiny.bin'), path.join(models, 'ggml-tiny.bin'))
  process.env.VOCES_MODELS = models
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'es', 'leopard_es.wav')))
  await voces.storage.recordings.update(id, { title: 'Entrevista en la playa' })
  session = await openSession(voces)
  page = session.page
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('heading', { name: 'Entrevista en la playa', level: 1 }).waitFor()
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
  delete process.env.VOCES_MODELS
})

test('in Spanish it asks the same questions, and Cancel starts nothing', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  const offer = page.locator('.editor-empty')
  await offer.getByRole('button', { name: 'Transcribir' }).click()
  const dialog = page.getByRole('dialog', { name: 'Transcribir 1 grabación' })
  await dialog.waitFor()
  await dialog.getByRole('radio', { name: 'Español', exact: true }).check()
  await dialog.screenshot({ path: path.join(screenshots, 'recording-transcribe-es.png') })
  await dialog.getByRole('button', { name: 'Cancelar' }).click()
  await dialog.waitFor({ state: 'hidden' })
  // Cancelled: nothing started.
  assert.equal((await voces.jobs.list()).filter((job) => job.kind === 'transcribe').length, 0)
  await page.getByRole('button', { name: 'English' }).click()
})

test('Transcribe on a recording asks language, model and translation first, then starts with them', async () => {
  await page.locator('.editor-empty').getByRole('button', { name: 'Transcribe' }).click()
  const dialog = page.getByRole('dialog', { name: 'Transcribe 1 recording' })
  await dialog.waitFor()
  // Nothing has started while the dialog asks.
  assert.equal((await voces.jobs.list()).filter((job) => job.kind === 'transcribe').length, 0)
  await dialog.getByRole('radio', { name: 'Spanish', exact: true }).check()
  await dialog.getByRole('combobox', { name: 'Model' }).selectOption('tiny')
  await dialog.getByRole('checkbox', { name: /English translation/ }).check()
  await dialog.screenshot({ path: path.join(screenshots, 'recording-transcribe-en.png') })
  await dialog.getByRole('button', { name: 'Transcribe', exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('.editor-empty').getByRole('status').waitFor()
  const jobs = (await voces.jobs.list()).filter((job) => job.kind === 'transcribe')
  assert.equal(jobs.length, 1)
  const done = await voces.jobs.waitFor(jobs[0]?.id ?? '')
  assert.equal(done.state, 'succeeded')
  // What was chosen reached the engine: Spanish heard with tiny, and an English translation.
  const tracks = await dispatch(
    'transcripts.list',
    { recordingId: id },
    { voces, transport: 'http' },
  )
  assert.ok(tracks.ok)
  const found = tracks.value as Array<{
    track: string
    kind: string
    model: string | null
    engineSettings: { language?: string }
  }>
  const spanish = found.find((track) => track.track === 'es')
  assert.equal(spanish?.kind, 'transcript')
  assert.equal(spanish.model, 'tiny')
  assert.equal(spanish.engineSettings.language, 'es')
  const english = found.find((track) => track.track === 'en')
  assert.equal(english?.kind, 'translation')
})

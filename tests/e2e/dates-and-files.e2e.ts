// End-to-end: an interview date typed as the screen's language writes it, one that is not a day,
// and an episode's cover, intro and outro chosen as files (decisions 0078, 0079 and 0101). The
// real core and HTTP transport in this process, the real renderer build in real Chromium. Run with
// `node --test tests/e2e/dates-and-files.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import { copyFileSync, existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { openSession, screenshots, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let recordingId = ''
let episodeId = ''
let intro = ''
let newIntro = ''
let cover = ''

/** One part of the page, as the person sees it. */
async function shotOf(part: Locator, name: string): Promise<void> {
  await part.scrollIntoViewIfNeeded()
  await part.screenshot({ path: path.join(screenshots, name) })
}

/** Types over the interview date as a person does (what is there selected, then keys), then leaves it. */
async function typeDate(keys: string): Promise<void> {
  const field = page.locator('#interviewDate')
  await field.selectText()
  await page.keyboard.type(keys)
  await page.keyboard.press('Tab')
}

before(async () => {
  library = tempDir('voces-e2e-files-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  recordingId = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  await voces.storage.recordings.update(recordingId, {
    consentStatus: 'given',
    interviewDate: '1961-01-20',
  })
  intro = path.join(library.dir, 'intro.wav')
  newIntro = path.join(library.dir, 'new-intro.wav')
  ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', intro])
  copyFileSync(intro, newIntro)
  cover = path.join(library.dir, 'cover.png')
  ffmpegMake(['-f', 'lavfi', '-i', 'color=c=teal:s=300x300', '-frames:v', '1', cover])
  episodeId = (
    await voces.storage.episodes.create({ title: 'Warehouse voices', intro, cover }, [
      { recordingId, start: 0, end: 5 },
    ])
  ).id
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

test('a date that is not a day is marked, held as typed, and changes nothing', async () => {
  await page.goto(`${session.server.origin}/#/recording/${recordingId}`)
  await page.getByRole('heading', { name: 'jfk', level: 1 }).waitFor()
  const indicator = page.locator('.save-indicator')
  const date = page.getByLabel('Date of the interview')
  // Month first on an English screen, whatever the browser's own locale (decision 0101).
  assert.equal(await date.inputValue(), '01/20/1961')
  assert.equal(await date.getAttribute('placeholder'), 'mm/dd/yyyy')

  await typeDate('02/30/2024')
  await page.getByText('This date is incomplete or is not a day that exists').waitFor()
  await indicator.filter({ hasText: 'Not saved: correct the marked field' }).waitFor()
  // What was typed stays in the field, marked.
  assert.equal(await date.inputValue(), '02/30/2024')
  assert.equal(await date.getAttribute('aria-invalid'), 'true')
  assert.equal((await voces.storage.recordings.require(recordingId)).interviewDate, '1961-01-20')
  await session.shot('date-invalid-en.png', true)

  // Another field still saves; the date stays marked and unsaved.
  await page.getByLabel('Place').fill('Washington')
  await page.getByLabel('Place').blur()
  await indicator.filter({ hasText: 'Not saved: correct the marked field' }).waitFor()
  assert.equal((await voces.storage.recordings.require(recordingId)).place, 'Washington')
  assert.equal((await voces.storage.recordings.require(recordingId)).interviewDate, '1961-01-20')

  // The day that was stored, typed again, is no longer marked.
  await typeDate('01/20/1961')
  await indicator.filter({ hasText: /^Saved$/ }).waitFor()
  assert.equal(await page.getByText('This date is incomplete').count(), 0)
  assert.equal((await voces.storage.recordings.require(recordingId)).interviewDate, '1961-01-20')

  await typeDate('02/29/2024')
  await indicator.filter({ hasText: /^Saved$/ }).waitFor()
  assert.equal((await voces.storage.recordings.require(recordingId)).interviewDate, '2024-02-29')
  assert.equal(await page.getByText('This date is incomplete').count(), 0)

  await page.reload()
  await page.getByRole('heading', { name: 'jfk', level: 1 }).waitFor()
  assert.equal(await page.getByLabel('Date of the interview').inputValue(), '02/29/2024')
})

test('typed into an empty date field, in Spanish: day first; a day that is not is marked, not "Guardado", nothing stored', async () => {
  await voces.storage.recordings.update(recordingId, { interviewDate: null })
  await page.getByRole('button', { name: 'Español' }).click()
  await page.reload()
  await page.getByRole('heading', { name: 'Sobre esta entrevista' }).waitFor()
  const date = page.getByLabel('Fecha de la entrevista')
  assert.equal(await date.inputValue(), '')
  assert.equal(await date.getAttribute('placeholder'), 'dd/mm/aaaa')

  // Day first on a Spanish screen, though the browser's locale is en-US.
  await typeDate('30/02/2024')
  await page.getByText('Esta fecha está incompleta o no es un día que exista').waitFor()
  const indicator = page.locator('.save-indicator')
  await indicator.filter({ hasText: 'Sin guardar: corrija el campo marcado' }).waitFor()
  assert.equal(await date.inputValue(), '30/02/2024')
  assert.equal((await voces.storage.recordings.require(recordingId)).interviewDate, null)
  await session.shot('date-invalid-es.png', true)
  // What was typed stays, still marked, through a change of language.
  await page.getByRole('button', { name: 'English' }).click()
  await page.getByText('This date is incomplete or is not a day that exists').waitFor()
  assert.equal(await page.getByLabel('Date of the interview').inputValue(), '30/02/2024')
  await page.getByRole('button', { name: 'Español' }).click()
  await indicator.filter({ hasText: 'Sin guardar: corrija el campo marcado' }).waitFor()
  assert.equal(await date.inputValue(), '30/02/2024')

  await typeDate('07/03/2024')
  await indicator.filter({ hasText: /^Guardado$/ }).waitFor()
  assert.equal((await voces.storage.recordings.require(recordingId)).interviewDate, '2024-03-07')
  await page.getByRole('button', { name: 'English' }).click()
  assert.equal(await page.getByLabel('Date of the interview').inputValue(), '03/07/2024')
})

test('an intro gone since it was chosen is named on its field, in English and Spanish', async () => {
  rmSync(intro)
  await page.goto(`${session.server.origin}/#/episode/${episodeId}`)
  await page.getByRole('heading', { name: 'Warehouse voices', level: 1 }).waitFor()
  const details = page.locator('.panel', { has: page.locator('#episode-details-heading') })
  assert.equal(await details.getByRole('textbox', { name: 'Intro music' }).inputValue(), intro)

  await details.getByLabel('Title').fill('Warehouse voices, part one')
  await details.getByLabel('Title').blur()
  const error = details.locator('#episode-intro-error')
  await error.getByText('The intro music cannot be found').waitFor()
  assert.match(await error.innerText(), new RegExp(intro.replaceAll('/', '\\/')))
  assert.equal(
    await details.getByRole('textbox', { name: 'Intro music' }).getAttribute('aria-invalid'),
    'true',
  )
  await details.locator('.save-indicator', { hasText: 'Not saved' }).waitFor()
  assert.equal(
    (await voces.storage.episodes.require(episodeId)).title,
    'Warehouse voices',
    'nothing saved',
  )
  await shotOf(details, 'episode-file-missing-en.png')

  await page.getByRole('button', { name: 'Español' }).click()
  await error.getByText('No se encuentra la música de entrada').waitFor()
  await shotOf(details, 'episode-file-missing-es.png')
  await page.getByRole('button', { name: 'English' }).click()
})

test('choosing the intro again with the file picker saves it; Remove takes it out', async () => {
  const details = page.locator('.panel', { has: page.locator('#episode-details-heading') })
  await page.getByTestId('episode-intro-choose').setInputFiles(newIntro)
  await details.locator('.save-indicator', { hasText: /^Saved$/ }).waitFor()
  const saved = await voces.storage.episodes.require(episodeId)
  assert.equal(saved.title, 'Warehouse voices, part one')
  // The browser build hands the server a copy, kept in the library's uploads folder.
  assert.ok(saved.intro?.startsWith(path.join(voces.layout.root, 'uploads')), saved.intro ?? '')
  assert.ok(existsSync(saved.intro ?? ''))
  assert.equal(
    await details.getByRole('textbox', { name: 'Intro music' }).inputValue(),
    saved.intro,
  )
  assert.equal(await details.locator('#episode-intro-error').count(), 0)

  // Remove takes it out of the episode.
  await details.getByRole('button', { name: 'Remove “Intro music”' }).click()
  await details.locator('.save-indicator', { hasText: /^Saved$/ }).waitFor()
  assert.equal((await voces.storage.episodes.require(episodeId)).intro, null)
  await shotOf(details, 'episode-files-en.png')
})

test('a new episode takes its cover and intro from the file picker', async () => {
  await page.goto(`${session.server.origin}/#/episodes`)
  await page.getByRole('button', { name: 'New episode' }).click()
  await page.getByLabel('Title', { exact: true }).fill('Picked files')
  await page.getByTestId('new-episode-cover-choose').setInputFiles(cover)
  await page.getByTestId('new-episode-intro-choose').setInputFiles(newIntro)
  const uploaded = async (name: string) => {
    const field = page.getByRole('textbox', { name, exact: true })
    await field.and(page.locator('[value*="uploads"]')).waitFor()
    return field.inputValue()
  }
  const coverPath = await uploaded('Cover image')
  const introPath = await uploaded('Intro music')
  await page.getByLabel('Recording', { exact: true }).selectOption({ label: 'jfk (0:00:11)' })
  await page.getByRole('button', { name: 'Add clip' }).click()
  await page.getByLabel('From, clip 1').fill('0:00')
  await page.getByLabel('To, clip 1').fill('0:05')
  await page.getByRole('button', { name: 'Create episode' }).click()
  await page.getByRole('heading', { name: 'Picked files', level: 1 }).waitFor()
  const made = (await voces.storage.episodes.list()).find(
    (episode) => episode.title === 'Picked files',
  )
  assert.ok(made)
  assert.equal(made.cover, coverPath)
  assert.equal(made.intro, introPath)
  assert.ok(existsSync(coverPath) && existsSync(introPath))
  assert.equal(made.outro, null)
})

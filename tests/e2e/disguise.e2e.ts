// End-to-end for voice disguise and the DOCX transcript (0060, 0061) in the export dialog: the real
// core, HTTP transport, renderer build, Chromium and FFmpeg. Screenshots of the dialog in English
// and Spanish go to docs/screenshots. Run with `node tests/e2e/disguise.e2e.ts` after
// `npx electron-vite build --outDir DIR` (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { stmTurns } from '../media/media-fixtures.ts'
import { openSession, screenshots, type BrowserSession } from './session.ts'

const call = path.join(mediaDir, 'interview', 'pyannote_sample_2spk.wav')
const title = 'Two organisers on the phone'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let id = ''

before(async () => {
  library = tempDir('voces-disguise-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [call])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  id = (job.result as { recordingId: string }).recordingId
  await voces.storage.recordings.update(id, { title, consentStatus: 'given' })
  // The human turn annotations that come with the recording, as its transcript.
  const segments = stmTurns(call).map((turn) => ({ ...turn, language: 'en' }))
  const imported = await dispatch(
    'transcripts.import',
    { recordingId: id, track: 'en', fileName: 'call.json', text: JSON.stringify({ segments }) },
    { voces, transport: 'cli' },
  )
  assert.ok(imported.ok)
  session = await openSession(voces, { acceptDownloads: true })
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

/** The dialog alone, as a person sees it, even where it is taller than the window. */
async function dialogShot(name: string): Promise<void> {
  const dialog = page.locator('dialog[open]')
  await page.evaluate('document.activeElement?.blur()')
  await page.setViewportSize({ width: 1320, height: 1500 })
  // As a string: the DOM's own types are not those of this Node project (React's stand-ins are).
  await dialog.evaluate('(element) => element.scrollTo(0, 0)')
  await dialog.screenshot({ path: path.join(screenshots, name) })
  await page.setViewportSize({ width: 1320, height: 900 })
}

test('the export dialog disguises a chosen speaker, and says what that does not protect', async () => {
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('heading', { name: title, level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: `Export “${title}”` })
  const group = dialog.getByRole('group', { name: 'Disguise voices' })
  await group.waitFor()
  const shift = group.getByLabel('Shift, in semitones')
  assert.ok(await shift.isDisabled(), 'the shift waits for a speaker')
  // Speakers as the transcript names them, most talk first, with how long each speaks.
  const speakers = await group.getByRole('checkbox').locator('..').allTextContents()
  assert.deepEqual(speakers, ['Sheila · 0:11', 'Diane · 0:10'])
  await group.getByRole('checkbox', { name: /^Diane/ }).check()
  assert.equal(await shift.inputValue(), '-4')
  await group.getByText('shifting it back undoes much of it').waitFor()
  // A shift the contract would refuse is caught in the dialog, in words.
  await shift.fill('0.5')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await group.getByText('Give a shift from −12 to 12 semitones').waitFor()
  await shift.fill('-4')
  await dialogShot('disguise-en.png')

  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog.getByText('is ready.', { exact: false }).waitFor({ timeout: 120_000 })
  const output = path.join(library.dir, 'two-organisers-on-the-phone.mp3')
  assert.ok(existsSync(output), 'the MP3 is where the dialog said')
  const logged = databaseOf(voces)
    .prepare('SELECT recordings FROM export_log ORDER BY id DESC LIMIT 1')
    .pluck()
    .get() as string
  const [entry] = JSON.parse(logged) as Array<{ disguise?: Array<Record<string, unknown>> }>
  assert.deepEqual(
    entry?.disguise?.map((d) => [d.speaker, d.semitones]),
    [['Diane', -4]],
  )
  await dialog.getByRole('button', { name: 'Close' }).click()
})

test('the same dialog in Spanish', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('button', { name: 'Exportar…' }).click()
  const dialog = page.getByRole('dialog', { name: `Exportar «${title}»` })
  const group = dialog.getByRole('group', { name: 'Disfrazar voces' })
  await group.getByRole('checkbox', { name: /^Sheila/ }).check()
  await group.getByText('volver a cambiarlo deshace buena parte').waitFor()
  await dialogShot('disguise-es.png')
  await dialog.getByRole('button', { name: 'Cerrar' }).click()
  await page.getByRole('button', { name: 'English' }).click()
})

test('a transcript downloads from the dialog as a Word document', async () => {
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: `Export “${title}”` })
  await dialog.getByRole('radio', { name: 'Transcript' }).check()
  assert.equal(await dialog.getByLabel('Format').inputValue(), 'docx')
  assert.ok(await dialog.getByLabel('Save as').isHidden(), 'a download needs no path')
  await dialogShot('transcript-docx-en.png')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export', exact: true }).click(),
  ])
  assert.equal(download.suggestedFilename(), `${id}.en.docx`)
  const file = path.join(library.dir, 'downloaded.docx')
  await download.saveAs(file)
  assert.match(execFileSync('unzip', ['-t', file], { encoding: 'utf8' }), /No errors detected/)
  const document = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' })
  assert.match(document, /And I'm Sheila in Texas, originally from Chicago\./)
  await dialog.getByText(`Saved ${id}.en.docx.`).waitFor()
  await dialog.getByRole('button', { name: 'Close' }).click()
})

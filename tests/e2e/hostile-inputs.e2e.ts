// End-to-end for hostile inputs in the interface: an address that decodes to nothing shows a
// "not found" page (it blanked the whole interface), and a subtitle import that would replace
// cues asks first and one that mixes two encodings says so in words, in the interface language.
// Real core, HTTP transport, renderer build and Chromium. Run with
// `node --test tests/e2e/hostile-inputs.e2e.ts` after
// `npx electron-vite build --outDir DIR` (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Subtitles } from '../../src/shared/contract/index.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { openSession, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let id = ''

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input, { voces, transport: 'cli' })
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

before(async () => {
  library = tempDir('voces-hostile-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  id = (job.result as { recordingId: string }).recordingId
  const file = path.join(library.dir, 'two.srt')
  writeFileSync(
    file,
    '1\n00:00:00,300 --> 00:00:04,000\nAnd so my fellow Americans,\n\n2\n00:00:04,200 --> 00:00:10,500\nask not.\n',
  )
  const imported = await call<{ subtitles: Subtitles }>('subtitles.import', {
    recordingId: id,
    language: 'en',
    path: file,
  })
  await call('subtitles.updateCue', {
    cueId: imported.subtitles.cues[0]?.id,
    language: 'en',
    review: 'verified',
    reviewedBy: 'Marisol',
  })
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

test('an address that decodes to nothing shows a not-found page in both languages', async () => {
  await page.goto(`${session.server.origin}/#/recording/%E0`)
  await page.getByRole('heading', { name: 'Page not found' }).waitFor()
  assert.match(await page.getByRole('alert').innerText(), /does not lead to anything in Voces/)
  await session.shot('not-found-en.png')
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('heading', { name: 'No se encontró la página' }).waitFor()
  await session.shot('not-found-es.png')
  await page.getByRole('link', { name: 'Ir a la biblioteca' }).click()
  await page.getByRole('button', { name: 'English' }).click()
})

test('a subtitle import over checked cues asks first; declined, nothing changes', async () => {
  const before = await call<Subtitles>('subtitles.get', { recordingId: id })
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  await page.locator('.cue:not(.cue--head)').first().waitFor()
  const one = path.join(library.dir, 'one.srt')
  writeFileSync(one, '1\n00:00:01,000 --> 00:00:02,000\nHello\n')
  const input = page.locator('label', { hasText: 'Import English…' }).locator('input[type=file]')

  const declined = page.waitForEvent('dialog')
  await input.setInputFiles(one)
  const dialog = await declined
  assert.equal(
    dialog.message(),
    'one.srt would replace 2 subtitles already here, 1 of them checked by a person. Replace them?',
  )
  await dialog.dismiss()
  // The page asked the core once and stopped: the cues are as they were.
  await page.waitForTimeout(300)
  assert.deepEqual(await call<Subtitles>('subtitles.get', { recordingId: id }), before)

  const accepted = page.waitForEvent('dialog')
  await input.setInputFiles(one)
  await (await accepted).accept()
  await page.getByText(/^Imported 1 cue \(/).waitFor()
  const after = await call<Subtitles>('subtitles.get', { recordingId: id })
  assert.deepEqual(
    after.cues.map((cue) => cue.texts.en?.text),
    ['Hello'],
  )
})

test('a subtitle file that mixes two encodings is named as such in words, in English and Spanish', async () => {
  // Two cues: the first typed in a UTF-8 editor, the second pasted from a Windows-1252 one.
  const mixed = path.join(library.dir, 'mixed.srt')
  writeFileSync(
    mixed,
    Buffer.concat([
      Buffer.from('1\n00:00:01,000 --> 00:00:02,500\nLa canción de la huelga\n\n', 'utf8'),
      Buffer.from('2\n00:00:03,000 --> 00:00:04,500\nLa canci\xf3n sigue\n', 'latin1'),
    ]),
  )
  // Replacing the cues already there is accepted each time.
  page.on('dialog', (dialog) => void dialog.accept())
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  await page.locator('.cue:not(.cue--head)').first().waitFor()
  const notice = page.locator('.subtitles .notice')
  await page
    .locator('label', { hasText: 'Import Spanish…' })
    .locator('input[type=file]')
    .setInputFiles(mixed)
  await notice.filter({ hasText: 'This file mixed two text encodings' }).waitFor()
  assert.equal(
    await notice.innerText(),
    'Imported 2 cues. This file mixed two text encodings (UTF-8 and Windows-1252), as when lines are pasted together from two programs: each letter was read in the one it was written in, but look over the accented letters (á, é, ñ) once.',
  )
  const cues = await call<Subtitles>('subtitles.get', { recordingId: id })
  // Each letter read right (the cues take the timing already there, so they may be joined).
  assert.equal(
    cues.cues.map((cue) => cue.texts.es?.text).join(' '),
    'La canción de la huelga La canción sigue',
  )
  await session.shot('subtitles-mixed-encoding-en.png')

  await page.getByRole('button', { name: 'Español' }).click()
  await page
    .locator('label', { hasText: 'Importar español…' })
    .locator('input[type=file]')
    .setInputFiles(mixed)
  await notice.filter({ hasText: 'Este archivo mezclaba dos codificaciones de texto' }).waitFor()
  assert.match(await notice.innerText(), /^Se importaron 2 subtítulos\. /)
  assert.doesNotMatch(await notice.innerText(), /utf-8\+windows-1252/)
  await session.shot('subtitles-mixed-encoding-es.png')
  await page.getByRole('button', { name: 'English' }).click()
})

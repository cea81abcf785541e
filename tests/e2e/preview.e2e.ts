// End-to-end for the subtitles over the picture (decision 0130): the real core, HTTP transport,
// renderer build and Chromium. A video's player shows the cue at the playhead as the export burns
// it in, follows an edit in the Subtitles tab at once, and hides when asked (remembered).
// Screenshots in English and Spanish go to docs/screenshots. Run through tests/e2e/run.ts after
// `npx electron-vite build --outDir DIR` (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { importSubtitles } from '../../src/core/subtitles/service.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { openSession, screenshots, shotOf, type BrowserSession } from './session.ts'

const video = path.join(mediaDir, 'video', 'whisperx_sample01.mp4')
const srt = path.join(mediaDir, 'video', 'whisperx_sample01.wav.srt')

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let id = ''
let thirdCue = 0

/** Moves the playhead (the picture may not decode in a bare Chromium; the clock still runs). */
async function seek(time: number): Promise<void> {
  await page.evaluate(`document.querySelector('video.player__media').currentTime = ${time}`)
}

interface LineLook {
  color: string
  italic: string
  top: number
  size: string
}
interface Look {
  en: LineLook
  es: LineLook
  height: number
}

/** Waits until the player knows the media's length (waitForFunction would need eval, which the CSP refuses). */
async function mediaReady(): Promise<void> {
  for (let tries = 0; tries < 150; tries += 1) {
    const state = await page.evaluate<number>(
      `document.querySelector('video.player__media')?.readyState ?? 0`,
    )
    if (state >= 1) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the video never loaded its metadata')
}

const overlayLine = (language: 'en' | 'es') =>
  page.locator(`.subtitle-overlay p[data-language="${language}"]`)

before(async () => {
  library = tempDir('voces-preview-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [video])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  id = (job.result as { recordingId: string }).recordingId
  await voces.storage.recordings.update(id, { title: 'Heat walkout', consentStatus: 'given' })
  await importSubtitles(voces, id, 'en', srt)
  const subtitles = await voces.storage.subtitles.get(id)
  const third = subtitles.cues[2]
  assert.ok(third)
  thirdCue = third.id
  const translated = await dispatch(
    'subtitles.updateCue',
    { cueId: third.id, language: 'es', text: '¿Cómo está usted?' },
    { voces, transport: 'cli' },
  )
  assert.ok(translated.ok, JSON.stringify(translated))
  session = await openSession(voces, { acceptDownloads: true })
  page = session.page
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('heading', { name: 'Heat walkout', level: 1 }).waitFor()
  await page.locator('video.player__media').waitFor()
  await mediaReady()
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

test('the cue at the playhead shows over the picture: English below in white, Spanish above in yellow italics', async () => {
  await seek(5)
  await overlayLine('en').filter({ hasText: 'How are you?' }).waitFor()
  await overlayLine('es').filter({ hasText: '¿Cómo está usted?' }).waitFor()
  const look = await page.evaluate<Look>(`(() => {
    const style = (language) => {
      const p = document.querySelector('.subtitle-overlay p[data-language="' + language + '"]')
      const css = getComputedStyle(p)
      return { color: css.color, italic: css.fontStyle, top: p.getBoundingClientRect().top, size: css.fontSize }
    }
    const frame = document.querySelector('video.player__media').getBoundingClientRect()
    return { en: style('en'), es: style('es'), height: frame.height }
  })()`)
  assert.equal(look.en.color, 'rgb(255, 255, 255)')
  assert.equal(look.en.italic, 'normal')
  assert.equal(look.es.color, 'rgb(255, 229, 0)')
  assert.equal(look.es.italic, 'italic')
  assert.ok(look.es.top < look.en.top, 'Spanish above English')
  // A line is about 1/18 of the picture's height.
  const size = Number.parseFloat(look.en.size)
  assert.ok(Math.abs(size - look.height / 18) < 3, `size ${size} for a ${look.height}px picture`)
  await page
    .locator('.player')
    .screenshot({ path: path.join(screenshots, 'preview-overlay-en.png') })
  // Between cues nothing shows.
  await seek(3.5)
  await page.locator('.subtitle-overlay p').first().waitFor({ state: 'detached' })
})

test('an edit in the Subtitles tab shows on the picture at once', async () => {
  await seek(5)
  await overlayLine('en').filter({ hasText: 'How are you?' }).waitFor()
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  const cell = page.locator(`textarea[data-cue="${thirdCue}"][data-language="en"]`)
  await cell.fill('How are you doing?')
  await overlayLine('en').filter({ hasText: 'How are you doing?' }).waitFor()
})

test('the overlay hides when asked, and stays hidden after a reload', async () => {
  const toggle = page.getByLabel('Show the subtitles on the picture, as they will be burned in')
  assert.equal(await toggle.isChecked(), true)
  await toggle.uncheck()
  await page.locator('.subtitle-overlay').waitFor({ state: 'detached' })
  await page.reload()
  await page.locator('video.player__media').waitFor()
  assert.equal(await toggle.isChecked(), false)
  assert.equal(await page.locator('.subtitle-overlay').count(), 0)
  await toggle.check()
  await page.locator('.subtitle-overlay').waitFor({ state: 'attached' })
})

test('before a video export the dialog counts the unready cues in each language and asks', async () => {
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export “Heat walkout”' })
  await dialog.getByRole('radio', { name: 'Video with subtitles' }).check()
  await dialog.getByRole('radio', { name: 'Both' }).check()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog.getByText('Some of the subtitles in this video are not ready:').waitFor()
  const cues = (await voces.storage.subtitles.get(id)).cues.length
  // One cue of the Spanish has text: every other one is untranslated.
  await dialog
    .locator('li[data-language="es"]')
    .filter({ hasText: `Spanish: ${cues - 1} cues empty or untranslated` })
    .waitFor()
  await dialog
    .locator('li[data-language="en"]')
    .filter({ hasText: 'English: 0 cues empty or untranslated' })
    .waitFor()
  await dialog.screenshot({ path: path.join(screenshots, 'preview-export-unready-en.png') })
  // Going back keeps the choices and starts nothing.
  await dialog.getByRole('button', { name: 'Go back' }).click()
  assert.equal(await dialog.getByRole('radio', { name: 'Both' }).isChecked(), true)
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog.getByRole('button', { name: 'Export anyway' }).click()
  await dialog.getByText('heat-walkout.mp4 is ready.', { exact: false }).waitFor({
    timeout: 120_000,
  })
  await dialog.getByRole('button', { name: 'Close' }).click()
})

test('an audiogram with Spanish captions asks too, counting only the cues of its stretch', async () => {
  const cues = (await voces.storage.subtitles.get(id)).cues
  const third = cues[2]
  const fourth = cues[3]
  assert.ok(third && fourth)
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export “Heat walkout”' })
  await dialog.getByRole('radio', { name: 'Audiogram' }).check()
  await dialog.getByRole('radio', { name: 'Spanish' }).check()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog.getByText('Some of the subtitles in this video are not ready:').waitFor()
  await dialog
    .locator('li[data-language="es"]')
    .filter({ hasText: `Spanish: ${cues.length - 1} cues empty or untranslated` })
    .waitFor()
  // English is not in an audiogram with Spanish captions.
  assert.equal(await dialog.locator('li[data-language="en"]').count(), 0)
  await dialog.screenshot({ path: path.join(screenshots, 'audiogram-unready-en.png') })
  await dialog.getByRole('button', { name: 'Go back' }).click()
  // A stretch over the translated third cue and the fourth: one cue of it is untranslated.
  const clock = (t: number) => `${Math.floor(t / 60)}:${(t % 60).toFixed(2).padStart(5, '0')}`
  await dialog.getByLabel('From').fill(clock(third.start + 0.05))
  await dialog.getByLabel('To').fill(clock(fourth.end - 0.05))
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog
    .locator('li[data-language="es"]')
    .filter({ hasText: 'Spanish: 1 cue empty or untranslated' })
    .waitFor()
  await dialog.getByRole('button', { name: 'Go back' }).click()
  await dialog.getByLabel('From').fill('')
  await dialog.getByLabel('To').fill('')
  await dialog.getByRole('radio', { name: 'Video with subtitles' }).check()
  await dialog.getByRole('button', { name: 'Close' }).click()
})

test('a subtitle file export of an untranslated track asks first, then downloads when told to', async () => {
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  await page.getByLabel('Track').selectOption('es')
  await page.getByLabel('Format').selectOption('srt')
  await page
    .getByRole('toolbar', { name: 'Subtitles' })
    .getByRole('button', { name: 'Export', exact: true })
    .click()
  const ask = page.locator('.subtitles__unready')
  await ask.getByText('Some cues of this subtitle file are not ready:').waitFor()
  const cues = (await voces.storage.subtitles.get(id)).cues.length
  await ask.getByText(`Spanish: ${cues - 1} cues empty or untranslated`, { exact: false }).waitFor()
  await shotOf(page, ask, 'subtitle-file-unready-en.png')
  // Going back downloads nothing.
  await ask.getByRole('button', { name: 'Go back' }).click()
  await ask.waitFor({ state: 'detached' })
  await page
    .getByRole('toolbar', { name: 'Subtitles' })
    .getByRole('button', { name: 'Export', exact: true })
    .click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    ask.getByRole('button', { name: 'Export anyway' }).click(),
  ])
  assert.match(download.suggestedFilename(), /\.srt$/)
  const srtText = await download.createReadStream().then(async (stream) => {
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  })
  assert.match(srtText, /¿Cómo está usted\?/)
  await page.getByRole('tab', { name: 'Transcript' }).click()
})

test('in Spanish the toggle speaks Spanish and the picture shows the same cues', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  await mediaReady()
  await seek(5)
  await overlayLine('es').filter({ hasText: '¿Cómo está usted?' }).waitFor()
  await page.getByLabel('Mostrar los subtítulos sobre la imagen, como quedarán grabados').waitFor()
  await page
    .locator('.player')
    .screenshot({ path: path.join(screenshots, 'preview-overlay-es.png') })
  await page.getByRole('button', { name: 'Exportar…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Exportar «Heat walkout»' })
  await dialog.getByRole('button', { name: 'Exportar', exact: true }).click()
  await dialog.getByText('Algunos subtítulos de este video no están listos:').waitFor()
  await dialog.locator('li[data-language="es"]', { hasText: 'Español:' }).waitFor()
  await dialog.screenshot({ path: path.join(screenshots, 'preview-export-unready-es.png') })
  await dialog.getByRole('button', { name: 'Volver' }).click()
  await dialog.getByRole('button', { name: 'Cerrar' }).click()
  await page.getByRole('tab', { name: 'Subtítulos' }).click()
  await page.getByLabel('Pista').selectOption('es')
  await page
    .getByRole('toolbar', { name: 'Subtítulos' })
    .getByRole('button', { name: 'Exportar', exact: true })
    .click()
  const ask = page.locator('.subtitles__unready')
  await ask.getByText('Algunos subtítulos de este archivo no están listos:').waitFor()
  await ask.getByRole('button', { name: 'Exportar de todos modos' }).waitFor()
  await shotOf(page, ask, 'subtitle-file-unready-es.png')
  await ask.getByRole('button', { name: 'Volver' }).click()
})

// End-to-end for small defects seen on screens: an imported human transcript is labelled
// "Imported", not "Machine"; the shortcut list names every key of the one-frame nudge instead
// of "Ctrl+…"; Settings refuses an FFmpeg path that is not a working FFmpeg, by its field, and
// shows the version it uses. The real core, HTTP transport, renderer build and Chromium; screenshots in English
// and Spanish go to docs/screenshots. Run with `node tests/e2e/run.ts tests/e2e/small-defects.e2e.ts`
// after `npx electron-vite build --outDir DIR` (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'

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
const spanish = path.join(mediaDir, 'es', 'leopard_es.wav')
const spanishTitle = 'Una compañera de Lima'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let id = ''
let spanishId = ''

before(async () => {
  library = tempDir('voces-small-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [call])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  id = (job.result as { recordingId: string }).recordingId
  await voces.storage.recordings.update(id, { title })
  // The human turn annotations that come with the recording, imported as its transcript.
  const segments = stmTurns(call).map((turn) => ({ ...turn, language: 'en' }))
  const imported = await dispatch(
    'transcripts.import',
    { recordingId: id, track: 'en', fileName: 'call.json', text: JSON.stringify({ segments }) },
    { voces, transport: 'cli' },
  )
  assert.ok(imported.ok)
  // A Spanish recording, still marked English (the ingest default), gets a Spanish transcript.
  const ingested = await startIngest(voces, [spanish])
  const done = await voces.jobs.waitFor(ingested.jobs[0]?.jobId ?? '')
  spanishId = (done.result as { recordingId: string }).recordingId
  await voces.storage.recordings.update(spanishId, { title: spanishTitle })
  assert.equal((await voces.storage.recordings.require(spanishId)).languages, 'en')
  const text = JSON.stringify({
    segments: [
      { start: 0, end: 4, speaker: null, language: 'es', text: 'Buenos días, compañeras.' },
    ],
  })
  const spanishTranscript = await dispatch(
    'transcripts.import',
    { recordingId: spanishId, track: 'es', fileName: 'lima.json', text },
    { voces, transport: 'cli' },
  )
  assert.ok(spanishTranscript.ok)
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

/** The shortcut list, whole: each key combination on one line, none cut short. */
async function shortcuts(name: string, region: string, nudge: string): Promise<void> {
  const help = page.getByRole('region', { name: region })
  await help.locator('kbd').first().waitFor()
  const combos = await help.locator('kbd').allTextContents()
  assert.ok(combos.includes(nudge), `the frame nudge names its keys: ${combos.join(' | ')}`)
  assert.ok(!combos.some((combo) => combo.includes('…')), 'no key name is cut to "…"')
  const overflowing = await page.evaluate(
    `Array.from(document.querySelectorAll('.editor-help kbd')).filter((kbd) => kbd.scrollWidth > kbd.clientWidth || kbd.getClientRects().length > 1).length`,
  )
  assert.equal(overflowing, 0, 'each combination fits on one line in its key cap')
  await help.screenshot({ path: path.join(screenshots, name) })
}

test('an imported transcript is labelled Imported, and the shortcut list names every key', async () => {
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('heading', { name: title, level: 1 }).waitFor()
  const first = page.locator('.seg').first()
  await first.getByRole('button', { name: /Imported/ }).waitFor()
  assert.equal(
    await page
      .locator('.seg')
      .getByRole('button', { name: /Machine/ })
      .count(),
    0,
  )
  await page
    .locator('.transcript')
    .screenshot({ path: path.join(screenshots, 'imported-label-en.png') })
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
  await shortcuts('shortcuts-en.png', 'Keyboard shortcuts', 'Ctrl+[ ] ← →')
  await page.getByRole('button', { name: 'Close' }).click()
})

test('the same in Spanish', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  const first = page.locator('.seg').first()
  await first.getByRole('button', { name: /Importado/ }).waitFor()
  await page
    .locator('.transcript')
    .screenshot({ path: path.join(screenshots, 'imported-label-es.png') })
  await page.getByRole('button', { name: 'Atajos de teclado' }).click()
  await shortcuts('shortcuts-es.png', 'Atajos de teclado', 'Ctrl+[ ] ← →')
  await page.getByRole('button', { name: 'Cerrar' }).click()
  await page.getByRole('button', { name: 'English' }).click()
})

const ffmpegPanel = () => page.locator('section[aria-labelledby="settings-ffmpeg"]')

test('Settings refuses a path that is not a working FFmpeg, by its field, and names the version', async () => {
  await page.getByRole('link', { name: 'Settings' }).click()
  const panel = ffmpegPanel()
  await panel.getByText(/^Using FFmpeg \d[^ ]* at /).waitFor()
  const field = panel.getByLabel('FFmpeg program')
  // A program that runs but is not FFmpeg, then one that is not there.
  for (const wrong of ['/bin/true', '/opt/voces-nowhere/ffmpeg']) {
    await field.fill(wrong)
    await panel.getByRole('button', { name: 'Use this' }).click()
    await panel.getByRole('alert').getByText(`${wrong} is not a working FFmpeg`).waitFor()
    assert.equal(await field.inputValue(), wrong, 'what was typed stays, to be corrected')
    assert.equal(await field.getAttribute('aria-invalid'), 'true')
    assert.equal((await voces.settings.get()).ffmpegPath, '', 'nothing is kept')
  }
  await panel.screenshot({ path: path.join(screenshots, 'settings-ffmpeg-refused-en.png') })
  await page.getByRole('button', { name: 'Español' }).click()
  await ffmpegPanel().getByRole('button', { name: 'Usar este' }).click()
  await ffmpegPanel().getByRole('alert').getByText('no es un FFmpeg que funcione').waitFor()
  await ffmpegPanel()
    .getByText(/^Se usa FFmpeg \d[^ ]* en /)
    .waitFor()
  await ffmpegPanel().screenshot({ path: path.join(screenshots, 'settings-ffmpeg-refused-es.png') })
  await page.getByRole('button', { name: 'English' }).click()

  await field.fill('/usr/bin/ffmpeg')
  await panel.getByRole('button', { name: 'Use this' }).click()
  await panel.getByText(/^Using FFmpeg \d[^ ]* at \/usr\/bin\/ffmpeg\.$/).waitFor()
  await panel.getByRole('alert').waitFor({ state: 'detached' })
  assert.equal(await field.getAttribute('aria-invalid'), 'false')
  assert.equal((await voces.settings.get()).ffmpegPath, '/usr/bin/ffmpeg')
})

test('a Spanish recording with a Spanish transcript says Spanish is spoken', async () => {
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(spanishId)}`)
  await page.getByRole('heading', { name: spanishTitle, level: 1 }).waitFor()
  const spoken = page.getByRole('group', { name: 'Languages spoken' })
  assert.ok(await spoken.getByRole('radio', { name: 'Spanish', exact: true }).isChecked())
  await spoken.screenshot({ path: path.join(screenshots, 'languages-spoken-en.png') })
  await page.getByRole('button', { name: 'Español' }).click()
  const hablados = page.getByRole('group', { name: 'Idiomas hablados' })
  assert.ok(await hablados.getByRole('radio', { name: 'Español', exact: true }).isChecked())
  await hablados.screenshot({ path: path.join(screenshots, 'languages-spoken-es.png') })
  await page.getByRole('button', { name: 'English' }).click()
})

/** Whether the element is whole inside the window (what a person sees without scrolling). */
const inView = (selector: string) =>
  page.evaluate(
    `(() => { const r = document.querySelector('${selector}').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight })()`,
  )

for (const [lang, names] of [
  [
    'en',
    {
      open: 'Export…',
      start: 'Export',
      close: 'Close',
      message: 'Use a number between -36 and -10',
    },
  ],
  [
    'es',
    {
      open: 'Exportar…',
      start: 'Exportar',
      close: 'Cerrar',
      message: 'Use un número entre -36 y -10',
    },
  ],
] as const)
  test(`an invalid value in the export dialog is focused and scrolled into view (${lang})`, async () => {
    await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
    if (lang === 'es') await page.getByRole('button', { name: 'Español' }).click()
    await page.setViewportSize({ width: 1320, height: 560 })
    await page.getByRole('button', { name: names.open }).click()
    const dialog = page.locator('dialog[open]')
    await dialog.locator('#export-lufs').fill('5')
    // The Export button is at the bottom, the loudness field near the top.
    await page.evaluate(
      `(() => { const d = document.querySelector('dialog[open]'); d.scrollTo(0, d.scrollHeight) })()`,
    )
    assert.equal(await inView('#export-lufs'), false, 'the field starts out of sight')
    await dialog.getByRole('button', { name: names.start, exact: true }).click()
    await dialog.getByText(names.message).waitFor()
    // Polled from here: the page's CSP forbids the string evaluation waitForFunction polls with.
    for (let tries = 0; ; tries++) {
      if ((await page.evaluate('document.activeElement?.id')) === 'export-lufs') break
      assert.ok(tries < 100, 'the field with the error gets the focus')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    assert.equal(await inView('#export-lufs'), true, 'the field with the error is in sight')
    assert.equal(await inView('#export-lufs-error'), true, 'and so is its message')
    await page.screenshot({ path: path.join(screenshots, `export-invalid-in-view-${lang}.png`) })
    await dialog.getByRole('button', { name: names.close }).click()
    await page.setViewportSize({ width: 1320, height: 900 })
    if (lang === 'es') await page.getByRole('button', { name: 'English' }).click()
  })

test('an empty transcript says why it can be empty, not "0 of 0"', async () => {
  const ingested = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
  const done = await voces.jobs.waitFor(ingested.jobs[0]?.jobId ?? '')
  const silentId = (done.result as { recordingId: string }).recordingId
  await voces.storage.recordings.update(silentId, { title: 'Nothing heard' })
  // What a Whisper run that heard nothing stores: a track with no segments.
  const at = new Date().toISOString()
  databaseOf(voces)
    .prepare(
      "INSERT INTO tracks (recording_id, language, kind, origin, model, created_at, updated_at) VALUES (?, 'en', 'transcript', 'whisper', 'test-tiny', ?, ?)",
    )
    .run(silentId, at, at)
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(silentId)}`)
  await page.getByRole('heading', { name: 'Nothing heard', level: 1 }).waitFor()
  const empty = page.locator('.transcript__empty')
  await empty.getByText('The transcript is empty').waitFor()
  await empty.getByText('a test model without real weights').waitFor()
  assert.equal(await page.getByText('Verified 0 of 0').count(), 0)
  await page
    .locator('.transcript')
    .screenshot({ path: path.join(screenshots, 'transcript-empty-en.png') })
  await page.getByRole('button', { name: 'Español' }).click()
  await empty.getByText('La transcripción está vacía').waitFor()
  await empty.getByText('uno de prueba sin pesos reales').waitFor()
  await page
    .locator('.transcript')
    .screenshot({ path: path.join(screenshots, 'transcript-empty-es.png') })
  await page.getByRole('button', { name: 'English' }).click()
})

test('a long title in the library wraps beside its checkbox, not under it', async () => {
  const long =
    'Asamblea de trabajadoras de la confección y del hogar sobre salarios, turnos de noche y el derecho a organizarse, Lima'
  await voces.storage.recordings.update(spanishId, { title: long })
  for (const [lang, width] of [
    ['en', 1320],
    ['es', 1320],
  ] as const) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto(`${session.server.origin}/#/`)
    if (lang === 'es') await page.getByRole('button', { name: 'Español' }).click()
    const cell = page.getByRole('rowheader').filter({ hasText: long })
    await cell.getByRole('checkbox').waitFor()
    const layout = await page.evaluate<{ boxRight: number; lefts: number[] }>(
      `(() => { const cell = [...document.querySelectorAll('th.recordings__title')].find((th) => th.textContent.includes(${JSON.stringify(long.slice(0, 20))})); const box = cell.querySelector('input').getBoundingClientRect(); return { boxRight: box.right, lefts: (() => { const range = document.createRange(); range.selectNodeContents(cell.querySelector('a')); return [...range.getClientRects()].map((r) => r.left) })() } })()`,
    )
    assert.ok(layout.lefts.length > 1, 'the title takes more than one line')
    assert.ok(
      layout.lefts.every((left) => left >= layout.boxRight),
      `every line starts right of the checkbox: ${JSON.stringify(layout)}`,
    )
    await page
      .locator('table.recordings')
      .screenshot({ path: path.join(screenshots, `library-long-title-${lang}.png`) })
    if (lang === 'es') await page.getByRole('button', { name: 'English' }).click()
  }
  await page.setViewportSize({ width: 1320, height: 900 })
})

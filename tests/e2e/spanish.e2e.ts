// End-to-end: the main screens in Spanish say everything in Spanish, as Latin America writes it
// (decision 0082): speakers, subtitle languages, dates typed and shown day first, numbers, a
// refused search and the tasks tray. The real core, HTTP transport, renderer build, Chromium and
// FFmpeg. Run with `node --test tests/e2e/spanish.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { makeSubtitles } from '../../src/core/subtitles/service.ts'
import { spreadWords } from '../../src/core/transcripts/formats.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { openSession, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let recordingId = ''

/** A transcript as Whisper leaves it, speaker "Speaker 1" included (no real weights here). */
async function storeTranscript(): Promise<void> {
  const segments = (
    [
      [0.3, 2.5, 'And so my fellow Americans,'],
      [3.1, 7.6, 'ask not what your country can do for you,'],
      [8.1, 10.6, 'ask what you can do for your country.'],
    ] as const
  ).map(([start, end, text]) => ({
    start,
    end,
    text,
    speaker: 'Speaker 1',
    language: 'en' as const,
    words: spreadWords(text, start, end),
  }))
  await voces.storage.transcripts.replaceTrack({
    recordingId,
    language: 'en',
    kind: 'transcript',
    origin: 'whisper',
    model: 'base',
    engineSettings: {},
    segments,
  })
}

before(async () => {
  library = tempDir('voces-e2e-spanish-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
  const ingest = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  recordingId = (ingest.result as { recordingId?: string } | null)?.recordingId ?? ''
  assert.ok(recordingId, 'jfk.wav was added')
  await voces.storage.recordings.update(recordingId, {
    title: 'Discurso inaugural',
    consentStatus: 'given',
    interviewDate: '1961-01-20',
  })
  await storeTranscript()
  await makeSubtitles(voces, recordingId, 'en', false)
  session = await openSession(voces)
  page = session.page
  await page.getByRole('button', { name: 'Español', exact: true }).click()
  await page.getByRole('heading', { name: 'Grabaciones' }).waitFor()
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

test('the library shows the interview date as Mexico writes it', async () => {
  const row = page.getByRole('row', { name: /Discurso inaugural/ })
  await row.getByText('20 ene 1961').waitFor()
  await session.shot('spanish-library.png')
})

test('a recording says "Hablante 1" and names the subtitle languages in Spanish', async () => {
  await page.getByRole('link', { name: 'Discurso inaugural' }).click()
  const speaker = page.getByRole('combobox', { name: 'Hablante', exact: true }).first()
  await speaker.waitFor()
  assert.equal(await speaker.locator('option:checked').innerText(), 'Hablante 1')
  await page.getByRole('button', { name: 'Hablantes', exact: true }).click()
  await page.locator('legend', { hasText: 'Hablante 1' }).waitFor()
  await session.shot('spanish-recording.png', true)

  await page.getByRole('tab', { name: 'Subtítulos' }).click()
  await page.locator('.cue--head', { hasText: 'Inglés' }).waitFor()
  assert.equal(
    await page
      .locator('.cue--head')
      .innerText()
      .then((t) => /English/.test(t)),
    false,
  )
  await page.locator('.quality__track h4', { hasText: 'Inglés' }).waitFor()
  const track = page.getByRole('combobox', { name: 'Pista' })
  assert.deepEqual(await track.locator('option').allInnerTexts(), ['Inglés', 'Español'])
  await session.shot('spanish-subtitles.png', true)
})

test('an episode\'s transcript says "Hablante 1" too', async () => {
  const created = await dispatch(
    'episodes.create',
    { title: 'Episodio uno', clips: [{ recordingId, start: 0, end: 11 }] },
    { voces, transport: 'http' },
  )
  assert.ok(created.ok, 'the episode was created')
  const episode = created.value as { id: string }
  await page.goto(`${session.server.origin}/#/episode/${encodeURIComponent(episode.id)}`)
  await page.locator('.cuts__speaker', { hasText: 'Hablante 1' }).first().waitFor()
  assert.equal(await page.getByRole('group', { name: 'Speaker 1' }).count(), 0)
})

test('search: dates typed day first, numbers and refusals in Spanish', async () => {
  await page.getByRole('link', { name: 'Buscar' }).click()
  const box = page.locator('.search-page__box')
  await box.fill('country')
  const status = page.locator('.search-page__status')
  await page.locator('.search-hit').first().waitFor()
  await page.locator('.search-hit__speaker', { hasText: 'Hablante 1' }).first().waitFor()
  await page.locator('.search-group__meta', { hasText: '20 ene 1961' }).waitFor()

  const from = page.getByLabel('Desde')
  assert.equal(await from.getAttribute('placeholder'), 'dd/mm/aaaa')
  // 21 January 1961, day first: the speech (the 20th) is before it, so nothing is found.
  await from.fill('21/01/1961')
  await page.getByText('Sin resultados.').waitFor()
  // 20/01/1961 is the day of the speech itself: found again.
  await from.fill('20/01/1961')
  await page.locator('.search-hit').first().waitFor()
  // Half typed, or month first as in English: marked, and the search is left as it was.
  await from.fill('01/20/1961')
  assert.equal(await from.getAttribute('aria-invalid'), 'true')
  await page.locator('.search-hit').first().waitFor()
  await session.shot('spanish-search.png')

  await from.fill('')
  await box.fill('x'.repeat(1001))
  await page
    .getByText(
      'La búsqueda falló: Texto de búsqueda: demasiado largo; como máximo 1,000 caracteres.',
    )
    .waitFor()
  assert.doesNotMatch(await status.innerText(), /Invalid input|✖|Too big/)
})

test('the tasks tray says what each task does in Spanish, and why one failed', async () => {
  const output = path.join(library.dir, 'entrevista.mp3')
  const exportJob = await voces.jobs.enqueue('export.podcast', { source: recordingId, output })
  await voces.jobs.enqueue('model-download', { name: 'enorme-v9' })
  await page.getByRole('button', { name: /Tareas|tareas? en curso/ }).click()
  const tray = page.getByRole('region', { name: 'Tareas' })
  await tray.getByText('Descargando el modelo enorme-v9').waitFor()
  await tray.getByText('No hay ningún modelo llamado «enorme-v9» en la lista de modelos.').waitFor()
  await voces.jobs.waitFor(exportJob.id)
  await tray.getByText('Exportando entrevista.mp3').waitFor()
  assert.doesNotMatch(await tray.innerText(), /Export entrevista|Whisper model|There is no/)
  await session.shot('spanish-tasks.png')
})

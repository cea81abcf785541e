// End-to-end for episodes, export and redaction and the settings page: the real
// core and HTTP transport in this process, the real renderer build in real Chromium, real FFmpeg.
// Run with `node tests/e2e/episodes.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { episodeChapterProposals } from '../../src/core/episodes/service.ts'
import { redactionSpans } from '../../src/core/redaction/redact.ts'
import { importSubtitles } from '../../src/core/subtitles/service.ts'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { mediaDir, repoRoot, tempDir, rendererDir } from '../helpers.ts'
import { shotOf } from './session.ts'

const screenshots = path.join(repoRoot, 'docs', 'screenshots')
const english = path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')
const spanish = path.join(mediaDir, 'es', 'silero_vad_es_60s.wav')
const video = path.join(mediaDir, 'video', 'whisperx_sample01.mp4')
const videoSubtitles = path.join(mediaDir, 'video', 'whisperx_sample01.wav.srt')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const episodeTitle = 'Voices from the warehouse'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page
let enId = ''
let esId = ''
let videoId = ''
let episodeId = ''

/** Polls a condition in this process (the core's own state) until it holds. */
async function eventuallyAsync(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function shot(name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, name), fullPage })
}

before(async () => {
  assert.ok(
    existsSync(path.join(rendererDir, 'index.html')),
    'build the renderer first: npx electron-vite build',
  )
  mkdirSync(screenshots, { recursive: true })
  library = tempDir('voces-episodes-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [english, spanish, video])
  assert.equal(jobs.length, 3)
  for (const job of jobs) assert.equal((await voces.jobs.waitFor(job.jobId)).state, 'succeeded')
  const titles: Record<string, string> = {
    [english]: 'Ana at the warehouse',
    [spanish]: 'Entrevista con Rosa',
    [video]: 'Heat walkout (video)',
  }
  for (const recording of await voces.storage.recordings.list()) {
    const title = titles[recording.path]
    assert.ok(title, recording.path)
    await voces.storage.recordings.update(recording.id, {
      title,
      consentStatus: 'given',
      languages: recording.path === spanish ? 'es' : 'en',
    })
    if (recording.path === english) enId = recording.id
    if (recording.path === spanish) esId = recording.id
    if (recording.path === video) videoId = recording.id
  }
  assert.ok(enId && esId && videoId)
  await importSubtitles(voces, videoId, 'en', videoSubtitles)
  server = await startHttpServer({ voces, port: 0, rendererDir })
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
  context = await browser.newContext({
    viewport: { width: 1320, height: 900 },
    locale: 'en-US',
    acceptDownloads: true,
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin })
  page = await context.newPage()
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

test('a new episode is made in the page from two clips, checked against each recording', async () => {
  await page.getByRole('link', { name: 'Episodes' }).click()
  await page.getByRole('heading', { name: 'Episodes', level: 1 }).waitFor()
  await page.getByText('No episodes yet').waitFor()
  await page.getByRole('button', { name: 'New episode' }).click()

  await page.getByLabel('Title', { exact: true }).fill(episodeTitle)
  await page.getByLabel('Show', { exact: true }).fill('Worker Voices')
  await page.getByLabel('Episode number').fill('3')
  await page.getByLabel('Year').fill('2024')

  const picker = page.getByLabel('Recording', { exact: true })
  await picker.selectOption({ label: 'Ana at the warehouse (0:01:00)' })
  await page.getByRole('button', { name: 'Add clip' }).click()
  await picker.selectOption({ label: 'Entrevista con Rosa (0:01:00)' })
  await page.getByRole('button', { name: 'Add clip' }).click()

  await page.getByLabel('From, clip 1').fill('0:05')
  await page.getByLabel('To, clip 1').fill('0:35')
  await page.getByLabel('From, clip 2').fill('0:10')
  // Past the end of a 60 s recording: named on the spot, and the episode is not created.
  await page.getByLabel('To, clip 2').fill('1:30')
  await page.getByText('The recording ends at 1:00.').waitFor()
  await page.getByRole('button', { name: 'Create episode' }).click()
  await page.getByText('Correct the marked clip first.').waitFor()
  assert.equal((await voces.storage.episodes.list()).length, 0)
  await page.getByLabel('To, clip 2').fill('0:40')
  await page.getByText('Clips together: 0:01:00').waitFor()

  // Reordering moves the clip with its times.
  await page.getByRole('button', { name: 'Move clip 2 up' }).click()
  assert.equal(await page.getByLabel('From, clip 1').inputValue(), '0:10')
  await page.getByRole('button', { name: 'Move clip 1 down' }).click()
  assert.equal(await page.getByLabel('From, clip 1').inputValue(), '0:05')

  await page.getByRole('button', { name: 'Create episode' }).click()
  await page.getByRole('heading', { name: episodeTitle, level: 1 }).waitFor()
  const episode = (await voces.storage.episodes.list())[0]
  assert.ok(episode)
  episodeId = episode.id
  assert.deepEqual(
    episode.clips.map((clip) => [clip.recordingId, clip.start, clip.end]),
    [
      [enId, 5, 35],
      [esId, 10, 40],
    ],
  )
  assert.equal(episode.number, 3)
  assert.equal(episode.showTitle, 'Worker Voices')
})

test('chapters in both languages are saved as they are typed', async () => {
  await page.getByRole('button', { name: 'Add chapter' }).click()
  await page.getByLabel('English title of chapter 1').fill('Ana on the heat')
  await page.getByLabel('Spanish title of chapter 1').fill('Ana habla del calor')
  await page.getByRole('button', { name: 'Add chapter' }).click()
  await page.getByLabel('Start of chapter 2').fill('0:30')
  await page.getByLabel('English title of chapter 2').fill('Rosa on the union')
  await page.getByLabel('Spanish title of chapter 2').fill('Rosa habla del sindicato')
  await page.getByLabel('Spanish title of chapter 2').blur()
  await eventuallyAsync(
    async () =>
      (await voces.storage.episodes.require(episodeId)).chapters[1]?.titleEs ===
      'Rosa habla del sindicato',
    'the chapters to be saved',
  )
  assert.deepEqual(
    (await voces.storage.episodes.require(episodeId)).chapters.map((c) => [c.start, c.titleEn]),
    [
      [0, 'Ana on the heat'],
      [30, 'Rosa on the union'],
    ],
  )

  // A time past the end of the episode is held, not sent.
  await page.getByLabel('Start of chapter 2').fill('5:00')
  await page.getByText(/Not saved: each chapter needs a time/).waitFor()
  await page.getByLabel('Start of chapter 2').fill('0:30')
  await page.locator('.chapters .save-indicator', { hasText: 'Saved' }).waitFor()
})

test('show notes side by side save as typed, and copy as Markdown and download as HTML', async () => {
  const summaryEn = 'Two warehouse workers talk about heat on the floor.'
  const summaryEs = 'Dos trabajadoras del almacén hablan del calor en el piso.'
  await page.getByLabel('Summary', { exact: true }).fill(summaryEn)
  await page.getByLabel('Summary in Spanish').fill(summaryEs)
  await page.getByLabel('Notes', { exact: true }).fill('Recorded at the labor center.')
  await page.getByLabel('Notes in Spanish').fill('Grabado en el centro de trabajadores.')
  await page.getByLabel('Guests').fill('Ana, Rosa')
  await page.getByLabel('Credits').fill('Produced by the labor center media team')
  await page.getByRole('button', { name: 'Add link' }).click()
  await page.getByLabel('Title of link 1').fill('Heat safety rules')
  await page.getByLabel('Address of link 1').fill('https://www.osha.gov/heat')
  await page.getByLabel('Address of link 1').blur()
  await eventuallyAsync(
    async () =>
      (await voces.storage.episodes.notes(episodeId)).links[0]?.url === 'https://www.osha.gov/heat',
    'the show notes to be saved',
  )
  const notes = await voces.storage.episodes.notes(episodeId)
  assert.equal(notes.summaryEn, summaryEn)
  assert.equal(notes.summaryEs, summaryEs)
  assert.equal(notes.guests, 'Ana, Rosa')

  await page.getByRole('button', { name: 'Copy Markdown' }).click()
  await page.getByText('Markdown copied.').waitFor()
  const markdown = await page.evaluate<string>('navigator.clipboard.readText()')
  assert.match(markdown, new RegExp(summaryEn))
  assert.match(markdown, new RegExp(summaryEs))

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download HTML' }).click(),
  ])
  assert.equal(download.suggestedFilename(), 'voices-from-the-warehouse-notes.html')
  const html = readFileSync(await download.path(), 'utf8')
  assert.match(html, /Voices from the warehouse/)
  assert.match(html, /https:\/\/www\.osha\.gov\/heat/)
  await page.evaluate('window.scrollTo(0, 0)')
  await shot('episode-en.png')
})

test('words cut in the transcript are struck, restored and undone, and filler words are offered', async () => {
  // Transcripts for both recordings (imported, so each word's time is shared out by its length).
  const transcripts: Array<[string, 'en' | 'es', string]> = [
    [
      enId,
      'en',
      'WEBVTT\n\n00:00:06.000 --> 00:00:10.000\n<v Ana>Um, we organized the union in the warehouse.\n\n00:00:11.000 --> 00:00:15.000\n<v Ana>It was so hot that, uh, people fainted on the line.\n\n00:00:16.000 --> 00:00:20.000\n<v Luis>The managers said nothing at first.\n',
    ],
    [
      esId,
      'es',
      'WEBVTT\n\n00:00:12.000 --> 00:00:16.000\n<v Rosa>Pues, o sea, nos juntamos todas en el comedor.\n\n00:00:17.000 --> 00:00:21.000\n<v Rosa>Este año ganamos el contrato.\n',
    ],
  ]
  for (const [recordingId, track, text] of transcripts) {
    const imported = await dispatch(
      'transcripts.import',
      { recordingId, track, fileName: 'transcript.vtt', text },
      { voces, transport: 'cli' },
    )
    assert.ok(imported.ok)
  }
  // Loaded again: the page fetched the clips' transcripts before there were any.
  await page.goto(`${server.origin}/#/episode/${encodeURIComponent(episodeId)}`)
  await page.reload()
  await page.getByRole('heading', { name: 'Transcript and cuts' }).waitFor()
  const clip1 = page.getByRole('listbox', { name: 'Transcript of clip 1' })
  const word = (name: string) => clip1.getByRole('option', { name, exact: true })
  const struck = (name: string) =>
    clip1.locator('.cuts__word--cut', { hasText: new RegExp(`^${name}$`) })

  // Select "organized the union" with a click and a Shift+click, and cut it with Delete.
  await word('organized').click()
  await word('union').click({ modifiers: ['Shift'] })
  await page.getByText('3 words selected').waitFor()
  await page.keyboard.press('Delete')
  await page.getByText('3 words cut. Undo with Ctrl+Z.').waitFor()
  await struck('organized').waitFor()
  await struck('union').waitFor()
  // A whole sentence: a double-click takes it, the Cut button cuts it.
  await word('managers').dblclick()
  await page.getByText('6 words selected').waitFor()
  await page.getByRole('button', { name: 'Cut', exact: true }).click()
  await struck('managers').waitFor()
  await eventuallyAsync(
    async () => (await voces.storage.episodes.require(episodeId)).cuts.length === 2,
    'two cuts',
  )

  // A click on a struck word gives its cut back; Ctrl+Z takes it away again.
  await struck('organized').click()
  await page.getByText('Restored.').waitFor()
  await word('organized').and(clip1.locator('.cuts__word:not(.cuts__word--cut)')).waitFor()
  assert.equal((await voces.storage.episodes.require(episodeId)).cuts.length, 1)
  await page.keyboard.press('Control+z')
  await page.getByText('Undone.').waitFor()
  await struck('organized').waitFor()
  assert.equal((await voces.storage.episodes.require(episodeId)).cuts.length, 2)

  // Filler words, offered in context: one removed on its own, then all, then "este" given back
  // (here it is a real word: "Este año", this year).
  const fillers = page.getByRole('region', { name: 'Filler words' })
  await fillers.getByText('5 of 5 still in the episode.').waitFor()
  await fillers.getByRole('button', { name: /^Remove “uh,?” at / }).click()
  await fillers.getByText('4 of 5 still in the episode.').waitFor()
  await fillers.getByRole('button', { name: 'Remove all 4' }).click()
  await fillers.getByText('0 of 5 still in the episode.').waitFor()
  await fillers.getByRole('button', { name: /^Restore “Este” at / }).click()
  await fillers.getByText('1 of 5 still in the episode.').waitFor()
  await struck('Um,').waitFor()
  const cuts = (await voces.storage.episodes.require(episodeId)).cuts
  assert.deepEqual(
    [...new Set(cuts.map((cut) => cut.kind))].sort(),
    ['edit', 'filler'],
    'edits and fillers are both kept as cuts',
  )
  assert.ok(cuts.every((cut) => cut.end > cut.start))
  await shotOf(
    page,
    page.getByRole('region', { name: 'Transcript and cuts' }),
    'episode-cuts-en.png',
  )
  await shotOf(page, fillers, 'episode-fillers-en.png')
  await page.evaluate('window.scrollTo(0, 0)')
})

test('a podcast MP3 is exported from the dialog and its measured loudness is shown', async () => {
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: `Export “${episodeTitle}”` })
  await dialog.waitFor()
  const output = dialog.getByLabel('Save as')
  const expected = path.join(library.dir, 'voices-from-the-warehouse.mp3')
  await eventuallyAsync(async () => (await output.inputValue()) !== '', 'a default path')
  assert.equal(await output.inputValue(), expected, 'the default sits beside the library')
  await dialog.getByText(/about -16 LUFS for stereo and -19 for mono/).waitFor()
  // A typed address that is not a web address is named before anything starts.
  const publishAt = dialog.getByLabel('Web address where these files will be published')
  await publishAt.fill('center.example.org/podcast')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog.getByText('Use a web address that starts with https:// or http://.').waitFor()
  await publishAt.fill('https://center.example.org/podcast/')
  await shotOf(page, dialog, 'export-form-en.png')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  // While it runs: the file's name, a progress bar and Cancel, as in the tasks tray.
  await dialog.getByText('Exporting voices-from-the-warehouse.mp3').waitFor()

  await dialog.getByText('voices-from-the-warehouse.mp3 is ready.', { exact: false }).waitFor({
    timeout: 120_000,
  })
  const figure = async (label: string) =>
    (
      await dialog
        .locator('.export-figures__row')
        .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd')
        .innerText()
    ).trim()
  const loudness = Number.parseFloat(await figure('Integrated loudness'))
  const truePeak = Number.parseFloat(await figure('True peak'))
  assert.ok(Math.abs(loudness - -16) <= 1, `integrated loudness ${loudness} LUFS`)
  assert.ok(truePeak <= -1, `true peak ${truePeak} dBTP`)
  assert.equal(await figure('Chapters'), '2')
  assert.match(await figure('Files beside it'), /\.json/)
  assert.ok(existsSync(expected), 'the MP3 is where the dialog said')
  // The transcript beside it follows the cuts made above.
  const transcript = readFileSync(
    path.join(library.dir, 'voices-from-the-warehouse.transcript.json'),
    'utf8',
  )
  assert.match(transcript, /warehouse/)
  for (const cut of ['organized', 'managers', 'Pues'])
    assert.doesNotMatch(transcript, new RegExp(cut))
  assert.match(transcript, /Este año/)
  // The RSS item points at where the files will be published, and the address is remembered.
  const item = readFileSync(
    path.join(library.dir, 'voices-from-the-warehouse.rss-item.xml'),
    'utf8',
  )
  assert.match(
    item,
    /<enclosure url="https:\/\/center\.example\.org\/podcast\/voices-from-the-warehouse\.mp3"/,
  )
  assert.equal(
    (await voces.settings.get()).podcastPublishUrl,
    'https://center.example.org/podcast/',
  )
  console.log(`measured in the dialog: ${loudness} LUFS, ${truePeak} dBTP`)
  await shot('export-en.png', false)

  // Another export, as M4A, cancelled while it runs: nothing is left behind.
  await dialog.getByRole('button', { name: 'Export another' }).click()
  await dialog.getByRole('radio', { name: 'M4A (AAC)' }).check()
  const m4a = path.join(library.dir, 'voices-from-the-warehouse.m4a')
  assert.equal(await output.inputValue(), m4a, 'the extension follows the format')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await dialog.getByText('Cancelled. Nothing was left behind.').waitFor()
  assert.ok(!existsSync(m4a))
  await dialog.getByRole('button', { name: 'Close' }).click()
})

test('a video recording exports with English burned in and a soft English track', async () => {
  await page.goto(`${server.origin}/#/recording/${encodeURIComponent(videoId)}`)
  await page.getByRole('heading', { name: 'Heat walkout (video)', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export “Heat walkout (video)”' })
  await dialog.getByRole('radio', { name: 'Video with subtitles' }).check()
  const output = dialog.getByLabel('Save as')
  await eventuallyAsync(async () => (await output.inputValue()).endsWith('.mp4'), 'an .mp4 path')
  await dialog.getByRole('radio', { name: 'English' }).check()
  await dialog.getByRole('checkbox', { name: 'English' }).check()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  // Some imported cues break the subtitle rules: the dialog asks first (decision 0131).
  await dialog.getByRole('button', { name: 'Export anyway' }).click()
  await dialog.getByText('heat-walkout-video.mp4 is ready.', { exact: false }).waitFor({
    timeout: 120_000,
  })
  const row = (label: string) =>
    dialog
      .locator('.export-figures__row')
      .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .locator('dd')
      .innerText()
  assert.equal(await row('Burned-in subtitles'), 'EN')
  assert.match(await row('Subtitle tracks'), /^eng \(mov_text\)$/)
  assert.ok(existsSync(path.join(library.dir, 'heat-walkout-video.mp4')))
  await dialog.getByRole('button', { name: 'Close' }).click()
})

test('the export dialog asks a reason for restricted consent and refuses withdrawn consent', async () => {
  await voces.storage.recordings.update(esId, { consentStatus: 'restricted' })
  await page.goto(`${server.origin}/#/recording/${encodeURIComponent(esId)}`)
  await page.getByRole('heading', { name: 'Entrevista con Rosa', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export “Entrevista con Rosa”' })
  await dialog.getByText('Why is this export needed?').waitFor()
  // The default path comes with app.info, which asks FFmpeg its version first.
  const saveAs = dialog.getByLabel('Save as')
  await eventuallyAsync(async () => (await saveAs.inputValue()) !== '', 'a default path')
  assert.equal(await saveAs.inputValue(), path.join(library.dir, 'entrevista-con-rosa.mp3'))
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await dialog.getByText('A reason is needed for this export.').waitFor()
  await dialog.getByRole('button', { name: 'Close' }).click()

  await voces.storage.recordings.update(esId, { consentStatus: 'withdrawn' })
  await page.reload()
  await page.getByRole('button', { name: 'Export…' }).click()
  await dialog.getByText('This cannot be exported.').waitFor()
  assert.ok(await dialog.getByRole('button', { name: 'Export', exact: true }).isDisabled())
  await dialog.getByRole('button', { name: 'Close' }).click()
  await voces.storage.recordings.update(esId, { consentStatus: 'given' })
})

test('Spanish applies to the episode page at once', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('link', { name: 'Episodios' }).click()
  await page.getByRole('heading', { name: 'Episodios', level: 1 }).waitFor()
  await page.getByRole('link', { name: episodeTitle }).click()
  await page.getByRole('heading', { name: 'Capítulos' }).waitFor()
  await page.getByRole('heading', { name: 'Notas del programa' }).waitFor()
  await page.getByRole('button', { name: 'Copiar Markdown' }).waitFor()
  assert.equal(await page.getAttribute('html', 'lang'), 'es')
  assert.equal((await voces.settings.get()).uiLanguage, 'es')
  await page.getByLabel('Título en español del capítulo 1').waitFor()
  await shot('episode-es.png')
  const cuts = page.getByRole('region', { name: 'Transcripción y cortes' })
  await cuts.getByRole('listbox', { name: 'Transcripción del fragmento 1' }).waitFor()
  await shotOf(page, cuts, 'episode-cuts-es.png')
  const fillers = page.getByRole('region', { name: 'Muletillas' })
  await fillers.getByText('Quedan 1 de 5 en el episodio.').waitFor()
  await fillers.getByRole('button', { name: 'Quitar la última' }).waitFor()
  await shotOf(page, fillers, 'episode-fillers-es.png')
})

test('a stretch is redacted after typing TACHAR, and is listed', async () => {
  await page.goto(`${server.origin}/#/recording/${encodeURIComponent(enId)}`)
  await page.getByRole('heading', { name: 'Ana at the warehouse', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Tachar…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Tachar en «Ana at the warehouse»' })
  await dialog.getByText('Tachar es definitivo dentro de la biblioteca.').waitFor()
  await dialog.getByText('No hay nada tachado en esta grabación.').waitFor()
  await dialog.getByRole('radio', { name: 'Un tramo de tiempo' }).check()
  await dialog.getByLabel('Desde').fill('0:12')
  await dialog.getByLabel('Hasta').fill('0:15')
  await dialog.getByRole('radio', { name: 'silencio' }).check()
  await dialog.getByRole('button', { name: 'Continuar…' }).click()

  const red = dialog.getByRole('button', { name: 'Tachar para siempre' })
  assert.ok(await red.isDisabled(), 'nothing happens before the word is typed')
  await dialog.getByLabel('Para confirmar, escriba TACHAR').fill('tach')
  assert.ok(await red.isDisabled())
  assert.equal((await redactionSpans(voces, enId)).length, 0)
  await dialog.getByLabel('Para confirmar, escriba TACHAR').fill('TACHAR')
  await red.click()
  await dialog.getByText(/^Listo\. Tramos de sonido cubiertos: 1\./).waitFor()
  await dialog.getByText('0:12 – 0:15, cubierto con silencio').waitFor()
  assert.deepEqual(await redactionSpans(voces, enId), [{ start: 12, end: 15, mode: 'silence' }])
  await shot('redaction-es.png', false)
  await dialog.getByRole('button', { name: 'Cerrar' }).click()
})

test('settings: the language, copying into the library, and the FFmpeg found', async () => {
  await page.getByRole('link', { name: 'Ajustes' }).click()
  await page.getByRole('heading', { name: 'Ajustes', level: 1 }).waitFor()
  await page.getByText(/Se usa FFmpeg \S+ en /).waitFor()
  assert.equal((await voces.settings.get()).copyIntoLibrary, false)
  await page.getByLabel('Copiar las grabaciones a la biblioteca').check()
  await eventuallyAsync(
    async () => (await voces.settings.get()).copyIntoLibrary,
    'copyIntoLibrary to be saved',
  )
  await page.getByRole('radio', { name: 'English' }).check()
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
  // The page turns at once; the choice is saved a moment later.
  await eventuallyAsync(
    async () => (await voces.settings.get()).uiLanguage === 'en',
    'the language to be saved',
  )
})

test('chapters are proposed from the transcript, after asking to replace those typed', async () => {
  await page.goto(`${server.origin}/#/episode/${encodeURIComponent(episodeId)}`)
  await page.getByRole('heading', { name: episodeTitle, level: 1 }).waitFor()
  const propose = page.getByRole('button', { name: 'Propose from the transcript' })
  // Declined: the typed chapters stay.
  page.once('dialog', (dialog) => void dialog.dismiss())
  await propose.click()
  assert.equal(await page.getByLabel('English title of chapter 1').inputValue(), 'Ana on the heat')

  page.once('dialog', (dialog) => void dialog.accept())
  await propose.click()
  // The episode is under a minute once cut: one chapter, at its start, titled with Ana's first
  // words that are still heard; the page saved what the core proposed.
  const proposed = await episodeChapterProposals(voces, episodeId)
  assert.equal(proposed.length, 1)
  assert.match(proposed[0]?.titleEn ?? '', /^We /)
  await eventuallyAsync(
    async () =>
      JSON.stringify((await voces.storage.episodes.require(episodeId)).chapters) ===
      JSON.stringify(proposed),
    'the proposed chapters to be saved',
  )
  assert.equal(await page.getByLabel('Start of chapter 1').inputValue(), '0:00')
  assert.equal(await page.getByLabel('Start of chapter 2').count(), 0)
  await page
    .locator('.chapters')
    .screenshot({ path: path.join(screenshots, 'chapters-proposed-en.png') })
})

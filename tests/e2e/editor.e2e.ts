// End-to-end for the transcript and subtitle editor (issue 4): the real core and HTTP transport in
// this process, the real renderer build in real Chromium. Run with `node tests/e2e/editor.e2e.ts`
// after `npx electron-vite build`. No real Whisper weights are on these machines, so the
// transcript is stored by SQL from the reference text in ../shared/media/references.json.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { storeLongTranscript } from '../editor/long-transcript.ts'
import { mediaDir, repoRoot, tempDir, rendererDir } from '../helpers.ts'

const screenshots = path.join(repoRoot, 'docs', 'screenshots')
const jfk = path.join(mediaDir, 'en', 'jfk.wav')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const reference = (
  JSON.parse(readFileSync(path.join(mediaDir, 'references.json'), 'utf8')) as Record<
    string,
    { text: string }
  >
)['en/jfk.wav']?.text

let library: { dir: string; cleanup: () => void }
let voces: Voces
let server: RunningServer
let browser: Browser
let page: Page
let recordingId = ''

/**
 * The reference text in three segments at about where JFK says them, words spread evenly over
 * each (what whisper.cpp's word timestamps look like); "fellow" is marked unsure.
 */
function storeTranscript(text: string) {
  // "And so my fellow Americans," | "ask not what … for you," | "ask what … your country."
  const groups = text.match(/[^,]+,?/g)?.map((part) => part.trim()) ?? []
  assert.equal(groups.length, 3)
  const spans = [
    [0.3, 2.5],
    [3.1, 7.6],
    [8.1, 10.6],
  ] as const
  const db = voces.db
  const at = new Date().toISOString()
  const track = db
    .prepare(
      "INSERT INTO tracks (recording_id, language, kind, origin, model, created_at, updated_at) VALUES (?, 'en', 'transcript', 'whisper', 'base', ?, ?)",
    )
    .run(recordingId, at, at).lastInsertRowid
  const speaker = db
    .prepare("INSERT INTO speakers (recording_id, label) VALUES (?, 'Speaker 1')")
    .run(recordingId).lastInsertRowid
  groups.forEach((group, g) => {
    const [from, to] = spans[g] ?? [0, 0]
    const words = group.split(' ')
    const segment = db
      .prepare(
        "INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, ?, ?, ?, 'en', ?)",
      )
      .run(track, from, to, speaker, group).lastInsertRowid
    const step = (to - from) / words.length
    words.forEach((word, k) =>
      db
        .prepare(
          'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, ?)',
        )
        .run(
          segment,
          from + k * step,
          from + (k + 0.8) * step,
          word,
          word === 'fellow' ? 0.31 : 0.93,
        ),
    )
  })
}

const wordTimes = () =>
  voces.db
    .prepare(
      `SELECT w.text, w.start, w.end FROM words w JOIN segments s ON s.id = w.segment_id
       JOIN tracks t ON t.id = s.track_id WHERE t.recording_id = ? ORDER BY w.start`,
    )
    .all(recordingId) as Array<{ text: string; start: number; end: number }>

const currentTime = () => page.evaluate<number>(`document.querySelector('audio').currentTime`)
const shot = (name: string) =>
  page.screenshot({ path: path.join(screenshots, name), fullPage: true })

before(async () => {
  assert.ok(
    existsSync(path.join(rendererDir, 'index.html')),
    'build the renderer first: npx electron-vite build',
  )
  assert.ok(reference, 'references.json has the text of jfk.wav')
  mkdirSync(screenshots, { recursive: true })
  library = tempDir('voces-editor-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [jfk])
  const job = jobs[0]
  assert.ok(job)
  assert.equal((await voces.jobs.waitFor(job.jobId)).state, 'succeeded')
  recordingId = voces.recordings.list()[0]?.id ?? ''
  storeTranscript(reference ?? '')
  server = await startHttpServer({ voces, port: 0, rendererDir })
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox'],
  })
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' })
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(server.url)
  await page.evaluate(`localStorage.setItem('voces.editor.reviewer', 'Ana Morales')`)
})

after(async () => {
  await browser?.close()
  await server?.close()
  await voces?.close()
  library?.cleanup()
})

test('the recording page shows the transcript with speakers, times and unsure words', async () => {
  await page.goto(`${server.origin}/#/recording/${encodeURIComponent(recordingId)}`)
  await page.getByRole('tab', { name: 'Transcript' }).waitFor()
  await page.locator('.seg').nth(2).waitFor()
  assert.equal(await page.locator('.seg').count(), 3)
  assert.equal(await page.locator('.w--unsure').innerText(), 'fellow')
  assert.equal(await page.getByText('Verified 0 of 3').count(), 1)
})

test('clicking a word plays from that word, and the word is highlighted', async () => {
  await page.waitForFunction(`document.querySelector('audio')?.readyState >= 1`)
  const country = voces.db
    .prepare("SELECT start FROM words WHERE text = 'country' ORDER BY start LIMIT 1")
    .get() as { start: number }
  await page
    .locator('.w', { hasText: /^country$/ })
    .first()
    .click()
  await page.waitForFunction(`!document.querySelector('audio').paused`)
  await page.evaluate(`document.querySelector('audio').pause()`)
  const time = await currentTime()
  assert.ok(
    time >= country.start && time < country.start + 1,
    `playing from ${time}, the word starts at ${country.start}`,
  )
  await page.locator('.w.is-current', { hasText: 'country' }).waitFor()
})

test('an edited word is saved, kept after a reload, and the other words keep their times', async () => {
  const before = wordTimes()
  const segment = page.locator('.seg').nth(1)
  await segment.getByRole('button', { name: 'Edit text' }).click()
  const area = segment.locator('textarea')
  const text = await area.inputValue()
  await area.fill(text.replace('your country', 'our country'))
  await page.locator('.editor-save', { hasText: 'All changes saved' }).waitFor()
  await area.blur()
  const after = wordTimes()
  assert.equal(after.length, before.length)
  after.forEach((word, k) => {
    const was = before[k]
    assert.ok(was)
    if (was.text === word.text)
      assert.deepEqual([word.start, word.end], [was.start, was.end], `${word.text} kept its times`)
  })
  assert.ok(after.some((word) => word.text === 'our'))

  await page.reload()
  await page.locator('.seg').nth(1).waitFor()
  assert.match(await page.locator('.seg').nth(1).innerText(), /what our country can do/)
})

test('undo brings the old word back; redo the new one', async () => {
  await page.locator('.seg').nth(1).getByRole('button', { name: 'Edit text' }).click()
  const area = page.locator('.seg').nth(1).locator('textarea')
  await area.press('End')
  await area.pressSequentially(' truly')
  await page.locator('.editor-save', { hasText: 'All changes saved' }).waitFor()
  await area.press('Control+z')
  await page.locator('.seg').nth(1).locator('.seg__words', { hasNotText: 'truly' }).waitFor()
  await page.getByRole('button', { name: 'Redo' }).click()
  await page.locator('.seg').nth(1).locator('.seg__words', { hasText: 'truly' }).waitFor()
  await page.getByRole('button', { name: 'Undo' }).click()
  await page.locator('.seg').nth(1).locator('.seg__words', { hasNotText: 'truly' }).waitFor()
})

test('a segment is split at the cursor and joined again, each kept after a reload', async () => {
  const segment = page.locator('.seg').nth(1)
  await segment.getByRole('button', { name: 'Edit text' }).click()
  const area = segment.locator('textarea')
  const at = (await area.inputValue()).indexOf('can do')
  await area.evaluate(
    (element, caret) =>
      (
        element as unknown as { setSelectionRange(from: number, to: number): void }
      ).setSelectionRange(caret, caret),
    at,
  )
  await segment.getByRole('button', { name: 'Split here' }).click()
  await page.locator('.seg').nth(3).waitFor()
  assert.match(
    await page.locator('.seg__words').nth(1).innerText(),
    /^ask not what our country\s*$/,
  )
  assert.match(await page.locator('.seg__words').nth(2).innerText(), /^can do for you,\s*$/)
  await page.reload()
  await page.locator('.seg').nth(3).waitFor()
  await page.locator('.seg').nth(1).getByRole('button', { name: 'Join with next' }).click()
  await page.locator('.seg').nth(3).waitFor({ state: 'detached' })
  await page.reload()
  await page.locator('.seg').nth(2).waitFor()
  assert.equal(await page.locator('.seg').count(), 3)
  assert.match(
    await page.locator('.seg__words').nth(1).innerText(),
    /^ask not what our country can do for you,\s*$/,
  )
})

test("the transcriber's keys work while typing in a segment", async () => {
  await page.locator('.seg').nth(2).getByRole('button', { name: 'Edit text' }).click()
  const area = page.locator('.seg').nth(2).locator('textarea')
  await page.evaluate(
    `(() => { const a = document.querySelector('audio'); a.pause(); a.currentTime = 1 })()`,
  )
  await area.press('Alt+ArrowRight')
  assert.ok(Math.abs((await currentTime()) - 6) < 0.3, 'Alt+→ goes forward 5 s')
  await area.press('Alt+ArrowUp')
  assert.equal(await page.evaluate<number>(`document.querySelector('audio').playbackRate`), 1.1)
  await page.getByText('Speed 1.1×').waitFor()
  await area.press('Alt+ArrowDown')
  await area.press('Control+Space')
  await page.waitForFunction(`!document.querySelector('audio').paused`)
  await area.press('Escape')
  await area.press('Space')
  await page.waitForFunction(`document.querySelector('audio').paused`)
  assert.equal(
    await area.inputValue(),
    'ask what you can do for your country.',
    'no key typed into the text',
  )
  await page.evaluate(`document.querySelector('audio').currentTime = 0.5`)
  await area.press('Alt+PageDown')
  assert.equal(await currentTime(), 3.1, 'Alt+PageDown goes to the next segment')
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
  await page
    .getByRole('region', { name: 'Keyboard shortcuts' })
    .getByText('Back 5 seconds')
    .waitFor()
  await page.getByRole('button', { name: 'Close' }).click()
})

test('a speaker is named once, and a segment is verified', async () => {
  await page.getByRole('button', { name: 'Speakers' }).click()
  await page.getByLabel('Name', { exact: true }).fill('John F. Kennedy')
  await page.getByLabel('Union or organisation').fill('United States')
  await page.getByLabel('Union or organisation').blur()
  await page
    .locator('.seg__speaker')
    .first()
    .locator('option', { hasText: 'John F. Kennedy' })
    .waitFor({ state: 'attached' })
  await page
    .locator('.seg')
    .first()
    .getByRole('button', { name: /Machine/ })
    .click()
  await page.getByText('Verified 1 of 3').waitFor()
  const row = voces.db
    .prepare("SELECT name, affiliation FROM speakers WHERE label = 'Speaker 1'")
    .get()
  assert.deepEqual(row, { name: 'John F. Kennedy', affiliation: 'United States' })
  await page.getByRole('button', { name: 'Speakers' }).click()
  await shot('editor-en.png')
})

test('subtitles are made, both columns shown, the untranslated flagged, and the quality panel counts', async () => {
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  await page.getByRole('button', { name: 'Make subtitles from the transcript' }).click()
  await page.locator('.cue:not(.cue--head)').first().waitFor()
  const english = await page.locator('textarea[data-language="en"]').first().inputValue()
  assert.match(english, /And so my fellow Americans/)
  assert.ok((await page.locator('.cue__flag', { hasText: 'Untranslated' }).count()) > 0)
  await page.locator('.quality__track', { hasText: 'English' }).waitFor()
  const spanish = page.locator('textarea[data-language="es"]').first()
  await spanish.fill('Y así, mis compatriotas estadounidenses,')
  await spanish.blur()
  await page.waitForFunction(
    `[...document.querySelectorAll('.cue__cell')].filter((c) => c.querySelector('textarea[data-language="es"]')?.value.startsWith('Y así')).every((c) => !c.querySelector('.cue__flag'))`,
  )
  await page.waitForFunction(
    `fetch('/api/subtitles.get', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({recordingId: ${JSON.stringify(recordingId)}})}).then((r) => r.json()).then((r) => r.value.cues[0].texts.es?.text === 'Y así, mis compatriotas estadounidenses,')`,
  )
  // A person checks the first English cue: the core records it, with the reviewer's name.
  await page.locator('.cue__cell').first().getByRole('button', { name: 'Mark as checked' }).click()
  await page.locator('.cue__cell').first().getByRole('button', { name: '✓ Checked' }).waitFor()
  await page.waitForFunction(
    `fetch('/api/subtitles.get', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({recordingId: ${JSON.stringify(recordingId)}})}).then((r) => r.json()).then((r) => r.value.cues[0].texts.en?.review === 'verified' && Boolean(r.value.cues[0].texts.en?.reviewedBy))`,
  )
  await shot('editor-subtitles-en.png')
})

test('the editor speaks Spanish when the interface does', async () => {
  await page.getByRole('button', { name: 'Español', exact: true }).click()
  await page.getByRole('tab', { name: 'Subtítulos' }).waitFor()
  await page.getByRole('tab', { name: 'Transcripción' }).click()
  await page.getByText('1 de 3 revisados').waitFor()
  await page.getByRole('button', { name: 'Buscar y reemplazar' }).click()
  await page.getByLabel('Buscar', { exact: true }).fill('country')
  await page.getByText('2 coincidencias').waitFor()
  await shot('editor-es.png')
  await page.getByRole('tab', { name: 'Subtítulos' }).click()
  await page.locator('.cue__flag', { hasText: 'Sin traducir' }).first().waitFor()
  await shot('editor-subtitles-es.png')
})

const percentile = (list: number[], p: number) =>
  [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) * p)] ?? NaN

test('a 3-hour transcript opens, scrolls to its end and takes typing, with only the rows in view drawn', async () => {
  const other = path.join(mediaDir, 'en', 'sense_and_sensibility_01_austen_64kb-0880.wav')
  const { jobs } = await startIngest(voces, [other])
  assert.equal((await voces.jobs.waitFor(jobs[0]?.jobId ?? '')).state, 'succeeded')
  const id = voces.recordings.list().find((item) => item.id !== recordingId)?.id ?? ''
  storeLongTranscript(voces.db, id)

  const opened = performance.now()
  await page.goto(`${server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.locator('.seg').first().waitFor()
  const usable = performance.now() - opened
  const drawn = await page.locator('.seg').count()
  assert.ok(drawn > 3 && drawn < 80, `${drawn} of 2,500 segments are in the page`)

  await page.evaluate(
    `(() => { const l = document.querySelector('.transcript__list'); l.scrollTop = l.scrollHeight })()`,
  )
  await page.locator('.seg__words', { hasText: / 2499\s*$/ }).waitFor()

  await page
    .locator('.seg')
    .last()
    .getByRole('button', { name: /Edit text|Editar texto/ })
    .click()
  const area = page.locator('.seg textarea')
  await area.press('End')
  await page.evaluate(`(() => {
    window.__keyDelays = []
    document.addEventListener('keydown', (event) => {
      const at = performance.now()
      requestAnimationFrame(() => window.__keyDelays.push(performance.now() - at))
    }, true)
  })()`)
  await area.pressSequentially(' and we stayed', { delay: 30 })
  const delays = await page.evaluate<number[]>('window.__keyDelays')
  assert.equal(delays.length, ' and we stayed'.length)
  await page
    .locator('.editor-save', { hasText: /All changes saved|Todos los cambios guardados/ })
    .waitFor()
  console.log(
    `3-hour transcript (2,500 segments): usable ${usable.toFixed(0)} ms after navigation; ` +
      `keystroke to next frame: median ${percentile(delays, 0.5).toFixed(1)} ms, p95 ${percentile(delays, 0.95).toFixed(1)} ms`,
  )
})

// End-to-end for the editor's windowed list (decision 0202) on a 3-hour interview whose rows are of
// very different heights: the real core and HTTP transport, the real renderer build in real
// Chromium. Run with `node tests/e2e/virtual-list.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { storeLongTranscript } from '../editor/long-transcript.ts'
import { databaseOf, mediaDir, tempDir, rendererDir } from '../helpers.ts'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const segments = 2500
/** Every fourth segment is a long answer: several lines where the others take one or two. */
const wordsIn = (n: number) => (n % 4 === 0 ? 60 + (n % 7) * 10 : 8 + (n % 3))

let library: { dir: string; cleanup: () => void }
let voces: Voces
let server: RunningServer
let browser: Browser
let page: Page
let recordingId = ''

before(async () => {
  assert.ok(
    existsSync(path.join(rendererDir, 'index.html')),
    'build the renderer first: npx electron-vite build',
  )
  library = tempDir('voces-vlist-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
  assert.equal((await voces.jobs.waitFor(jobs[0]?.jobId ?? '')).state, 'succeeded')
  recordingId = (await voces.storage.recordings.list())[0]?.id ?? ''
  const db = databaseOf(voces)
  storeLongTranscript(db, recordingId, segments, wordsIn)
  db.prepare('UPDATE recordings SET duration = ? WHERE id = ?').run(3 * 3600, recordingId)
  server = await startHttpServer({ voces, port: 0, rendererDir })
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' })
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(server.url)
  await page.goto(`${server.origin}/#/recording/${encodeURIComponent(recordingId)}`)
  await page.locator('.seg').first().waitFor()
})

after(async () => {
  await browser?.close()
  await server?.close()
  await voces?.close()
  library?.cleanup()
})

/** Lets the list measure what it drew and correct itself (ResizeObserver, then React). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250))

interface Anchor {
  index: number
  /** Its top, relative to the list's top edge. */
  top: number
}

/** The first row whose top is inside the list's view: the line a person is reading. */
const anchorRow = (selector: string) =>
  page.evaluate<Anchor>(`(() => {
    const list = document.querySelector(${JSON.stringify(selector)})
    const edge = list.getBoundingClientRect().top
    const rows = [...list.querySelectorAll('.vlist__row')]
      .map((row) => ({ index: Number(row.dataset.index), top: row.getBoundingClientRect().top - edge }))
      .filter((row) => row.top >= 0)
      .sort((a, b) => a.top - b.top)
    return rows[0]
  })()`)

const rowTop = (selector: string, index: number) =>
  page.evaluate<number | null>(`(() => {
    const list = document.querySelector(${JSON.stringify(selector)})
    const row = list.querySelector('.vlist__row[data-index="${index}"]')
    return row ? row.getBoundingClientRect().top - list.getBoundingClientRect().top : null
  })()`)

/** The lowest index drawn: it falls as rows above the view are drawn, and so measured. */
const firstDrawn = (selector: string) =>
  page.evaluate<number>(
    `Math.min(...[...document.querySelectorAll(${JSON.stringify(selector)} + ' .vlist__row')].map((row) => Number(row.dataset.index)))`,
  )

test('scrolling up through rows not yet measured keeps the text read in place', async () => {
  const list = '.transcript__list'
  // Straight to the middle: every row above is still at its estimated height.
  await page.evaluate(
    `(() => { const l = document.querySelector('${list}'); l.scrollTop = l.scrollHeight / 2 })()`,
  )
  await settle()
  const startedAt = await firstDrawn(list)
  assert.ok(startedAt > 1000, `the view is in the middle of the transcript (row ${startedAt})`)
  const step = 90
  let worst = 0
  for (let n = 0; n < 14; n += 1) {
    const anchor = await anchorRow(list)
    assert.ok(anchor, 'a row is in view')
    await page.evaluate(`document.querySelector('${list}').scrollBy(0, -${step})`)
    await settle()
    const top = await rowTop(list, anchor.index)
    assert.ok(top !== null, `row ${anchor.index} is still drawn`)
    // Scrolled up by `step`: the row read moves down by exactly that, whatever was measured above.
    const jump = top - anchor.top - step
    worst = Math.max(worst, Math.abs(jump))
    assert.ok(
      Math.abs(jump) <= 1,
      `step ${n + 1}: row ${anchor.index} moved ${(top - anchor.top).toFixed(1)} px for a ${step} px scroll`,
    )
  }
  const endedAt = await firstDrawn(list)
  // Rows of a long answer (several lines) were among those newly drawn above the view.
  const measuredAbove = startedAt - endedAt
  assert.ok(measuredAbove >= 4, `${measuredAbove} rows above the view were drawn and measured`)
  console.log(
    `scrolled up through ${measuredAbove} newly measured rows: the row read moved at most ${worst.toFixed(2)} px off the scroll`,
  )
})

test('a cue picked far down the quality list, never drawn before, is scrolled into view', async () => {
  // Subtitles stored by SQL as the subtitle capability stores them: a 3-hour track whose every
  // fourth cue is a paragraph (a tall text box that breaks the line rules, so it is listed).
  const db = databaseOf(voces)
  const at = new Date().toISOString()
  db.transaction(() => {
    for (const language of ['en', 'es'])
      db.prepare(
        "INSERT INTO subtitle_tracks (recording_id, language, origin, created_at, updated_at) VALUES (?, ?, 'made', ?, ?)",
      ).run(recordingId, language, at, at)
    const addCue = db.prepare(
      'INSERT INTO subtitle_cues (recording_id, start, end) VALUES (?, ?, ?)',
    )
    const addText = db.prepare(
      'INSERT INTO subtitle_texts (cue_id, language, text) VALUES (?, ?, ?)',
    )
    for (let n = 0; n < segments; n += 1) {
      const start = n * 4.32
      const cue = addCue.run(recordingId, start, start + 4).lastInsertRowid
      const text =
        n % 4 === 0
          ? Array.from({ length: 12 }, (_, k) => `line ${k} of the long answer ${n}`).join('\n')
          : `we voted on the contract ${n}`
      addText.run(cue, 'en', text)
      addText.run(cue, 'es', text)
    }
  })()
  await page.reload()
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  await page.locator('.cue:not(.cue--head)').first().waitFor()
  const item = page.locator('.quality__track').first().locator('.quality__item').last()
  const label = (await item.locator('strong').textContent()) ?? ''
  const number = Number(/\d+/.exec(label)?.[0] ?? NaN)
  assert.ok(number > 500, `the last listed problem is far down: ${label}`)
  await item.click()
  await settle()
  const placed = await page.evaluate<{ row: number; top: number; bottom: number } | null>(`(() => {
    const list = document.querySelector('.subtitles__list')
    const row = list.querySelector('.vlist__row[data-index="${number - 1}"]')
    if (!row) return null
    const view = list.getBoundingClientRect()
    const box = row.getBoundingClientRect()
    return { row: box.top + box.height / 2 - (view.top + view.height / 2), top: box.top - view.top, bottom: view.bottom - box.bottom }
  })()`)
  assert.ok(placed, `cue ${number} is drawn`)
  assert.ok(
    placed.top >= -1 && placed.bottom >= -1,
    `cue ${number} is inside the view (${placed.top.toFixed(0)} px from its top, ${placed.bottom.toFixed(0)} px from its bottom)`,
  )
  assert.ok(Math.abs(placed.row) <= 2, `cue ${number} is centred (${placed.row.toFixed(1)} px off)`)
})

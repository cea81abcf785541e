// End-to-end for what a person sees and hears after a redaction (decision 0007): the editor masks the
// name at once, the player plays the covered listening copy, and the library's own copy of the
// original can be deleted (the person's original stays). Real core, HTTP transport, renderer
// build, Chromium and FFmpeg. Run with `node tests/e2e/redaction.e2e.ts` after `npx electron-vite build`.
import assert from 'node:assert/strict'
import { copyFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { openSession, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let id = ''
let original = ''

/** JFK's words as a typed English track, each word with an even share of its segment's time. */
function addTranscript(recordingId: string): void {
  const at = new Date().toISOString()
  const track = databaseOf(voces)
    .prepare(
      "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, 'en', 'transcript', 'typed', ?, ?)",
    )
    .run(recordingId, at, at).lastInsertRowid
  const segments: Array<[number, number, string]> = [
    [0.3, 4.2, 'And so my fellow Americans, ask not'],
    [4.2, 7.5, 'what your country can do for you,'],
    [7.5, 10.6, 'ask what you can do for your country.'],
  ]
  for (const [start, end, text] of segments) {
    const segment = databaseOf(voces)
      .prepare(
        "INSERT INTO segments (track_id, start, end, language, text) VALUES (?, ?, ?, 'en', ?)",
      )
      .run(track, start, end, text).lastInsertRowid
    const words = text.split(' ')
    const step = (end - start) / words.length
    words.forEach((word, i) =>
      databaseOf(voces)
        .prepare(
          'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, 0.9)',
        )
        .run(segment, start + i * step, start + (i + 1) * step, word),
    )
  }
}

before(async () => {
  library = tempDir('voces-redaction-e2e-')
  original = path.join(library.dir, 'speech at the gate.wav')
  copyFileSync(path.join(mediaDir, 'en', 'jfk.wav'), original)
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  await voces.settings.update({ copyIntoLibrary: true })
  const { jobs } = await startIngest(voces, [original])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  id = (job.result as { recordingId: string }).recordingId
  await voces.storage.recordings.update(id, { title: 'Speech at the gate', consentStatus: 'given' })
  addTranscript(id)
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

const playerSource = () => page.locator('.player__media').getAttribute('src')

test('after redacting a name, the editor masks it at once and the player plays the covered copy', async () => {
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('heading', { name: 'Speech at the gate', level: 1 }).waitFor()
  await page.getByText('Americans,', { exact: true }).first().waitFor()
  // The player's address comes with the recording's media files, a moment after the transcript.
  await page.waitForFunction(
    `/\\/original$/.test(document.querySelector('.player__media')?.getAttribute('src') ?? '')`,
  )
  assert.match((await playerSource()) ?? '', /\/original$/)

  await page.getByRole('button', { name: 'Redact…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Redact in “Speech at the gate”' })
  await dialog.getByLabel('Name or word').fill('Americans')
  await dialog.getByRole('button', { name: 'Continue…' }).click()
  await dialog.getByLabel('To confirm, type REDACT').fill('REDACT')
  await dialog.getByRole('button', { name: 'Redact for good' }).click()
  await dialog.getByText(/^Done\./).waitFor()
  await dialog.getByRole('button', { name: 'Close' }).click()

  // No reload: the page loaded the transcript and the player again.
  await page.getByText('[redacted]', { exact: false }).first().waitFor()
  assert.equal(await page.getByText('Americans,', { exact: true }).count(), 0)
  await page.getByText('Redacted stretches are covered').waitFor()
  const deadline = Date.now() + 15_000
  while (!((await playerSource()) ?? '').endsWith('/audio')) {
    assert.ok(Date.now() < deadline, 'the player moves to the covered listening copy')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await session.shot('redacted-recording-en.png')
})

test("the library's copy of the original is deleted after confirming; the original stays", async () => {
  const stored = path.join(
    voces.layout.root,
    (await voces.storage.recordings.files(id)).storedPath ?? '',
  )
  assert.ok(existsSync(stored))
  await page.getByRole('button', { name: "Delete the library's copy…" }).click()
  const dialog = page.getByRole('dialog', { name: "Delete the library's copy of the original?" })
  await dialog.getByText(original, { exact: false }).waitFor()
  await dialog.getByRole('button', { name: 'Keep it' }).click()
  assert.ok(existsSync(stored), 'Keep it deletes nothing')

  await page.getByRole('button', { name: "Delete the library's copy…" }).click()
  await dialog.getByRole('button', { name: 'Delete the copy' }).click()
  await page
    .getByRole('button', { name: "Delete the library's copy…" })
    .waitFor({ state: 'detached' })
  assert.equal(existsSync(stored), false)
  assert.equal((await voces.storage.recordings.files(id)).storedPath, null)
  assert.ok(existsSync(original))
})

test('the same page speaks Spanish', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByText('Los tramos tachados están cubiertos').waitFor()
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded()
  await page.mouse.wheel(0, -5000)
  await session.shot('redacted-recording-es.png')
})

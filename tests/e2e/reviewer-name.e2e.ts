// End-to-end for the reviewer's name (decision 0203): set once in Settings, recorded with each
// segment and cue marked verified. The real core, HTTP transport, renderer build and Chromium;
// screenshots of Settings in English and Spanish go to docs/screenshots. Run with
// `node --test tests/e2e/reviewer-name.e2e.ts` after `npx electron-vite build --outDir DIR`
// (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { storeLongTranscript } from '../editor/long-transcript.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { openSession, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let recordingId = ''

before(async () => {
  library = tempDir('voces-reviewer-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
  assert.equal((await voces.jobs.waitFor(jobs[0]?.jobId ?? '')).state, 'succeeded')
  recordingId = (await voces.storage.recordings.list())[0]?.id ?? ''
  const db = databaseOf(voces)
  storeLongTranscript(db, recordingId, 2)
  db.prepare('UPDATE recordings SET duration = ? WHERE id = ?').run(60, recordingId)
  // One cue with its English text, to be checked in the subtitles.
  const at = new Date().toISOString()
  db.prepare(
    "INSERT INTO subtitle_tracks (recording_id, language, origin, created_at, updated_at) VALUES (?, 'en', 'made', ?, ?)",
  ).run(recordingId, at, at)
  const cue = db
    .prepare('INSERT INTO subtitle_cues (recording_id, start, end) VALUES (?, 1, 3)')
    .run(recordingId).lastInsertRowid
  db.prepare("INSERT INTO subtitle_texts (cue_id, language, text) VALUES (?, 'en', ?)").run(
    cue,
    'we voted on the contract',
  )
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

/** Waits until the core has stored what the page did. */
async function eventually<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const segmentReviewers = () =>
  databaseOf(voces)
    .prepare(
      `SELECT s.reviewed_by AS by FROM segments s JOIN tracks t ON t.id = s.track_id
       WHERE t.recording_id = ? ORDER BY s.start`,
    )
    .all(recordingId)
    .map((row) => (row as { by: string | null }).by)

const cueReviewer = () =>
  (
    databaseOf(voces)
      .prepare(
        `SELECT x.reviewed_by AS by FROM subtitle_texts x JOIN subtitle_cues c ON c.id = x.cue_id
         WHERE c.recording_id = ? AND x.language = 'en'`,
      )
      .get(recordingId) as { by: string | null }
  ).by

const openRecording = async () => {
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(recordingId)}`)
  await page.locator('.seg').first().waitFor()
}

test('without a name, verifying a segment asks for one and links to Settings', async () => {
  await openRecording()
  await page
    .locator('.seg')
    .first()
    .getByRole('button', { name: /Machine/ })
    .click()
  const alert = page.getByRole('alert').filter({ hasText: 'Write your name first' })
  await alert.waitFor()
  assert.deepEqual(segmentReviewers(), [null, null], 'nothing is verified without a name')
  await alert.getByRole('link', { name: 'Your name (for review)' }).click()
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
})

test('the name set in Settings is kept, shown in both languages, and recorded when verifying', async () => {
  const field = page.getByLabel('Your name (for review)')
  await field.fill('  Ana Morales ')
  await field.blur()
  await eventually(
    async () => (await voces.settings.get()).reviewerName,
    (name) => name === 'Ana Morales',
    'the name in the settings, trimmed',
  )
  await page.reload()
  await eventually(
    () => page.getByLabel('Your name (for review)').inputValue(),
    (value) => value === 'Ana Morales',
    'the name in the field after a reload',
  )
  await session.shot('settings-reviewer-en.png')
  await page.getByRole('radio', { name: 'Español' }).check()
  assert.equal(await page.getByLabel('Su nombre (para la revisión)').inputValue(), 'Ana Morales')
  await session.shot('settings-reviewer-es.png')
  await page.getByRole('radio', { name: 'English' }).check()
  await page.getByLabel('Your name (for review)').waitFor()

  await openRecording()
  await page
    .locator('.seg')
    .nth(1)
    .getByRole('button', { name: /Machine/ })
    .click()
  await eventually(
    segmentReviewers,
    (list) => list[1] === 'Ana Morales',
    'the segment verified by Ana Morales',
  )
  assert.equal(segmentReviewers()[0], null, 'only the segment clicked is verified')

  await page.getByRole('tab', { name: 'Subtitles' }).click()
  await page.getByRole('button', { name: 'Mark as checked' }).first().click()
  await eventually(cueReviewer, (by) => by === 'Ana Morales', 'the cue checked by Ana Morales')
})

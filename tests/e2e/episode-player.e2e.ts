// End-to-end for the episode player (decision 0165): the real core, HTTP transport, renderer
// build, Chromium and FFmpeg. The episode page plays the episode as it will be exported from any
// moment (its cut, the next clip, a chapter), marks them on its track, and stays in view while the
// page scrolls to the transcript. Screenshots in English and Spanish go to docs/screenshots. Run
// through tests/e2e/run.ts after `npx electron-vite build --outDir DIR` (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Episode } from '../../src/shared/contract/index.ts'
import { spreadWords } from '../../src/core/transcripts/formats.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { openSession, screenshots, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let episode: Episode
let longId = ''

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input, { voces, transport: 'cli' })
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as T
}

/** Polls an expression in the page (waitForFunction would need eval, which the CSP refuses). */
async function until(expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const audio = (property: string) =>
  page.evaluate<string | number | boolean>(
    `document.querySelector('.episode-player audio').${property}`,
  )

before(async () => {
  library = tempDir('voces-episode-player-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const jfk = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  const leopard = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'es', 'leopard_es.wav')))
  const intro = path.join(library.dir, 'intro.wav')
  ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ar', '48000', intro])
  episode = await call<Episode>('episodes.create', {
    title: 'Ask not',
    clips: [
      { recordingId: jfk, start: 0, end: 11 },
      { recordingId: leopard, start: 0, end: 5 },
    ],
  })
  await call('episodes.update', { id: episode.id, patch: { intro } })
  await call('episodes.setCuts', {
    id: episode.id,
    cuts: [{ recordingId: jfk, start: 3, end: 5, kind: 'edit' }],
  })
  await call('episodes.setChapters', {
    id: episode.id,
    chapters: [
      { start: 0, titleEn: 'Ask not', titleEs: 'No pregunten' },
      { start: 9, titleEn: 'The beach', titleEs: 'La playa' },
    ],
  })
  // A minute of talk in sixty lines: a transcript longer than the window.
  longId = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')))
  await voces.storage.recordings.update(longId, { title: 'A long interview' })
  await voces.storage.transcripts.replaceTrack({
    recordingId: longId,
    language: 'en',
    kind: 'transcript',
    origin: 'typed',
    model: null,
    engineSettings: {},
    segments: Array.from({ length: 60 }, (_, i) => {
      const text = `Line ${i + 1} of what was said in the interview.`
      return {
        start: i,
        end: i + 0.9,
        speaker: 'Speaker 1',
        language: 'en' as const,
        text,
        words: spreadWords(text, i, i + 0.9),
      }
    }),
  })
  session = await openSession(voces)
  page = session.page
  await page.goto(`${session.server.origin}/#/episode/${encodeURIComponent(episode.id)}`)
  await page.getByRole('heading', { name: 'Ask not', level: 1 }).waitFor()
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

test('the player marks the intro, the cut, the next clip and the chapters on the export clock', async () => {
  const player = page.locator('.episode-player')
  await player.getByRole('heading', { name: 'Hear the episode' }).waitFor()
  // 2 s intro + 9 s of the first clip after its 2 s cut + 5 s of the second.
  await player.getByTestId('episode-player-time').filter({ hasText: '0:00 of 0:16' }).waitFor()
  assert.equal(await player.locator('.episode-player__join--cut').count(), 1)
  assert.equal(await player.locator('.episode-player__join--clip').count(), 1)
  assert.equal(await player.locator('.episode-player__music').count(), 1)
  assert.equal(await player.locator('.episode-player__chapter').count(), 2)
  assert.equal(
    await player.locator('.episode-player__join--cut').getAttribute('title'),
    'Cut at 0:05',
  )
  // The chapters after the intro (the export's clock): 0 → 0:02, 9 → 0:11.
  await player.getByRole('button', { name: '0:11 The beach' }).waitFor()
  await player.getByRole('button', { name: '0:02 Ask not' }).waitFor()
  await player.getByText('Red marks: 1 cut;', { exact: false }).waitFor()
  await player.screenshot({ path: path.join(screenshots, 'episode-player-en.png') })
})

test('“Hear the next cut” plays the export’s stream from two seconds before the cut', async () => {
  await page.getByRole('button', { name: 'Hear the next cut' }).click()
  await until(`document.querySelector('.episode-player audio').currentTime > 1`)
  assert.equal(await audio('paused'), false)
  const src = String(await audio('src'))
  assert.match(src, /\/media\/[^/]+\/preview\?from=3\.000$/)
  // The clock counts from where the stream started: past 0:04 now.
  await until(
    `/^0:0[4-9] of 0:16$/.test(document.querySelector('[data-testid=episode-player-time]').textContent)`,
  )
  await page.getByRole('button', { name: 'Pause' }).click()
  assert.equal(await audio('paused'), true)
})

test('a chapter plays from its mark, and a click on the track seeks there', async () => {
  await page.getByRole('button', { name: '0:11 The beach' }).click()
  await until(`document.querySelector('.episode-player audio').currentTime > 0.5`)
  assert.match(String(await audio('src')), /preview\?from=11\.000$/)
  const track = page.getByRole('slider', { name: 'Position in the episode' })
  const box = await track.boundingBox()
  assert.ok(box)
  // A quarter of 16 s: 4 s, while it plays, starts a new stream from there.
  await page.mouse.click(box.x + box.width / 4, box.y + box.height / 2)
  await until(`/from=(3\\.9|4\\.0)/.test(document.querySelector('.episode-player audio').src)`)
  await until(`document.querySelector('.episode-player audio').currentTime > 0.5`)
  await page.getByRole('button', { name: 'Pause' }).click()
})

test('the player stays in view while the page scrolls down to the transcript', async () => {
  await page.evaluate('window.scrollTo(0, document.body.scrollHeight)')
  await until('window.scrollY > 300')
  const box = await page.locator('.episode-player').boundingBox()
  assert.ok(box)
  assert.ok(box.y >= 0 && box.y < 120, `the player is at the top of the window (y ${box.y})`)
  await session.shot('episode-player-sticky-en.png')
  await page.evaluate('window.scrollTo(0, 0)')
})

test('a panel heading scrolled into view stops below the player, not under it', async () => {
  const headings = [
    'episode-details-heading',
    'episode-clips-heading',
    'cuts-heading',
    'chapters-heading',
    'notes-heading',
  ]
  for (const [index, id] of headings.entries()) {
    // As a link to it or a focus would: the heading brought to the top of the view.
    await page.evaluate(`document.getElementById('${id}').scrollIntoView({ block: 'start' })`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const player = await page.locator('.episode-player').boundingBox()
    const heading = await page.locator(`#${id}`).boundingBox()
    assert.ok(player && heading, id)
    // Near the end of the page the browser cannot scroll a heading up to the top: it stays lower.
    assert.ok(
      heading.y >= player.y + player.height,
      `${id} at ${heading.y} shows below the player (${player.y} + ${player.height})`,
    )
    if (index === 2) await session.shot('episode-player-heading-en.png')
  }
  await page.getByRole('button', { name: 'Español' }).click()
  await page
    .locator('.episode-player')
    .getByRole('heading', { name: 'Escuchar el episodio' })
    .waitFor()
  await page.evaluate(`document.getElementById('cuts-heading').scrollIntoView({ block: 'start' })`)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const player = await page.locator('.episode-player').boundingBox()
  const heading = await page.locator('#cuts-heading').boundingBox()
  assert.ok(
    player && heading && heading.y >= player.y + player.height,
    'below the player in Spanish',
  )
  await session.shot('episode-player-heading-es.png')
  await page.getByRole('button', { name: 'English' }).click()
  await page.evaluate('window.scrollTo(0, 0)')
})

test('a recording’s player stays in view while its long transcript is edited', async () => {
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(longId)}`)
  await page.getByRole('heading', { name: 'A long interview', level: 1 }).waitFor()
  const last = page.locator('.seg').filter({ hasText: 'Line 60 of' })
  // Down the page to the editor, then down its windowed list to the last line.
  await page.locator('.seg').first().waitFor()
  await page.evaluate(`(() => {
    const list = document.querySelector('.vlist')
    list.scrollIntoView({ block: 'end' })
    list.scrollTop = list.scrollHeight
  })()`)
  await last.waitFor()
  await last.scrollIntoViewIfNeeded()
  await until('window.scrollY > 200')
  const player = await page.locator('.player').boundingBox()
  const line = await last.boundingBox()
  assert.ok(player && line)
  assert.ok(player.y >= 0 && player.y < 120, `the player is at the top (y ${player.y})`)
  assert.ok(line.y >= player.y + player.height, 'the line edited shows below the player')
  assert.ok(line.y + line.height <= 900, 'and inside the window')
  await session.shot('recording-player-sticky-en.png')
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('region', { name: 'Reproductor' }).waitFor()
  await last.scrollIntoViewIfNeeded()
  const stuck = await page.locator('.player').boundingBox()
  assert.ok(stuck && stuck.y < 120)
  await session.shot('recording-player-sticky-es.png')
  await page.getByRole('button', { name: 'English' }).click()
  await page.goto(`${session.server.origin}/#/episode/${encodeURIComponent(episode.id)}`)
  await page.getByRole('heading', { name: 'Ask not', level: 1 }).waitFor()
})

test('in Spanish the player speaks Spanish', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  const player = page.locator('.episode-player')
  await player.getByRole('heading', { name: 'Escuchar el episodio' }).waitFor()
  await player.getByRole('button', { name: '0:11 La playa' }).waitFor()
  await player.getByRole('button', { name: 'Escuchar el siguiente corte' }).waitFor()
  await player.getByText('Marcas rojas: 1 corte;', { exact: false }).waitFor()
  await player.screenshot({ path: path.join(screenshots, 'episode-player-es.png') })
})

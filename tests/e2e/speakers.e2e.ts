// End-to-end for the speakers panel (decision 0153): the real core and HTTP transport, the real
// renderer build in Chromium. A stereo interview built from two real people (one microphone
// each) with its transcript as Whisper would give it; an earlier recording where the interviewer's
// voice was remembered. In the panel: detect, the remembered name proposed and confirmed, words
// moved to another voice and merged voices, each undone, detection again asking before it
// replaces a person's work, and the panel in English and Spanish.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Segment } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'
import { buildStereo, readerFirst, transcriptOf, turnTaking } from '../speakers/stereo.ts'
import { openSession, screenshots, type BrowserSession } from './session.ts'

const texts = [
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  'Las arenas son blanquecinas de grano medio y tiene muy poca asistencia.',
]

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let interview = ''

async function ingest(file: string): Promise<string> {
  const { jobs } = await startIngest(voces, [file])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  assert.equal(job.state, 'succeeded')
  return (job.result as { recordingId: string }).recordingId
}

async function call(method: string, input: unknown): Promise<unknown> {
  const result = await dispatch(method, input, { voces, transport: 'cli' })
  assert.ok(result.ok, JSON.stringify(result))
  return result.value
}

/** The source transcript's segments as the library holds them: speaker as shown. */
const segments = async () => (await voces.storage.transcripts.requireTrack(interview)).segments

async function untilStored(check: (list: readonly Segment[]) => boolean, what: string) {
  const deadline = Date.now() + 15_000
  for (;;) {
    const list = await segments()
    if (check(list)) return list
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(list.map((s) => s.speaker))}`,
      )
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function panelShot(name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
  const box = await page.locator('.recording-editor').boundingBox()
  assert.ok(box)
  await page.screenshot({ path: path.join(screenshots, name), fullPage: true, clip: box })
}

before(async () => {
  library = tempDir('voces-speakers-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const earlierWav = path.join(library.dir, 'earlier.wav')
  const interviewWav = path.join(library.dir, 'interview.wav')
  buildStereo(earlierWav, readerFirst())
  buildStereo(interviewWav, turnTaking())
  // The earlier recording: detected, and the interviewer's voice remembered.
  const earlier = await ingest(earlierWav)
  const { jobs } = (await call('speakers.detect', { recordingIds: [earlier] })) as {
    jobs: Array<{ jobId: string }>
  }
  assert.equal((await voces.jobs.waitFor(jobs[0]?.jobId ?? '')).state, 'succeeded')
  await call('speakers.rename', {
    recordingId: earlier,
    speaker: 'Speaker 2',
    name: 'Marcos Rivera',
    affiliation: 'Centro de Trabajadores',
    remember: true,
  })
  interview = await ingest(interviewWav)
  await voces.storage.recordings.update(interview, { title: 'Entrevista en la obra' })
  const parsed = JSON.parse(transcriptOf(turnTaking(), texts)) as { segments: Segment[] }
  await voces.storage.transcripts.replaceTrack({
    recordingId: interview,
    language: 'en',
    kind: 'transcript',
    origin: 'whisper',
    model: 'base',
    engineSettings: {},
    segments: parsed.segments,
  })
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

test('detect in the panel: turns in the transcript, talk time, and the remembered name proposed', async () => {
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(interview)}`)
  await page.getByRole('tab', { name: 'Transcript' }).waitFor()
  await page.locator('.seg').nth(2).waitFor()
  assert.equal(await page.locator('.seg').count(), 3)
  await page.getByRole('toolbar').getByRole('button', { name: 'Speakers' }).click()
  const panel = page.getByRole('region', { name: 'Speakers' })
  await panel.getByLabel('How many speakers').fill('2')
  await panel.getByRole('button', { name: 'Detect speakers' }).click()
  // The first segment ran across the change of voice: split, four turns.
  await page.locator('.seg').nth(3).waitFor()
  assert.equal(await page.locator('.seg').count(), 4)
  assert.equal(await page.locator('.seg--turn').count(), 3)
  assert.deepEqual(
    (await segments()).map((s) => s.speaker),
    ['Speaker 1', 'Speaker 2', 'Speaker 1', 'Speaker 2'],
  )
  const first = panel.locator('fieldset[data-speaker="Speaker 1"]')
  await first.getByText('Sounds like Marcos Rivera.').waitFor()
  assert.match(await first.locator('.speaker__time').innerText(), /Talks 0:1\d/)
  assert.equal(
    await panel
      .locator('fieldset[data-speaker="Speaker 2"]')
      .getByText(/Sounds like/)
      .count(),
    0,
  )
  await panelShot('speakers-en.png')

  // The sample plays from the voice's longest turn.
  await first.getByRole('button', { name: /Play a sample of/ }).click()
  const sample = (await voces.storage.speakers.voices(interview))[0]?.sample
  assert.ok(sample)
  await page.waitForFunction(`!document.querySelector('audio').paused`)
  const time = await page.evaluate<number>(`document.querySelector('audio').currentTime`)
  assert.ok(
    time >= sample.start - 0.05 && time <= sample.end + 0.5,
    `${time} in ${JSON.stringify(sample)}`,
  )
  await page.evaluate(`document.querySelector('audio').pause()`)

  await first.getByRole('button', { name: 'Confirm the name' }).click()
  await untilStored((list) => list[0]?.speaker === 'Marcos Rivera', 'the confirmed name')
  await first.getByLabel('Name').and(page.locator('[value="Marcos Rivera"]')).waitFor()
})

test('words moved to another voice, and two voices merged, each undone', async () => {
  // Select "Las arenas" in the second segment and give them to Marcos Rivera.
  const second = page.locator('.seg').nth(1)
  await page.evaluate(`(() => {
    const paragraph = document.querySelectorAll('.seg')[1].querySelector('.seg__words')
    const words = paragraph.querySelectorAll('[data-word]')
    const range = document.createRange()
    range.setStartBefore(words[0])
    range.setEndAfter(words[1])
    const selection = window.getSelection()
    selection.removeAllRanges()
    selection.addRange(range)
    paragraph.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }))
  })()`)
  const move = second.getByLabel('Move the 2 selected words to')
  await move.selectOption({ label: 'Marcos Rivera' })
  const moved = await untilStored((list) => list.length === 5, 'the words moved')
  assert.equal(moved[1]?.speaker, 'Marcos Rivera')
  assert.deepEqual(
    moved[1]?.words.map((w) => w.text),
    ['Las', 'arenas'],
  )
  assert.equal(moved[2]?.speaker, 'Speaker 2')
  await page.getByRole('button', { name: 'Undo' }).click()
  await untilStored(
    (list) => list.length === 4 && list[1]?.speaker === 'Speaker 2',
    'the move undone',
  )

  const panel = page.getByRole('region', { name: 'Speakers' })
  const reader = panel.locator('fieldset[data-speaker="Speaker 2"]')
  await reader.getByLabel('Merge Speaker 2 into').selectOption({ label: 'Marcos Rivera' })
  await reader.getByRole('button', { name: 'Merge' }).click()
  await untilStored((list) => list.every((s) => s.speaker === 'Marcos Rivera'), 'the merge')
  await panel.locator('fieldset[data-speaker="Speaker 2"]').waitFor({ state: 'detached' })
  await page.getByRole('button', { name: 'Undo' }).click()
  await untilStored((list) => list[1]?.speaker === 'Speaker 2', 'the merge undone')
  await panel.locator('fieldset[data-speaker="Speaker 2"]').waitFor()
})

test('detecting again asks before it replaces a person’s work; the panel in Spanish', async () => {
  const panel = page.getByRole('region', { name: 'Speakers' })
  await panel.getByRole('button', { name: 'Detect speakers' }).click()
  await panel
    .getByText(
      'A person already named or moved these speakers. Detecting again replaces their work.',
    )
    .waitFor()
  assert.equal((await segments())[0]?.speaker, 'Marcos Rivera')
  await panel.getByRole('button', { name: 'Detect and replace' }).click()
  await untilStored((list) => list[0]?.speaker === 'Speaker 1', 'the replacement')
  await panel
    .locator('fieldset[data-speaker="Speaker 1"]')
    .getByText('Sounds like Marcos Rivera.')
    .waitFor()

  await page.getByRole('button', { name: 'Español', exact: true }).click()
  const spanish = page.getByRole('region', { name: 'Hablantes' })
  await spanish.getByText('Se parece a Marcos Rivera.').waitFor()
  await spanish.getByRole('button', { name: 'Detectar hablantes' }).waitFor()
  await panelShot('speakers-es.png')
  await page.getByRole('button', { name: 'English', exact: true }).click()
})

/** The library panel's two choices, without the library's folder (a temp path each run). */
async function settingsShot(name: string): Promise<void> {
  const panel = page.locator('section[aria-labelledby="settings-library"]')
  const top = await panel.boundingBox()
  const bottom = await page.locator('#settings-speakers-hint').boundingBox()
  assert.ok(top && bottom)
  await page.screenshot({
    path: path.join(screenshots, name),
    clip: { x: top.x, y: top.y, width: top.width, height: bottom.y + bottom.height + 12 - top.y },
  })
}

test('Settings: detect speakers after transcription, on by default, turned off and kept', async () => {
  await page.getByRole('link', { name: 'Settings' }).click()
  const box = page.getByLabel('Detect speakers after transcription')
  await box.waitFor()
  assert.equal(await box.isChecked(), true)
  await settingsShot('settings-speakers-en.png')
  await box.uncheck()
  const deadline = Date.now() + 10_000
  while ((await voces.settings.get()).detectSpeakers) {
    assert.ok(Date.now() < deadline, 'the setting was stored')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await page.getByRole('button', { name: 'Español', exact: true }).click()
  const spanish = page.getByLabel('Detectar hablantes después de transcribir')
  await spanish.waitFor()
  assert.equal(await spanish.isChecked(), false)
  await spanish.check()
  await settingsShot('settings-speakers-es.png')
})

// End-to-end for building the engine from the Models page (decision 0189): the real core, HTTP
// transport, renderer build and Chromium. This machine has an engine, so models.list's `engine`
// is rewritten on its way to the page to say it was not found, first with every tool there, then
// with cmake and a compiler missing (the real check is tests/transcription/engine-build.test.ts).
// The button starts the real engine-build job, whose real script finds the engine already built.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { engineHint } from '../../src/core/transcription/binary.ts'
import { Voces } from '../../src/core/voces.ts'
import { tempDir } from '../helpers.ts'
import { openSession, screenshots, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let missingTools: string[] = []

before(async () => {
  library = tempDir('voces-engine-build-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  session = await openSession(voces)
  page = session.page
  await page.route('**/api/models.list', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as { ok: boolean; value?: { engine: unknown } }
    assert.ok(body.ok && body.value, 'models.list answered')
    body.value.engine = { found: false, path: null, hint: engineHint, build: { missingTools } }
    await route.fulfill({ response, json: body })
  })
  await page.goto(`${session.server.url}#/models`)
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

test('with no engine the Models page builds it, through a job that ends succeeded', async () => {
  const card = page.locator('.models-card').first()
  const button = card.getByRole('button', { name: 'Build the transcription engine' })
  await button.waitFor()
  await card.screenshot({ path: path.join(screenshots, 'engine-build-en.png') })
  await button.click()
  const deadline = Date.now() + 60_000
  for (;;) {
    const jobs = await voces.jobs.list()
    const job = jobs.find((each) => each.kind === 'engine-build')
    if (job?.state === 'succeeded') break
    assert.ok(job?.state !== 'failed', `the build failed: ${JSON.stringify(job?.error)}`)
    assert.ok(Date.now() < deadline, 'the build job ended')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
})

test('with tools missing it names each, with how to install it, and offers no build', async () => {
  missingTools = ['cmake', 'compiler']
  await page.reload()
  const card = page.locator('.models-card').first()
  await card.getByText('To build the engine, this computer needs these tools first:').waitFor()
  await card.getByText('CMake', { exact: true }).waitFor()
  await card.getByText('A C++ compiler').waitFor()
  assert.match(await card.innerText(), /sudo apt install cmake build-essential/)
  assert.equal(
    await card.getByRole('button', { name: 'Build the transcription engine' }).count(),
    0,
  )
  await card.screenshot({ path: path.join(screenshots, 'engine-build-missing-en.png') })
})

test('in Spanish too', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  const card = page.locator('.models-card').first()
  await card.getByText('Un compilador de C++').waitFor()
  await card.screenshot({ path: path.join(screenshots, 'engine-build-missing-es.png') })
  missingTools = []
  await page.reload()
  await card.getByRole('button', { name: 'Compilar el motor de transcripción' }).waitFor()
  await card.screenshot({ path: path.join(screenshots, 'engine-build-es.png') })
})

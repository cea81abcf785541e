// End-to-end for the first-run banner with no engine (decision 0168): the real core, HTTP
// transport, renderer build and Chromium. This machine has an engine (the tests build one), so
// the one answer that says so, models.list's `engine`, is rewritten on its way to the page to
// say it was not found; everything else is real. The banner then names the engine, offers no
// model download, and sends the person to Models. Screenshots in English and Spanish.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
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

before(async () => {
  library = tempDir('voces-engine-banner-e2e-')
  // No model installed: the first run.
  const models = path.join(library.dir, 'models')
  mkdirSync(models)
  process.env.VOCES_MODELS = models
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  session = await openSession(voces)
  page = session.page
  await page.route('**/api/models.list', async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as {
      ok: boolean
      value?: { engine: { found: boolean; path: string | null; hint: string | null } }
    }
    assert.ok(body.ok && body.value, 'models.list answered')
    body.value.engine = { found: false, path: null, hint: engineHint }
    await route.fulfill({ response, json: body })
  })
  await page.reload()
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
  delete process.env.VOCES_MODELS
})

test('with no engine the banner says so, offers no model download and leads to Models', async () => {
  const banner = page.locator('.first-run')
  await banner
    .getByRole('heading', { name: 'To transcribe, Voces needs its transcription engine' })
    .waitFor()
  assert.equal(await banner.getByRole('button', { name: /^Download/ }).count(), 0)
  assert.doesNotMatch(await banner.innerText(), /MB/)
  await banner.screenshot({ path: path.join(screenshots, 'banner-no-engine-en.png') })
  await banner.getByRole('link', { name: 'Go to Models' }).click()
  await page.getByRole('heading', { name: 'Transcription engine' }).waitFor()
  await page.getByText('Not found. Voces cannot transcribe until it is installed.').waitFor()
})

test('in Spanish too', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('link', { name: 'Biblioteca' }).click()
  const banner = page.locator('.first-run')
  await banner
    .getByRole('heading', { name: 'Para transcribir, Voces necesita su motor de transcripción' })
    .waitFor()
  await banner.getByRole('link', { name: 'Ir a Modelos' }).waitFor()
  await banner.screenshot({ path: path.join(screenshots, 'banner-no-engine-es.png') })
})

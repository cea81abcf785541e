// End-to-end for the settings page's glossary (docs/decisions/0080-glossary-prompt.md): the real
// core, HTTP transport, renderer build and Chromium, with whisper.cpp's weightless test model
// installed so the page can say how many terms fit Whisper's prompt. Screenshots in English and
// Spanish go to docs/screenshots. Run with `node --test tests/e2e/settings.e2e.ts` after
// `npx electron-vite build --outDir DIR` (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { getGlossary } from '../../src/core/transcription/glossary.ts'
import { Voces } from '../../src/core/voces.ts'
import { modelsDir, tempDir } from '../helpers.ts'
import { openSession, screenshots, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
const savedModels = process.env.VOCES_MODELS

before(async () => {
  library = tempDir('voces-settings-e2e-')
  process.env.VOCES_MODELS = path.join(library.dir, 'models')
  mkdirSync(process.env.VOCES_MODELS)
  copyFileSync(
    path.join(modelsDir, 'for-tests-ggml-tiny.bin'),
    path.join(process.env.VOCES_MODELS, 'for-tests-ggml-tiny.bin'),
  )
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  session = await openSession(voces)
  page = session.page
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
  if (savedModels === undefined) delete process.env.VOCES_MODELS
  else process.env.VOCES_MODELS = savedModels
})

/** Waits until the core has stored what the page did. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const glossary = () => getGlossary(voces.storage)
const glossaryPanel = () => page.locator('section[aria-labelledby="settings-glossary"]')

test('settings: glossary terms are added, refused with a reason, and removed', async () => {
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByRole('heading', { name: 'Glossary', level: 2 }).waitFor()
  await page.getByText('No terms yet.').waitFor()
  const field = page.getByLabel('New term')
  const add = page.getByRole('button', { name: 'Add', exact: true })

  for (const term of ['SEIU 2015', 'huelga', 'USMCA']) {
    await field.fill(term)
    await add.click()
    await page.getByRole('listitem').filter({ hasText: term }).waitFor()
  }
  // Enter adds too, and the field empties for the next term.
  await field.fill('Teamsters Local 2010')
  await field.press('Enter')
  await page.getByRole('listitem').filter({ hasText: 'Teamsters Local 2010' }).waitFor()
  assert.equal(await field.inputValue(), '')
  assert.deepEqual(await glossary(), ['SEIU 2015', 'huelga', 'USMCA', 'Teamsters Local 2010'])
  await page.getByText(/^4 terms, all in Whisper’s prompt \(\d+ of 111 tokens\)\.$/).waitFor()

  // Refusals say why, keep what was typed, and store nothing.
  await field.fill('HUELGA')
  await add.click()
  await page
    .getByRole('alert')
    .filter({ hasText: '“huelga” is already in the glossary.' })
    .waitFor()
  assert.equal(await field.inputValue(), 'HUELGA')
  assert.equal(await field.getAttribute('aria-invalid'), 'true')
  await field.fill('   ')
  await add.click()
  await page.getByText('Type the word or name to add to the glossary.').waitFor()
  await field.fill('x'.repeat(61))
  await add.click()
  await page.getByText('at most 60 characters').waitFor()
  assert.equal((await glossary()).length, 4)

  await page.getByRole('button', { name: 'Remove “USMCA”' }).click()
  await eventually(async () => !(await glossary()).includes('USMCA'), 'USMCA to be removed')
  await page.locator('.settings__term', { hasText: 'USMCA' }).waitFor({ state: 'detached' })
  assert.equal(
    await page.locator('#settings-glossary-error').count(),
    0,
    'a change clears the old refusal',
  )
  await field.fill('Boyle Heights')
  await glossaryPanel().screenshot({ path: path.join(screenshots, 'settings-glossary-en.png') })
})

test('settings: a glossary too long for the prompt marks the terms left out; in Spanish too', async () => {
  const extra = Array.from({ length: 30 }, (_, i) => `Local ${1000 + i} Teamsters`)
  const field = page.getByLabel('New term')
  for (const term of extra) {
    await field.fill(term)
    await field.press('Enter')
    await page.getByRole('listitem').filter({ hasText: term }).waitFor()
  }
  const status = page.getByText(/^Whisper’s prompt is full: it holds the first (\d+) terms/)
  await status.waitFor()
  const used = Number(/first (\d+) terms/.exec(await status.innerText())?.[1])
  const total = (await glossary()).length
  assert.ok(used > 5 && used < total, `${used} of ${total} fit`)
  assert.match(await status.innerText(), new RegExp(`and ${total - used} terms are left out`))
  assert.equal(await page.locator('.settings__left-out').count(), total - used)
  const terms = page.locator('.settings__term')
  const firstLeftOut = terms.nth(used)
  assert.match(await firstLeftOut.innerText(), /left out/)
  assert.doesNotMatch(await terms.nth(used - 1).innerText(), /left out/)

  await page.getByRole('radio', { name: 'Español' }).check()
  await page.getByRole('heading', { name: 'Glosario', level: 2 }).waitFor()
  await page
    .getByText(
      new RegExp(
        `^La indicación de Whisper está llena: incluye los primeros ${used} términos y quedan fuera ${total - used}\\.`,
      ),
    )
    .waitFor()
  assert.match(await firstLeftOut.innerText(), /no se usa/)
  await page.getByLabel('Término nuevo').fill('huelga')
  await page.getByRole('button', { name: 'Agregar', exact: true }).click()
  await page.getByRole('alert').filter({ hasText: '«huelga» ya está en el glosario.' }).waitFor()
  // Tall enough for the whole panel, so the sticky header does not cover its top.
  await page.setViewportSize({ width: 1320, height: 2400 })
  await glossaryPanel().screenshot({ path: path.join(screenshots, 'settings-glossary-es.png') })
  await page.setViewportSize({ width: 1320, height: 900 })
  await page.getByRole('button', { name: 'Quitar «huelga»' }).click()
  await eventually(async () => !(await glossary()).includes('huelga'), 'huelga to be removed')
  await page.getByRole('radio', { name: 'English' }).check()
  await page.getByRole('heading', { name: 'Glossary', level: 2 }).waitFor()
})

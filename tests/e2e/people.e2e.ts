// People in the shared archive, in real Chromium against `voces serve`'s HTTP transport on real
// PostgreSQL and media in Swift's S3 (scripts/services.sh): the sign-in page, one flow per role
// checking what each sees and may do (decision 0170: what a role may not do is absent), withdrawn
// recordings absent for non-archivists, and sign-out and a revoked session stopping at once.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import pg from 'pg'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { dispatch } from '../../src/core/api/index.ts'
import { resolveLibraryLocation } from '../../src/core/storage/open.ts'
import { openVoces, type Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import type { MethodInput, MethodName, Role } from '../../src/shared/contract/index.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { mediaDir, rendererDir, repoRoot } from '../helpers.ts'
import { serviceLines } from '../setup/services.ts'

const screenshots = path.join(repoRoot, 'docs', 'screenshots')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const password = 'correct horse battery staple'
const emailOf = (role: Role) => `${role}@center.example`
const names: Record<Role, string> = {
  admin: 'Rosa Admin',
  archivist: 'Ana Archivist',
  producer: 'Pablo Producer',
  staff: 'Sofía Staff',
  viewer: 'Victor Viewer',
}

let work: string
let servicesDir: string | null = null
let database: { name: string; drop: () => Promise<void> } | null = null
let voces: Voces
let server: RunningServer
let browser: Browser
const ids = { open: '', restricted: '', withdrawn: '' }

/** As the server machine's own owner (the CLI's `voces users add`, `voces grants`). */
async function asOwner<M extends MethodName>(method: M, input: MethodInput<M>): Promise<unknown> {
  const result = await dispatch(method, input, { voces, transport: 'cli' })
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value
}

async function asAdminDb(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.VOCES_TEST_DATABASE_ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

before(async () => {
  assert.ok(existsSync(path.join(rendererDir, 'index.html')), 'build the renderer first')
  work = mkdtempSync(path.join(os.tmpdir(), 'voces-people-e2e-'))
  if (!process.env.VOCES_TEST_DATABASE_URL) {
    // Its own temp folder, as tests/setup/services.ts makes it (the services run as their own user).
    servicesDir = mkdtempSync(path.join(os.tmpdir(), 'voces-services-'))
    const out = execFileSync(
      'bash',
      [path.join(repoRoot, 'scripts/services.sh'), 'up', servicesDir],
      {
        encoding: 'utf8',
        timeout: 180_000,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    Object.assign(process.env, serviceLines(out))
  }
  const name = `voces_people_${process.pid}_${Date.now()}`
  const owner = new URL(process.env.VOCES_TEST_DATABASE_URL ?? '').username
  await asAdminDb(`CREATE DATABASE ${name} OWNER "${owner}"`)
  database = { name, drop: () => asAdminDb(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
  const url = new URL(process.env.VOCES_TEST_DATABASE_URL ?? '')
  url.pathname = `/${name}`
  const bucket = process.env.VOCES_TEST_MEDIA_URL ?? ''
  mkdirSync(path.join(work, 'work'))
  const location = resolveLibraryLocation(
    {
      library: url.toString(),
      media: `${bucket}/${name}/`,
      s3Endpoint: process.env.VOCES_TEST_S3_ENDPOINT,
    },
    { ...process.env, VOCES_WORK_DIR: path.join(work, 'work') },
  )
  assert.equal(location.kind, 'postgres')
  voces = await openVoces({ location })

  // Three recordings: one anyone may hear, one restricted, one whose consent was withdrawn.
  ids.open = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  ids.restricted = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'es', 'leopard_es.wav')),
  )
  ids.withdrawn = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')),
  )
  await voces.storage.recordings.update(ids.open, { title: 'Open talk', consentStatus: 'given' })
  await voces.storage.recordings.update(ids.restricted, {
    title: 'Restricted talk',
    consentStatus: 'restricted',
  })
  await voces.storage.recordings.update(ids.withdrawn, {
    title: 'Withdrawn talk',
    consentStatus: 'withdrawn',
  })
  for (const role of ['admin', 'archivist', 'producer', 'staff', 'viewer'] as const)
    await asOwner('people.add', { email: emailOf(role), name: names[role], role, password })

  // The archive has accounts before it is served: people sign in (decision 0162).
  server = await startHttpServer({ voces, port: 0, rendererDir })
  assert.equal(server.accounts, true)
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
})

after(async () => {
  await browser?.close()
  await server?.close()
  await voces?.close()
  await database?.drop()
  if (servicesDir)
    execFileSync('bash', [path.join(repoRoot, 'scripts/services.sh'), 'down', servicesDir], {
      stdio: 'ignore',
    })
  if (servicesDir) rmSync(servicesDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1320, height: 860 },
    locale: 'en-US',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(server.url)
  return { context, page }
}

async function signIn(role: Role): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await freshPage()
  const { page } = opened
  await page.getByLabel('Email').fill(emailOf(role))
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Sign out' }).waitFor()
  return opened
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, name), fullPage: true })
}

const navLinks = async (page: Page) =>
  page
    .getByRole('navigation', { name: /main|principal/i })
    .getByRole('link')
    .allInnerTexts()

/** The library's titles, once the table is there. */
async function libraryTitles(page: Page): Promise<string[]> {
  await page.goto(`${server.origin}/#/`)
  await page.getByRole('row', { name: /Open talk/ }).waitFor()
  return page.getByRole('table').getByRole('link').allInnerTexts()
}

test('the sign-in page: a wrong password is told plainly, in English and in Spanish', async () => {
  const { context, page } = await freshPage()
  await page.getByRole('heading', { name: 'Sign in to Voces' }).waitFor()
  // Nothing of the archive is there before signing in.
  assert.equal(await page.getByRole('navigation').count(), 0)
  await page.getByLabel('Email').fill(emailOf('viewer'))
  await page.getByLabel('Password').fill('not the password at all')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page
    .getByRole('alert')
    .filter({ hasText: 'That email and password do not match' })
    .waitFor()
  await shot(page, 'sign-in-en.png')
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('heading', { name: 'Inicie sesión en Voces' }).waitFor()
  await page
    .getByRole('alert')
    .filter({ hasText: 'Ese correo y esa contraseña no corresponden' })
    .waitFor()
  await shot(page, 'sign-in-es.png')

  // Tries on one account are bounded (five in a window): the sixth is told to wait, in words.
  await page.getByRole('button', { name: 'English' }).click()
  await page.getByLabel('Email').fill('nobody@center.example')
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    await page.getByLabel('Password').fill(`wrong password ${attempt}`)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    await page.getByRole('alert').waitFor()
  }
  const tooMany = page
    .getByRole('alert')
    .filter({ hasText: /Too many sign-ins failed .* Wait \d+ seconds/ })
  await tooMany.waitFor()
  await context.close()
})

test('admin: sees everything, and adds, re-roles and removes a person on the People page', async () => {
  const { context, page } = await signIn('admin')
  await page.getByText(names.admin).waitFor()
  assert.deepEqual(await navLinks(page), [
    'Library',
    'Search',
    'Episodes',
    'Models',
    'Settings',
    'People',
    'Access',
    'Audit',
  ])
  assert.deepEqual((await libraryTitles(page)).sort(), [
    'Open talk',
    'Restricted talk',
    'Withdrawn talk',
  ])

  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByLabel('Copy recordings into the library').waitFor()
  // Enabled once the page knows who is signed in (whoami), a moment after it shows.
  await page.getByLabel('Copy recordings into the library').and(page.locator(':enabled')).waitFor()
  assert.equal(await page.getByLabel('Copy recordings into the library').isEnabled(), true)
  await page.getByRole('link', { name: 'Models' }).click()
  await page.getByText('Add a model file').waitFor()

  await page.getByRole('link', { name: 'People' }).click()
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
  const form = page.locator('form.people-form')
  await form.getByLabel('Email').fill('new.volunteer@center.example')
  await form.getByLabel('Name').fill('Nuevo Voluntario')
  await form.getByLabel('Role').selectOption('viewer')
  await form.getByLabel('Password').fill('a long enough password')
  await form.getByRole('button', { name: 'Add' }).click()
  const row = page.getByRole('row', { name: /new\.volunteer@center\.example/ })
  await row.waitFor()
  await row.getByLabel('Role of new.volunteer@center.example').selectOption('staff')
  await page.waitForTimeout(300)
  const stored = (await voces.storage.people.byEmail('new.volunteer@center.example'))?.role
  assert.equal(stored, 'staff', 'the role change is stored')
  await shot(page, 'people-en.png')

  await row.getByRole('button', { name: 'Remove…' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click()
  await row.waitFor({ state: 'detached' })
  assert.equal(await voces.storage.people.byEmail('new.volunteer@center.example'), undefined)

  // The archive's last admin cannot be made something else: the core refuses and says why.
  await page
    .getByRole('row', { name: new RegExp(emailOf('admin')) })
    .getByLabel(`Role of ${emailOf('admin')}`)
    .selectOption('viewer')
  await page.getByRole('alert').filter({ hasText: "is the archive's last admin" }).waitFor()

  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('heading', { name: 'Personas', level: 1 }).waitFor()
  await shot(page, 'people-es.png')
  await page.getByRole('button', { name: 'English' }).click()
  await context.close()
})

test('archivist: sees withdrawn recordings, grants a restricted one on Access, reads the Audit log', async () => {
  const { context, page } = await signIn('archivist')
  assert.deepEqual(await navLinks(page), [
    'Library',
    'Search',
    'Episodes',
    'Models',
    'Settings',
    'Access',
    'Audit',
  ])
  assert.ok((await libraryTitles(page)).includes('Withdrawn talk'))

  await page.getByRole('link', { name: 'Access' }).click()
  await page.getByRole('heading', { name: 'Access to restricted recordings' }).waitFor()
  await page.getByLabel('Recording').selectOption({ label: 'Restricted talk' })
  await page.getByLabel('Person (email)').fill(emailOf('viewer'))
  const nextYear = new Date().getUTCFullYear() + 1
  await page.getByLabel('Until (the end of this day, UTC)').fill(`12/31/${nextYear}`)
  await page.getByRole('button', { name: 'Grant' }).click()
  const grant = page.getByRole('row', { name: /Restricted talk/ })
  await grant.waitFor()
  assert.match(await grant.innerText(), new RegExp(`viewer@center\\.example\\s+12/31/${nextYear}`))
  assert.match(await grant.innerText(), /Active/)
  await shot(page, 'access-en.png')

  await page.getByRole('link', { name: 'Audit' }).click()
  await page.getByRole('heading', { name: 'Audit log' }).waitFor()
  const grantEntry = page.getByRole('row', { name: /grant\.add/ })
  await grantEntry.waitFor()
  assert.match(await grantEntry.innerText(), /archivist@center\.example/)
  // Named by its title once the library has loaded.
  await grantEntry.getByText('Restricted talk').waitFor()
  // The failed sign-in of the first flow and the admin's changes are there too.
  await page
    .getByRole('row', { name: /person\.role/ })
    .first()
    .waitFor()
  // Filtered to one recording: only its entries.
  await page.getByLabel('Recording').selectOption({ label: 'Open talk' })
  await page.getByText('Nothing in the log for this filter.').waitFor()
  await page.getByLabel('Recording').selectOption({ label: 'Restricted talk' })
  await grantEntry.waitFor()
  assert.equal(await page.getByRole('row', { name: /person\./ }).count(), 0)
  await page.getByLabel('Recording').selectOption({ label: 'Every recording' })
  await page
    .getByRole('row', { name: /person\.role/ })
    .first()
    .waitFor()
  await shot(page, 'audit-en.png')

  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('heading', { name: 'Registro de auditoría' }).waitFor()
  await shot(page, 'audit-es.png')
  await page.getByRole('link', { name: 'Acceso' }).click()
  await page.getByRole('heading', { name: 'Acceso a grabaciones restringidas' }).waitFor()
  await page
    .getByRole('row', { name: /Restricted talk/ })
    .getByText('Vigente')
    .waitFor()
  await shot(page, 'access-es.png')
  await page.getByRole('button', { name: 'English' }).click()
  await context.close()
})

test('archivist: a recording removed elsewhere takes its grant off the Access page at once', async () => {
  const id = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'es', 'silero_vad_es_60s.wav')),
  )
  await voces.storage.recordings.update(id, { title: 'Short talk', consentStatus: 'restricted' })
  const until = `${new Date().getUTCFullYear() + 1}-06-30`
  await asOwner('grants.add', { recordingId: id, email: emailOf('viewer'), until })
  const { context, page } = await signIn('archivist')
  await page.getByRole('link', { name: 'Access' }).click()
  const viewerRows = page.getByRole('row', { name: /viewer@center\.example/ })
  await page.getByRole('row', { name: /Short talk/ }).waitFor()
  assert.equal(await viewerRows.count(), 2, 'the restricted talk and the short talk')

  // Removed by another person (here the server's owner): the page hears the library event. The
  // grant went with the recording; its row goes too, without a reload (decision 0206).
  await asOwner('library.remove', { id })
  const deadline = Date.now() + 10_000
  while ((await viewerRows.count()) !== 1 && Date.now() < deadline) await page.waitForTimeout(100)
  assert.equal(await viewerRows.count(), 1, 'the removed recording’s grant row is gone')
  await page.getByRole('row', { name: /Restricted talk/ }).waitFor()
  await context.close()
})

/** A recording's page, and what its role finds there. */
async function recordingPage(page: Page, title: string) {
  await page.getByRole('link', { name: title }).click()
  await page.getByRole('heading', { name: title, level: 1 }).waitFor()
  return {
    exportButton: await page.getByRole('button', { name: 'Export…' }).count(),
    deleteButton: await page.getByRole('button', { name: 'Delete recording…' }).count(),
    titleEditable: await page.getByLabel('Title').isEditable(),
    transcribe: await page
      .getByText('No transcript yet')
      .waitFor()
      .then(() => page.getByRole('button', { name: 'Transcribe', exact: true }).count()),
  }
}

test('producer: no People, Access or Audit; withdrawn and restricted recordings absent; may export, not delete or edit details', async () => {
  const { context, page } = await signIn('producer')
  assert.deepEqual(await navLinks(page), ['Library', 'Search', 'Episodes', 'Models', 'Settings'])
  assert.deepEqual(await libraryTitles(page), ['Open talk'])
  // Recordings are added by archivists: no import here.
  assert.equal(await page.getByTestId('add-recordings').count(), 0)
  const seen = await recordingPage(page, 'Open talk')
  assert.deepEqual(seen, { exportButton: 1, deleteButton: 0, titleEditable: false, transcribe: 1 })
  // Typing the address of a page the role may not open finds nothing there.
  await page.goto(`${server.origin}/#/people`)
  await page.getByRole('heading', { name: 'Page not found' }).waitFor()
  assert.equal(await page.getByRole('heading', { name: 'People', level: 1 }).count(), 0)
  // The withdrawn recording's media answers as if it did not exist.
  const media = await page.request.get(`${server.origin}/media/${ids.withdrawn}/audio`)
  assert.equal(media.status(), 404)
  await context.close()
})

test('staff: may make episodes and podcasts; no withdrawn recording anywhere', async () => {
  const { context, page } = await signIn('staff')
  assert.deepEqual(await libraryTitles(page), ['Open talk'])
  const seen = await recordingPage(page, 'Open talk')
  assert.deepEqual(seen, { exportButton: 1, deleteButton: 0, titleEditable: false, transcribe: 1 })
  await page.getByRole('link', { name: 'Episodes' }).click()
  await page.getByRole('button', { name: 'New episode' }).waitFor()
  await context.close()
})

test('viewer: listens and reads; the restricted recording granted to them is there, the withdrawn one never; sign-out stops at once', async () => {
  const { context, page } = await signIn('viewer')
  assert.deepEqual(await navLinks(page), ['Library', 'Search', 'Episodes', 'Models', 'Settings'])
  assert.deepEqual((await libraryTitles(page)).sort(), ['Open talk', 'Restricted talk'])
  assert.equal(await page.getByTestId('add-recordings').count(), 0)
  // Models are the admins' to download: no offer of one.
  assert.equal(await page.getByRole('button', { name: /^Download / }).count(), 0)
  await shot(page, 'library-viewer-en.png')
  const seen = await recordingPage(page, 'Open talk')
  assert.deepEqual(seen, { exportButton: 0, deleteButton: 0, titleEditable: false, transcribe: 0 })
  // With a transcript, the viewer reads it and may change nothing in it.
  await asOwner('transcripts.import', {
    recordingId: ids.open,
    fileName: 'open.srt',
    text: '1\n00:00:00,000 --> 00:00:03,000\nAnd so, my fellow Americans\n\n2\n00:00:03,000 --> 00:00:06,000\nask not what your country can do\n',
    replace: false,
  })
  await page.reload()
  await page.getByText('my fellow Americans').waitFor()
  assert.equal(await page.getByRole('button', { name: 'Edit text' }).count(), 0)
  assert.equal(await page.getByRole('button', { name: 'Join with next' }).count(), 0)
  assert.equal(await page.getByLabel('Speaker').first().isDisabled(), true)
  await page.getByText('my fellow Americans').dblclick()
  assert.equal(
    await page.locator('textarea.seg__text').count(),
    0,
    'a double click opens no editing',
  )
  // Subtitles: the viewer reads the cues; their text is read-only, no cue operation is offered.
  const srt = path.join(work, 'open.en.srt')
  writeFileSync(srt, '1\n00:00:00,300 --> 00:00:04,000\nAnd so my fellow Americans,\n')
  await asOwner('subtitles.import', { recordingId: ids.open, language: 'en', path: srt })
  await page.reload()
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  const cueText = page.locator('textarea.cue__text[data-language="en"]').first()
  await cueText.waitFor()
  assert.equal(await cueText.inputValue(), 'And so my fellow Americans,')
  assert.equal(await cueText.isEditable(), false, 'cue text is read-only for a viewer')
  for (const name of ['Split', 'Join', 'Add', 'Delete', 'Make subtitles from the transcript'])
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name)
  await shot(page, 'subtitles-viewer-en.png')
  // The viewer's own language: kept in this browser, never through the admins' settings call.
  const settingsCalls: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/api/settings.update')) settingsCalls.push(request.url())
  })
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('tab', { name: 'Subtítulos' }).waitFor()
  await shot(page, 'subtitles-viewer-es.png')
  await page.reload()
  await page.getByRole('tab', { name: 'Subtítulos' }).waitFor()
  await page.getByRole('button', { name: 'English' }).click()
  await page.getByRole('tab', { name: 'Subtitles' }).waitFor()
  assert.deepEqual(settingsCalls, [], 'no settings.update for a language change')
  await page.getByRole('link', { name: 'Episodes' }).click()
  await page.getByRole('heading', { name: 'Episodes', level: 1 }).waitFor()
  assert.equal(await page.getByRole('button', { name: 'New episode' }).count(), 0)

  // The library's settings are shown, not changeable; models are not theirs to add or download.
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByLabel('Copy recordings into the library').waitFor()
  assert.equal(await page.getByLabel('Copy recordings into the library').isDisabled(), true)
  await page.getByRole('link', { name: 'Models' }).click()
  await page.getByRole('table').waitFor()
  assert.equal(await page.getByText('Add a model file').count(), 0)
  assert.equal(await page.getByRole('button', { name: /^Download/ }).count(), 0)

  // The archivist revokes the grant: the restricted recording is gone at the next look.
  await asOwner('grants.remove', { recordingId: ids.restricted, email: emailOf('viewer') })
  assert.deepEqual(await libraryTitles(page), ['Open talk'])

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('heading', { name: 'Sign in to Voces' }).waitFor()
  // The session is gone on the server too: the old cookie opens nothing.
  const call = await page.request.post(`${server.origin}/api/library.list`, { data: {} })
  assert.equal(((await call.json()) as { error: { code: string } }).error.code, 'SIGN_IN_NEEDED')
  await page.reload()
  await page.getByRole('heading', { name: 'Sign in to Voces' }).waitFor()
  await context.close()
})

test('a person removed by an admin is signed out at their next step', async () => {
  const { context, page } = await signIn('producer')
  await libraryTitles(page)
  await asOwner('people.remove', { email: emailOf('producer') })
  await page.getByRole('link', { name: 'Open talk' }).click()
  await page.getByRole('heading', { name: 'Sign in to Voces' }).waitFor()
  await page.getByText('You were signed out. Sign in again to go on.').waitFor()
  // And their old password opens nothing any more.
  await page.getByLabel('Email').fill(emailOf('producer'))
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor()
  await context.close()
})

// End-to-end for translation on this computer (decision 0156): the real core with the real
// Apertium, HTTP transport, renderer build and Chromium. "Translate into Spanish" fills the
// empty Spanish cues on the same timing, marks them machine translation, keeps a cue a person
// typed and offers to replace it, and says which translated cues break the rules. Screenshots in
// English and Spanish go to docs/screenshots. Run through tests/e2e/run.ts after
// `npx electron-vite build --outDir DIR` (and VOCES_OUT_DIR=DIR).
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { startIngest } from '../../src/core/media/ingest.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { openSession, screenshots, shotOf, type BrowserSession } from './session.ts'

let library: { dir: string; cleanup: () => void }
let voces: Voces
let session: BrowserSession
let page: Page
let id = ''
let cueIds: number[] = []

before(async () => {
  library = tempDir('voces-translation-e2e-')
  voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  id = (job.result as { recordingId: string }).recordingId
  await voces.storage.recordings.update(id, { title: 'Night shift' })
  await voces.storage.subtitles.replaceCues(
    id,
    [
      {
        start: 0.5,
        end: 3,
        speaker: null,
        texts: { en: 'They paid us less than the minimum wage.' },
      },
      { start: 3.2, end: 6, speaker: null, texts: { en: '<i>We decided to go on strike.</i>' } },
      // Too little time for its Spanish: the quality panel flags it.
      {
        start: 6.1,
        end: 7,
        speaker: null,
        texts: { en: 'We worked twelve hours a day without a break and nobody paid overtime.' },
      },
      { start: 7.5, end: 10, speaker: null, texts: { en: 'We won.', es: '¡Ganamos!' } },
    ],
    [
      { language: 'en', origin: 'imported', source: 'night-shift.srt', timing: true },
      { language: 'es', origin: 'typed', source: '', timing: false },
    ],
  )
  cueIds = (await voces.storage.subtitles.cues(id)).map((cue) => cue.id)
  // An English transcript, for translating the transcript into a Spanish translation track.
  await voces.storage.transcripts.replaceTrack({
    recordingId: id,
    language: 'en',
    kind: 'transcript',
    origin: 'imported',
    model: null,
    engineSettings: {},
    segments: [
      {
        start: 0.5,
        end: 3,
        speaker: 'Rosa',
        language: 'en',
        text: 'We decided to go on strike.',
        words: [],
      },
      {
        start: 3.2,
        end: 6,
        speaker: 'Rosa',
        language: 'en',
        text: 'The union helped us.',
        words: [],
      },
    ],
  })
  session = await openSession(voces)
  page = session.page
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('heading', { name: 'Night shift', level: 1 }).waitFor()
})

after(async () => {
  await session?.close()
  await voces?.close()
  library?.cleanup()
})

/** Show notes holding only a machine-drafted Spanish summary, still marked as a draft. */
const machineSummary = {
  summaryEn: '',
  summaryEs: 'Resumen de la máquina.',
  bodyEn: '',
  bodyEs: '',
  guests: '',
  credits: '',
  links: [],
  drafts: ['summaryEs' as const],
}

/** What `read` gives once `check` holds, or after five seconds, as the page saves after a pause. */
async function polled<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 50 && !check(await read()); i++)
    await new Promise((resolve) => setTimeout(resolve, 100))
  return read()
}

const spanishCell = (n: number) =>
  page.locator(`textarea[data-cue="${cueIds[n]}"][data-language="es"]`)

test('Translate into Spanish fills the empty cues, marks them, keeps a typed cue and asks', async () => {
  await page.getByRole('tab', { name: 'Subtitles' }).click()
  await page.getByRole('button', { name: 'Translate into Spanish' }).click()
  const status = page.getByRole('status').filter({ hasText: 'Translated on this computer' })
  await status.waitFor({ timeout: 60_000 })
  assert.match(await status.innerText(), /Translated on this computer \(apertium\): 3\./)
  assert.match(await status.innerText(), /break the reading-speed or line rules: 1 /)
  assert.match(await status.innerText(), /Kept as a person typed or checked them: 1\./)
  assert.match(await spanishCell(0).inputValue(), /(salario|sueldo) mínimo/)
  assert.match(await spanishCell(1).inputValue(), /^<i>.*huelga.*<\/i>$/)
  assert.equal(await spanishCell(3).inputValue(), '¡Ganamos!')
  // The typed cue is not machine translation: it carries no such flag.
  await page.locator('.cue__flag--machine').nth(2).waitFor()
  assert.equal(await page.locator('.cue__flag--machine').count(), 3)
  await page
    .locator('.subtitles')
    .screenshot({ path: path.join(screenshots, 'translation-en.png') })
  await status.getByRole('button', { name: 'Replace those too' }).waitFor()
})

test('in Spanish the same flow speaks Spanish, and replacing the kept cue is asked for', async () => {
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('button', { name: 'Traducir al español' }).click()
  const status = page.getByRole('status').filter({ hasText: 'Traducidos en esta computadora' })
  await status.waitFor({ timeout: 60_000 })
  await status.getByRole('button', { name: 'Reemplazarlos también' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: 'Traducidos en esta computadora (apertium): 4.' })
    .waitFor({ timeout: 60_000 })
  assert.notEqual(await spanishCell(3).inputValue(), '¡Ganamos!')
  await page.locator('.cue__flag--machine', { hasText: 'Traducción automática' }).first().waitFor()
  await page
    .locator('.subtitles')
    .screenshot({ path: path.join(screenshots, 'translation-es.png') })
})

test('Settings name the translation engines and refuse a program that is not Apertium', async () => {
  // Still in Spanish from the test before.
  await page.getByRole('link', { name: 'Ajustes' }).click()
  const panel = page.locator('section[aria-labelledby="settings-translation"]')
  await panel.getByRole('heading', { name: 'Traducción en esta computadora' }).waitFor()
  await panel.getByText('apertium: instalado (en→es, es→en).').waitFor()
  await panel.getByText('bergamot: no está instalado.', { exact: false }).waitFor()
  await panel.getByLabel('Programa Apertium').fill('/bin/true')
  await panel.getByRole('button', { name: 'Usar este' }).click()
  await panel.getByRole('alert').filter({ hasText: 'no es un Apertium que funcione' }).waitFor()
  assert.equal((await voces.settings.get()).apertiumPath, '')
  await panel.screenshot({ path: path.join(screenshots, 'translation-settings-es.png') })
  await page.getByRole('button', { name: 'English' }).click()
  await panel.getByLabel('Apertium program').fill('/usr/bin/apertium')
  await panel.getByRole('button', { name: 'Use this' }).click()
  await panel.getByText('apertium: installed (en→es, es→en).').waitFor()
  await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor()
  assert.equal((await voces.settings.get()).apertiumPath, '/usr/bin/apertium')
  await panel.screenshot({ path: path.join(screenshots, 'translation-settings-en.png') })
})

test('the Transcript tab translates the transcript into a Spanish translation track', async () => {
  // In English from the test before.
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  await page.getByRole('tab', { name: 'Transcript' }).click()
  await page.getByRole('button', { name: 'Translate the transcript into Spanish' }).click()
  const status = page.locator('.transcript-translation [role="status"]', {
    hasText: 'Spanish translation track made on this computer (apertium): 2 segments',
  })
  await status.waitFor({ timeout: 60_000 })
  const tracks = await voces.storage.transcripts.listTracks(id)
  assert.deepEqual(
    tracks.map((track) => [track.track, track.kind]),
    [
      ['en', 'transcript'],
      ['es', 'translation'],
    ],
  )
  const spanish = await voces.storage.transcripts.labelledSegments(id, 'es')
  assert.match(spanish[0]?.text ?? '', /huelga/)
  await page
    .locator('.recording-editor')
    .screenshot({ path: path.join(screenshots, 'translation-transcript-en.png') })
  await page.getByRole('button', { name: 'Español' }).click()
  await page.getByRole('button', { name: 'Traducir la transcripción al español' }).click()
  await page
    .locator('.transcript-translation [role="status"]', {
      hasText: 'Se creó la traducción al español en esta computadora (apertium): 2 segmentos',
    })
    .waitFor({ timeout: 60_000 })
  await page
    .locator('.recording-editor')
    .screenshot({ path: path.join(screenshots, 'translation-transcript-es.png') })
})

test('the episode page drafts the show notes in the other language, marked as a draft, with undo', async () => {
  // Decision 0177: a draft fills the other language's summary and show notes, marked until a
  // person edits or accepts it, and asks before replacing what a person typed.
  const episode = await voces.storage.episodes.create({ title: 'Night shift episode' }, [])
  await voces.storage.episodes.setNotes(episode.id, {
    summaryEn: 'Workers talk about the minimum wage and the strike.',
    summaryEs: '',
    bodyEn: 'We decided to go on strike.\nThe union helped us.',
    bodyEs: 'Un texto que una persona escribió.',
    guests: '',
    credits: '',
    links: [],
    drafts: [],
  })
  const drafts = async () => (await voces.storage.episodes.notes(episode.id)).drafts
  await page.goto(`${session.server.origin}/#/episode/${encodeURIComponent(episode.id)}`)
  // In Spanish from the test before.
  await page.locator('.language-switch').getByRole('button', { name: 'English' }).click()
  const notes = page.locator('section.notes')
  const summaryEs = page.locator('#notes-summaryEs')
  const bodyEs = page.locator('#notes-bodyEs')
  await summaryEs.waitFor()

  // The Spanish body was typed by a person: asked, and kept when the person says no.
  page.once('dialog', (dialog) => void dialog.dismiss())
  await page.getByRole('button', { name: 'Draft in Spanish' }).click()
  await notes
    .getByRole('status')
    .filter({ hasText: 'Drafted on this computer (apertium)' })
    .waitFor({
      timeout: 60_000,
    })
  assert.match(await summaryEs.inputValue(), /(salario|sueldo) mínimo/)
  assert.equal(await bodyEs.inputValue(), 'Un texto que una persona escribió.')
  assert.equal(await notes.locator('.notes__draft-mark').count(), 1)
  assert.deepEqual(await drafts(), ['summaryEs'])
  await notes.screenshot({ path: path.join(screenshots, 'translation-notes-en.png') })

  // Undo puts the notes back as they were, stored.
  await page.getByRole('button', { name: 'Undo the draft' }).click()
  await notes.getByRole('status').filter({ hasText: 'The draft was undone' }).waitFor()
  assert.equal(await summaryEs.inputValue(), '')
  assert.equal(await notes.locator('.notes__draft-mark').count(), 0)
  assert.deepEqual(await drafts(), [])
  assert.equal((await voces.storage.episodes.notes(episode.id)).summaryEs, '')

  // In Spanish, replacing what a person typed is accepted: both are drafts.
  await page.locator('.language-switch').getByRole('button', { name: 'Español' }).click()
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('button', { name: 'Borrador en español' }).click()
  await notes
    .getByRole('status')
    .filter({ hasText: 'Borrador hecho en esta computadora (apertium)' })
    .waitFor({ timeout: 60_000 })
  await notes
    .locator('.notes__draft-mark', { hasText: 'Borrador: traducción automática' })
    .nth(1)
    .waitFor()
  assert.match(await bodyEs.inputValue(), /huelga/)
  assert.deepEqual([...(await drafts())].sort(), ['bodyEs', 'summaryEs'])
  await notes.screenshot({ path: path.join(screenshots, 'translation-notes-es.png') })

  // Editing a draft makes it the person's own; accepting one does too. Both stored.
  await bodyEs.fill('Decidimos ir a la huelga.\nEl sindicato nos ayudó.')
  await bodyEs.blur()
  await notes.getByRole('button', { name: 'Aceptar: Resumen' }).click()
  await bodyEs.blur()
  assert.equal(await notes.locator('.notes__draft-mark').count(), 0)
  for (let i = 0; i < 50 && (await drafts()).length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 100))
  assert.deepEqual(await drafts(), [])
  assert.equal(
    (await voces.storage.episodes.notes(episode.id)).bodyEs,
    'Decidimos ir a la huelga.\nEl sindicato nos ayudó.',
  )
})

test('the Chapters panel drafts chapter titles in the other language, marked, asking, with undo', async () => {
  // Decision 0185: the chapter titles are drafted like the show notes (decision 0177), their
  // marks kept in the same stored notes record, next to a show-notes draft mark.
  const episode = await voces.storage.episodes.create({ title: 'Chapters episode' }, [
    { recordingId: id, start: 0, end: 10 },
  ])
  await voces.storage.episodes.setChapters(episode.id, [
    { start: 0, titleEn: 'The minimum wage', titleEs: '' },
    { start: 5, titleEn: 'We decided to go on strike', titleEs: 'La huelga, escrita a mano' },
  ])
  await voces.storage.episodes.setNotes(episode.id, machineSummary)
  const stored = async () => ({
    titles: (await voces.storage.episodes.require(episode.id)).chapters.map((c) => c.titleEs),
    drafts: [...(await voces.storage.episodes.notes(episode.id)).drafts].sort(),
  })
  const until = (check: (value: Awaited<ReturnType<typeof stored>>) => boolean) =>
    polled(stored, check)
  await page.goto(`${session.server.origin}/#/episode/${encodeURIComponent(episode.id)}`)
  await page.locator('.language-switch').getByRole('button', { name: 'English' }).click()
  const chapters = page.locator('section.chapters')
  const titleEs = (n: number) => chapters.locator('input[lang="es"]').nth(n - 1)
  await titleEs(1).waitFor()

  // The second Spanish title was typed by a person: asked, and kept when the person says no.
  page.once('dialog', (dialog) => void dialog.dismiss())
  await chapters.getByRole('button', { name: 'Draft titles in Spanish' }).click()
  await chapters
    .getByRole('status')
    .filter({ hasText: 'Drafted on this computer (apertium), 1 of the chapter titles' })
    .waitFor({ timeout: 60_000 })
  assert.match(await titleEs(1).inputValue(), /(salario|sueldo) mínimo/)
  assert.equal(await titleEs(2).inputValue(), 'La huelga, escrita a mano')
  assert.equal(await chapters.locator('.notes__draft-mark').count(), 1)
  let now = await until((value) => value.drafts.length === 2)
  assert.deepEqual(now.drafts, ['chapterTitleEs@0', 'summaryEs'])
  assert.match(now.titles[0] ?? '', /mínimo/)
  await chapters.screenshot({ path: path.join(screenshots, 'translation-chapters-en.png') })

  // Undo puts the titles back, stored, and leaves the show notes' own mark alone.
  await chapters.getByRole('button', { name: 'Undo the titles draft' }).click()
  await chapters.getByRole('status').filter({ hasText: 'The draft was undone' }).waitFor()
  assert.equal(await titleEs(1).inputValue(), '')
  now = await until((value) => value.drafts.length === 1 && value.titles[0] === '')
  assert.deepEqual(now, { titles: ['', 'La huelga, escrita a mano'], drafts: ['summaryEs'] })

  // In Spanish, replacing what a person typed is accepted: both titles are drafts.
  await page.locator('.language-switch').getByRole('button', { name: 'Español' }).click()
  page.once('dialog', (dialog) => void dialog.accept())
  await chapters.getByRole('button', { name: 'Borrador de títulos en español' }).click()
  await chapters
    .getByRole('status')
    .filter({ hasText: 'Borrador hecho en esta computadora (apertium) para 2 de los títulos' })
    .waitFor({ timeout: 60_000 })
  assert.match(await titleEs(2).inputValue(), /huelga/)
  assert.notEqual(await titleEs(2).inputValue(), 'La huelga, escrita a mano')
  now = await until((value) => value.drafts.length === 3)
  assert.deepEqual(now.drafts, ['chapterTitleEs@0', 'chapterTitleEs@5', 'summaryEs'])
  await chapters.screenshot({ path: path.join(screenshots, 'translation-chapters-es.png') })

  // The marks survive a reload; editing one title and accepting the other clears them, stored.
  await page.reload()
  await chapters.locator('.notes__draft-mark').nth(1).waitFor()
  // Not the machine's own wording, which would be no edit at all.
  await titleEs(2).fill('Nos fuimos a la huelga')
  await chapters.getByRole('button', { name: 'Aceptar: Título en español del capítulo 1' }).click()
  await titleEs(2).blur()
  await chapters.locator('.notes__draft-mark').first().waitFor({ state: 'detached' })
  now = await until(
    (value) => value.drafts.length === 1 && value.titles[1] === 'Nos fuimos a la huelga',
  )
  assert.deepEqual(now.drafts, ['summaryEs'])
  assert.equal(now.titles[1], 'Nos fuimos a la huelga')
})

test('the episode details draft the description in the other language, marked, asking, with undo', async () => {
  // Decision 0191: a description per language, drafted like the show notes and chapter titles
  // (decisions 0177, 0185), its mark kept in the same stored notes record beside theirs.
  const typed = 'Una descripción que una persona escribió.'
  const episode = await voces.storage.episodes.create(
    {
      title: 'Description episode',
      descriptionEn: 'Workers talk about the minimum wage.',
      descriptionEs: typed,
    },
    [{ recordingId: id, start: 0, end: 10 }],
  )
  await voces.storage.episodes.setNotes(episode.id, machineSummary)
  const stored = async () => ({
    es: (await voces.storage.episodes.require(episode.id)).descriptionEs,
    drafts: [...(await voces.storage.episodes.notes(episode.id)).drafts].sort(),
  })
  const until = (check: (value: Awaited<ReturnType<typeof stored>>) => boolean) =>
    polled(stored, check)
  await page.goto(`${session.server.origin}/#/episode/${encodeURIComponent(episode.id)}`)
  await page.locator('.language-switch').getByRole('button', { name: 'English' }).click()
  const details = page.locator('section[aria-labelledby="episode-details-heading"]')
  const descriptionEs = details.getByLabel('Description in Spanish', { exact: true })
  await descriptionEs.waitFor()
  assert.equal(
    await details.getByLabel('Description in English', { exact: true }).inputValue(),
    'Workers talk about the minimum wage.',
  )

  // The Spanish description was typed by a person: asked, and kept when the person says no.
  page.once('dialog', (dialog) => void dialog.dismiss())
  await details.getByRole('button', { name: 'Draft description in Spanish' }).click()
  await details
    .getByRole('status')
    .filter({ hasText: 'The description a person typed was kept' })
    .waitFor({ timeout: 60_000 })
  assert.equal(await descriptionEs.inputValue(), typed)
  assert.equal(await details.locator('.notes__draft-mark').count(), 0)

  // Said yes: the machine's Spanish, marked and stored, the show notes' mark left alone.
  page.once('dialog', (dialog) => void dialog.accept())
  await details.getByRole('button', { name: 'Draft description in Spanish' }).click()
  await details
    .getByRole('status')
    .filter({ hasText: 'Drafted the Spanish description on this computer (apertium)' })
    .waitFor({ timeout: 60_000 })
  assert.match(await descriptionEs.inputValue(), /(salario|sueldo) mínimo/)
  assert.equal(await details.locator('.notes__draft-mark').count(), 1)
  let now = await until((value) => value.drafts.length === 2 && value.es !== typed)
  assert.deepEqual(now.drafts, ['descriptionEs', 'summaryEs'])
  assert.match(now.es, /mínimo/)
  await shotOf(page, details, 'translation-description-en.png')

  // Undo puts the person's text back, stored, and takes its mark away.
  await details.getByRole('button', { name: 'Undo the description draft' }).click()
  await details.getByRole('status').filter({ hasText: 'The draft was undone' }).waitFor()
  assert.equal(await descriptionEs.inputValue(), typed)
  now = await until((value) => value.drafts.length === 1 && value.es === typed)
  assert.deepEqual(now, { es: typed, drafts: ['summaryEs'] })

  // In Spanish: drafted again, the mark survives a reload, and an edit makes it the person's own.
  await page.locator('.language-switch').getByRole('button', { name: 'Español' }).click()
  page.once('dialog', (dialog) => void dialog.accept())
  await details.getByRole('button', { name: 'Borrador de la descripción en español' }).click()
  await details
    .getByRole('status')
    .filter({
      hasText: 'Borrador de la descripción en español hecho en esta computadora (apertium)',
    })
    .waitFor({ timeout: 60_000 })
  await details
    .locator('.notes__draft-mark', { hasText: 'Borrador: traducción automática' })
    .waitFor()
  now = await until((value) => value.drafts.length === 2)
  assert.deepEqual(now.drafts, ['descriptionEs', 'summaryEs'])
  await shotOf(page, details, 'translation-description-es.png')
  await page.reload()
  const descripcionEs = details.getByLabel('Descripción en español', { exact: true })
  await details.locator('.notes__draft-mark').waitFor()
  await descripcionEs.fill('Trabajadoras hablan del salario mínimo.')
  await descripcionEs.blur()
  await details.locator('.notes__draft-mark').waitFor({ state: 'detached' })
  now = await until(
    (value) => value.drafts.length === 1 && value.es === 'Trabajadoras hablan del salario mínimo.',
  )
  assert.deepEqual(now, { es: 'Trabajadoras hablan del salario mínimo.', drafts: ['summaryEs'] })
})

test('the Transcript tab shows the translation track beside the transcript, to read and edit', async () => {
  // Decision 0178: the tracks switch (the Spanish translation track was made two tests before).
  await page.goto(`${session.server.origin}/#/recording/${encodeURIComponent(id)}`)
  // In Spanish from the test before.
  await page.getByRole('tab', { name: 'Transcripción' }).click()
  const tracks = page.getByRole('group', { name: 'Pistas de la transcripción' })
  await tracks.getByRole('button', { name: 'Transcripción en inglés', pressed: true }).waitFor()
  await tracks.getByRole('button', { name: 'Traducción al español' }).click()
  await tracks.getByRole('button', { name: 'Traducción al español', pressed: true }).waitFor()
  const editor = page.locator('.recording-editor')
  await editor.getByText('Esta es una pista de traducción').waitFor()
  const first = editor.locator('.seg__words').first()
  await first.filter({ hasText: /huelga/ }).waitFor()
  // Edited like the transcript: the Spanish track's own segment changes, stored.
  await first.dblclick()
  const area = editor.locator('textarea.seg__text').first()
  await area.fill('Decidimos ir a la huelga.')
  await area.blur()
  let stored = ''
  for (let i = 0; i < 50 && stored !== 'Decidimos ir a la huelga.'; i++) {
    stored = (await voces.storage.transcripts.labelledSegments(id, 'es'))[0]?.text ?? ''
    if (stored !== 'Decidimos ir a la huelga.') await new Promise((r) => setTimeout(r, 100))
  }
  assert.equal(stored, 'Decidimos ir a la huelga.')
  assert.equal(
    (await voces.storage.transcripts.labelledSegments(id, 'en'))[0]?.text,
    'We decided to go on strike.',
  )
  await editor.screenshot({ path: path.join(screenshots, 'translation-track-es.png') })
  // Undo works on this track: the machine's wording comes back.
  const second = editor.locator('.seg').nth(1)
  await second.getByRole('button', { name: 'Editar texto' }).click()
  const secondArea = second.locator('textarea')
  await secondArea.press('End')
  await secondArea.pressSequentially(' Gracias.')
  await editor.locator('.editor-save', { hasText: 'Todos los cambios guardados' }).waitFor()
  await secondArea.press('Control+z')
  await second.locator('.seg__words', { hasNotText: 'Gracias' }).waitFor()
  assert.doesNotMatch(
    (await voces.storage.transcripts.labelledSegments(id, 'es'))[1]?.text ?? '',
    /Gracias/,
  )
  await page.locator('.language-switch').getByRole('button', { name: 'English' }).click()
  await page
    .getByRole('group', { name: 'Transcript tracks' })
    .getByRole('button', { name: 'Spanish translation', pressed: true })
    .waitFor()
  await editor.screenshot({ path: path.join(screenshots, 'translation-track-en.png') })
  // And back to the transcript.
  await page.getByRole('button', { name: 'English transcript' }).click()
  await editor.locator('.seg__words', { hasText: 'We decided to go on strike.' }).waitFor()
})

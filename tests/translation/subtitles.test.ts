import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import type { NewCue } from '../../src/core/subtitles/types.ts'
import { Voces } from '../../src/core/voces.ts'
import type { Job, SubtitleCue } from '../../src/shared/contract/index.ts'
import { errorText } from '../../src/shared/i18n/index.ts'
import { insertRecording } from '../editor/fixtures.ts'
import { databaseOf, tempDir } from '../helpers.ts'

const rec = 'rec-1'
let dir: ReturnType<typeof tempDir>
let library: string
let voces: Voces

const english: NewCue[] = [
  { start: 1, end: 4, speaker: 'Ana', texts: { en: 'They paid us less than\nthe minimum wage.' } },
  { start: 4.5, end: 7, speaker: 'Ana', texts: { en: '<i>We decided to go on strike.</i>' } },
  { start: 8, end: 9, speaker: null, texts: { en: '[laughter]' } },
  { start: 10, end: 12, speaker: 'Ana', texts: { en: '' } },
  {
    start: 12.5,
    end: 15,
    speaker: 'Ana',
    texts: { en: 'SEIU helped us.', es: 'El SEIU nos ayudó.' },
  },
  { start: 15.5, end: 17, speaker: 'Ana', texts: { en: 'We won.', es: 'Ganamos.' } },
]

async function seed(cues: readonly NewCue[] = english): Promise<SubtitleCue[]> {
  await voces.storage.subtitles.replaceCues(rec, cues, [
    { language: 'en', origin: 'imported', source: 'interview.srt', timing: true },
    { language: 'es', origin: 'typed', source: '', timing: false },
  ])
  return voces.storage.subtitles.cues(rec)
}

async function translate(input: Record<string, unknown>): Promise<Job> {
  const started = await dispatch('translation.subtitles', input, { voces, transport: 'cli' })
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`)
  return voces.jobs.waitFor((started.value as { jobId: string }).jobId)
}

beforeEach(async () => {
  dir = tempDir('voces-translate-')
  library = path.join(dir.dir, 'lib')
  voces = new Voces({ libraryDir: library })
  insertRecording(databaseOf(voces), rec)
  await voces.storage.glossary.replace(['SEIU'])
})
afterEach(async () => {
  await voces.close()
  dir.cleanup()
})

describe('Translate into Spanish: subtitle cues', () => {
  it('fills the empty Spanish cues on the same timing, as machine text, keeping what a person typed', async () => {
    const before = await seed()
    const typed = before[5]
    if (!typed) throw new Error('no cue')
    await voces.storage.subtitles.updateCue(typed.id, {
      language: 'es',
      review: 'verified',
      reviewedBy: 'Rosa',
    })
    const job = await translate({ recordingId: rec, to: 'es' })
    expect(job.state).toBe('succeeded')
    expect(job.result).toMatchObject({ translated: 3, kept: 2, empty: 1, engine: 'apertium' })
    const after = await voces.storage.subtitles.cues(rec)
    expect(after.map((cue) => [cue.id, cue.start, cue.end])).toEqual(
      before.map((cue) => [cue.id, cue.start, cue.end]),
    )
    expect(after[0]?.texts.es?.text).toMatch(/(salario|sueldo) mínimo/)
    expect(after[0]?.texts.es?.review).toBe('machine')
    expect(after[1]?.texts.es?.text).toMatch(/^<i>.*huelga.*<\/i>$/)
    expect(after[2]?.texts.es?.text).toBe('[risas]')
    expect(after[3]?.texts.es ?? null).toBeNull()
    // Typed by a person, and typed and checked: kept, the check mark too.
    expect(after[4]?.texts.es).toMatchObject({ text: 'El SEIU nos ayudó.', review: 'machine' })
    expect(after[5]?.texts.es).toMatchObject({
      text: 'Ganamos.',
      review: 'verified',
      reviewedBy: 'Rosa',
    })
    expect(after[0]?.texts.en?.text).toBe('They paid us less than\nthe minimum wage.')
    // What the tab marks "Machine translation": the three it wrote, until a person changes one.
    const machine = await dispatch(
      'translation.machineCues',
      { recordingId: rec },
      { voces, transport: 'cli' },
    )
    expect(machine).toEqual({
      ok: true,
      value: { en: [], es: [after[0]?.id, after[1]?.id, after[2]?.id] },
    })
    await voces.storage.subtitles.updateCue(after[0]?.id ?? 0, {
      language: 'es',
      text: 'Nos pagaban menos.',
    })
    const edited = await dispatch(
      'translation.machineCues',
      { recordingId: rec },
      { voces, transport: 'cli' },
    )
    expect(edited).toEqual({ ok: true, value: { en: [], es: [after[1]?.id, after[2]?.id] } })
    const track = (await voces.storage.subtitles.tracks(rec)).find((t) => t.language === 'es')
    expect(track).toMatchObject({
      origin: 'made',
      source: 'translation:en:apertium',
      timing: false,
    })
  })

  it('replaces a person’s cues only when asked, and then marks them machine text again', async () => {
    const before = await seed()
    await voces.storage.subtitles.updateCue(before[5]?.id ?? 0, {
      language: 'es',
      review: 'verified',
      reviewedBy: 'Rosa',
    })
    const job = await translate({ recordingId: rec, to: 'es', replace: true })
    expect(job.result).toMatchObject({ translated: 5, kept: 0 })
    const after = await voces.storage.subtitles.cues(rec)
    expect(after[4]?.texts.es?.text).not.toBe('El SEIU nos ayudó.')
    expect(after[4]?.texts.es?.text).toContain('SEIU')
    expect(after[5]?.texts.es).toMatchObject({ review: 'machine', reviewedBy: null })
  })

  it('translates again over its own unchecked translation without asking', async () => {
    await seed()
    await translate({ recordingId: rec, to: 'es' })
    const first = await voces.storage.subtitles.cues(rec)
    await voces.storage.subtitles.updateCue(first[0]?.id ?? 0, {
      language: 'en',
      text: 'We worked twelve hours a day.',
    })
    const job = await translate({ recordingId: rec, to: 'es' })
    expect(job.result).toMatchObject({ translated: 3, kept: 2 })
    expect((await voces.storage.subtitles.cues(rec))[0]?.texts.es?.text).toMatch(/doce horas/)
  })

  it('names the cues the quality panel flags after translating', async () => {
    await seed([
      {
        start: 0,
        end: 1,
        speaker: null,
        texts: { en: 'We worked twelve hours a day without a break and nobody paid us overtime.' },
      },
      { start: 2, end: 6, speaker: null, texts: { en: 'We won.' } },
    ])
    const job = await translate({ recordingId: rec, to: 'es' })
    const cues = await voces.storage.subtitles.cues(rec)
    expect((job.result as { problemCues: number[] }).problemCues).toEqual([cues[0]?.id])
    // A shorter wording is offered for it ("sin una pausa" → "sin pausa"), not applied.
    const { shorter } = job.result as { shorter: Array<{ cueId: number; text: string }> }
    expect(shorter).toHaveLength(1)
    expect(shorter[0]?.cueId).toBe(cues[0]?.id)
    expect(shorter[0]?.text).toMatch(/sin pausa/)
    expect(cues[0]?.texts.es?.text).toMatch(/sin una pausa/)
    const check = await dispatch(
      'subtitles.check',
      { recordingId: rec, language: 'es' },
      { voces, transport: 'cli' },
    )
    expect(check.ok && (check.value as { problems: unknown[] }).problems.length).toBeGreaterThan(0)
  })

  it('refuses, in both languages, when there is nothing to translate or it is in Spanish already', async () => {
    const nothing = await dispatch(
      'translation.subtitles',
      { recordingId: rec, to: 'es' },
      { voces, transport: 'cli' },
    )
    expect(nothing).toMatchObject({ ok: false, error: { code: 'TRANSLATION_NO_SOURCE' } })
    await seed([
      {
        start: 0,
        end: 2,
        speaker: null,
        texts: { en: 'Yo trabajo en la fábrica con mi hermana y los compañeros.' },
      },
      {
        start: 2,
        end: 4,
        speaker: null,
        texts: { en: 'Pero el jefe no nos paga lo que es justo.' },
      },
    ])
    const same = await dispatch(
      'translation.subtitles',
      { recordingId: rec, to: 'es' },
      { voces, transport: 'cli' },
    )
    expect(same).toMatchObject({ ok: false, error: { code: 'TRANSLATION_ALREADY_IN_TARGET' } })
    if (same.ok) throw new Error('not refused')
    expect(errorText('es', same.error).text).toMatch(/ya parecen estar/)
    expect(errorText('en', same.error).text).toMatch(/already read as/)
    expect((await voces.storage.subtitles.cues(rec))[0]?.texts.es ?? null).toBeNull()
  })

  it('stores nothing when the engine crashes mid-track', async () => {
    const script = path.join(dir.dir, 'apertium-crash')
    writeFileSync(
      script,
      '#!/bin/sh\nfor last; do :; done\ngrep -q strike "$last" 2>/dev/null && { echo "Segmentation fault" >&2; exit 139; }\nexec /usr/bin/apertium "$@"\n',
    )
    chmodSync(script, 0o755)
    await voces.settings.update({ apertiumPath: script })
    const before = await seed()
    const job = await translate({ recordingId: rec, to: 'es' })
    expect(job.state).toBe('failed')
    expect(job.error).toMatchObject({ code: 'TRANSLATION_ENGINE_FAILED' })
    expect(await voces.storage.subtitles.cues(rec)).toEqual(before)
    expect(
      (await voces.storage.subtitles.tracks(rec)).find((t) => t.language === 'es')?.origin,
    ).toBe('typed')
  })

  it('refuses an engine that does not exist or is not installed, before queueing', async () => {
    await seed()
    const unknown = await dispatch(
      'translation.subtitles',
      { recordingId: rec, to: 'es', engine: 'deepl' },
      { voces, transport: 'cli' },
    )
    expect(unknown).toMatchObject({ ok: false, error: { code: 'TRANSLATION_ENGINE_UNKNOWN' } })
    await voces.settings.update({ apertiumPath: path.join(dir.dir, 'nothing-here') })
    const missing = await dispatch(
      'translation.subtitles',
      { recordingId: rec, to: 'es' },
      { voces, transport: 'cli' },
    )
    expect(missing).toMatchObject({ ok: false, error: { code: 'TRANSLATION_ENGINE_NOT_FOUND' } })
    if (missing.ok) throw new Error('not refused')
    expect(errorText('es', missing.error).text).toMatch(/apt install apertium apertium-eng-spa/)
    expect(await voces.jobs.list()).toEqual([])
  })

  it('cancels mid-track with nothing stored', async () => {
    const long: NewCue[] = Array.from({ length: 1500 }, (_, i) => ({
      start: i * 2,
      end: i * 2 + 1.5,
      speaker: null,
      texts: { en: `We worked ${i} hours without a break and nobody paid us.` },
    }))
    const before = await seed(long)
    const started = await dispatch(
      'translation.subtitles',
      { recordingId: rec, to: 'es' },
      { voces, transport: 'cli' },
    )
    if (!started.ok) throw new Error(started.error.message)
    const jobId = (started.value as { jobId: string }).jobId
    // Cancelled once the engine is running (the first of eight process runs has begun).
    const running = new Promise<void>((resolve) =>
      voces.jobs.on('job', (job) => {
        if (job.id === jobId && job.state === 'running') resolve()
      }),
    )
    await running
    await voces.jobs.cancel(jobId)
    const job = await voces.jobs.waitFor(jobId)
    expect(job.state).toBe('cancelled')
    expect(await voces.storage.subtitles.cues(rec)).toEqual(before)
  })

  it('survives a restart: a job queued when Voces closed runs when it opens again', async () => {
    await seed()
    await voces.close()
    voces = new Voces({ libraryDir: library, startJobs: false })
    const started = await dispatch(
      'translation.subtitles',
      { recordingId: rec, to: 'es' },
      { voces, transport: 'cli' },
    )
    if (!started.ok) throw new Error(started.error.message)
    await voces.close()
    voces = new Voces({ libraryDir: library })
    const job = await voces.jobs.waitFor((started.value as { jobId: string }).jobId)
    expect(job.state).toBe('succeeded')
    expect((await voces.storage.subtitles.cues(rec))[0]?.texts.es?.text).toMatch(
      /(salario|sueldo) mínimo/,
    )
  })
})

import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Voces } from '../../src/core/voces.ts'
import { insertRecording } from '../editor/fixtures.ts'
import { databaseOf, repoRoot, tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
let library: string
const rec = 'rec-cli'
let episodeId = ''

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-translate-cli-'))
  library = path.join(dir, 'library')
  const voces = new Voces({ libraryDir: library, startJobs: false })
  insertRecording(databaseOf(voces), rec)
  await voces.storage.subtitles.replaceCues(
    rec,
    [
      { start: 1, end: 4, speaker: null, texts: { es: 'Nos pagaban menos del salario mínimo.' } },
      { start: 5, end: 8, speaker: null, texts: { es: '[risas]' } },
    ],
    [{ language: 'es', origin: 'imported', source: 'entrevista.srt', timing: true }],
  )
  episodeId = (
    await voces.storage.episodes.create(
      {
        title: 'Salario',
        descriptionEn: 'A description a person wrote.',
        descriptionEs: 'Nos pagaban menos del salario mínimo.',
      },
      [],
    )
  ).id
  await voces.close()
})
afterAll(() => cleanup())

/** bin/voces as a person runs it, with stdin. */
function voces(args: string[], input = '') {
  return spawnSync(path.join(repoRoot, 'bin', 'voces'), ['--library', library, ...args], {
    input,
    encoding: 'utf8',
    timeout: 120_000,
  })
}

describe('voces translate', () => {
  it('text: one line out for each line in, empty lines kept, tags and notes in place', () => {
    const run = voces(
      ['translate', 'text', '--from', 'en', '--to', 'es'],
      'We decided to go on strike.\n\n[laughter]\n<i>Thank you</i> very much.\n',
    )
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]).toMatch(/huelga/)
    expect(lines[1]).toBe('')
    expect(lines[2]).toBe('[risas]')
    expect(lines[3]).toMatch(/^<i>.*<\/i>/)
    expect(lines[4]).toBe('')
  })

  it('episode --to en: drafts the English description from the Spanish one, storing nothing (decision 0191)', async () => {
    const run = voces(['translate', 'episode', episodeId, '--to', 'en'])
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^DRAFT \(machine translation by apertium/)
    expect(run.stdout).toMatch(/^Description: .*minimum (wage|salary)/m)
    const json = voces(['translate', 'episode', episodeId, '--to', 'en', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ draft: true, language: 'en' })
    const reopened = new Voces({ libraryDir: library, startJobs: false })
    try {
      const episode = await reopened.storage.episodes.require(episodeId)
      expect(episode.descriptionEn).toBe('A description a person wrote.')
    } finally {
      await reopened.close()
    }
  })

  it('text: a language that is not en or es is a usage error; the same language twice is refused', () => {
    expect(voces(['translate', 'text', '--from', 'en', '--to', 'fr'], 'Hi\n').status).toBe(2)
    const same = voces(['translate', 'text', '--from', 'en', '--to', 'en', '--json'], 'Hi\n')
    expect(same.status).toBe(1)
    expect(JSON.parse(same.stdout)).toMatchObject({ error: { code: 'TRANSLATION_SAME_LANGUAGES' } })
  })

  it('engines: Apertium installed with both directions, Bergamot not, with how to get it', () => {
    const run = voces(['translate', 'engines', '--json'])
    expect(run.status, run.stderr).toBe(0)
    const engines = JSON.parse(run.stdout) as Array<{
      name: string
      installed: boolean
      hint: string
    }>
    expect(engines.map((engine) => [engine.name, engine.installed])).toEqual([
      ['apertium', true],
      ['bergamot', engines[1]?.installed ?? false],
    ])
    if (!engines[1]?.installed) expect(engines[1]?.hint).toContain('voces translate download')
  })

  it('RECORDING_ID --to en: fills the English cues and says so; --json is the job result', () => {
    const run = voces(['translate', rec, '--to', 'en', '--json'])
    expect(run.status, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout) as Record<string, unknown>
    expect(result).toMatchObject({ language: 'en', engine: 'apertium', translated: 2, kept: 0 })
    expect(result).not.toHaveProperty('written')
    const again = voces(['translate', rec, '--to', 'en'])
    expect(again.status, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/2 cues translated into en by apertium/)
  })

  it('RECORDING_ID with an unknown engine or without --to is refused', () => {
    const unknown = voces(['translate', rec, '--to', 'en', '--engine', 'deepl'])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toMatch(/no translation engine named deepl/)
    expect(voces(['translate', rec]).status).toBe(2)
    expect(voces(['translate', rec, '--to', 'en', '--from', 'cues']).status).toBe(2)
  })

  it('RECORDING_ID --from transcript needs a transcript in the other language', () => {
    const run = voces(['translate', rec, '--to', 'en', '--from', 'transcript', '--json'])
    expect(run.status).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'TRANSLATION_NO_TRANSCRIPT' } })
  })
})

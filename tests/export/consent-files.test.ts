// Transcripts and subtitle files are exports too (decision 0007): a withdrawn recording's words are not
// exported in any format, restricted or unknown consent needs a reason, and each export is logged.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { optionsProblems, type ExportOptions } from '../../src/renderer/export/options.ts'
import { consentProblem, exportConsent } from '../../src/shared/consent.ts'
import type { Recording } from '../../src/shared/contract/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let voces: Voces
let dir: string
let cleanup: () => void
let id: string
const ctx = () => ({ voces, transport: 'cli' as const })
const srt = '1\n00:00:00,300 --> 00:00:04,200\nAnd so my fellow Americans, ask not\n'

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  const imported = await dispatch(
    'transcripts.import',
    { recordingId: id, fileName: 'jfk.srt', text: srt, track: 'en' },
    ctx(),
  )
  if (!imported.ok) throw new Error(imported.error.message)
  const made = await dispatch('subtitles.make', { recordingId: id, language: 'en' }, ctx())
  if (!made.ok) throw new Error(made.error.message)
}, 60_000)
afterAll(async () => {
  await voces.close()
  cleanup()
})

const exports = (reason?: string) => [
  dispatch('transcripts.export', { recordingId: id, track: 'en', format: 'docx', reason }, ctx()),
  dispatch('transcripts.export', { recordingId: id, track: 'en', format: 'txt', reason }, ctx()),
  dispatch('subtitles.export', { recordingId: id, language: 'en', format: 'srt', reason }, ctx()),
]
const logged = () =>
  databaseOf(voces)
    .prepare('SELECT kind, output, reason, recordings FROM export_log ORDER BY id')
    .all() as Array<{ kind: string; output: string; reason: string; recordings: string }>

describe('transcript and subtitle exports under consent', () => {
  it('ask for a reason while consent is unknown, and log each export with it', async () => {
    expect((await voces.storage.recordings.require(id)).consentStatus).toBe('unknown')
    for (const result of await Promise.all(exports())) {
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('CONSENT_REASON_REQUIRED')
    }
    expect(logged()).toEqual([])

    for (const result of await Promise.all(exports('Check for the archive committee')))
      expect(result.ok).toBe(true)
    const rows = logged()
    // Made at the same moment, the three exports are logged in the order they finish.
    expect(rows.map((r) => r.kind).sort()).toEqual([
      'subtitles-srt',
      'transcript-docx',
      'transcript-txt',
    ])
    for (const row of rows) {
      expect(row.reason).toBe('Check for the archive committee')
      expect(JSON.parse(row.recordings)).toMatchObject([{ id, consent: 'unknown' }])
    }
  })

  it('refuse every format once consent is withdrawn, reason or not', async () => {
    await voces.storage.recordings.update(id, { consentStatus: 'withdrawn' })
    const before = logged().length
    for (const result of await Promise.all(exports('Because'))) {
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('CONSENT_WITHDRAWN')
    }
    expect(logged()).toHaveLength(before)
  })

  it('need no reason when consent was given', async () => {
    await voces.storage.recordings.update(id, { consentStatus: 'given' })
    for (const result of await Promise.all(exports())) expect(result.ok).toBe(true)
  })

  it('answer as the export form does, for every consent and reason (one rule, decision 0199)', async () => {
    const statuses: Array<Recording['consentStatus']> = [
      'given',
      'restricted',
      'unknown',
      'withdrawn',
    ]
    const codes = { withdrawn: 'CONSENT_WITHDRAWN', reason: 'CONSENT_REASON_REQUIRED' } as const
    for (const status of statuses) {
      await voces.storage.recordings.update(id, { consentStatus: status })
      const recording = await voces.storage.recordings.require(id)
      for (const reason of ['', '  \n', 'For the committee']) {
        const core = await dispatch(
          'transcripts.export',
          { recordingId: id, track: 'en', format: 'txt', reason },
          ctx(),
        )
        // The form's view of the same recording and reason, as the export button builds it.
        const rule = exportConsent(recording.consentStatus)
        const form = optionsProblems(
          { kind: 'transcript', reason } as ExportOptions,
          { withdrawn: rule === 'refused', needsReason: rule === 'reason' },
          recording.duration,
        ).filter((problem) => problem === 'withdrawn' || problem === 'reason')
        const problem = consentProblem(status, reason)
        expect(form, `${status} "${reason}"`).toEqual(problem === null ? [] : [problem])
        expect(core.ok ? null : core.error.code, `${status} "${reason}"`).toBe(
          problem === null ? null : codes[problem],
        )
      }
    }
    expect(consentProblem('given', '')).toBeNull()
    expect(consentProblem('unknown', ' ')).toBe('reason')
  })
})

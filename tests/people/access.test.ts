import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import type { CallContext } from '../../src/core/api/types.ts'
import {
  contract,
  roles,
  type EditorTranscript,
  type MethodName,
  type Role,
} from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'
import { as, callerFor, emailOf, seedArchive, transcriptWords, words } from './archive.ts'

/*
 * The role table, written out here call by call (not read from src/core/people/access.ts,
 * so the two must agree): what each row of the table lets a role do, beyond what everyone does.
 */
const everyone: MethodName[] = [
  'app.info',
  'settings.get',
  'library.list',
  'library.states',
  'library.get',
  'library.peaks',
  'jobs.list',
  'episodes.list',
  'episodes.get',
  'episodes.notes',
  'episodes.transcript',
  'transcripts.list',
  'transcripts.get',
  'models.list',
  'glossary.list',
  'subtitles.get',
  'search.query',
  'search.saved.list',
  'search.saved.save',
  'search.saved.remove',
  'search.exportCsv',
  'editor.load',
  'people.whoami',
  'speakers.list',
  'speakers.turns',
  'speakers.models',
  'translation.engines',
  'translation.machineCues',
  'translation.text',
  'episodes.timeline',
]
const working: MethodName[] = ['jobs.cancel']
const transcripts: MethodName[] = [
  'transcription.start',
  'transcripts.export',
  'transcripts.import',
  'transcripts.remove',
  'glossary.add',
  'glossary.remove',
  'editor.editText',
  'editor.split',
  'editor.merge',
  'editor.replace',
  'editor.review',
  'editor.apply',
  'translation.transcript',
]
const table: Record<Exclude<Role, 'admin'>, MethodName[]> = {
  archivist: [
    ...everyone,
    ...working,
    'library.update',
    'library.remove',
    'library.ingest',
    'redaction.apply',
    'redaction.deleteLibraryCopy',
    'redaction.list',
    'grants.list',
    'grants.add',
    'grants.remove',
    'audit.list',
  ],
  producer: [
    ...everyone,
    ...working,
    ...transcripts,
    'editor.setSpeaker',
    'editor.renameSpeaker',
    'editor.addSpeaker',
    'subtitles.make',
    'subtitles.import',
    'subtitles.export',
    'subtitles.check',
    'subtitles.updateCue',
    'subtitles.settings',
    'subtitles.splitCue',
    'subtitles.mergeCue',
    'subtitles.insertCue',
    'subtitles.deleteCue',
    'subtitles.apply',
    'export.video',
    'export.audiogram',
    'disguise.speakers',
    'speakers.detect',
    'speakers.rename',
    'speakers.merge',
    'editor.moveWords',
    'editor.mergeSpeakers',
    'voices.list',
    'voices.forget',
    'translation.subtitles',
  ],
  staff: [
    ...everyone,
    ...working,
    ...transcripts,
    'episodes.create',
    'episodes.update',
    'episodes.remove',
    'episodes.setChapters',
    'episodes.proposeChapters',
    'episodes.setNotes',
    'episodes.saveDrafted',
    'episodes.cut',
    'episodes.restore',
    'episodes.setCuts',
    'episodes.fillers',
    'export.podcast',
    'export.notes',
    'translation.episodeDraft',
  ],
  viewer: everyone,
}

let voces: Voces
let cleanup: () => void
beforeAll(async () => {
  const temp = tempDir('voces-people-')
  cleanup = temp.cleanup
  voces = new Voces({ libraryDir: temp.dir, startJobs: false })
  await seedArchive(voces, temp.dir)
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('permissions in the core', () => {
  it('refuses, or lets through, every contract call for every role as the table says', async () => {
    const methods = Object.keys(contract) as MethodName[]
    expect(methods.length).toBeGreaterThan(80)
    const wrong: string[] = []
    for (const role of roles) {
      const caller = await callerFor(voces, role)
      for (const method of methods) {
        // An empty input: an allowed call goes on to validation (or runs), a refused one stops.
        const result = await dispatch(method, {}, as(voces, caller))
        const refused = !result.ok && result.error.code === 'ROLE_FORBIDS'
        const expected = role === 'admin' ? false : !table[role].includes(method)
        if (refused !== expected)
          wrong.push(`${role} ${method}: ${refused ? 'refused' : 'allowed'}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('says the refusal in both languages, naming the role', async () => {
    const viewer = await callerFor(voces, 'viewer')
    const result = await dispatch('people.list', {}, as(voces, viewer))
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'ROLE_FORBIDS', params: { role: 'viewer' } },
    })
    const en = readFileSync(path.resolve('src/shared/i18n/en.ts'), 'utf8')
    const es = readFileSync(path.resolve('src/shared/i18n/es.ts'), 'utf8')
    expect(en).toContain("'error.ROLE_FORBIDS'")
    expect(es).toContain("'error.ROLE_FORBIDS'")
  })

  it('keeps the embedded library one implicit admin: no caller may do everything', async () => {
    const result = await dispatch('people.whoami', {}, { voces, transport: 'ipc' })
    if (!result.ok) throw new Error(result.error.message)
    const { methods, ...who } = result.value as { methods: string[] }
    expect(who).toEqual({ email: null, name: 'owner', role: 'admin', implicit: true })
    // The screens ask this list (decision 0170): the one admin may make every call.
    expect([...methods].sort()).toEqual(Object.keys(contract).sort())
    expect((await dispatch('people.list', {}, { voces, transport: 'ipc' })).ok).toBe(true)
  })
})

describe('who a check is recorded under', () => {
  it("records a signed-in producer's check under their own account, whatever name the call gives", async () => {
    const producer = await callerFor(voces, 'producer')
    const load = async (ctx: CallContext) => {
      const loaded = await dispatch('editor.load', { recordingId: 'open' }, ctx)
      if (!loaded.ok || !loaded.value) throw new Error('no transcript')
      return (loaded.value as EditorTranscript).segments[0]!
    }
    const segmentId = (await load(as(voces, producer))).id
    const checked = await dispatch(
      'editor.review',
      { segmentIds: [segmentId], review: 'verified', reviewedBy: 'Someone Else' },
      as(voces, producer),
    )
    expect(checked.ok).toBe(true)
    expect(await load(as(voces, producer))).toMatchObject({
      review: 'verified',
      reviewedBy: producer.name,
    })
    // The single-user library (no account) is recorded under the name it gives.
    await dispatch(
      'editor.review',
      { segmentIds: [segmentId], review: 'verified', reviewedBy: 'Rosa' },
      { voces, transport: 'ipc' },
    )
    expect((await load({ voces, transport: 'ipc' })).reviewedBy).toBe('Rosa')
  })
})

describe('consent as access', () => {
  const ids = async (role: Role) => {
    const result = await dispatch('library.list', {}, as(voces, await callerFor(voces, role)))
    if (!result.ok) throw new Error(result.error.message)
    return (result.value as Array<{ id: string }>).map((r) => r.id).sort()
  }
  const hits = async (role: Role, query: string) => {
    const result = await dispatch(
      'search.query',
      { query, filters: { includeWithdrawn: true } },
      as(voces, await callerFor(voces, role)),
    )
    if (!result.ok) throw new Error(result.error.message)
    return (result.value as { hits: Array<{ recordingId: string }> }).hits.map((h) => h.recordingId)
  }

  it('shows withdrawn and restricted recordings to archivists and admins only', async () => {
    expect(await ids('admin')).toEqual(['open', 'restricted', 'withdrawn'])
    expect(await ids('archivist')).toEqual(['open', 'restricted', 'withdrawn'])
    for (const role of ['producer', 'staff', 'viewer'] as const)
      expect(await ids(role)).toEqual(['open'])
    const states = await dispatch('library.states', {}, as(voces, await callerFor(voces, 'viewer')))
    expect(states.ok && (states.value as Array<{ id: string }>).map((s) => s.id)).toEqual(['open'])
  })

  it('answers a hidden recording as absent in every call that names it, and in search even when asked for', async () => {
    const producer = await callerFor(voces, 'producer')
    for (const [method, input] of [
      ['library.get', { id: 'withdrawn' }],
      ['library.peaks', { id: 'restricted' }],
      ['transcripts.get', { recordingId: 'withdrawn', track: 'es' }],
      ['editor.load', { recordingId: 'withdrawn' }],
      ['subtitles.get', { recordingId: 'restricted' }],
      [
        'transcripts.export',
        { recordingId: 'withdrawn', track: 'es', format: 'txt', path: '/tmp/x.txt', reason: 'r' },
      ],
      ['export.video', { recordingId: 'withdrawn' }],
    ] as const) {
      const result = await dispatch(method, input, as(voces, producer))
      const code = result.ok ? 'ok' : result.error.code
      // Either refused as absent, or refused by its input before anything was read.
      expect([method, code]).not.toEqual([method, 'ok'])
      if (code !== 'INVALID_INPUT') expect([method, code]).toEqual([method, 'RECORDING_NOT_FOUND'])
    }
    expect(await hits('viewer', words.withdrawn)).toEqual([])
    expect(await hits('viewer', words.restricted)).toEqual([])
    expect(await hits('viewer', words.open)).toEqual(['open'])
    expect(await hits('archivist', words.withdrawn)).toEqual(['withdrawn'])
  })

  it('lets a grantee see a restricted recording until the grant ends, and not a moment after', async () => {
    const archivist = await callerFor(voces, 'archivist')
    const viewer = await callerFor(voces, 'viewer')
    const until = new Date(Date.now() + 1500).toISOString()
    const granted = await dispatch(
      'grants.add',
      { recordingId: 'restricted', email: emailOf('viewer'), until },
      as(voces, archivist),
    )
    expect(granted).toMatchObject({ ok: true, value: { email: emailOf('viewer'), active: true } })
    expect(await ids('viewer')).toEqual(['open', 'restricted'])
    expect(await hits('viewer', words.restricted)).toEqual(['restricted'])
    expect(await hits('viewer', words.withdrawn)).toEqual([])
    // A grant never opens a withdrawn recording.
    const withdrawn = await dispatch(
      'grants.add',
      { recordingId: 'withdrawn', email: emailOf('viewer'), until },
      as(voces, archivist),
    )
    expect(withdrawn.ok).toBe(true)
    expect(await ids('viewer')).toEqual(['open', 'restricted'])
    await new Promise((resolve) => setTimeout(resolve, Date.parse(until) - Date.now() + 50))
    expect(await ids('viewer')).toEqual(['open'])
    const get = await dispatch('library.get', { id: 'restricted' }, as(voces, viewer))
    expect(get).toMatchObject({ ok: false, error: { code: 'RECORDING_NOT_FOUND' } })
  })
})

describe('episodes and jobs of hidden recordings', () => {
  it("hides an episode that holds a hidden recording's clip, in the list and in every call naming it", async () => {
    const make = async (title: string, recordingId: string) => {
      const made = await dispatch(
        'episodes.create',
        { title, clips: [{ recordingId, start: 0, end: 2 }] },
        { voces, transport: 'cli' },
      )
      if (!made.ok) throw new Error(made.error.message)
      return (made.value as { id: string }).id
    }
    const open = await make('Open', 'open')
    const hidden = await make('Hidden', 'restricted')
    const staff = await callerFor(voces, 'staff')
    const listed = await dispatch('episodes.list', {}, as(voces, staff))
    expect(listed.ok && (listed.value as Array<{ id: string }>).map((e) => e.id)).toEqual([open])
    const archivist = await callerFor(voces, 'archivist')
    const all = await dispatch('episodes.list', {}, as(voces, archivist))
    expect(all.ok && (all.value as Array<{ id: string }>).map((e) => e.id).sort()).toEqual(
      [open, hidden].sort(),
    )
    for (const [method, input] of [
      ['episodes.get', { id: hidden }],
      ['episodes.transcript', { id: hidden }],
      ['export.notes', { id: hidden, format: 'md' }],
      ['export.podcast', { source: hidden, format: 'mp3', output: '/tmp/x.mp3', reason: 'r' }],
    ] as const) {
      const result = await dispatch(method, input, as(voces, staff))
      const code = result.ok ? 'ok' : result.error.code
      expect([method, code]).not.toEqual([method, 'ok'])
      if (code !== 'INVALID_INPUT') expect([method, code]).toEqual([method, 'EPISODE_NOT_FOUND'])
    }
    expect((await dispatch('episodes.get', { id: open }, as(voces, staff))).ok).toBe(true)
  })
})

describe('the audit log', () => {
  it('holds consent changes, deletions, grants, role changes, redactions and exports with who did them and why, and no transcript word', async () => {
    const archivist = await callerFor(voces, 'archivist')
    const admin = await callerFor(voces, 'admin')
    await dispatch(
      'library.update',
      { id: 'open', patch: { consentStatus: 'restricted' } },
      as(voces, archivist),
    )
    await dispatch(
      'library.update',
      { id: 'open', patch: { consentStatus: 'given' } },
      as(voces, archivist),
    )
    await dispatch(
      'people.setRole',
      { email: emailOf('staff'), role: 'producer' },
      as(voces, admin),
    )
    await dispatch('people.setRole', { email: emailOf('staff'), role: 'staff' }, as(voces, admin))
    const refused = await dispatch(
      'people.setRole',
      { email: emailOf('admin'), role: 'viewer' },
      as(voces, admin),
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'LAST_ADMIN' } })
    const result = await dispatch('audit.list', {}, as(voces, archivist))
    if (!result.ok) throw new Error(result.error.message)
    const entries = result.value as Array<{
      actor: string
      action: string
      recordingId: string | null
      details: object
    }>
    expect(entries.filter((e) => e.action === 'consent.change').slice(0, 2)).toMatchObject([
      {
        actor: emailOf('archivist'),
        recordingId: 'open',
        details: { from: 'restricted', to: 'given' },
      },
      {
        actor: emailOf('archivist'),
        recordingId: 'open',
        details: { from: 'given', to: 'restricted' },
      },
    ])
    expect(entries.filter((e) => e.action === 'person.role')).toHaveLength(2)
    expect(entries.filter((e) => e.action === 'person.add').map((e) => e.actor)).toEqual(
      roles.map(() => 'owner'),
    )
    expect(entries.some((e) => e.action === 'grant.add' && e.recordingId === 'restricted')).toBe(
      true,
    )
    const removed = await dispatch('library.remove', { id: 'withdrawn' }, as(voces, archivist))
    expect(removed).toMatchObject({ ok: true, value: { removed: true } })
    const byRecording = await dispatch(
      'audit.list',
      { recordingId: 'withdrawn' },
      as(voces, archivist),
    )
    expect(byRecording.ok && (byRecording.value as Array<{ action: string }>)[0]?.action).toBe(
      'recording.remove',
    )
    // A redaction and an export, each with its audit entry in its own transaction.
    const redacted = await dispatch(
      'redaction.apply',
      { recordingId: 'open', target: { word: 'ayer' }, mode: 'silence', confirm: true },
      as(voces, archivist),
    )
    expect(redacted.ok ? 'ok' : redacted.error).toBe('ok')
    const exported = await dispatch(
      'transcripts.export',
      { recordingId: 'restricted', track: 'es', format: 'txt', reason: 'for the union newsletter' },
      as(voces, admin),
    )
    expect(exported.ok ? 'ok' : exported.error).toBe('ok')
    const latest = await dispatch('audit.list', { limit: 2 }, as(voces, admin))
    expect(latest.ok && latest.value).toMatchObject([
      {
        actor: emailOf('admin'),
        action: 'export',
        recordingId: 'restricted',
        details: { kind: 'transcript-txt', reason: 'for the union newsletter' },
      },
      {
        actor: emailOf('archivist'),
        action: 'redaction',
        recordingId: 'open',
        details: { target: 'word', mode: 'silence', spans: 1 },
      },
    ])
    const all = JSON.stringify(await dispatch('audit.list', {}, as(voces, admin)))
    for (const word of [...transcriptWords, 'ayer', 'Hablamos']) expect(all).not.toContain(word)
  })
})

import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { Voces } from '../../src/core/voces.ts'
import { captureIo, repoRoot, tempDir } from '../helpers.ts'
import { bareRecording } from '../storage/contract/fixtures.ts'

const bin = path.join(repoRoot, 'bin', 'voces')
let library: string
let cleanup: () => void

beforeAll(async () => {
  ;({ dir: library, cleanup } = tempDir('voces-people-cli-'))
  const voces = new Voces({ libraryDir: library, startJobs: false })
  await voces.storage.recordings.insert(bareRecording('rec1'))
  await voces.storage.recordings.update('rec1', { consentStatus: 'restricted' })
  await voces.close()
})
afterAll(() => cleanup())

async function voces(...args: string[]) {
  const io = captureIo()
  const code = await runCli(['--library', library, ...args], io.io)
  return { code, out: io.out(), err: io.err() }
}

describe('voces users, grants and audit', () => {
  it('adds the first admin with a password from standard input, never a default one', () => {
    const run = spawnSync(
      bin,
      [
        '--library',
        library,
        'users',
        'add',
        'Ana@Center.example',
        '--role',
        'admin',
        '--name',
        'Ana',
        '--password-stdin',
      ],
      { input: 'a long enough secret\n', encoding: 'utf8', timeout: 60_000 },
    )
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toBe('Added ana@center.example\tadmin\tAna\n')
    expect(run.stdout).not.toContain('secret')
  })

  it('makes a password shown once when none is given, and refuses a second account or an unknown role', async () => {
    const made = await voces('users', 'add', 'ben@center.example', '--role', 'viewer')
    expect(made.code).toBe(0)
    expect(made.out).toMatch(/Their password, shown only now: [\w-]{20}\n/)
    const again = await voces('users', 'add', 'ben@center.example', '--role', 'viewer')
    expect([again.code, again.err]).toEqual([1, 'ben@center.example already has an account.\n'])
    const role = await voces('users', 'add', 'cy@center.example', '--role', 'boss')
    expect(role.code).toBe(1)
    expect(role.err).toContain('admin, archivist, producer, staff, viewer')
  })

  it('lists people, changes a role, keeps the last admin, and removes a person', async () => {
    expect((await voces('users', 'role', 'ben@center.example', 'archivist')).out).toBe(
      'ben@center.example\tarchivist\t\n',
    )
    const last = await voces('users', 'role', 'ana@center.example', 'viewer')
    expect([last.code, last.err]).toEqual([
      1,
      "ana@center.example is the archive's last admin. Make another person admin first.\n",
    ])
    const listed = await voces('users', 'list', '--json')
    expect(JSON.parse(listed.out)).toMatchObject([
      { email: 'ana@center.example', role: 'admin', name: 'Ana' },
      { email: 'ben@center.example', role: 'archivist' },
    ])
  })

  it('grants a restricted recording until a day, lists it, and writes each change to the audit log', async () => {
    const granted = await voces(
      'grants',
      'add',
      'rec1',
      'ben@center.example',
      '--until',
      '2099-12-31',
    )
    expect(granted.out).toBe('rec1\tben@center.example\tuntil 2100-01-01T00:00:00.000Z\tby owner\n')
    const past = await voces('grants', 'add', 'rec1', 'ben@center.example', '--until', '2001-01-01')
    expect(past.err).toBe('A grant until 2001-01-01 would already have ended. Give a later date.\n')
    const missing = await voces(
      'grants',
      'add',
      'nope',
      'ben@center.example',
      '--until',
      '2099-12-31',
    )
    expect(missing.err).toBe('There is no recording nope in this library.\n')
    expect((await voces('grants', 'list', 'rec1')).out).toBe(granted.out)
    expect(await voces('users', 'remove', 'ben@center.example')).toMatchObject({
      code: 0,
      out: 'Removed ben@center.example\n',
    })
    expect((await voces('grants', 'list')).out).toBe('No grants.\n')
    const audit = JSON.parse((await voces('audit', '--json')).out) as Array<{ action: string }>
    expect(audit.map((e) => e.action)).toEqual([
      'person.remove',
      'grant.add',
      'person.role',
      'person.add',
      'person.add',
    ])
    const byRecording = await voces('audit', '--recording', 'rec1')
    expect(byRecording.out).toMatch(
      /^\S+Z\towner\tgrant\.add\trec1\tben@center\.example\tuntil=2100-01-01T00:00:00\.000Z\n$/,
    )
    expect((await voces('audit', '--since', '2099-01-01')).out).toBe(
      'The audit log has nothing for this.\n',
    )
  })
})

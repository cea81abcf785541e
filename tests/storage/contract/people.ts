import { describe, expect, it } from 'vitest'
import type { StoredPerson } from '../../../src/core/storage/ports.ts'
import { bareRecording, type StorageFactory } from './fixtures.ts'

function person(id: string, role: StoredPerson['role'] = 'viewer'): StoredPerson {
  return {
    id,
    email: `${id}@center.example`,
    name: `Person ${id}`,
    role,
    passwordHash: `salt:${id}`,
    createdAt: '2026-12-07T10:00:00.000Z',
  }
}

/** Accounts, sessions, grants and the audit log (decision 0161): what any backend must keep. */
export function peopleContract(factory: StorageFactory): void {
  describe('people', () => {
    it('keeps accounts, finds them by email and id, changes a role, and refuses a second account for one email', async () => {
      const { storage, reopen, close } = await factory()
      try {
        await storage.people.add(person('ana', 'archivist'))
        await storage.people.add(person('ben'))
        await expect(storage.people.add({ ...person('ben'), id: 'other' })).rejects.toThrow()
        expect(await storage.people.count()).toBe(2)
        await storage.people.setRole('ben', 'producer')
        const again = await reopen()
        expect(await again.people.list()).toEqual([
          {
            email: 'ana@center.example',
            name: 'Person ana',
            role: 'archivist',
            createdAt: '2026-12-07T10:00:00.000Z',
          },
          {
            email: 'ben@center.example',
            name: 'Person ben',
            role: 'producer',
            createdAt: '2026-12-07T10:00:00.000Z',
          },
        ])
        expect((await again.people.byEmail('ben@center.example'))?.passwordHash).toBe('salt:ben')
        expect((await again.people.byId('ana'))?.email).toBe('ana@center.example')
        expect(await again.people.byEmail('nobody@center.example')).toBeUndefined()
      } finally {
        await close()
      }
    })

    it('finds a session until it expires or is removed, a key until it is removed, and neither once the person is gone', async () => {
      const { storage, close } = await factory()
      try {
        await storage.people.add(person('ana'))
        const base = { personId: 'ana', label: 'x', createdAt: '2026-12-07T10:00:00.000Z' }
        await storage.people.addSession({
          ...base,
          idHash: 's1',
          kind: 'session',
          expiresAt: '2026-12-07T12:00:00.000Z',
        })
        await storage.people.addSession({ ...base, idHash: 'k1', kind: 'key', expiresAt: null })
        expect((await storage.people.sessionPerson('s1', '2026-12-07T11:59:59.999Z'))?.id).toBe(
          'ana',
        )
        expect(await storage.people.sessionPerson('s1', '2026-12-07T12:00:00.000Z')).toBeUndefined()
        expect(
          await storage.people.sessionPerson('nope', '2026-12-07T11:00:00.000Z'),
        ).toBeUndefined()
        expect((await storage.people.sessionPerson('k1', '2099-01-01T00:00:00.000Z'))?.id).toBe(
          'ana',
        )
        expect(await storage.people.removeSession('s1')).toBe(true)
        expect(await storage.people.sessionPerson('s1', '2026-12-07T11:00:00.000Z')).toBeUndefined()
        expect(await storage.people.remove('ana')).toBe(true)
        expect(await storage.people.sessionPerson('k1', '2026-12-07T11:00:00.000Z')).toBeUndefined()
      } finally {
        await close()
      }
    })

    it('keeps one grant per recording and person, active until its end, gone with the person or the recording', async () => {
      const { storage, close } = await factory()
      try {
        await storage.recordings.insert({ ...bareRecording('r1'), sha256: '1'.repeat(64) })
        await storage.recordings.insert({ ...bareRecording('r2'), sha256: '2'.repeat(64) })
        await storage.people.add(person('ana'))
        await storage.people.add(person('ben'))
        const grant = {
          personId: 'ana',
          grantedBy: 'arch@center.example',
          createdAt: '2026-12-07T10:00:00.000Z',
        }
        await storage.people.putGrant({
          ...grant,
          recordingId: 'r1',
          expiresAt: '2026-12-08T00:00:00.000Z',
        })
        await storage.people.putGrant({
          ...grant,
          recordingId: 'r1',
          expiresAt: '2026-12-09T00:00:00.000Z',
        })
        await storage.people.putGrant({
          ...grant,
          recordingId: 'r2',
          expiresAt: '2026-12-08T00:00:00.000Z',
        })
        await storage.people.putGrant({
          ...grant,
          personId: 'ben',
          recordingId: 'r2',
          expiresAt: '2026-12-08T00:00:00.000Z',
        })
        expect((await storage.people.grants('r1')).map((g) => [g.email, g.expiresAt])).toEqual([
          ['ana@center.example', '2026-12-09T00:00:00.000Z'],
        ])
        expect(await storage.people.grants()).toHaveLength(3)
        expect(
          (await storage.people.grantedRecordings('ana', '2026-12-08T12:00:00.000Z')).sort(),
        ).toEqual(['r1'])
        expect(
          (await storage.people.grantedRecordings('ana', '2026-12-07T12:00:00.000Z')).sort(),
        ).toEqual(['r1', 'r2'])
        expect(await storage.people.removeGrant('r1', 'ana')).toBe(true)
        expect(await storage.people.removeGrant('r1', 'ana')).toBe(false)
        await storage.recordings.remove('r2')
        await storage.people.remove('ben')
        expect(await storage.people.grants()).toEqual([])
      } finally {
        await close()
      }
    })

    it('keeps the audit log newest first, filtered by time and recording, and commits it with its transaction or not at all', async () => {
      const { storage, close } = await factory()
      try {
        await storage.people.audit(
          {
            actor: 'a@x',
            action: 'consent.change',
            recordingId: 'r1',
            details: { to: 'withdrawn' },
          },
          '2026-12-07T10:00:00.000Z',
        )
        await storage.people.audit(
          { actor: 'b@x', action: 'person.add', subject: 'c@x', details: { role: 'viewer' } },
          '2026-12-08T10:00:00.000Z',
        )
        await expect(
          storage.transaction(async (tx) => {
            await tx.people.audit({ actor: 'z@x', action: 'grant.add' }, '2026-12-09T00:00:00.000Z')
            throw new Error('undone')
          }),
        ).rejects.toThrow('undone')
        const all = await storage.people.auditLog({})
        expect(all.map((e) => e.action)).toEqual(['person.add', 'consent.change'])
        expect(all[0]).toMatchObject({
          at: '2026-12-08T10:00:00.000Z',
          actor: 'b@x',
          subject: 'c@x',
          recordingId: null,
          details: { role: 'viewer' },
        })
        expect(
          (await storage.people.auditLog({ since: '2026-12-08T00:00:00.000Z' })).map(
            (e) => e.actor,
          ),
        ).toEqual(['b@x'])
        expect(
          (await storage.people.auditLog({ recordingId: 'r1' })).map((e) => e.details),
        ).toEqual([{ to: 'withdrawn' }])
      } finally {
        await close()
      }
    })
  })
}

import type { Grant, MethodName } from '../../shared/contract/index.ts'
import { VocesError } from '../../shared/contract/define.ts'
import { actorOf, methodPermissions, mayCall, owner } from '../people/access.ts'
import { hashOf, hashPassword, newSecret, publicPerson } from '../people/accounts.ts'
import { newId } from '../util/ids.ts'
import type { StoragePorts, StoredGrant, StoredPerson } from '../storage/ports.ts'
import type { CallContext, Handlers } from './types.ts'

/*
 * Accounts, grants and the audit log (decision 0161). Each change and its audit entry are one
 * transaction: both are stored or neither.
 */

function personNotFound(email: string): VocesError {
  return new VocesError('PERSON_NOT_FOUND', `There is no account for ${email} in this archive.`, {
    email,
  })
}

async function requirePerson(people: StoragePorts['people'], email: string): Promise<StoredPerson> {
  const person = await people.byEmail(email)
  if (!person) throw personNotFound(email)
  return person
}

/** An admin may not take away the archive's last admin: nobody could manage people after. */
async function keepAnAdmin(people: StoragePorts['people'], leaving: StoredPerson): Promise<void> {
  if (leaving.role !== 'admin') return
  const admins = (await people.list()).filter((p) => p.role === 'admin')
  if (admins.length <= 1)
    throw new VocesError(
      'LAST_ADMIN',
      `${leaving.email} is the archive's last admin. Make another person admin first.`,
      { email: leaving.email },
    )
}

/** A grant's end as an instant: a day means through that whole day, UTC. */
export function grantEnd(until: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(until)) {
    const day = new Date(`${until}T00:00:00.000Z`)
    return new Date(day.getTime() + 86_400_000).toISOString()
  }
  return new Date(until).toISOString()
}

function grantOut(grant: StoredGrant & { email: string }, now: Date): Grant {
  return {
    recordingId: grant.recordingId,
    email: grant.email,
    expiresAt: grant.expiresAt,
    grantedBy: grant.grantedBy,
    createdAt: grant.createdAt,
    active: grant.expiresAt > now.toISOString(),
  }
}

const actor = (ctx: CallContext) => actorOf(ctx.caller ?? owner)

export const peopleHandlers = {
  'people.whoami': (_input, ctx) => {
    const caller = ctx.caller ?? owner
    const methods = (Object.keys(methodPermissions) as MethodName[]).filter((method) =>
      mayCall(caller.role, method),
    )
    return {
      email: caller.email,
      name: caller.name,
      role: caller.role,
      implicit: caller.implicit,
      methods,
    }
  },
  'people.list': (_input, { voces }) => voces.storage.people.list(),
  'people.add': async ({ email, name, role, password }, ctx) => {
    // Hashed before the transaction, which awaits nothing but its ports.
    const passwordHash = await hashPassword(password)
    return ctx.voces.storage.transaction(async (tx) => {
      if (await tx.people.byEmail(email))
        throw new VocesError('PERSON_EXISTS', `${email} already has an account.`, { email })
      const person: StoredPerson = {
        id: newId(),
        email,
        name: name ?? '',
        role,
        passwordHash,
        createdAt: new Date().toISOString(),
      }
      await tx.people.add(person)
      await tx.people.audit(
        { actor: actor(ctx), action: 'person.add', subject: email, details: { role } },
        person.createdAt,
      )
      return publicPerson(person)
    })
  },
  'people.setRole': ({ email, role }, ctx) =>
    ctx.voces.storage.transaction(async (tx) => {
      const person = await requirePerson(tx.people, email)
      if (role !== 'admin') await keepAnAdmin(tx.people, person)
      await tx.people.setRole(person.id, role)
      await tx.people.audit(
        {
          actor: actor(ctx),
          action: 'person.role',
          subject: email,
          details: { from: person.role, to: role },
        },
        new Date().toISOString(),
      )
      return publicPerson({ ...person, role })
    }),
  'people.remove': ({ email }, ctx) =>
    ctx.voces.storage.transaction(async (tx) => {
      const person = await tx.people.byEmail(email)
      if (!person) return { removed: false }
      await keepAnAdmin(tx.people, person)
      // Their sessions, keys and grants go with them (ON DELETE CASCADE): signed out at once.
      await tx.people.remove(person.id)
      await tx.people.audit(
        {
          actor: actor(ctx),
          action: 'person.remove',
          subject: email,
          details: { role: person.role },
        },
        new Date().toISOString(),
      )
      return { removed: true }
    }),
  'people.createKey': ({ email, label }, ctx) =>
    ctx.voces.storage.transaction(async (tx) => {
      const person = await requirePerson(tx.people, email)
      const key = newSecret('voces_')
      const at = new Date().toISOString()
      await tx.people.addSession({
        idHash: hashOf(key),
        personId: person.id,
        kind: 'key',
        label,
        createdAt: at,
        expiresAt: null,
      })
      await tx.people.audit({ actor: actor(ctx), action: 'key.create', subject: email }, at)
      return { key }
    }),
  'grants.list': async ({ recordingId }, { voces }) => {
    const now = new Date()
    return (await voces.storage.people.grants(recordingId)).map((g) => grantOut(g, now))
  },
  'grants.add': ({ recordingId, email, until }, ctx) =>
    ctx.voces.storage.transaction(async (tx) => {
      await tx.recordings.require(recordingId)
      const person = await requirePerson(tx.people, email)
      const now = new Date()
      const expiresAt = grantEnd(until)
      if (expiresAt <= now.toISOString())
        throw new VocesError(
          'GRANT_IN_THE_PAST',
          `A grant until ${until} would already have ended. Give a later date.`,
          { until },
        )
      const grant = {
        recordingId,
        personId: person.id,
        expiresAt,
        grantedBy: actor(ctx),
        createdAt: now.toISOString(),
      }
      await tx.people.putGrant(grant)
      await tx.people.audit(
        {
          actor: actor(ctx),
          action: 'grant.add',
          recordingId,
          subject: email,
          details: { until: expiresAt },
        },
        grant.createdAt,
      )
      return grantOut({ ...grant, email }, now)
    }),
  'grants.remove': ({ recordingId, email }, ctx) =>
    ctx.voces.storage.transaction(async (tx) => {
      const person = await requirePerson(tx.people, email)
      const removed = await tx.people.removeGrant(recordingId, person.id)
      if (removed)
        await tx.people.audit(
          { actor: actor(ctx), action: 'grant.remove', recordingId, subject: email },
          new Date().toISOString(),
        )
      return { removed }
    }),
  'audit.list': ({ since, recordingId, limit }, { voces }) =>
    voces.storage.people.auditLog({
      since: since === undefined ? undefined : new Date(since).toISOString(),
      recordingId,
      limit,
    }),
} satisfies Partial<Handlers>

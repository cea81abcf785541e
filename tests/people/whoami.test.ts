// What the screens read to leave out what a caller may not do (decision 0170): whoami's methods
// are the core's own role table, so a call it lists is one dispatch lets through and one it
// leaves out is one dispatch refuses.
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import type { Caller } from '../../src/core/people/access.ts'
import { Voces } from '../../src/core/voces.ts'
import { contract, roles, type MethodName, type Whoami } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'

let voces: Voces
let cleanup: () => void
beforeEach(() => {
  const made = tempDir()
  cleanup = made.cleanup
  voces = new Voces({ libraryDir: path.join(made.dir, 'library') })
})
afterEach(async () => {
  await voces.close()
  cleanup()
})

const callerAs = (role: Caller['role']): Caller => ({
  personId: `p-${role}`,
  email: `${role}@example.org`,
  name: role,
  role,
  implicit: false,
})

async function whoami(caller?: Caller): Promise<Whoami> {
  const result = await dispatch('people.whoami', {}, { voces, transport: 'http', caller })
  if (!result.ok) throw new Error(result.error.message)
  return result.value as Whoami
}

it('the embedded library is one implicit admin who may make every call', async () => {
  const me = await whoami()
  expect(me).toMatchObject({ implicit: true, role: 'admin', email: null })
  expect(me.methods).toContain('people.add')
  expect(me.methods).toContain('audit.list')
  expect(me.methods).toContain('library.remove')
})

it.each(roles)('%s: whoami names exactly the calls dispatch lets through', async (role) => {
  const caller = callerAs(role)
  const me = await whoami(caller)
  expect(me.role).toBe(role)
  // Every call whose empty input is valid, so the role alone decides what dispatch answers;
  // each is tried for real (writes are refused, or harmless on an empty library).
  const probes = (Object.keys(contract) as MethodName[]).filter(
    (method) => contract[method].input.safeParse({}).success,
  )
  expect(probes).toEqual(expect.arrayContaining(['people.list', 'grants.list', 'audit.list']))
  for (const method of probes) {
    const result = await dispatch(method, {}, { voces, transport: 'http', caller })
    const refused = !result.ok && result.error.code === 'ROLE_FORBIDS'
    expect(refused, `${role} ${method}`).toBe(!me.methods.includes(method))
  }
})

it('a viewer reads and searches, and manages nothing', async () => {
  const me = await whoami(callerAs('viewer'))
  expect(me.methods).toContain('search.query')
  expect(me.methods).toContain('library.list')
  expect(me.methods).not.toContain('library.update')
  expect(me.methods).not.toContain('people.list')
  expect(me.methods).not.toContain('grants.add')
})

import type { HeldLock } from '../ports.ts'
import { PostgresDatabase, type Transactional } from './db.ts'

/**
 * A named lock every process on the database sees (decision 0181): a session advisory lock held
 * on a connection of its own until released. The server ends it with the session, so a process
 * that is killed never leaves it held. Keys come from hashtext, 32-bit, never the 48-bit keys of
 * migrations and transactions (db.ts, migrations/index.ts).
 */
export async function holdSessionLock(db: Transactional, name: string): Promise<HeldLock | null> {
  if (!(db instanceof PostgresDatabase))
    throw new Error('A named lock is held on the pool, not inside a transaction.')
  const key = `voces:${name}`
  let letGo: () => void = () => undefined
  const released = new Promise<void>((resolve) => (letGo = resolve))
  return await new Promise<HeldLock | null>((resolve, reject) => {
    const holding: Promise<void> = db.client(async (q) => {
      const got = await q.row<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)::bigint) AS locked',
        [key],
      )
      if (!got?.locked) return resolve(null)
      resolve({
        release: async () => {
          letGo()
          await holding
        },
      })
      await released
      await q.run('SELECT pg_advisory_unlock(hashtext($1)::bigint)', [key])
    })
    holding.catch(reject)
  })
}

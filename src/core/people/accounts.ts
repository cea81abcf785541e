import { createHash, randomBytes } from 'node:crypto'
import { hashPassword, verifyPassword } from 'better-auth/crypto'
import type { Person } from '../../shared/contract/index.ts'
import { VocesError } from '../../shared/contract/define.ts'
import type { StoragePorts, StoredPerson } from '../storage/ports.ts'
import type { Caller } from './access.ts'

/*
 * Passwords, sessions and API keys (decisions 0160 and 0162). Passwords are hashed with
 * better-auth's own function (scrypt, N=16384, r=16, p=1: 16 MiB a hash, a random salt); sessions
 * and keys are random secrets of 256 bits of which the database keeps only the SHA-256, so a copy
 * of the database signs nobody in.
 */

/** How long a signed-in session lasts, however active: a day's work. */
export const sessionHours = 12

/** The hash a sign-in for an unknown email is checked against, so it takes as long as a known one. */
let decoy: Promise<string> | undefined

export function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url')
}

export function callerOf(person: StoredPerson): Caller {
  return {
    personId: person.id,
    email: person.email,
    name: person.name,
    role: person.role,
    implicit: false,
  }
}

export function publicPerson(person: StoredPerson): Person {
  return { email: person.email, name: person.name, role: person.role, createdAt: person.createdAt }
}

export { hashPassword }

/** Whether `password` is this person's; an unknown person costs the same time and is false. */
export async function passwordMatches(
  person: StoredPerson | undefined,
  password: string,
): Promise<boolean> {
  if (!person) {
    decoy ??= hashPassword(newSecret())
    await verifyPassword({ hash: await decoy, password })
    return false
  }
  return verifyPassword({ hash: person.passwordHash, password })
}

/**
 * Failed sign-ins kept per email and per address for a quarter of an hour: past the limit every
 * attempt is refused without checking the password (decision 0162). In memory: one server
 * process answers sign-ins; a restart forgets them, which the limit's window does anyway.
 */
export class SignInLimiter {
  readonly perEmail: number
  readonly perAddress: number
  readonly windowMs: number
  private readonly failures = new Map<string, number[]>()

  constructor(options: { perEmail?: number; perAddress?: number; windowMs?: number } = {}) {
    this.perEmail = options.perEmail ?? 5
    this.perAddress = options.perAddress ?? 20
    this.windowMs = options.windowMs ?? 15 * 60_000
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs)
    if (kept.length === 0) this.failures.delete(key)
    else this.failures.set(key, kept)
    return kept
  }

  /** Seconds until another attempt may be checked, or 0 when it may be now. */
  waitSeconds(email: string, address: string, now = Date.now()): number {
    const waits: number[] = []
    for (const [key, limit] of [
      [`e:${email}`, this.perEmail],
      [`a:${address}`, this.perAddress],
    ] as const) {
      const recent = this.recent(key, now)
      if (recent.length >= limit) {
        const oldest = recent[recent.length - limit] ?? now
        waits.push(Math.ceil((oldest + this.windowMs - now) / 1000))
      }
    }
    return Math.max(0, ...waits)
  }

  failed(email: string, address: string, now = Date.now()): void {
    for (const key of [`e:${email}`, `a:${address}`]) {
      const recent = this.recent(key, now)
      recent.push(now)
      this.failures.set(key, recent)
    }
  }

  succeeded(email: string): void {
    this.failures.delete(`e:${email}`)
  }
}

export interface SignedIn {
  /** The cookie's value; only its hash is stored. */
  session: string
  person: StoredPerson
  expiresAt: string
}

/**
 * Checks an email and password and opens a server-side session. Every refusal says the same
 * (SIGN_IN_FAILED) whether the email exists or not, and is in the audit log; past the limit the
 * password is not even checked (TOO_MANY_SIGN_INS, with the seconds to wait).
 */
export async function signIn(
  people: StoragePorts['people'],
  limiter: SignInLimiter,
  attempt: { email: string; password: string; address: string },
  now: () => Date = () => new Date(),
): Promise<SignedIn> {
  const email = attempt.email.trim().toLowerCase()
  const wait = limiter.waitSeconds(email, attempt.address)
  if (wait > 0) {
    await people.audit(
      { actor: email, action: 'signin.refused', subject: email, details: { reason: 'rate' } },
      now().toISOString(),
    )
    throw new VocesError(
      'TOO_MANY_SIGN_INS',
      `Too many sign-ins failed for this account or from this address. Wait ${wait} seconds, then try again.`,
      { seconds: wait },
    )
  }
  const person = await people.byEmail(email)
  if (!(await passwordMatches(person, attempt.password))) {
    limiter.failed(email, attempt.address)
    await people.audit(
      {
        actor: email,
        action: 'signin.failed',
        subject: email,
        details: { known: person ? 1 : 0 },
      },
      now().toISOString(),
    )
    throw new VocesError(
      'SIGN_IN_FAILED',
      'That email and password do not match an account of this archive.',
    )
  }
  limiter.succeeded(email)
  const session = newSecret()
  const at = now()
  const expiresAt = new Date(at.getTime() + sessionHours * 3_600_000).toISOString()
  await people.addSession({
    idHash: hashOf(session),
    personId: person!.id,
    kind: 'session',
    label: 'browser',
    createdAt: at.toISOString(),
    expiresAt,
  })
  return { session, person: person!, expiresAt }
}

/** The caller a session cookie or an API key stands for, or null (unknown, expired, revoked). */
export async function callerFromSecret(
  people: StoragePorts['people'],
  secret: string,
  now: Date = new Date(),
): Promise<Caller | null> {
  if (secret.length < 20 || secret.length > 200) return null
  const person = await people.sessionPerson(hashOf(secret), now.toISOString())
  return person ? callerOf(person) : null
}

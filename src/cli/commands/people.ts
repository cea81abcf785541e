import { randomBytes } from 'node:crypto'
import { dispatch } from '../../core/api/index.ts'
import type {
  AuditEntry,
  Grant,
  MethodInput,
  MethodName,
  MethodOutput,
  Person,
  Result,
} from '../../shared/contract/index.ts'
import { printJson, type Command, type CommandContext } from '../command.ts'

/*
 * `voces users|grants|audit` (decision 0161): run on the archive's own machine, as its implicit
 * admin, through the same calls (and checks, and audit log) as the HTTP transport.
 */

async function call<M extends MethodName>(
  ctx: CommandContext,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M> | null> {
  const result = (await dispatch(method, input, {
    voces: await ctx.open({ startJobs: false }),
    transport: 'cli',
  })) as Result<MethodOutput<M>>
  if (result.ok) return result.value
  if (ctx.json) printJson(ctx.io, { error: result.error })
  else ctx.io.stderr.write(`${result.error.message}\n`)
  return null
}

function needs(ctx: CommandContext, count: number, usage: string): boolean {
  if (ctx.positionals.length === count) return true
  ctx.io.stderr.write(`Usage: voces ${usage}\n`)
  return false
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

function showPerson(person: Person): string {
  return `${person.email}\t${person.role}\t${person.name}`
}

const usersAdd: Command = {
  path: ['users', 'add'],
  usage:
    'users add EMAIL --role admin|archivist|producer|staff|viewer [--name NAME] [--password-stdin]',
  summary:
    'Add a person to the archive. Their password comes on standard input, or one is made and shown once.',
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  async run(ctx) {
    if (!needs(ctx, 1, usersAdd.usage)) return 2
    const made = ctx.values['password-stdin'] !== true
    // No default password anywhere (decision 0160): given on stdin, or random and shown once.
    const password = made ? randomBytes(15).toString('base64url') : await readStdin()
    const person = await call(ctx, 'people.add', {
      email: ctx.positionals[0] ?? '',
      role: String(ctx.values.role ?? '') as Person['role'],
      name: typeof ctx.values.name === 'string' ? ctx.values.name : undefined,
      password,
    })
    if (!person) return 1
    if (ctx.json) printJson(ctx.io, made ? { ...person, password } : person)
    else {
      ctx.io.stdout.write(`Added ${showPerson(person)}\n`)
      if (made)
        ctx.io.stdout.write(
          `Their password, shown only now: ${password}\nGive it to them in person; they sign in with it.\n`,
        )
    }
    return 0
  },
}

const usersList: Command = {
  path: ['users', 'list'],
  usage: 'users list [--json]',
  summary: "List the archive's people and their roles.",
  async run(ctx) {
    const people = await call(ctx, 'people.list', {})
    if (!people) return 1
    if (ctx.json) printJson(ctx.io, people)
    else if (people.length === 0)
      ctx.io.stdout.write(
        'Nobody yet. Add the first admin with: voces users add EMAIL --role admin\n',
      )
    else for (const person of people) ctx.io.stdout.write(`${showPerson(person)}\n`)
    return 0
  },
}

const usersRole: Command = {
  path: ['users', 'role'],
  usage: 'users role EMAIL ROLE',
  summary: "Change a person's role (admin, archivist, producer, staff or viewer).",
  async run(ctx) {
    if (!needs(ctx, 2, usersRole.usage)) return 2
    const person = await call(ctx, 'people.setRole', {
      email: ctx.positionals[0] ?? '',
      role: (ctx.positionals[1] ?? '') as Person['role'],
    })
    if (!person) return 1
    if (ctx.json) printJson(ctx.io, person)
    else ctx.io.stdout.write(`${showPerson(person)}\n`)
    return 0
  },
}

const usersRemove: Command = {
  path: ['users', 'remove'],
  usage: 'users remove EMAIL',
  summary: 'Remove a person: their sessions, API keys and grants end at once.',
  async run(ctx) {
    if (!needs(ctx, 1, usersRemove.usage)) return 2
    const email = ctx.positionals[0] ?? ''
    const result = await call(ctx, 'people.remove', { email })
    if (!result) return 1
    if (ctx.json) printJson(ctx.io, result)
    else
      ctx.io.stdout.write(
        result.removed ? `Removed ${email}\n` : `There was no account for ${email}\n`,
      )
    return 0
  },
}

const usersKey: Command = {
  path: ['users', 'key'],
  usage: 'users key EMAIL --label LABEL',
  summary:
    'Make an API key for a script or worker acting as this person (Authorization: Bearer KEY), shown once.',
  options: { label: { type: 'string' } },
  async run(ctx) {
    if (!needs(ctx, 1, usersKey.usage)) return 2
    const result = await call(ctx, 'people.createKey', {
      email: ctx.positionals[0] ?? '',
      label: String(ctx.values.label ?? ''),
    })
    if (!result) return 1
    if (ctx.json) printJson(ctx.io, result)
    else ctx.io.stdout.write(`${result.key}\n`)
    return 0
  },
}

function showGrant(grant: Grant): string {
  return `${grant.recordingId}\t${grant.email}\tuntil ${grant.expiresAt}${grant.active ? '' : ' (ended)'}\tby ${grant.grantedBy}`
}

const grantsAdd: Command = {
  path: ['grants', 'add'],
  usage: 'grants add RECORDING_ID EMAIL --until DATE',
  summary: 'Let a person see a restricted recording until the end of DATE (YYYY-MM-DD, UTC).',
  options: { until: { type: 'string' } },
  async run(ctx) {
    if (!needs(ctx, 2, grantsAdd.usage)) return 2
    const grant = await call(ctx, 'grants.add', {
      recordingId: ctx.positionals[0] ?? '',
      email: ctx.positionals[1] ?? '',
      until: String(ctx.values.until ?? ''),
    })
    if (!grant) return 1
    if (ctx.json) printJson(ctx.io, grant)
    else ctx.io.stdout.write(`${showGrant(grant)}\n`)
    return 0
  },
}

const grantsList: Command = {
  path: ['grants', 'list'],
  usage: 'grants list [RECORDING_ID]',
  summary: 'List the access grants, of one recording or all.',
  async run(ctx) {
    const recordingId = ctx.positionals[0]
    const grants = await call(ctx, 'grants.list', recordingId ? { recordingId } : {})
    if (!grants) return 1
    if (ctx.json) printJson(ctx.io, grants)
    else if (grants.length === 0) ctx.io.stdout.write('No grants.\n')
    else for (const grant of grants) ctx.io.stdout.write(`${showGrant(grant)}\n`)
    return 0
  },
}

function showEntry(entry: AuditEntry): string {
  const details = Object.entries(entry.details)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')
  return [
    entry.at,
    entry.actor,
    entry.action,
    entry.recordingId ?? '',
    entry.subject ?? '',
    details,
  ]
    .join('\t')
    .trimEnd()
}

const audit: Command = {
  path: ['audit'],
  usage: 'audit [--since DATE] [--recording ID] [--json]',
  summary:
    'Show the audit log, newest first: who changed consent, access, people; failed sign-ins.',
  options: { since: { type: 'string' }, recording: { type: 'string' } },
  async run(ctx) {
    const entries = await call(ctx, 'audit.list', {
      since: typeof ctx.values.since === 'string' ? ctx.values.since : undefined,
      recordingId: typeof ctx.values.recording === 'string' ? ctx.values.recording : undefined,
    })
    if (!entries) return 1
    if (ctx.json) printJson(ctx.io, entries)
    else if (entries.length === 0) ctx.io.stdout.write('The audit log has nothing for this.\n')
    else for (const entry of entries) ctx.io.stdout.write(`${showEntry(entry)}\n`)
    return 0
  },
}

export const peopleCommands: Command[] = [
  usersAdd,
  usersList,
  usersRole,
  usersRemove,
  usersKey,
  grantsAdd,
  grantsList,
  audit,
]

import { randomBytes } from 'node:crypto'
import type { AuditEntry, Grant, Person } from '../../shared/contract/index.ts'
import { callApi, listCommand, printOne } from '../call.ts'
import { printJson, type Command, type CommandContext } from '../command.ts'

/*
 * `voces users|grants|audit` (decision 0161): run on the archive's own machine, as its implicit
 * admin, through the same calls (and checks, and audit log) as the HTTP transport.
 */

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
    const person = await callApi(ctx, 'people.add', {
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

const usersList = listCommand({
  path: ['users', 'list'],
  usage: 'users list [--json]',
  summary: "List the archive's people and their roles.",
  method: 'people.list',
  input: () => ({}),
  empty: 'Nobody yet. Add the first admin with: voces users add EMAIL --role admin',
  line: showPerson,
})

const usersRole: Command = {
  path: ['users', 'role'],
  usage: 'users role EMAIL ROLE',
  summary: "Change a person's role (admin, archivist, producer, staff or viewer).",
  async run(ctx) {
    if (!needs(ctx, 2, usersRole.usage)) return 2
    const person = await callApi(ctx, 'people.setRole', {
      email: ctx.positionals[0] ?? '',
      role: (ctx.positionals[1] ?? '') as Person['role'],
    })
    if (!person) return 1
    printOne(ctx, person, showPerson)
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
    const result = await callApi(ctx, 'people.remove', { email })
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
    const result = await callApi(ctx, 'people.createKey', {
      email: ctx.positionals[0] ?? '',
      label: String(ctx.values.label ?? ''),
    })
    if (!result) return 1
    printOne(ctx, result, (made) => made.key)
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
    const grant = await callApi(ctx, 'grants.add', {
      recordingId: ctx.positionals[0] ?? '',
      email: ctx.positionals[1] ?? '',
      until: String(ctx.values.until ?? ''),
    })
    if (!grant) return 1
    printOne(ctx, grant, showGrant)
    return 0
  },
}

const grantsList = listCommand({
  path: ['grants', 'list'],
  usage: 'grants list [RECORDING_ID]',
  summary: 'List the access grants, of one recording or all.',
  method: 'grants.list',
  input: (ctx) => (ctx.positionals[0] ? { recordingId: ctx.positionals[0] } : {}),
  empty: 'No grants.',
  line: showGrant,
})

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

const audit = listCommand({
  path: ['audit'],
  usage: 'audit [--since DATE] [--recording ID] [--json]',
  summary:
    'Show the audit log, newest first: who changed consent, access, people; failed sign-ins.',
  options: { since: { type: 'string' }, recording: { type: 'string' } },
  method: 'audit.list',
  input: (ctx) => ({
    since: typeof ctx.values.since === 'string' ? ctx.values.since : undefined,
    recordingId: typeof ctx.values.recording === 'string' ? ctx.values.recording : undefined,
  }),
  empty: 'The audit log has nothing for this.',
  line: showEntry,
})

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

import { dispatch } from '../../core/api/index.ts'
import { translate } from '../../shared/i18n/index.ts'
import type { Glossary, Result } from '../../shared/contract/index.ts'
import { printJson, type CliIo, type Command, type CommandContext } from '../command.ts'

/**
 * `voces glossary list|add|remove`: the library's own words (unions, places), which Whisper is
 * given as its prompt (docs/decisions/0080-glossary-prompt.md).
 */
function show(io: CliIo, glossary: Glossary): void {
  const { terms, prompt } = glossary
  if (terms.length === 0) {
    io.stdout.write(
      'The glossary is empty. Add a word with: voces glossary add TERM (quote a term of several words)\n',
    )
    return
  }
  terms.forEach((term, i) => {
    const leftOut = prompt !== null && i >= prompt.used
    io.stdout.write(`${term}${leftOut ? '   (left out: the prompt is full)' : ''}\n`)
  })
  const count = translate('en', 'cli.terms', { count: terms.length })
  if (!prompt)
    io.stdout.write(`\n${count}. Install a model to see how many fit Whisper's prompt.\n`)
  else if (prompt.leftOut === 0)
    io.stdout.write(
      `\n${count}, all in Whisper's prompt (${prompt.tokens} of ${prompt.budget} tokens).\n`,
    )
  else
    io.stdout.write(
      `\n${count}: Whisper's prompt holds the first ${prompt.used}; ${prompt.leftOut} left out. Remove some to make room.\n`,
    )
}

async function call(
  ctx: CommandContext,
  method: 'glossary.list' | 'glossary.add' | 'glossary.remove',
  input: object,
  done: (glossary: Glossary) => void,
): Promise<number> {
  const { io, json, open } = ctx
  const result = (await dispatch(method, input, {
    voces: await open({ startJobs: false }),
    transport: 'cli',
  })) as Result<Glossary>
  if (!result.ok) {
    if (json) printJson(io, { error: result.error })
    else io.stderr.write(`${result.error.message}\n`)
    return 1
  }
  if (json) printJson(io, result.value)
  else done(result.value)
  return 0
}

/** One term a call: a term of several words comes quoted, so it is never split by mistake. */
function oneTerm(ctx: CommandContext, usage: string): string | null {
  if (ctx.positionals.length === 1) return ctx.positionals[0] ?? ''
  ctx.io.stderr.write(
    `${ctx.positionals.length === 0 ? 'Name the term' : 'Give one term at a time; put a term of several words in quotes'}: voces ${usage.replace('TERM', '"SEIU 2015"')}\n`,
  )
  return null
}

const glossaryList: Command = {
  path: ['glossary', 'list'],
  usage: 'glossary list [--json]',
  summary: "The library's glossary: words Whisper is told to expect.",
  run(ctx) {
    return call(ctx, 'glossary.list', {}, (glossary) => show(ctx.io, glossary))
  },
}

const glossaryAdd: Command = {
  path: ['glossary', 'add'],
  usage: 'glossary add TERM',
  summary: 'Add a union, a place or a word of the trade to the glossary.',
  async run(ctx) {
    const term = oneTerm(ctx, this.usage)
    if (term === null) return 2
    return call(ctx, 'glossary.add', { term }, (glossary) => {
      const added = glossary.terms.at(-1) ?? term
      const fits = glossary.prompt === null || glossary.prompt.leftOut === 0
      ctx.io.stdout.write(
        `✓ “${added}” added (${glossary.terms.length} in the glossary)${fits ? '' : `; Whisper's prompt is full: it holds the first ${glossary.prompt?.used ?? 0}`}.\n`,
      )
    })
  },
}

const glossaryRemove: Command = {
  path: ['glossary', 'remove'],
  usage: 'glossary remove TERM',
  summary: 'Remove a term from the glossary.',
  async run(ctx) {
    const term = oneTerm(ctx, this.usage)
    if (term === null) return 2
    return call(ctx, 'glossary.remove', { term }, (glossary) =>
      ctx.io.stdout.write(`✓ “${term}” removed (${glossary.terms.length} in the glossary).\n`),
    )
  },
}

export const glossaryCommands: Command[] = [glossaryList, glossaryAdd, glossaryRemove]

import { dispatch } from '../core/api/index.ts'
import type { MethodInput, MethodName, MethodOutput, Result } from '../shared/contract/index.ts'
import { printJson, type Command, type CommandContext, type OptionSpec } from './command.ts'

/**
 * One call through the API as the library's implicit admin, with the HTTP transport's checks.
 * On failure the error is printed (`{ error }` with --json, its message on stderr otherwise) and
 * the answer is null: the command returns 1.
 */
export async function callApi<M extends MethodName>(
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

type Shown = Pick<CommandContext, 'io' | 'json'>

/** A list: JSON for scripts; for people, the line that says it is empty, or one line an item. */
export function printList<T>(
  ctx: Shown,
  items: readonly T[],
  empty: string,
  line: (item: T) => string,
): void {
  if (ctx.json) printJson(ctx.io, items)
  else if (items.length === 0) ctx.io.stdout.write(`${empty}\n`)
  else for (const item of items) ctx.io.stdout.write(`${line(item)}\n`)
}

/** One answer: JSON for scripts, one line for people. */
export function printOne<T>(ctx: Shown, value: T, line: (value: T) => string): void {
  if (ctx.json) printJson(ctx.io, value)
  else ctx.io.stdout.write(`${line(value)}\n`)
}

/** A command that lists what one API call answers (printList): people, grants, audit entries, voices. */
export function listCommand<M extends MethodName>(spec: {
  path: string[]
  usage: string
  summary: string
  options?: OptionSpec
  method: M
  input: (ctx: CommandContext) => MethodInput<M>
  empty: string
  line: (item: ListItem<M>) => string
}): Command {
  return {
    path: spec.path,
    usage: spec.usage,
    summary: spec.summary,
    ...(spec.options ? { options: spec.options } : {}),
    async run(ctx) {
      const items = (await callApi(ctx, spec.method, spec.input(ctx))) as
        readonly ListItem<M>[] | null
      if (!items) return 1
      printList(ctx, items, spec.empty, spec.line)
      return 0
    },
  }
}

type ListItem<M extends MethodName> = MethodOutput<M> extends readonly (infer T)[] ? T : never

import type { z } from 'zod'
import type { Contract, MethodName, MethodOutput } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'

/** Where a call came from: the app's window over IPC, the browser build over HTTP, or the CLI. */
export type Transport = 'ipc' | 'http' | 'cli'

export interface CallContext {
  voces: CoreContext
  transport: Transport
}

export type Handler<M extends MethodName> = (
  input: z.output<Contract[M]['input']>,
  ctx: CallContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>

export type Handlers = { [M in MethodName]: Handler<M> }

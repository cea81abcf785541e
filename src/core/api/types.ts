import type { z } from 'zod'
import type { Contract, MethodName, MethodOutput } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import type { Caller } from '../people/access.ts'

/** Where a call came from: the app's window over IPC, the browser build over HTTP, or the CLI. */
export type Transport = 'ipc' | 'http' | 'cli'

export interface CallContext {
  voces: CoreContext
  transport: Transport
  /**
   * Who makes the call (decision 0161). Absent: the embedded library's one implicit admin (the
   * app, the CLI on the library's machine, a loopback server without accounts). A server with
   * accounts always sets it from the session or API key.
   */
  caller?: Caller
}

export type Handler<M extends MethodName> = (
  input: z.output<Contract[M]['input']>,
  ctx: CallContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>

export type Handlers = { [M in MethodName]: Handler<M> }

import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * SQLite has one connection, so one transaction at a time, and better-sqlite3 runs each statement
 * to the end synchronously. A transaction whose body awaits is the one thing that could let another
 * caller's statement land inside it; this gate stops that (decisions 0100 and 0107):
 * while a transaction is open every other call waits for it to end, and sees the library before
 * it or after it, never in between. With no transaction open a call runs at once.
 */
export class SerialGate {
  private open: Promise<void> | null = null
  /** The open transaction's token, and the async context that carries it to its own calls. */
  private token: object | null = null
  private readonly inside = new AsyncLocalStorage<object>()

  /** Runs one call's statements: at once, or after the open transaction ends. */
  async call<T>(fn: () => T): Promise<T> {
    this.refuseFromInside()
    while (this.open) await this.open
    return fn()
  }

  /** Runs `fn` alone: every call and transaction that comes while it runs waits for it. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.refuseFromInside()
    while (this.open) await this.open
    let done!: () => void
    this.open = new Promise<void>((resolve) => {
      done = resolve
    })
    const token = {}
    this.token = token
    try {
      return await this.inside.run(token, fn)
    } finally {
      this.token = null
      this.open = null
      done()
    }
  }

  /**
   * Code inside a transaction that calls the library's ports instead of the transaction's own
   * would wait for itself forever: say so instead. (Work it started that runs on after it ended
   * is not refused.)
   */
  private refuseFromInside(): void {
    if (this.token !== null && this.inside.getStore() === this.token) {
      throw new Error(
        'A storage call inside storage.transaction(fn) must use the ports fn was given, not the library’s.',
      )
    }
  }
}

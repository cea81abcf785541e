import type { ChildProcess } from 'node:child_process'

/** Resolves with a child's exit code once it has ended (at once when it has). */
export const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

/** Polls `test` until it gives a value, or throws naming `what` after `ms`. */
export async function until<T>(
  what: string,
  test: () => Promise<T | undefined>,
  ms = 90_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await test()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

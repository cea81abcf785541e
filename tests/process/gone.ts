import { readFileSync } from 'node:fs'

/** Gone, or a zombie no one has reaped yet (a container's first process may never reap it). */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
}

/** Waits up to 5 s for a process to be gone; whether it is. */
export async function waitGone(pid: number): Promise<boolean> {
  for (let tries = 0; tries < 50 && !gone(pid); tries++)
    await new Promise((resolve) => setTimeout(resolve, 100))
  return gone(pid)
}
